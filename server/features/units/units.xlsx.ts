import { and, eq } from 'drizzle-orm';
import { UNIT_SHEET_COLUMNS, UnitCreate } from '#common/contracts/units.ts';
import { foldText } from '#common/domain/text.ts';
import { UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind } from '#common/domain/units.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { writeXlsx } from '../../kernel/documents/xlsx.ts';
import { cellText, firstSheet } from '../../kernel/documents/xlsx-read.ts';
import { AppError, type FieldError } from '../../kernel/errors.ts';
import { unitScope } from './units.policy.ts';
import { scopeCondition } from './units.queries.ts';
import { createUnit, deactivateUnit, updateUnit } from './units.service.ts';
import { units } from './units.table.ts';

type ColumnKey = (typeof UNIT_SHEET_COLUMNS)[number][0];
const YES = new Set(['co', 'x', '1', 'true', 'yes', 'dang hoat dong']);

export async function exportUnitsXlsx(db: Db, actor: Actor): Promise<Buffer> {
  const rows = await db
    .select()
    .from(units)
    .where(scopeCondition(unitScope(actor)))
    .orderBy(units.sortOrder, units.name);
  const codeOf = new Map(rows.map((r) => [r.id, r.code]));
  const cells = (r: (typeof rows)[number]): Record<ColumnKey, string> => ({
    code: r.code,
    name: r.name,
    shortName: r.shortName,
    kind: UNIT_KIND_LABELS[r.kind as UnitKind] ?? r.kind,
    parentCode: r.parentId ? (codeOf.get(r.parentId) ?? '') : '',
    aliases: r.aliases.join('; '),
    active: r.active ? 'Có' : 'Không',
    validFrom: r.validFrom ?? '',
    validTo: r.validTo ?? '',
  });
  return writeXlsx([
    {
      name: 'Đơn vị',
      columns: UNIT_SHEET_COLUMNS.map(([key, header]) => ({ header, width: key === 'name' || key === 'aliases' ? 48 : 18 })),
      rows: rows.map((r) => {
        const row = cells(r);
        return UNIT_SHEET_COLUMNS.map(([key]) => row[key]);
      }),
    },
  ]);
}

function kindOf(text: string): UnitKind | undefined {
  const key = foldText(text);
  return UNIT_KINDS.find((k) => k === text || foldText(UNIT_KIND_LABELS[k]) === key);
}

/**
 * Imports units from the workbook export writes: a row with a known code updates that
 * unit, a new code creates one. All rows are checked first; one bad row refuses the whole
 * file, so an import never half-happens.
 */
