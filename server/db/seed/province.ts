import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { foldText, normalizeText } from '#common/domain/text.ts';
import { UNIT_KINDS } from '#common/domain/units.ts';
import { unitSearchText } from '../../features/units/units.service.ts';
import { unitGroups, units } from '../../features/units/units.table.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Db } from '../client.ts';

/**
 * A province is configuration and data, never code: this file format holds its root,
 * its units and its group phrases (see seed/thai-nguyen.json and seed/ninh-binh.json).
 */
const Name = z.string().min(1).transform(normalizeText);
export const ProvinceData = z.object({
  province: z.object({ code: z.string().min(2), name: Name, shortName: Name, governingBody: Name, place: Name }),
  units: z.array(
    z.object({
      code: z.string().regex(/^[A-Z0-9_-]{2,40}$/),
      name: Name,
      shortName: Name,
      kind: z.enum(UNIT_KINDS).exclude(['province']),
      aliases: z.array(Name).default([]),
      parent: z.string().nullable(),
    }),
  ),
  groups: z
    .array(z.object({ phrase: Name, aliases: z.array(Name).default([]), kinds: z.array(z.enum(UNIT_KINDS)).default([]) }))
    .default([]),
});
export type ProvinceData = z.infer<typeof ProvinceData>;

/**
 * Loads (or refreshes) a province: units are matched by code, so loading twice changes
 * nothing. Returns the province root's id. Runs in one transaction with its audit record.
 */
export async function loadProvince(db: Db, raw: unknown): Promise<string> {
  const data = ProvinceData.parse(raw);
  const rootCode = data.province.code.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return db.transaction(async (tx) => {
    let [root] = await tx
      .select()
      .from(units)
      .where(and(eq(units.code, rootCode), isNull(units.parentId), eq(units.kind, 'province')));
    if (!root) {
      const p = data.province;
      [root] = await tx
        .insert(units)
        .values({
          code: rootCode,
          kind: 'province',
          name: p.name,
          shortName: p.shortName,
          aliases: [p.governingBody],
          searchText: unitSearchText({ ...p, code: rootCode, aliases: [p.governingBody] }),
        })
        .returning();
      if (!root) throw new Error('province insert failed');
      await tx.update(units).set({ provinceId: root.id }).where(eq(units.id, root.id));
    }
    const provinceId = root.id;
    const existing = await tx.select({ id: units.id, code: units.code }).from(units).where(eq(units.provinceId, provinceId));
    const idOf = new Map(existing.map((u) => [u.code, u.id]));
    let created = 0;
    // Parents come first in the file; a second pass would catch any that do not.
    for (const pass of [0, 1]) {
      for (const u of data.units) {
        if (idOf.has(u.code)) continue;
        const parentId = u.parent ? idOf.get(u.parent) : provinceId;
        if (!parentId) {
          if (pass === 1) throw new Error(`unit ${u.code}: unknown parent ${u.parent}`);
          continue;
        }
        const [row] = await tx
          .insert(units)
          .values({
            provinceId,
            parentId,
            code: u.code,
            kind: u.kind,
            name: u.name,
            shortName: u.shortName,
            aliases: u.aliases,
            searchText: unitSearchText(u),
            sortOrder: created,
          })
          .returning({ id: units.id });
        idOf.set(u.code, row?.id as string);
        created++;
      }
    }
    const groups = await tx.select({ phrase: unitGroups.phrase }).from(unitGroups).where(eq(unitGroups.provinceId, provinceId));
    const known = new Set(groups.map((g) => g.phrase));
    const newGroups = data.groups.filter((g) => !known.has(g.phrase));
    if (newGroups.length) {
      await tx.insert(unitGroups).values(
        newGroups.map((g) => ({
          provinceId,
          phrase: g.phrase,
          aliases: g.aliases,
          kinds: g.kinds,
          searchText: foldText([g.phrase, ...g.aliases].join(' | ')),
        })),
      );
    }
    if (created || newGroups.length) {
      await appendAudit(tx, null, {
        action: 'province.load',
        entity: 'province',
        entityId: provinceId,
        provinceId,
        after: { province: data.province.name, unitsCreated: created, groupsCreated: newGroups.length },
      });
    }
    return provinceId;
  });
}
