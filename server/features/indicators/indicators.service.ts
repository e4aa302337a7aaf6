/**
 * The 2030 targets: the catalogue in the caller's scope with each indicator's latest approved
 * value judged against its path, and the values' workflow (the officer enters, the unit head
 * submits, the coordinator approves, returns or un-approves), each step audited and kept.
 */
import { and, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type ExcelJS from 'exceljs';
import type {
  IndicatorCreate,
  IndicatorDetail,
  IndicatorSummary,
  IndicatorValue,
  SeriesPoint,
  ValueEntry,
  ValueReview,
} from '#common/contracts/indicators.ts';
import type { UnitRef } from '#common/contracts/tasks.ts';
import {
  type Aggregation,
  entryWindow,
  expectedOn,
  forecast2030,
  formatNumber,
  INDICATOR_GROUPS,
  type IndicatorFrequency,
  type IndicatorGroup,
  judge,
  pathOf,
  type Trajectory,
  type ValueKind,
  type ValueState,
  valueProblem,
} from '#common/domain/indicator.ts';
import { formatDate, vietnamDay } from '#common/domain/iso-date.ts';
import { periodOf, periodsBetween } from '#common/domain/period.ts';
import { foldText } from '#common/domain/text.ts';
import { type Db, readAll } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { cellText, firstSheet } from '../../kernel/documents/xlsx-read.ts';
import { AppError, conflict, notFound } from '../../kernel/errors.ts';
import { seesWholeProvince } from '../tasks/tasks.policy.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';
import { indicators, indicatorTasks, indicatorValueEvents, indicatorValues } from './indicators.table.ts';

type Row = typeof indicators.$inferSelect;

/** The columns the catalogue (the seed, an imported workbook) sets; the quote, thresholds and allowed jump are the row's own. */
export function catalogueColumns(data: Omit<IndicatorCreate, 'code' | 'quote' | 'maxChange' | 'onTrack' | 'offTrack'>) {
  return {
    name: data.name,
    group: data.group,
    measure: data.measure,
    kind: data.kind,
    direction: data.direction,
    baselineValue: data.baseline?.value ?? null,
    baselineYear: data.baseline?.year ?? null,
    yearlyTargets: data.yearly,
    target2030: data.target2030,
    ownerUnitId: data.ownerUnitId,
    frequency: data.frequency,
    aggregation: data.aggregation,
    byCommune: data.byCommune,
    source: data.source,
  };
}
type ValueRow = typeof indicatorValues.$inferSelect;

const COMMUNE_KINDS = ['commune', 'ward'];

async function unitOf(db: Db, unitId: string) {
  const [unit] = await db
    .select({ id: units.id, name: units.name, shortName: units.shortName, kind: units.kind })
    .from(units)
    .where(eq(units.id, unitId));
  return unit;
}

/** The indicators a caller sees: all in the province for province-wide roles; else its unit's own, and those its commune reports on. */
async function scopeCondition(db: Db, actor: Actor): Promise<SQL> {
  const province = eq(indicators.provinceId, actor.provinceId);
  if (seesWholeProvince(actor)) return province;
  const unit = await unitOf(db, actor.unitId);
  const commune = unit && COMMUNE_KINDS.includes(unit.kind);
  return and(province, or(eq(indicators.ownerUnitId, actor.unitId), commune ? eq(indicators.byCommune, true) : undefined)) as SQL;
}

export async function requireIndicator(db: Db, actor: Actor, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(indicators)
    .where(and(eq(indicators.id, id), await scopeCondition(db, actor)));
  if (!row) throw notFound('chỉ tiêu');
  return row;
}

const trajectoryOf = (r: Row): Trajectory => ({
  baseline: r.baselineValue !== null && r.baselineYear !== null ? { value: r.baselineValue, year: r.baselineYear } : null,
  yearly: r.yearlyTargets,
  target2030: r.target2030,
  direction: r.direction as Trajectory['direction'],
});

const thresholdsOf = (r: Row) => ({ onTrack: r.onTrack, offTrack: r.offTrack });

/** The province's value of a period from its communes' approved values (sum, mean, or the last approved). */
function aggregate(aggregation: Aggregation, values: readonly ValueRow[]): number {
  if (aggregation === 'sum') return values.reduce((a, v) => a + v.value, 0);
  if (aggregation === 'mean') return Math.round((values.reduce((a, v) => a + v.value, 0) / values.length) * 100) / 100;
  return [...values].sort((a, b) => (a.reviewedAt?.getTime() ?? 0) - (b.reviewedAt?.getTime() ?? 0)).at(-1)?.value as number;
}

/** The approved values of the province, oldest period first. */
function seriesOf(r: Row, approved: readonly ValueRow[]): SeriesPoint[] {
  const byPeriod = new Map<string, ValueRow[]>();
  for (const v of approved) {
    if (!r.byCommune && v.unitId !== r.ownerUnitId) continue;
    byPeriod.set(v.periodKey, [...(byPeriod.get(v.periodKey) ?? []), v]);
  }
  return [...byPeriod.entries()]
    .map(([key, values]) => ({
      periodKey: key,
      periodLabel: periodOf(r.frequency as IndicatorFrequency, key)?.label ?? key,
      periodEnd: (values[0] as ValueRow).periodEnd,
      value: r.byCommune ? aggregate(r.aggregation as Aggregation, values) : (values[0] as ValueRow).value,
    }))
    .sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
}

function summaryOf(r: Row, owner: UnitRef, approved: readonly ValueRow[]): IndicatorSummary & { series: SeriesPoint[] } {
  const t = trajectoryOf(r);
  const series = seriesOf(r, approved);
  const latest = series.at(-1) ?? null;
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    group: r.group as IndicatorSummary['group'],
    measure: r.measure,
    kind: r.kind as ValueKind,
    direction: t.direction,
    baseline: t.baseline,
    yearly: r.yearlyTargets,
    target2030: r.target2030,
    owner,
    frequency: r.frequency as IndicatorFrequency,
    aggregation: r.aggregation as Aggregation,
    byCommune: r.byCommune,
    source: r.source,
    quote: r.quote,
    maxChange: r.maxChange,
    onTrack: r.onTrack,
    offTrack: r.offTrack,
    version: r.version,
    latest,
    expected: latest ? Math.round(expectedOn(t, latest.periodEnd) * 100) / 100 : null,
    status: judge(t, latest?.value ?? null, latest?.periodEnd ?? vietnamDay(), thresholdsOf(r)),
    forecast: forecast2030(
      r.kind as ValueKind,
      series.map((p) => ({ on: p.periodEnd, value: p.value })),
    ),
    series,
  };
}

