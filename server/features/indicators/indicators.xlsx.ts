import { and, desc, eq, inArray } from 'drizzle-orm';
import type ExcelJS from 'exceljs';
import { IndicatorCreate, type IndicatorSummary } from '#common/contracts/indicators.ts';
import {
  AGGREGATION_LABELS,
  AGGREGATIONS,
  DIRECTION_LABELS,
  DIRECTIONS,
  INDICATOR_FREQUENCIES,
  INDICATOR_GROUP_LABELS,
  INDICATOR_GROUPS,
  TRACK_STATUS_LABELS,
  VALUE_KIND_LABELS,
  VALUE_KINDS,
  VALUE_STATE_LABELS,
  type ValueState,
} from '#common/domain/indicator.ts';
import { FREQUENCY_LABELS, periodOf } from '#common/domain/period.ts';
import { foldText } from '#common/domain/text.ts';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { writeXlsx, type XlsxRow } from '../../kernel/documents/xlsx.ts';
import { cellText, firstSheet } from '../../kernel/documents/xlsx-read.ts';
import { AppError, type FieldError } from '../../kernel/errors.ts';
import { units } from '../units/units.table.ts';
import { catalogueColumns, listIndicators, ownValues } from './indicators.service.ts';
import { indicators, indicatorValues } from './indicators.table.ts';

type Field =
  | 'code'
  | 'name'
  | 'group'
  | 'measure'
  | 'kind'
  | 'direction'
  | 'baseline'
  | 'baselineYear'
  | 'yearly'
  | 'target2030'
  | 'owner'
  | 'frequency'
  | 'byCommune'
  | 'aggregation'
  | 'source';

/** The catalogue's columns, as exported and as imported back (the columns after them are read only). */
const CATALOGUE: [Field, string, number][] = [
  ['code', 'Mã', 8],
  ['name', 'Chỉ tiêu', 44],
  ['group', 'Nhóm', 16],
  ['measure', 'Đơn vị tính', 12],
  ['kind', 'Loại giá trị', 11],
  ['direction', 'Chiều đánh giá', 13],
  ['baseline', 'Hiện trạng', 10],
  ['baselineYear', 'Năm hiện trạng', 9],
  ['yearly', 'Mục tiêu theo năm', 16],
  ['target2030', 'Mục tiêu 2030', 10],
  ['owner', 'Mã đơn vị chủ trì', 12],
  ['frequency', 'Tần suất', 10],
  ['byCommune', 'Theo xã', 8],
  ['aggregation', 'Tổng hợp từ xã', 12],
  ['source', 'Nguồn', 22],
];
const FOLLOW_UP: [string, number][] = [
  ['Kỳ số liệu mới nhất', 14],
  ['Giá trị', 9],
  ['Kỳ vọng theo lộ trình', 11],
  ['Đánh giá', 14],
  ['Dự báo 2030', 10],
];

/**
 * The catalogue as the Đề án states it, one row per indicator with every field the import reads
 * back, then each one's latest approved value and judgement; and a second sheet of every value
 * in the caller's scope, in the columns the values import reads (Mã, Kỳ, Giá trị, Giải trình).
 */
