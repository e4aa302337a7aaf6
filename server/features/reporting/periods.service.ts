import { and, asc, desc, eq, inArray, lte, type SQL, sql } from 'drizzle-orm';
import {
  DUE_AFTER_CUTOFF,
  type PeriodDetail,
  type Period as PeriodReply,
  type RegimeCreate,
  type RegimeEdit,
  type ReportRegime,
} from '#common/contracts/reporting.ts';
import { addDays, vietnamDay } from '#common/domain/iso-date.ts';
import { type Frequency, periodsBetween } from '#common/domain/period.ts';
import { reportingRates, submissionState } from '#common/domain/reporting.ts';
import { type Db, readAll, rowsOf } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { AppError, conflict, notFound } from '../../kernel/errors.ts';
import { seesWholeProvince } from '../tasks/tasks.policy.ts';
import { unitScope } from '../units/units.policy.ts';
import { scopeCondition } from '../units/units.queries.ts';
import { units } from '../units/units.table.ts';
import { reportingPeriods, reportRegimes, unitReports } from './reporting.table.ts';

export type RegimeRow = typeof reportRegimes.$inferSelect;
export type PeriodRow = typeof reportingPeriods.$inferSelect;

/** The units a caller may see the reports of: the province, or their unit and those below it. */
export function unitsInScope(actor: Actor): SQL {
  return sql`(select ${units.id} from ${units} where ${scopeCondition(unitScope(actor))})`;
}

async function unitRefs(db: Db, ids: readonly string[]) {
  if (!ids.length) return new Map<string, { id: string; name: string; shortName: string }>();
  const rows = await db
    .select({ id: units.id, name: units.name, shortName: units.shortName })
    .from(units)
    .where(inArray(units.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r]));
}

// ——— Regimes ———

async function toRegime(db: Db, row: RegimeRow): Promise<ReportRegime> {
  const refs = await unitRefs(db, row.unitIds);
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    frequency: row.frequency as Frequency,
    cutoffDay: row.cutoffDay,
    dueDay: row.dueDay,
    source: row.source,
    activeFrom: row.activeFrom,
    closeAfterDays: row.closeAfterDays,
    units: row.unitIds.flatMap((id) => refs.get(id) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    active: row.active,
    version: row.version,
  };
}

export async function listRegimes(db: Db, actor: Actor): Promise<ReportRegime[]> {
  const rows = await db.select().from(reportRegimes).where(eq(reportRegimes.provinceId, actor.provinceId)).orderBy(asc(reportRegimes.name));
  return readAll(db, ...rows.map((r) => () => toRegime(db, r)));
}

/** The units of a regime must exist, be active and belong to the caller's province. */
async function checkUnits(tx: Db, actor: Actor, unitIds: readonly string[]) {
  const unique = [...new Set(unitIds)];
  const found = await tx
    .select({ id: units.id })
    .from(units)
    .where(and(inArray(units.id, unique), eq(units.provinceId, actor.provinceId), eq(units.active, true)));
  if (found.length !== unique.length) {
    throw new AppError('VALIDATION_FAILED', 'Có đơn vị không tồn tại hoặc đã ngừng hoạt động. Hãy chọn lại các đơn vị phải báo cáo.', [
      { field: 'unitIds', message: 'Đơn vị không hợp lệ' },
    ]);
  }
  return unique;
}

export async function createRegime(db: Db, actor: Actor, input: RegimeCreate, requestId?: string): Promise<ReportRegime> {
  const row = await db.transaction(async (tx) => {
    const unitIds = await checkUnits(tx, actor, input.unitIds);
    const [created] = await tx
      .insert(reportRegimes)
      .values({ ...input, unitIds, provinceId: actor.provinceId })
      .onConflictDoNothing()
      .returning();
    if (!created) throw new AppError('CONFLICT', `Đã có chế độ báo cáo mã "${input.code}". Hãy chọn mã khác.`);
    await appendAudit(tx, actor, { action: 'regime.create', entity: 'report_regime', entityId: created.id, after: created }, requestId);
    return created;
  });
  await openPeriods(db, vietnamDay(), row.id);
  return toRegime(db, row);
}

