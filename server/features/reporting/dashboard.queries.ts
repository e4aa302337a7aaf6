import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Dashboard, DashboardQuery, StatusCounts } from '#common/contracts/reporting.ts';
import { addDays, vietnamDay } from '#common/domain/iso-date.ts';
import { currentPeriod, monthlyPeriod, periodsBetween, type ReportingPeriod } from '#common/domain/period.ts';
import { percentOf } from '#common/domain/reporting.ts';
import { TASK_STATUSES } from '#common/domain/status.ts';
import { type Db, readAll, runsConcurrently } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { assignedBy, namesUnit, taskScopeCondition } from '../tasks/tasks.queries.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import {
  type BriefRow,
  briefsOf,
  briefsPart,
  type CubeRow,
  cubePart,
  emptyCounts,
  figuresOfCube,
  figuresStatement,
  type LeadRow,
  leadsPart,
  partJson,
  trendOf,
} from './figures.queries.ts';
import { rankedPeriods } from './periods.service.ts';
import { reportingPeriods, reportRegimes, unitReports } from './reporting.table.ts';

/** The tasks a dashboard or a report counts: the caller's scope, narrowed by plan, section and lead unit. */
export function figuresCondition(actor: Actor, query: Pick<DashboardQuery, 'documentId' | 'section' | 'unitId'>): SQL {
  return and(
    taskScopeCondition(actor),
    query.documentId ? assignedBy(query.documentId) : undefined,
    query.section ? eq(tasks.section, query.section) : undefined,
    query.unitId ? namesUnit(query.unitId, 'lead') : undefined,
  ) as SQL;
}

/** Figures are as at the period's cut-off, or today when that is earlier (or no period is chosen). */
export function asOfFor(period: ReportingPeriod | null, today = vietnamDay()): string {
  return period && period.end < today ? period.end : today;
}

/**
 * The units' reports: per unit, the reports expected from it and those on time in the ranked
 * periods (the ranking by reporting timeliness); per key of the trend, the completeness and
 * timeliness of the monthly regimes' reports. A report exists only for a unit its period
 * expects (`requireSlot`), so reports are counted by their period alone, never matched
 * against each period's list of units; they are read from `unit_reports_period_idx`.
 */
function reportingPart(provinceId: string, asOf: string, keys: readonly string[], unitId: string | undefined): SQL {
  const ranked = rankedPeriods(provinceId, asOf, vietnamDay());
  const inTrend = sql`${reportRegimes.frequency} = 'monthly' and ${reportingPeriods.key} in ${keys}`;
  const expectedInTrend = unitId ? sql`(${unitId} = any(p.unit_ids))::int` : sql`cardinality(p.unit_ids)`;
  const onTime = sql`r.first_submitted_on <= p.due_on`;
  return sql`with p as materialized (select ${reportingPeriods.id} as id, ${reportingPeriods.key} as key, ${reportingPeriods.dueOn} as due_on,
          ${reportingPeriods.unitIds} as unit_ids, ${ranked} as ranked, ${inTrend} as in_trend
        from ${reportingPeriods} join ${reportRegimes} on ${reportRegimes.id} = ${reportingPeriods.regimeId}
        where ${reportingPeriods.provinceId} = ${provinceId} and (${ranked} or ${inTrend}))
    select 'unit' as kind, e.unit_id::text as key, u.name, u.short_name, e.expected, null::int as submitted,
        coalesce(o.on_time, 0)::int as on_time, 0 as ord
      from (select unit_id, count(*)::int as expected from (select unnest(unit_ids) as unit_id from p where ranked) x group by unit_id) e
      join ${units} u on u.id = e.unit_id
      left join (select r.unit_id, count(*) as on_time from ${unitReports} r join p on p.id = r.period_id and p.ranked
        where ${onTime} group by 1) o on o.unit_id = e.unit_id
    union all
    select 'trend', t.key, null, null, t.expected, coalesce(s.submitted, 0)::int, coalesce(s.on_time, 0)::int, 1
      from (select key, sum(${expectedInTrend})::int as expected from p where in_trend group by key) t
      left join (select p.key, count(*) as submitted, count(*) filter (where ${onTime}) as on_time
        from ${unitReports} r join p on p.id = r.period_id and p.in_trend
        where r.first_submitted_on is not null ${unitId ? sql`and r.unit_id = ${unitId}` : sql``} group by 1) s on s.key = t.key`;
}

/** Vietnamese order, as `localeCompare(…, 'vi')` gives it, without a collator per comparison. */
const byName = new Intl.Collator('vi');

interface Figures {
  cube: CubeRow[];
  briefs: BriefRow[];
  leads: LeadRow[];
  reporting: {
    kind: 'unit' | 'trend';
    key: string;
    name: string | null;
    short_name: string | null;
    expected: number;
    submitted: number;
    on_time: number;
  }[];
}