export async function exportIndicatorsXlsx(db: Db, actor: Actor): Promise<Buffer> {
  const list = await listIndicators(db, actor);
  const codes = new Map(
    (await db.select({ id: units.id, code: units.code }).from(units).where(eq(units.provinceId, actor.provinceId))).map((u) => [
      u.id,
      u.code,
    ]),
  );
  const catalogue: XlsxRow[] = [];
  let group: string | null = null;
  for (const i of list) {
    if (i.group !== group) {
      group = i.group;
      catalogue.push({ section: INDICATOR_GROUP_LABELS[i.group] });
    }
    catalogue.push([
      i.code,
      i.name,
      INDICATOR_GROUP_LABELS[i.group],
      i.measure,
      VALUE_KIND_LABELS[i.kind],
      DIRECTION_LABELS[i.direction],
      i.baseline?.value,
      i.baseline?.year,
      i.yearly.map((y) => `${y.year}: ${y.value}`).join('; '),
      i.target2030,
      codes.get(i.owner.id),
      FREQUENCY_LABELS[i.frequency],
      i.byCommune ? 'Có' : 'Không',
      AGGREGATION_LABELS[i.aggregation],
      i.source,
      i.latest?.periodLabel,
      i.latest?.value,
      i.expected,
      TRACK_STATUS_LABELS[i.status],
      i.forecast,
    ]);
  }
  // Every value in the caller's scope, read at once (not indicator by indicator).
  const byId = new Map(list.map((i) => [i.id, i]));
  const order = new Map(list.map((i, n) => [i.id, n]));
  const valueRows = list.length
    ? await db
        .select({ v: indicatorValues, unit: units.name })
        .from(indicatorValues)
        .innerJoin(units, eq(units.id, indicatorValues.unitId))
        .where(
          and(
            inArray(
              indicatorValues.indicatorId,
              list.map((i) => i.id),
            ),
            ownValues(actor),
          ),
        )
        .orderBy(desc(indicatorValues.periodEnd), units.name)
    : [];
  const values: XlsxRow[] = valueRows
    .map(({ v, unit }) => ({ v, unit, i: byId.get(v.indicatorId) as IndicatorSummary }))
    // in the catalogue's order; within an indicator, as read: newest period first
    .sort((a, b) => (order.get(a.i.id) ?? 0) - (order.get(b.i.id) ?? 0))
    .map(({ v, unit, i }) => [
      i.code,
      periodOf(i.frequency, v.periodKey)?.label ?? v.periodKey,
      v.value,
      v.comment,
      i.name,
      unit,
      i.measure,
      VALUE_STATE_LABELS[v.state as ValueState],
      v.reviewComment,
    ]);
  return writeXlsx([
    {
      name: 'Chỉ tiêu 2030',
      title: 'DANH MỤC CHỈ TIÊU ĐẾN NĂM 2030 (ĐỀ ÁN, PHẦN 2 §I.2)',
      columns: [...CATALOGUE.map(([, header, width]) => ({ header, width })), ...FOLLOW_UP.map(([header, width]) => ({ header, width }))],
      rows: catalogue,
      landscape: true,
      textColumn: 1,
    },
    {
      name: 'Số liệu',
      columns: [
        { header: 'Mã', width: 8 },
        { header: 'Kỳ', width: 16 },
        { header: 'Giá trị', width: 10 },
        { header: 'Giải trình', width: 36 },
        { header: 'Chỉ tiêu', width: 40 },
        { header: 'Đơn vị', width: 26 },
        { header: 'Đơn vị tính', width: 12 },
        { header: 'Trạng thái', width: 12 },
        { header: 'Ý kiến Sở KH&CN', width: 36 },
      ],
      rows: values,
    },
  ]);
}

/** The key whose Vietnamese label (or key) a cell names. */
function byLabel<K extends string>(keys: readonly K[], labels: Record<K, string>, text: string): K | undefined {
  const folded = foldText(text);
  return keys.find((k) => foldText(labels[k]) === folded || k === text);
}

/** "0,79" and "1.800" as Vietnamese write them; numbers typed as numbers pass through. */
function numberOf(text: string): number | null {
  if (!text) return null;
  const n = Number(
    /,/.test(text) ? text.replace(/\./g, '').replace(',', '.') : /^\d{1,3}(\.\d{3})+$/.test(text) ? text.replace(/\./g, '') : text,
  );
  return Number.isFinite(n) ? n : Number.NaN;
}

/**
 * The catalogue from the workbook the export writes: a known code updates that indicator (its
 * quote, thresholds and allowed jump are kept), a new code creates one. Every row is checked
 * first; one bad row refuses the whole file, naming it, and nothing is written.
 */
