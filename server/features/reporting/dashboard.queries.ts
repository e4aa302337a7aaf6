import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Dashboard, DashboardQuery, StatusCounts } from '#common/contracts/reporting.ts';
import { addDays, vietnamDay } from '#common/domain/iso-date.ts';
import { currentPeriod, monthlyPeriod, periodsBetween, type ReportingPeriod } from '#common/domain/period.ts';
import { percentOf } from '#common/domain/reporting.ts';
import { TASK_STATUSES } from '#common/domain/status.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { assignedBy, namesUnit, taskScopeCondition } from '../tasks/tasks.queries.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import {
  type BriefRow,
  briefsPart,
  countsOf,
  dueSoon,
  dueSoonOf,
  emptyCounts,
  figuresStatement,
  type LeadRow,
  leadNames,
  leadsPart,
  overdue,
  overdueOf,
  partJson,
  plansPart,
  runsConcurrently,
  type StatusRow,
  statusPart,
  type TrendRow,
  trendPart,
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
 * The units' reports, from one reading of the periods and reports: per unit, the reports expected
 * from it and those on time in the ranked periods (the ranking by reporting timeliness); per key
 * of the trend, the completeness and timeliness of the monthly regimes' reports.
 */
function reportingPart(provinceId: string, asOf: string, keys: readonly string[], unitId: string | undefined): SQL {
  const ranked = rankedPeriods(provinceId, asOf, vietnamDay());
  const inTrend = sql`${reportRegimes.frequency} = 'monthly' and ${reportingPeriods.key} in ${keys}`;
  return sql`with expected as (select x.*, r.id as report_id, r.first_submitted_on
        from (select ${reportingPeriods.id} as id, ${reportingPeriods.key} as key, ${reportingPeriods.dueOn} as due_on,
            ${ranked} as ranked, ${inTrend} as in_trend, unnest(${reportingPeriods.unitIds}) as unit_id
          from ${reportingPeriods} join ${reportRegimes} on ${reportRegimes.id} = ${reportingPeriods.regimeId}
          where ${reportingPeriods.provinceId} = ${provinceId} and (${ranked} or ${inTrend})) x
        left join ${unitReports} r on r.period_id = x.id and r.unit_id = x.unit_id)
    select 'unit' as kind, unit_id::text as key, count(*)::int as expected, null::int as submitted,
        count(report_id) filter (where first_submitted_on <= due_on)::int as on_time, 0 as ord
      from expected where ranked group by unit_id
    union all
    select 'trend', key, count(*)::int, count(report_id) filter (where first_submitted_on is not null)::int,
        count(report_id) filter (where first_submitted_on <= due_on)::int, 1
      from expected where in_trend ${unitId ? sql`and unit_id = ${unitId}` : sql``} group by key`;
}

/** Vietnamese order, as `localeCompare(…, 'vi')` gives it, without a collator per comparison. */
const byName = new Intl.Collator('vi');

interface Figures {
  byStatus: StatusRow[];
  plans: Dashboard['plans'];
  leads: LeadRow[];
  overdue: BriefRow[];
  dueSoon: BriefRow[];
  trend: TrendRow[];
  reporting: { kind: 'unit' | 'trend'; key: string; expected: number; submitted: number; on_time: number }[];
}

export async function dashboard(db: Db, actor: Actor, query: DashboardQuery): Promise<Dashboard> {
  const period = query.period ? monthlyPeriod(query.period) : null;
  const asOf = asOfFor(period);
  const where = figuresCondition(actor, query);
  const last = period ?? currentPeriod(asOf);
  const trendPeriods = periodsBetween('monthly', addDays(last.end, -366), last.end).slice(-12);
  const keys = trendPeriods.map((p) => p.key);

  // Every figure of the tasks from one reading of them, their status computed once (the overdue
  // total is the status count's; the due-soon total comes with its list). PostgreSQL counts by
  // lead (the costliest part) and the units' reports on other connections meanwhile; PGlite,
  // which runs one statement at a time, gets all in one.
  const parts: Record<keyof Figures, SQL> = {
    byStatus: partJson(statusPart),
    plans: partJson(plansPart(asOf)),
    overdue: partJson(briefsPart(overdue(asOf), 50)),
    dueSoon: partJson(briefsPart(dueSoon(asOf), 50)),
    trend: partJson(trendPart(asOf, keys)),
    leads: partJson(leadsPart),
    reporting: partJson(reportingPart(actor.provinceId, asOf, keys, query.unitId)),
  };
  const { leads: leadCounts, reporting: reports, ...taskParts } = parts;
  const statements: Record<string, SQL>[] = runsConcurrently(db) ? [taskParts, { leads: leadCounts }, { reporting: reports }] : [parts];
  const figures = Object.assign(
    {},
    ...(await Promise.all(statements.map((p) => figuresStatement<Partial<Figures>>(db, where, asOf, p)))),
  ) as Figures;
  const { plans, leads, trend } = figures;
  const reporting = figures.reporting.filter((r) => r.kind === 'unit');
  const reportTrend = figures.reporting.filter((r) => r.kind === 'trend');
  const byStatus = countsOf(figures.byStatus);

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
  const reportingOf = new Map(reporting.map((r) => [r.key, r]));
  const rankedIds = new Set([...byUnit.filter((u) => !u.unit.group).map((u) => u.unit.id), ...reportingOf.keys()]);
  // The lead names of each list as the report's lists get them (their order within a task follows the plan).
  const [names, overdueLeads, dueSoonLeads] = await Promise.all([
    rankedIds.size
      ? db
          .select({ id: units.id, name: units.name, shortName: units.shortName })
          .from(units)
          .where(sql`${units.id} in ${[...rankedIds]}`)
      : [],
    leadNames(
      db,
      figures.overdue.map((r) => r.id),
    ),
    leadNames(
      db,
      figures.dueSoon.map((r) => r.id),
    ),
  ]);
  const overdueTasks = overdueOf(figures.overdue, overdueLeads, asOf);
  const dueSoonTasks = dueSoonOf(figures.dueSoon, dueSoonLeads, asOf);
  const ranking = names
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

  const taskTrendOf = new Map(trend.map((t) => [t.key, t]));
  const reportTrendOf = new Map(reportTrend.map((t) => [t.key, t]));
  return {
    asOf,
    period: period ? { key: period.key, label: period.label, start: period.start, end: period.end, due: period.due } : null,
    total: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
    byUnit,
    ranking,
    overdue: overdueTasks.map((o) => ({
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
    dueSoon: dueSoonTasks,
    dueSoonTotal: figures.dueSoon[0]?.total ?? 0,
    trend: trendPeriods.map((p) => {
      const t = taskTrendOf.get(p.key);
      const r = reportTrendOf.get(p.key);
      return {
        key: p.key,
        label: p.label,
        completed: t?.completed ?? 0,
        completedLate: t?.completed_late ?? 0,
        fellDue: t?.fell_due ?? 0,
        completeness: percentOf(r?.submitted ?? 0, r?.expected ?? 0),
        timeliness: percentOf(r?.on_time ?? 0, r?.expected ?? 0),
      };
    }),
    plans,
  };
}