export async function editRegime(db: Db, actor: Actor, id: string, input: RegimeEdit, requestId?: string): Promise<ReportRegime> {
  const row = await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(reportRegimes)
      .where(and(eq(reportRegimes.id, id), eq(reportRegimes.provinceId, actor.provinceId)));
    if (!before) throw notFound('chế độ báo cáo');
    if (before.version !== input.version) throw conflict();
    const { version, ...fields } = input;
    const cutoffDay = fields.cutoffDay ?? before.cutoffDay;
    if ((fields.dueDay ?? before.dueDay) <= cutoffDay)
      throw new AppError('VALIDATION_FAILED', DUE_AFTER_CUTOFF, [{ field: 'dueDay', message: DUE_AFTER_CUTOFF }]);
    const unitIds = fields.unitIds ? await checkUnits(tx, actor, fields.unitIds) : before.unitIds;
    const [after] = await tx
      .update(reportRegimes)
      .set({ ...fields, unitIds, version: version + 1 })
      .where(and(eq(reportRegimes.id, id), eq(reportRegimes.version, version)))
      .returning();
    if (!after) throw conflict();
    await appendAudit(tx, actor, { action: 'regime.edit', entity: 'report_regime', entityId: id, before, after }, requestId);
    return after;
  });
  await openPeriods(db, vietnamDay(), row.id);
  return toRegime(db, row);
}

// ——— The period job ———

/**
 * Opens every period of the active regimes whose data range has begun by `today` (from the
 * regime's `activeFrom`), and closes those `closeAfterDays` past their due day. Idempotent: the
 * unique (regime, key) makes a second run, or a run after a restart, change nothing.
 */