async function ownersOf(db: Db, rows: readonly Row[]): Promise<Map<string, UnitRef>> {
  const ids = [...new Set(rows.map((r) => r.ownerUnitId))];
  const found = ids.length
    ? await db.select({ id: units.id, name: units.name, shortName: units.shortName }).from(units).where(inArray(units.id, ids))
    : [];
  return new Map(found.map((u) => [u.id, u]));
}

export async function listIndicators(db: Db, actor: Actor): Promise<IndicatorSummary[]> {
  const rows = await db
    .select()
    .from(indicators)
    .where(await scopeCondition(db, actor))
    .orderBy(indicators.code);
  if (!rows.length) return [];
  const [owners, approved] = await readAll(
    db,
    () => ownersOf(db, rows),
    () =>
      db
        .select()
        .from(indicatorValues)
        .where(
          and(
            inArray(
              indicatorValues.indicatorId,
              rows.map((r) => r.id),
            ),
            eq(indicatorValues.state, 'approved'),
          ),
        ),
  );
  // In the order of 002 §I.2: by heading (1)–(6), then by code.
  const order = (r: Row) => INDICATOR_GROUPS.indexOf(r.group as IndicatorGroup);
  rows.sort((a, b) => order(a) - order(b) || a.code.localeCompare(b.code));
  return rows.map((r) => {
    const { series: _, ...summary } = summaryOf(
      r,
      owners.get(r.ownerUnitId) as UnitRef,
      approved.filter((v) => v.indicatorId === r.id),
    );
    return summary;
  });
}

/** The periods a value may be entered for today, newest first. */
function openPeriods(frequency: IndicatorFrequency, today: string) {
  return periodsBetween(frequency, `${Number(today.slice(0, 4)) - 2}-01-01`, today)
    .filter((p) => {
      const w = entryWindow(frequency, p.key);
      return w && w.opens <= today && today <= w.closes;
    })
    .reverse()
    .map((p) => ({ key: p.key, label: p.label }));
}