export async function importUnitsXlsx(db: Db, actor: Actor, bytes: Buffer, requestId?: string) {
  const sheet = await firstSheet(bytes);
  const headerKeys = new Map<number, ColumnKey>();
  sheet.getRow(1).eachCell((cell, col) => {
    const header = foldText(cellText(cell.value));
    const found = UNIT_SHEET_COLUMNS.find(([key, label]) => foldText(label) === header || foldText(key) === header);
    if (found) headerKeys.set(col, found[0]);
  });
  if (![...headerKeys.values()].includes('code') || ![...headerKeys.values()].includes('name')) {
    throw new AppError('BAD_REQUEST', 'Không thấy dòng tiêu đề có cột "Mã" và "Tên đầy đủ". Hãy dùng mẫu từ nút "Xuất Excel".');
  }
  const records: { row: number; data: Record<ColumnKey, string> }[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const data = Object.fromEntries(UNIT_SHEET_COLUMNS.map(([k]) => [k, ''])) as Record<ColumnKey, string>;
    row.eachCell((cell, col) => {
      const key = headerKeys.get(col);
      if (key) data[key] = cellText(cell.value);
    });
    if (Object.values(data).some(Boolean)) records.push({ row: rowNumber, data });
  });
  if (records.length > 5000) throw new AppError('BAD_REQUEST', 'Tệp có quá 5.000 dòng. Hãy chia nhỏ tệp.');

  return db.transaction(async (tx) => {
    const existing = await tx.select().from(units).where(eq(units.provinceId, actor.provinceId));
    const byCode = new Map(existing.map((u) => [u.code, u]));
    const fileCodes = new Set(records.map((r) => r.data.code.toUpperCase()));
    const errors: FieldError[] = [];
    const parsed = records.flatMap(({ row, data }) => {
      const kind = kindOf(data.kind);
      const code = data.code.toUpperCase();
      const parentCode = data.parentCode.toUpperCase();
      const fail = (message: string) => {
        errors.push({ field: `Dòng ${row}`, message });
        return [];
      };
      if (byCode.get(code)?.kind === 'province') return []; // the root is configuration, not sheet data
      if (!kind || kind === 'province') return fail(`Loại "${data.kind}" không hợp lệ`);
      if (!parentCode) return fail('Thiếu mã đơn vị cấp trên');
      if (!byCode.has(parentCode) && !fileCodes.has(parentCode)) return fail(`Không có đơn vị cấp trên mã "${parentCode}"`);
      const check = UnitCreate.safeParse({
        parentId: '00000000-0000-4000-8000-000000000000',
        code,
        kind,
        name: data.name,
        shortName: data.shortName || data.name,
        aliases: data.aliases
          ? data.aliases
              .split(';')
              .map((s) => s.trim())
              .filter(Boolean)
          : [],
        validFrom: data.validFrom || null,
      });
      if (!check.success) return fail(check.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const active = data.active === '' || YES.has(foldText(data.active));
      return [{ row, parentCode, input: check.data, active, validTo: data.validTo || null }];
    });
    if (errors.length)
      throw new AppError('VALIDATION_FAILED', `Tệp có ${errors.length} dòng lỗi; chưa nhập dòng nào. Hãy sửa rồi nhập lại.`, errors);

    let created = 0;
    let updated = 0;
    let unchanged = 0;
    // Parents first: keep taking rows whose parent already exists.
    let pending = parsed;
    while (pending.length) {
      const ready = pending.filter((p) => byCode.has(p.parentCode));
      if (!ready.length) {
        throw new AppError(
          'VALIDATION_FAILED',
          'Các dòng sau có cấp trên tạo thành vòng lặp; chưa nhập dòng nào.',
          pending.map((p) => ({ field: `Dòng ${p.row}`, message: 'Cấp trên vòng lặp' })),
        );
      }
      for (const p of ready) {
        const parentId = byCode.get(p.parentCode)?.id as string;
        const current = byCode.get(p.input.code);
        const fields = { ...p.input, parentId };
        let unit: typeof units.$inferSelect | undefined;
        if (!current) {
          const made = await createUnit(tx, actor, fields, requestId);
          created++;
          unit = (await tx.select().from(units).where(eq(units.id, made.id)))[0];
        } else {
          const same =
            current.parentId === parentId &&
            current.kind === fields.kind &&
            current.name === fields.name &&
            current.shortName === fields.shortName &&
            current.aliases.join(';') === fields.aliases.join(';') &&
            (current.validFrom ?? null) === (fields.validFrom ?? null) &&
            current.active === p.active;
          if (same) {
            unchanged++;
            unit = current;
          } else {
            const { code: _code, ...rest } = fields;
            const u = await updateUnit(tx, actor, current.id, { ...rest, version: current.version }, requestId);
            updated++;
            unit = (
              await tx
                .select()
                .from(units)
                .where(and(eq(units.id, u.id)))
            )[0];
          }
        }
        if (unit?.active && !p.active) {
          await deactivateUnit(
            tx,
            actor,
            unit.id,
            { version: unit.version, validTo: p.validTo ?? new Date().toISOString().slice(0, 10) },
            requestId,
          );
        }
        if (unit) byCode.set(unit.code, unit);
      }
      pending = pending.filter((p) => !ready.includes(p));
    }
    return { created, updated, unchanged };
  });
}