export async function openPeriods(db: Db, today: string, regimeId?: string) {
  const regimes = await db
    .select()
    .from(reportRegimes)
    .where(and(eq(reportRegimes.active, true), regimeId ? eq(reportRegimes.id, regimeId) : undefined));
  let opened = 0;
  for (const regime of regimes) {
    if (regime.frequency === 'ad_hoc') continue;
    const rules = { cutoffDay: regime.cutoffDay, dueDay: regime.dueDay };
    const due = periodsBetween(regime.frequency as Frequency, regime.activeFrom, today, rules);
    if (!due.length) continue;
    const rows = await db
      .insert(reportingPeriods)
      .values(
        due.map((p) => ({
          provinceId: regime.provinceId,
          regimeId: regime.id,
          key: p.key,
          label: p.label,
          startOn: p.start,
          endOn: p.end,
          dueOn: p.due,
          unitIds: regime.unitIds,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: reportingPeriods.id });
    opened += rows.length;
  }
  const closed = await db
    .update(reportingPeriods)
    .set({ state: 'closed', closedAt: new Date() })
    .where(
      and(
        eq(reportingPeriods.state, 'open'),
        sql`${reportingPeriods.dueOn} + (select close_after_days from ${reportRegimes} r where r.id = ${reportingPeriods.regimeId}) < ${today}::date`,
      ),
    )
    .returning({ id: reportingPeriods.id });
  return { opened, closed: closed.length };
}

export async function createAdHocPeriod(
  db: Db,
  actor: Actor,
  input: { regimeId: string; label: string; start: string; end: string; due: string },
  requestId?: string,
) {
  const id = await db.transaction(async (tx) => {
    const [regime] = await tx
      .select()
      .from(reportRegimes)
      .where(and(eq(reportRegimes.id, input.regimeId), eq(reportRegimes.provinceId, actor.provinceId)));
    if (!regime) throw notFound('chế độ báo cáo');
    if (regime.frequency !== 'ad_hoc')
      throw new AppError('VALIDATION_FAILED', 'Chỉ thêm kỳ đột xuất cho chế độ báo cáo đột xuất; các kỳ định kỳ được mở tự động.', [
        { field: 'regimeId', message: 'Không phải chế độ đột xuất' },
      ]);
    const [row] = await tx
      .insert(reportingPeriods)
      .values({
        provinceId: actor.provinceId,
        regimeId: regime.id,
        key: `${input.start}_${input.end}`,
        label: input.label,
        startOn: input.start,
        endOn: input.end,
        dueOn: input.due,
        unitIds: regime.unitIds,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('CONFLICT', 'Đã có kỳ đột xuất với cùng khoảng thời gian này.');
    await appendAudit(tx, actor, { action: 'period.create', entity: 'reporting_period', entityId: row.id, after: row }, requestId);
    return row.id;
  });
  return getPeriod(db, actor, id);
}

// ——— Reading periods ———

/** One period of the caller's province, or a 404. */
export async function requirePeriod(db: Db, actor: Actor, id: string) {
  const [row] = await db
    .select({ period: reportingPeriods, regime: reportRegimes })
    .from(reportingPeriods)
    .innerJoin(reportRegimes, eq(reportRegimes.id, reportingPeriods.regimeId))
    .where(and(eq(reportingPeriods.id, id), eq(reportingPeriods.provinceId, actor.provinceId)));
  if (!row) throw new AppError('NOT_FOUND', 'Không có kỳ báo cáo này. Hãy chọn một kỳ trong danh sách kỳ báo cáo.');
  return row;
}

export function periodRef(period: PeriodRow, regime: Pick<RegimeRow, 'name' | 'frequency'>) {
  return {
    id: period.id,
    regimeId: period.regimeId,
    regimeName: regime.name,
    frequency: regime.frequency as Frequency,
    key: period.key,
    label: period.label,
    start: period.startOn,
    end: period.endOn,
    due: period.dueOn,
    state: period.state as 'open' | 'closed',
  };
}

/** The expected units of periods the caller sees, with each one's report (null when none). */
async function periodUnits(db: Db, actor: Actor, periodIds: readonly string[]) {
  if (!periodIds.length) return [];
  const scope = seesWholeProvince(actor) ? sql`true` : sql`x.unit_id in ${unitsInScope(actor)}`;
  return rowsOf<{ period_id: string; unit_id: string; report_id: string | null; state: string | null; first_submitted_on: string | null }>(
    db,
    sql`select x.period_id, x.unit_id, r.id as report_id, r.state, r.first_submitted_on::text as first_submitted_on
    from (select p.id as period_id, unnest(p.unit_ids) as unit_id from ${reportingPeriods} p where p.id in ${periodIds}) x
    left join ${unitReports} r on r.period_id = x.period_id and r.unit_id = x.unit_id
    where ${scope}`,
  );
}

export async function listPeriods(db: Db, actor: Actor, query: { regimeId?: string; year?: number }): Promise<PeriodReply[]> {
  const rows = await db
    .select({ period: reportingPeriods, regime: reportRegimes })
    .from(reportingPeriods)
    .innerJoin(reportRegimes, eq(reportRegimes.id, reportingPeriods.regimeId))
    .where(
      and(
        eq(reportingPeriods.provinceId, actor.provinceId),
        query.regimeId ? eq(reportingPeriods.regimeId, query.regimeId) : undefined,
        query.year ? sql`extract(year from ${reportingPeriods.endOn}) = ${query.year}` : undefined,
        // a unit sees the periods it must report in
        seesWholeProvince(actor) ? undefined : sql`${reportingPeriods.unitIds} && array${unitsInScope(actor)}`,
      ),
    )
    .orderBy(desc(reportingPeriods.endOn), asc(reportRegimes.name))
    .limit(500);
  const today = vietnamDay();
  const expected = await periodUnits(
    db,
    actor,
    rows.map((r) => r.period.id),
  );
  return rows.map(({ period, regime }) => ({
    ...periodRef(period, regime),
    rates: reportingRates(
      expected.filter((e) => e.period_id === period.id).map((e) => submissionState(e.first_submitted_on, period.dueOn, today)),
    ),
  }));
}

export async function getPeriod(db: Db, actor: Actor, id: string): Promise<PeriodDetail> {
  const { period, regime } = await requirePeriod(db, actor, id);
  const today = vietnamDay();
  const rows = await periodUnits(db, actor, [id]);
  if (!seesWholeProvince(actor) && !rows.length)
    throw new AppError('NOT_FOUND', 'Không có kỳ báo cáo này. Hãy chọn một kỳ trong danh sách kỳ báo cáo.');
  const refs = await unitRefs(
    db,
    rows.map((r) => r.unit_id),
  );
  const unitRows = rows
    .flatMap((r) => {
      const unit = refs.get(r.unit_id);
      if (!unit) return [];
      return [
        {
          unit,
          reportId: r.report_id,
          state: (r.state ?? 'none') as PeriodDetail['units'][number]['state'],
          submission: submissionState(r.first_submitted_on, period.dueOn, today),
          submittedOn: r.first_submitted_on,
        },
      ];
    })
    .sort((a, b) => a.unit.name.localeCompare(b.unit.name, 'vi'));
  return { ...periodRef(period, regime), rates: reportingRates(unitRows.map((u) => u.submission)), units: unitRows };
}

/**
 * The periods the dashboard ranks reporting by: their data ended by `asOf`, within the year
 * before it, and their report is already due today (a report not yet due is not late).
 */
export function rankedPeriods(provinceId: string, asOf: string, today: string): SQL {
  return and(
    eq(reportingPeriods.provinceId, provinceId),
    lte(reportingPeriods.endOn, asOf),
    sql`${reportingPeriods.endOn} > ${addDays(asOf, -365)}::date`,
    lte(reportingPeriods.dueOn, today),
  ) as SQL;
}