/** The units whose values the caller may enter: its own, when it owns the indicator or is a commune reporting on it. */
async function entryUnitsOf(db: Db, actor: Actor, r: Row): Promise<UnitRef[]> {
  if (seesWholeProvince(actor)) return [];
  const unit = await unitOf(db, actor.unitId);
  if (!unit) return [];
  const ref = { id: unit.id, name: unit.name, shortName: unit.shortName };
  if (r.byCommune ? COMMUNE_KINDS.includes(unit.kind) || unit.id === r.ownerUnitId : unit.id === r.ownerUnitId) return [ref];
  return [];
}

/** The values a caller reads: a unit its own; province-wide roles every unit's. */
export function ownValues(actor: Actor): SQL | undefined {
  return seesWholeProvince(actor) ? undefined : eq(indicatorValues.unitId, actor.unitId);
}

async function valuesOf(db: Db, r: Row, where: SQL | undefined): Promise<IndicatorValue[]> {
  const rows = await db
    .select({ value: indicatorValues, unit: { id: units.id, name: units.name, shortName: units.shortName } })
    .from(indicatorValues)
    .innerJoin(units, eq(units.id, indicatorValues.unitId))
    .where(and(eq(indicatorValues.indicatorId, r.id), where))
    .orderBy(desc(indicatorValues.periodEnd), units.name);
  const events = rows.length
    ? await db
        .select({
          valueId: indicatorValueEvents.valueId,
          at: indicatorValueEvents.at,
          by: users.fullName,
          action: indicatorValueEvents.action,
          value: indicatorValueEvents.value,
          comment: indicatorValueEvents.comment,
        })
        .from(indicatorValueEvents)
        .innerJoin(users, eq(users.id, indicatorValueEvents.by))
        .where(
          inArray(
            indicatorValueEvents.valueId,
            rows.map((x) => x.value.id),
          ),
        )
        .orderBy(indicatorValueEvents.at)
    : [];
  return rows.map(({ value: v, unit }) => ({
    id: v.id,
    indicatorId: v.indicatorId,
    periodKey: v.periodKey,
    periodLabel: periodOf(r.frequency as IndicatorFrequency, v.periodKey)?.label ?? v.periodKey,
    periodEnd: v.periodEnd,
    unit,
    value: v.value,
    comment: v.comment,
    state: v.state as ValueState,
    reviewComment: v.reviewComment,
    version: v.version,
    history: events
      .filter((e) => e.valueId === v.id)
      .map((e) => ({ at: e.at.toISOString(), by: e.by, action: e.action, value: e.value, comment: e.comment })),
  }));
}

export async function getIndicator(db: Db, actor: Actor, id: string): Promise<IndicatorDetail> {
  const r = await requireIndicator(db, actor, id);
  // The province's figures come from approved values only.
  const mine = ownValues(actor);
  const [owners, approved, values, entryUnits, linked] = await readAll(
    db,
    () => ownersOf(db, [r]),
    () =>
      db
        .select()
        .from(indicatorValues)
        .where(and(eq(indicatorValues.indicatorId, r.id), eq(indicatorValues.state, 'approved'))),
    () => valuesOf(db, r, mine),
    () => entryUnitsOf(db, actor, r),
    () =>
      db
        .select({ id: tasks.id, code: tasks.code, content: tasks.content })
        .from(indicatorTasks)
        .innerJoin(tasks, eq(tasks.id, indicatorTasks.taskId))
        .where(eq(indicatorTasks.indicatorId, r.id))
        .orderBy(tasks.code),
  );
  return {
    ...summaryOf(r, owners.get(r.ownerUnitId) as UnitRef, approved),
    path: pathOf(trajectoryOf(r)),
    values,
    openPeriods: entryUnits.length ? openPeriods(r.frequency as IndicatorFrequency, vietnamDay()) : [],
    entryUnits,
    tasks: linked,
  };
}

async function record(
  tx: Db,
  actor: Actor,
  v: ValueRow,
  action: 'enter' | ValueStep,
  comment: string,
  before: Partial<ValueRow> | null,
  requestId?: string,
) {
  await tx.insert(indicatorValueEvents).values({ valueId: v.id, by: actor.userId, action, value: v.value, comment });
  await appendAudit(
    tx,
    actor,
    {
      action: `indicator-value.${action}`,
      entity: 'indicator_value',
      entityId: v.id,
      before,
      after: { value: v.value, state: v.state, comment },
    },
    requestId,
  );
}