export async function importCatalogueXlsx(db: Db, actor: Actor, bytes: Buffer, requestId?: string) {
  const sheet = await firstSheet(bytes);
  const columns = new Map<Field, number>();
  let headerRow = 0;
  sheet.eachRow((row, n) => {
    if (headerRow) return;
    const found = new Map<string, number>();
    row.eachCell((c, col) => found.set(foldText(cellText(c.value)), col));
    if (found.has('ma') && found.has('chi tieu') && found.has(foldText('Mục tiêu 2030'))) {
      headerRow = n;
      for (const [field, header] of CATALOGUE) {
        const col = found.get(foldText(header));
        if (col) columns.set(field, col);
      }
    }
  });
  if (!headerRow)
    throw new AppError(
      'BAD_REQUEST',
      'Không thấy dòng tiêu đề có các cột "Mã", "Chỉ tiêu" và "Mục tiêu 2030". Hãy dùng tệp tải về từ trang Mục tiêu 2030.',
    );
  const unitRows = await db.select({ id: units.id, code: units.code }).from(units).where(eq(units.provinceId, actor.provinceId));
  const unitId = new Map(unitRows.map((u) => [u.code, u.id]));
  const errors: FieldError[] = [];
  const parsed: { row: number; data: IndicatorCreate }[] = [];
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((row, n) => {
    if (n > headerRow && cellText(row.getCell(columns.get('code') ?? 1).value)) rows.push(row);
  });
  for (const row of rows) {
    const cell = (f: Field) => cellText(row.getCell(columns.get(f) ?? 0).value);
    const where = `Dòng ${row.number}`;
    const baseline = numberOf(cell('baseline'));
    const year = numberOf(cell('baselineYear'));
    const yearly = cell('yearly')
      .split(/[;\n]/)
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const m = /^(\d{4})\s*:\s*(.+)$/.exec(part);
        return m ? { year: Number(m[1]), value: numberOf((m[2] as string).trim()) ?? Number.NaN } : { year: Number.NaN, value: Number.NaN };
      });
    const candidate = {
      code: cell('code').toUpperCase(),
      name: cell('name'),
      group: byLabel(INDICATOR_GROUPS, INDICATOR_GROUP_LABELS, cell('group')),
      measure: cell('measure'),
      kind: byLabel(VALUE_KINDS, VALUE_KIND_LABELS, cell('kind')),
      direction: byLabel(DIRECTIONS, DIRECTION_LABELS, cell('direction')),
      baseline: baseline === null ? null : { value: baseline, year },
      yearly,
      target2030: numberOf(cell('target2030')),
      ownerUnitId: unitId.get(cell('owner').toUpperCase()) ?? '',
      frequency: INDICATOR_FREQUENCIES.find(
        (f) => foldText(FREQUENCY_LABELS[f]) === foldText(cell('frequency')) || f === cell('frequency'),
      ),
      byCommune: foldText(cell('byCommune')) === 'co',
      aggregation: byLabel(AGGREGATIONS, AGGREGATION_LABELS, cell('aggregation')) ?? 'latest',
      source: cell('source'),
    };
    const result = IndicatorCreate.safeParse(candidate);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field =
        CATALOGUE.find(([f]) => f === (issue?.path[0] === 'ownerUnitId' ? 'owner' : issue?.path[0]))?.[1] ?? String(issue?.path[0] ?? '');
      errors.push({
        field: where,
        message: `${where}, cột "${field}": ${issue?.path[0] === 'ownerUnitId' ? `không có đơn vị mã "${cell('owner')}".` : issue?.message}`,
      });
    } else parsed.push({ row: row.number, data: result.data });
  }
  const seen = new Set<string>();
  for (const p of parsed) {
    if (seen.has(p.data.code)) errors.push({ field: `Dòng ${p.row}`, message: `Dòng ${p.row}: mã ${p.data.code} lặp lại trong tệp.` });
    seen.add(p.data.code);
  }
  if (errors.length)
    throw new AppError('BAD_REQUEST', `Tệp có ${errors.length} dòng chưa đúng; chưa ghi dòng nào. ${errors[0]?.message}`, errors);
  if (!parsed.length) throw new AppError('BAD_REQUEST', 'Tệp không có dòng chỉ tiêu nào.');
  return db.transaction(async (tx) => {
    const existing = new Map(
      (await tx.select().from(indicators).where(eq(indicators.provinceId, actor.provinceId))).map((r) => [r.code, r]),
    );
    let created = 0;
    let updated = 0;
    for (const { data } of parsed) {
      const fields = catalogueColumns(data);
      const before = existing.get(data.code);
      if (before) {
        const changed = Object.entries(fields).some(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof typeof before]));
        if (!changed) continue;
        await tx
          .update(indicators)
          .set({ ...fields, version: before.version + 1, updatedAt: new Date() })
          .where(and(eq(indicators.id, before.id)));
        await appendAudit(
          tx,
          actor,
          { action: 'indicator.update', entity: 'indicator', entityId: before.id, before, after: fields },
          requestId,
        );
        updated++;
      } else {
        const [row] = await tx
          .insert(indicators)
          .values({ ...fields, provinceId: actor.provinceId, code: data.code })
          .returning({ id: indicators.id });
        await appendAudit(
          tx,
          actor,
          { action: 'indicator.create', entity: 'indicator', entityId: row?.id, after: { code: data.code, ...fields } },
          requestId,
        );
        created++;
      }
    }
    return { created, updated };
  });
}
