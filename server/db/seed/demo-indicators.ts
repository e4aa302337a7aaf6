import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { IndicatorSeed } from '#common/domain/indicator.ts';
import { catalogueColumns } from '../../features/indicators/indicators.service.ts';
import { indicators } from '../../features/indicators/indicators.table.ts';
import { units } from '../../features/units/units.table.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Db } from '../client.ts';

const catalogueFile = new URL('./indicators-002.json', import.meta.url);

/**
 * Every quantitative target of Đề án 002 Part 2 §I.2 as an indicator (indicators-002.json; HT-01
 * also carries 004 Phụ lục I's "phủ sóng 5G đạt 95%" for 2026). Idempotent: codes held are kept.
 * Percentages allow a change of 30 points between periods without a comment.
 */
export async function seedDemoIndicators(db: Db, provinceId: string): Promise<void> {
  const seeds = JSON.parse(fs.readFileSync(catalogueFile, 'utf8')) as IndicatorSeed[];
  const held = new Set(
    (await db.select({ code: indicators.code }).from(indicators).where(eq(indicators.provinceId, provinceId))).map((r) => r.code),
  );
  const missing = seeds.filter((s) => !held.has(s.code));
  if (!missing.length) return;
  const unitRows = await db
    .select({ id: units.id, code: units.code })
    .from(units)
    .where(and(eq(units.provinceId, provinceId)));
  const unitId = new Map(unitRows.map((u) => [u.code, u.id]));
  await db.transaction(async (tx) => {
    for (const s of missing) {
      const owner = unitId.get(s.owner);
      if (!owner) throw new Error(`indicator ${s.code}: owner unit ${s.owner} missing from the province`);
      const [row] = await tx
        .insert(indicators)
        .values({
          ...catalogueColumns({ ...s, ownerUnitId: owner }),
          provinceId,
          code: s.code,
          quote: s.quote,
          maxChange: s.kind === 'percent' ? 30 : null,
        })
        .returning({ id: indicators.id });
      await appendAudit(tx, null, {
        action: 'indicator.create',
        entity: 'indicator',
        entityId: row?.id,
        provinceId,
        after: { code: s.code, seed: 'demo' },
      });
    }
  });
}