/** Whether a value may be entered now for the period, by the caller, for the unit: the period and unit, or a 4xx. */
async function checkEntry(db: Db, actor: Actor, r: Row, periodKey: string, input: Pick<ValueEntry, 'unitId' | 'value'>) {
  const frequency = r.frequency as IndicatorFrequency;
  const period = periodOf(frequency, periodKey);
  const window = entryWindow(frequency, periodKey);
  if (!period || !window)
    throw new AppError('BAD_REQUEST', `Kỳ "${periodKey}" không đúng với tần suất của chỉ tiêu. Hãy chọn kỳ trong danh sách.`);
  const today = vietnamDay();
  if (today < window.opens)
    throw new AppError('CONFLICT', `${period.label} chưa mở: số liệu của kỳ được nhập từ ngày ${formatDate(window.opens)}.`);
  if (today > window.closes)
    throw new AppError('CONFLICT', `${period.label} đã khóa từ ngày ${formatDate(window.closes)}. Hãy liên hệ Sở KH&CN nếu cần bổ sung.`);
  const unitId = input.unitId ?? actor.unitId;
  const allowed = await entryUnitsOf(db, actor, r);
  if (!allowed.some((u) => u.id === unitId) || unitId !== actor.unitId)
    throw new AppError('FORBIDDEN', 'Chỉ cán bộ của đơn vị được giao chỉ tiêu (hoặc của xã, với chỉ tiêu theo xã) mới nhập số liệu.');
  const problem = valueProblem(r.kind as ValueKind, input.value);
  if (problem) throw new AppError('BAD_REQUEST', problem, [{ field: 'value', message: problem }]);
  return { period, unitId };
}

/**
 * Writes a checked value in `tx`: a draft (again). A value already submitted or approved is not
 * changed; a value off the path, or changed beyond the indicator's allowed jump, needs a comment.
 */
async function writeValue(
  tx: Db,
  actor: Actor,
  r: Row,
  slot: { period: { key: string; end: string }; unitId: string },
  input: ValueEntry,
  fromFile: boolean,
  requestId?: string,
): Promise<ValueRow> {
  const { period, unitId } = slot;
  const [existing] = await tx
    .select()
    .from(indicatorValues)
    .where(and(eq(indicatorValues.indicatorId, r.id), eq(indicatorValues.periodKey, period.key), eq(indicatorValues.unitId, unitId)))
    .for('update');
  if (existing && (existing.state === 'submitted' || existing.state === 'approved'))
    throw new AppError(
      'CONFLICT',
      existing.state === 'approved'
        ? 'Số liệu kỳ này đã được duyệt và khóa. Sở KH&CN có thể bỏ duyệt nếu cần sửa.'
        : 'Số liệu kỳ này đã gửi, đang chờ duyệt. Hãy chờ kết quả hoặc đề nghị trả lại để sửa.',
    );
  // Typed in, a change must name the version read; a file replaces the unit's drafts, as a re-sent spreadsheet does.
  if (existing && !fromFile && input.version !== existing.version) throw conflict();
  const [previous] = await tx
    .select()
    .from(indicatorValues)
    .where(
      and(eq(indicatorValues.indicatorId, r.id), eq(indicatorValues.unitId, unitId), sql`${indicatorValues.periodEnd} < ${period.end}`),
    )
    .orderBy(desc(indicatorValues.periodEnd))
    .limit(1);
  const needs: string[] = [];
  // A commune's value is one part of the province's: only the province's value is judged against the path.
  if (!r.byCommune && judge(trajectoryOf(r), input.value, period.end, thresholdsOf(r)) === 'off_track')
    needs.push(
      `giá trị thấp hơn lộ trình (kỳ vọng ${formatNumber(Math.round(expectedOn(trajectoryOf(r), period.end) * 100) / 100)} ${r.measure})`,
    );
  if (previous && r.maxChange !== null && Math.abs(input.value - previous.value) > r.maxChange)
    needs.push(`giá trị thay đổi hơn ${formatNumber(r.maxChange)} ${r.measure} so với kỳ trước (${formatNumber(previous.value)})`);
  if (needs.length && !input.comment) {
    const message = `Hãy ghi giải trình: ${needs.join('; ')}.`;
    throw new AppError('BAD_REQUEST', message, [{ field: 'comment', message }]);
  }
  const fields = { value: input.value, comment: input.comment, state: 'draft', enteredBy: actor.userId, updatedAt: new Date() };
  const [saved] = existing
    ? await tx
        .update(indicatorValues)
        .set({ ...fields, version: existing.version + 1 })
        .where(eq(indicatorValues.id, existing.id))
        .returning()
    : await tx
        .insert(indicatorValues)
        .values({ ...fields, provinceId: r.provinceId, indicatorId: r.id, periodKey: period.key, periodEnd: period.end, unitId })
        .returning();
  const row = saved as ValueRow;
  await record(tx, actor, row, 'enter', input.comment, existing ? { value: existing.value, state: existing.state } : null, requestId);
  return row;
}