export async function dashboard(db: Db, actor: Actor, query: DashboardQuery): Promise<Dashboard> {
  const period = query.period ? monthlyPeriod(query.period) : null;
  const asOf = asOfFor(period);
  const where = figuresCondition(actor, query);
  const last = period ?? currentPeriod(asOf);
  const trendPeriods = periodsBetween('monthly', addDays(last.end, -366), last.end).slice(-12);
  const keys = trendPeriods.map((p) => p.key);

  // Every figure in one statement, with nothing to ask afterwards (names included). PostgreSQL
  // counts by lead (the costliest part) and the units' reports on other connections meanwhile;
  // PGlite, which runs one statement at a time, gets all in one.
  const parts: Record<keyof Figures, SQL> = {
    cube: partJson(cubePart(where, asOf, trendPeriods)),
    briefs: partJson(briefsPart(where, asOf, { overdue: 50, dueSoon: 50 }, false)),
    leads: partJson(leadsPart(where, asOf)),
    reporting: partJson(reportingPart(actor.provinceId, asOf, keys, query.unitId)),
  };
  const { leads: leadCounts, reporting: reports, ...taskParts } = parts;
  const statements: Record<string, SQL>[] = runsConcurrently(db) ? [taskParts, { leads: leadCounts }, { reporting: reports }] : [parts];
  const figures = Object.assign(
    {},
    ...(await readAll(db, ...statements.map((p) => () => figuresStatement<Partial<Figures>>(db, p)))),
  ) as Figures;
  const { leads } = figures;
  const { byStatus, plans, dueSoon } = figuresOfCube(figures.cube);
  const briefs = briefsOf(figures.briefs, asOf);
  const reporting = figures.reporting.filter((r) => r.kind === 'unit');
  const reportTrend = figures.reporting.filter((r) => r.kind === 'trend');

  const parties = new Map<string, Dashboard['byUnit'][number]>();
  for (const r of leads) {
    const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, r[s]])) as StatusCounts;
    parties.set(r.id, {
      unit: { id: r.id, name: r.name, shortName: r.short_name, group: r.is_group },
      counts,
      total: TASK_STATUSES.reduce((n, s) => n + counts[s], 0),
    });
  }
  const byUnit = [...parties.values()].sort((a, b) => b.total - a.total || byName.compare(a.unit.name, b.unit.name));

  // Ranking: units that lead tasks, or that must report.
  const ranked = new Map<string, { id: string; name: string; shortName: string }>();
  for (const { unit } of byUnit) if (!unit.group) ranked.set(unit.id, { id: unit.id, name: unit.name, shortName: unit.shortName });
  for (const r of reporting) ranked.set(r.key, { id: r.key, name: r.name ?? '', shortName: r.short_name ?? '' });
  const reportingOf = new Map(reporting.map((r) => [r.key, r]));
  const ranking = [...ranked.values()]
    .filter((u) => !query.unitId || u.id === query.unitId)
    .map((unit) => {
      const counts = parties.get(unit.id)?.counts ?? emptyCounts();
      const due = counts.done_on_time + counts.done_late + counts.in_progress_overdue;
      const r = reportingOf.get(unit.id);
      return {
        unit,
        due,
        doneOnTime: counts.done_on_time,
        onTimeRate: percentOf(counts.done_on_time, due),
        reportsExpected: r?.expected ?? 0,
        reportsOnTime: r?.on_time ?? 0,
        timeliness: percentOf(r?.on_time ?? 0, r?.expected ?? 0),
      };
    })
    .sort((a, b) => b.onTimeRate - a.onTimeRate || b.timeliness - a.timeliness || byName.compare(a.unit.name, b.unit.name));

  const taskTrend = trendOf(figures.cube, trendPeriods);
  const reportTrendOf = new Map(reportTrend.map((t) => [t.key, t]));
  return {
    asOf,
    period: period ? { key: period.key, label: period.label, start: period.start, end: period.end, due: period.due } : null,
    total: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
    byUnit,
    ranking,
    overdue: briefs.overdue.map((o) => ({
      id: o.taskId,
      code: o.code,
      content: o.content,
      documentSymbol: o.documentSymbol,
      leads: o.leads,
      due: o.due,
      days: o.daysLate,
      openExplanation: o.openExplanation,
    })),
    overdueTotal: byStatus.in_progress_overdue,
    dueSoon: briefs.dueSoon,
    dueSoonTotal: dueSoon,
    trend: trendPeriods.map((p, i) => {
      const t = taskTrend[i];
      const r = reportTrendOf.get(p.key);
      return {
        key: p.key,
        label: p.label,
        completed: t?.completed ?? 0,
        completedLate: t?.completedLate ?? 0,
        fellDue: t?.fellDue ?? 0,
        completeness: percentOf(r?.submitted ?? 0, r?.expected ?? 0),
        timeliness: percentOf(r?.on_time ?? 0, r?.expected ?? 0),
      };
    }),
    plans,
  };
}