/** The officer of the owner unit (or of a commune, for an indicator broken down by commune) enters a value while its period is open. */
export async function enterValue(db: Db, actor: Actor, id: string, periodKey: string, input: ValueEntry, requestId?: string) {
  const r = await requireIndicator(db, actor, id);
  const slot = await checkEntry(db, actor, r, periodKey, input);
  return db.transaction(async (tx) => {
    const row = await writeValue(tx, actor, r, slot, input, false, requestId);
    return (await valuesOf(tx, r, eq(indicatorValues.id, row.id)))[0] as IndicatorValue;
  });
}

/**
 * A unit's values from a workbook (the "Số liệu" sheet of the export, or any sheet with the
 * columns Mã, Kỳ, Giá trị and Giải trình): every row is checked as if typed in; one bad row
 * refuses the whole file, naming its row, and nothing is written.
 */
export async function importValues(db: Db, actor: Actor, bytes: Buffer, requestId?: string): Promise<{ entered: number }> {
  const sheet = await firstSheet(bytes);
  let headerRow = 0;
  const columns = new Map<string, number>();
  sheet.eachRow((row, n) => {
    if (headerRow) return;
    const found = new Map<string, number>();
    row.eachCell((c, col) => found.set(foldText(cellText(c.value)), col));
    if (found.has('ma') && found.has('ky') && found.has('gia tri')) {
      headerRow = n;
      for (const [k, v] of found) columns.set(k, v);
    }
  });
  if (!headerRow)
    throw new AppError(
      'BAD_REQUEST',
      'Không thấy dòng tiêu đề có các cột "Mã", "Kỳ" và "Giá trị". Hãy dùng tệp tải về từ trang Mục tiêu 2030.',
    );
  const visible = await db
    .select()
    .from(indicators)
    .where(await scopeCondition(db, actor));
  const byCode = new Map(visible.map((r) => [r.code, r]));
  const errors: { field: string; message: string }[] = [];
  const entries: { row: number; r: Row; slot: Awaited<ReturnType<typeof checkEntry>>; input: ValueEntry }[] = [];
  const cell = (row: ExcelJS.Row, name: string) => cellText(row.getCell(columns.get(name) ?? 0).value);
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((row, n) => {
    if (n > headerRow && cell(row, 'ma')) rows.push(row);
  });
  if (rows.length > 2000) throw new AppError('BAD_REQUEST', 'Tệp có quá 2.000 dòng. Hãy chia nhỏ tệp.');
  for (const row of rows) {
    const where = `Dòng ${row.number}`;
    try {
      const r = byCode.get(cell(row, 'ma').toUpperCase());
      if (!r) throw new AppError('NOT_FOUND', `chỉ tiêu "${cell(row, 'ma')}" không có hoặc không thuộc đơn vị bạn.`);
      const periodText = cell(row, 'ky');
      const frequency = r.frequency as IndicatorFrequency;
      const key =
        periodOf(frequency, periodText)?.key ??
        periodsBetween(frequency, '2020-01-01', '2031-12-31').find((p) => foldText(p.label) === foldText(periodText))?.key ??
        periodText;
      const raw = cell(row, 'gia tri').replace(/\s/g, '');
      // Vietnamese write 92,5 for 92.5 (and 1.800 for 1800)
      const value = Number(/,/.test(raw) ? raw.replace(/\./g, '').replace(',', '.') : raw);
      if (raw === '' || Number.isNaN(value)) throw new AppError('BAD_REQUEST', `giá trị "${cell(row, 'gia tri')}" không phải là số.`);
      const input: ValueEntry = { value, comment: cell(row, 'giai trinh') };
      entries.push({ row: row.number, r, slot: await checkEntry(db, actor, r, key, input), input });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      errors.push({ field: where, message: `${where}: ${e.message}` });
    }
  }
  if (errors.length)
    throw new AppError('BAD_REQUEST', `Tệp có ${errors.length} dòng chưa đúng; chưa ghi dòng nào. ${errors[0]?.message}`, errors);
  if (!entries.length) throw new AppError('BAD_REQUEST', 'Tệp không có dòng số liệu nào.');
  await db.transaction(async (tx) => {
    for (const e of entries) {
      try {
        await writeValue(tx, actor, e.r, e.slot, e.input, true, requestId);
      } catch (err) {
        if (err instanceof AppError)
          throw new AppError(err.code, `Dòng ${e.row}: ${err.message} Chưa ghi dòng nào.`, [
            { field: `Dòng ${e.row}`, message: err.message },
          ]);
        throw err;
      }
    }
  });
  return { entered: entries.length };
}

export async function requireValue(db: Db, actor: Actor, valueId: string) {
  const [found] = await db.select().from(indicatorValues).where(eq(indicatorValues.id, valueId));
  if (!found || found.provinceId !== actor.provinceId || (!seesWholeProvince(actor) && found.unitId !== actor.unitId))
    throw notFound('số liệu chỉ tiêu');
  return { value: found, indicator: await requireIndicator(db, actor, found.indicatorId) };
}

const STEPS = {
  submit: { from: ['draft', 'returned'], to: 'submitted', done: 'gửi' },
  approve: { from: ['submitted'], to: 'approved', done: 'duyệt' },
  return: { from: ['submitted'], to: 'returned', done: 'trả lại' },
  unapprove: { from: ['approved'], to: 'returned', done: 'bỏ duyệt' },
} as const;
export type ValueStep = keyof typeof STEPS;

/**
 * A step of a value's workflow, checked against the version the person read: two coordinators
 * approving at once, one of them gets a 409. Returning and un-approving need the reason.
 */
export async function reviewValue(db: Db, actor: Actor, valueId: string, step: ValueStep, input: ValueReview, requestId?: string) {
  const { indicator } = await requireValue(db, actor, valueId);
  if ((step === 'return' || step === 'unapprove') && !input.comment)
    throw new AppError('BAD_REQUEST', 'Hãy ghi lý do để đơn vị biết cần sửa gì.', [{ field: 'comment', message: 'Hãy ghi lý do.' }]);
  const rule = STEPS[step];
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(indicatorValues).where(eq(indicatorValues.id, valueId)).for('update');
    if (!current || current.version !== input.version) throw conflict();
    if (!(rule.from as readonly string[]).includes(current.state))
      throw new AppError('CONFLICT', `Không thể ${rule.done} số liệu đang ở trạng thái này. Hãy tải lại trang.`);
    const review =
      step === 'submit' ? { submittedBy: actor.userId, submittedAt: new Date() } : { reviewedBy: actor.userId, reviewedAt: new Date() };
    const [saved] = await tx
      .update(indicatorValues)
      .set({
        state: rule.to,
        ...review,
        reviewComment: step === 'return' || step === 'unapprove' ? input.comment : current.reviewComment,
        version: current.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(indicatorValues.id, valueId))
      .returning();
    await record(tx, actor, saved as ValueRow, step, input.comment, { state: current.state }, requestId);
    return (await valuesOf(tx, indicator, eq(indicatorValues.id, valueId)))[0] as IndicatorValue;
  });
}

/** The tasks that drive an indicator, replaced as a set. */
export async function linkTasks(db: Db, actor: Actor, id: string, taskIds: readonly string[], requestId?: string) {
  const r = await requireIndicator(db, actor, id);
  const unique = [...new Set(taskIds)];
  return db.transaction(async (tx) => {
    const found = unique.length
      ? await tx
          .select({ id: tasks.id })
          .from(tasks)
          .where(and(inArray(tasks.id, unique), eq(tasks.provinceId, actor.provinceId)))
      : [];
    if (found.length !== unique.length) throw new AppError('BAD_REQUEST', 'Có nhiệm vụ không tồn tại. Hãy chọn lại nhiệm vụ.');
    const before = await tx.select({ taskId: indicatorTasks.taskId }).from(indicatorTasks).where(eq(indicatorTasks.indicatorId, r.id));
    await tx.delete(indicatorTasks).where(eq(indicatorTasks.indicatorId, r.id));
    if (unique.length) await tx.insert(indicatorTasks).values(unique.map((taskId) => ({ indicatorId: r.id, taskId })));
    await appendAudit(
      tx,
      actor,
      { action: 'indicator.link-tasks', entity: 'indicator', entityId: r.id, before: before.map((b) => b.taskId), after: unique },
      requestId,
    );
    return getIndicator(tx, actor, r.id);
  });
}
