/**
 * The figures of the reporting cycle, computed in the database from one task condition and
 * one "as at" day. The leaders' dashboard and the consolidated report both call these, so
 * the two always show the same numbers for the same filter and cut-off.
 *
 * Each figure is a part: a query over the tasks matching the condition whose rows carry their
 * place in an `ord` column. Each part reads the tasks the cheapest way for it (every count in
 * one pass, the briefs from the due-day index, the counts by lead merged with the lead index),
 * and the dashboard and the report each run their parts in one statement (`figuresStatement`).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { OverdueTask, PlanFigures, StatusCounts, TaskBrief } from '#common/contracts/reporting.ts';
import { addDays, toDayNumber } from '#common/domain/iso-date.ts';
import type { ReportingPeriod } from '#common/domain/period.ts';
import { TASK_STATUSES, type TaskStatus } from '#common/domain/status.ts';
import { type Db, rowsOf } from '../../db/client.ts';
import { documents } from '../documents/documents.table.ts';
import { explanations } from '../explanations/explanations.table.ts';
import { statusCode as code, openAt, statusSql } from '../tasks/tasks.queries.ts';
import { tasks, taskUnitGroups, taskUnits, taskUpdates } from '../tasks/tasks.table.ts';
import { unitGroups, units } from '../units/units.table.ts';

/**
 * The tasks matching `where`, each with `columns` and its status as at `asOf` (as its
 * `statusCode`, in `st`). `offset 0` keeps the subquery whole, so the status is computed once per
 * task however often the part uses it. A part asking only for columns of `tasks_figures_idx`
 * never reads the wide task rows; `order` (by task id) lets a part merge them with another index.
 */
function statused(where: SQL, asOf: string, columns: SQL, order: SQL = sql``): SQL {
  return sql`(select ${columns}, ${statusSql(asOf, code)} as st from ${tasks} where ${where} ${order} offset 0)`;
}

/** A part as one JSON array of its rows, in its order: for a statement of many parts (`figuresStatement`). */
export function partJson(part: SQL): SQL {
  return sql`(select coalesce(json_agg(p order by p.ord), '[]'::json) from (${part}) p)`;
}

const DONE = sql`st in (${code('done_on_time')}, ${code('done_late')})`;
/** Progress: a task done counts 100%, otherwise its lead unit's latest percent. */
const PROGRESS = sql`round(avg(case when ${DONE} then 100 else percent end)::numeric, 1)::float8`;

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/**
 * A row of the cube: with `set` "plan", the tasks of a plan by status, whether due by the cut-off
 * and whether due soon (as the briefs list them), with their progress summed; with "completed",
 * the tasks completed in the trend's `period` (its place, from 1), late or not; with "fellDue",
 * those falling due in it.
 */
export interface CubeRow {
  set: 'plan' | 'completed' | 'fellDue';
  documentId: string | null;
  symbol: string;
  title: string;
  issuedOn: string | null;
  /** the status's `statusCode` */
  st: number;
  due: boolean | null;
  soon: boolean | null;
  period: number | null;
  late: boolean | null;
  n: number;
  progress: number;
}

/** Due after `asOf` and within 30 days: the window of the due-soon briefs and of their total. */
function dueWithin30(dueOn: SQL, asOf: string): SQL {
  return sql`${dueOn} > ${asOf} and ${dueOn} <= ${addDays(asOf, 30)}`;
}

/**
 * Every count the headline figures and the trend are added up from, in one pass over the tasks:
 * the "plan" rows, and per period of `trend` (in order, contiguous; none for the report) the
 * "completed" and "fellDue" rows. A day belongs to the last period starting on or before it
 * (Decree 09: from the 15th, next month's report); days after `asOf` belong to none (their
 * place is past the last period), nor do the periods starting after it.
 */
export function cubePart(where: SQL, asOf: string, trend: readonly ReportingPeriod[] = []): SQL {
  const after = addDays(asOf, 1);
  const bounds = sql`array[${sql.join(
    [...trend.map((p) => (p.start <= asOf ? p.start : after)), after].map((day) => sql`${day}`),
    sql`, `,
  )}]::date[]`;
  return sql`select c.set, c.document_id as "documentId", coalesce(d.symbol, '') as symbol, coalesce(d.title, 'Nhiệm vụ giao lẻ') as title,
      d.issued_on::text as "issuedOn", c.st, c.due, c.soon, coalesce(c.period_completed, c.period_due) as period, c.late, c.n, c.progress, 0 as ord
    from (select case grouping(period_completed, period_due) when 3 then 'plan' when 1 then 'completed' else 'fellDue' end as set,
        document_id, st, due, soon, period_completed, late, period_due, count(*)::int as n, sum(progress)::int as progress
      from (select document_id, st, due_on <= ${asOf} as due,
          st in (${code('not_started')}, ${code('in_progress_on_time')}) and ${dueWithin30(sql`due_on`, asOf)} as soon,
          case when ${DONE} then 100 else percent end as progress,
          case when state = 'done' then width_bucket(completed_on, ${bounds}) end as period_completed, completed_on > due_on as late,
          width_bucket(due_on, ${bounds}) as period_due
        from ${statused(
          where,
          asOf,
          sql`${tasks.documentId} as document_id, ${tasks.dueOn} as due_on, ${tasks.completedOn} as completed_on, ${tasks.state} as state, ${tasks.percent} as percent`,
        )} f) x
      group by grouping sets ((document_id, st, due, soon), (period_completed, late), (period_due))) c
    left join ${documents} d on d.id = c.document_id`;
}

type Totals = Omit<PlanFigures, 'documentId' | 'symbol' | 'title'>;

function emptyTotals(): Totals & { progress: number } {
  return { total: 0, due: 0, doneOnTime: 0, doneLate: 0, overdue: 0, inProgress: 0, notStarted: 0, percent: 0, progress: 0 };
}

function addTo(t: Totals & { progress: number }, st: TaskStatus, r: CubeRow): void {
  t.total += r.n;
  t.progress += r.progress;
  if (st === 'done_on_time' || st === 'done_late' || r.due) t.due += r.n;
  if (st === 'done_on_time') t.doneOnTime += r.n;
  if (st === 'done_late') t.doneLate += r.n;
  if (st === 'in_progress_overdue') t.overdue += r.n;
  if (st === 'in_progress_on_time') t.inProgress += r.n;
  if (st === 'not_started') t.notStarted += r.n;
}

/** Mean progress to one decimal, as `round(avg(…)::numeric, 1)` gives it. */
const meanOf = ({ progress, total }: { progress: number; total: number }) => (total ? Math.round((progress * 10) / total) / 10 : 0);

/** The headline figures from the cube's plan rows: by status, per plan (oldest plan first), in all, and how many are due soon. */
export function figuresOfCube(rows: readonly CubeRow[]): { byStatus: StatusCounts; plans: PlanFigures[]; totals: Totals; dueSoon: number } {
  const byStatus = emptyCounts();
  let soon = 0;
  const all = emptyTotals();
  const plans = new Map<string, { plan: CubeRow; figures: Totals & { progress: number } }>();
  for (const r of rows) {
    if (r.set !== 'plan') continue;
    const st = TASK_STATUSES[r.st] as TaskStatus;
    byStatus[st] += r.n;
    if (r.soon) soon += r.n;
    addTo(all, st, r);
    const key = r.documentId ?? '';
    const entry = plans.get(key) ?? { plan: r, figures: emptyTotals() };
    addTo(entry.figures, st, r);
    plans.set(key, entry);
  }
  const finish = ({ progress: _, ...t }: Totals & { progress: number }, mean: number): Totals => ({ ...t, percent: mean });
  return {
    byStatus,
    dueSoon: soon,
    totals: finish(all, meanOf(all)),
    plans: [...plans.values()]
      // the plans in the order they were issued, unnumbered and loose tasks last
      .sort(
        (a, b) =>
          (a.plan.issuedOn ?? '\uffff').localeCompare(b.plan.issuedOn ?? '\uffff') ||
          (a.plan.symbol < b.plan.symbol ? -1 : a.plan.symbol > b.plan.symbol ? 1 : 0),
      )
      .map(({ plan, figures }) => ({
        documentId: plan.documentId,
        symbol: plan.symbol,
        title: plan.title,
        ...finish(figures, meanOf(figures)),
      })),
  };
}

export interface SectionRow {
  documentId: string | null;
  symbol: string;
  section: string;
  total: number;
  done: number;
  overdue: number;
  percent: number;
}

/** Progress by section of each plan, in the plan's order. */
export function sectionsPart(where: SQL, asOf: string): SQL {
  return sql`select f.document_id as "documentId", coalesce(d.symbol, '') as symbol, f.section, f.total, f.done, f.overdue, f.percent,
      row_number() over (order by d.issued_on nulls last, d.symbol, f.first) as ord
    from (select document_id, section, min(position) as first, count(*)::int as total, count(*) filter (where ${DONE})::int as done,
        count(*) filter (where st = ${code('in_progress_overdue')})::int as overdue, ${PROGRESS} as percent
      from ${statused(
        where,
        asOf,
        sql`${tasks.documentId} as document_id, ${tasks.section} as section, ${tasks.position} as position, ${tasks.percent} as percent`,
      )} f
      group by document_id, section) f
    left join ${documents} d on d.id = f.document_id`;
}

export interface BriefRow {
  id: string;
  kind: 'overdue' | 'dueSoon';
  code: string;
  content: string;
  symbol: string;
  due_on: string;
  /** the lead units' short names, then the lead group phrases */
  leads: string[];
  /** an overdue task's latest lead obstacles (when asked for; "" otherwise) */
  reason: string;
  open_explanation: boolean;
}

/**
 * What several lead units wrote for one task in the same period, as one text: each non-empty
 * text after its unit's short name ("Sở Y tế: …; Xã Tân Cương: …"), as an aggregate.
 */
export function leadTexts(name: SQL, text: SQL): SQL {
  return sql`string_agg(${name} || ': ' || ${text}, '; ' order by ${name}) filter (where ${text} <> '')`;
}

/**
 * The tasks overdue at `asOf` (the longest overdue first) and those due in the next 30 days
 * (the soonest first), at most `limits` of each (their totals are in the cube): each the first
 * of the due-day index that are still to do, then named, and the overdue given their reason
 * when `reasons` (the report shows it; the dashboard does not): the obstacles of the latest
 * lead update, or of each lead unit's when several reported in that period.
 */
export function briefsPart(where: SQL, asOf: string, limits: { overdue: number; dueSoon: number }, reasons: boolean): SQL {
  const top = (kind: BriefRow['kind'], window: SQL, limit: number) =>
    sql`(select ${tasks.id} as id, ${tasks.documentId} as document_id, ${tasks.dueOn} as due_on, ${tasks.position} as position,
        ${tasks.code} as code, ${tasks.content} as content, ${kind} as kind
      from ${tasks} where ${where} and ${window} and ${openAt(asOf)}
      order by ${tasks.dueOn}, ${tasks.position}, ${tasks.id} limit ${limit})`;
  const reason = reasons
    ? sql`case when b.kind = 'overdue' then coalesce((select case when count(*) = 1 then max(l.obstacles) else ${leadTexts(sql`l.name`, sql`l.obstacles`)} end
        from (select n.short_name as name, u.obstacles, rank() over (order by u.period desc) as latest
          from ${taskUpdates} u join ${units} n on n.id = u.unit_id where u.task_id = b.id and u.role = 'lead') l
        where l.latest = 1), '') else '' end`
    : sql`''`;
  return sql`select b.id, b.kind, b.code, b.content, coalesce(d.symbol, '') as symbol, b.due_on::text as due_on,
      (select coalesce(json_agg(x.name order by x.kind, x.name), '[]'::json) from (
          select u.short_name as name, 0 as kind from ${taskUnits} tu join ${units} u on u.id = tu.unit_id where tu.task_id = b.id and tu.role = 'lead'
          union all
          select g.phrase, 1 from ${taskUnitGroups} tg join ${unitGroups} g on g.id = tg.group_id where tg.task_id = b.id and tg.role = 'lead') x) as leads,
      ${reason} as reason,
      exists (select 1 from ${explanations} e where e.task_id = b.id and e.state = 'open') as open_explanation,
      row_number() over (order by b.kind desc, b.due_on, b.position, b.id) as ord
    from (${top('overdue', sql`${tasks.dueOn} < ${asOf}`, limits.overdue)}
      union all ${top('dueSoon', dueWithin30(sql`${tasks.dueOn}`, asOf), limits.dueSoon)}) b
    left join ${documents} d on d.id = b.document_id`;
}

/** The briefs of `briefsPart` as the report and the dashboard list them. */
export function briefsOf(rows: readonly BriefRow[], asOf: string) {
  const of = (kind: BriefRow['kind']) => rows.filter((r) => r.kind === kind);
  return {
    overdue: of('overdue').map((r): OverdueTask & { openExplanation: boolean } => ({
      taskId: r.id,
      code: r.code,
      content: r.content,
      documentSymbol: r.symbol,
      leads: r.leads,
      due: r.due_on,
      daysLate: toDayNumber(asOf) - toDayNumber(r.due_on),
      reason: r.reason,
      openExplanation: r.open_explanation,
    })),
    dueSoon: of('dueSoon').map(
      (r): TaskBrief => ({
        id: r.id,
        code: r.code,
        content: r.content,
        documentSymbol: r.symbol,
        leads: r.leads,
        due: r.due_on,
        days: toDayNumber(r.due_on) - toDayNumber(asOf),
        openExplanation: r.open_explanation,
      }),
    ),
  };
}

/** A lead unit or lead group phrase with its tasks by status, as `leadsPart` counts them. */
export type LeadRow = { id: string; name: string; short_name: string; is_group: boolean } & StatusCounts;

/** Per lead (a unit, or a group phrase), a count for each status: counted on ids, then named. */
function leadCounts(alias: string): SQL {
  return sql.join(
    TASK_STATUSES.map((s) => sql`count(*) filter (where ${sql.raw(alias)}.st = ${code(s)})::int as ${sql.identifier(s)}`),
    sql`, `,
  );
}
const countColumns = sql.join(
  TASK_STATUSES.map((s) => sql`x.${sql.identifier(s)}`),
  sql`, `,
);

/**
 * Lead units and lead group phrases, each with its tasks by status. The tasks are read from
 * `tasks_figures_idx` in task-id order, so they merge with `task_units_lead_idx` without
 * hashing, each with its status computed once, not once per count. The few tasks led by a
 * group phrase are looked up one by one with their status.
 */
export function leadsPart(where: SQL, asOf: string): SQL {
  return sql`select u.id, u.name, u.short_name, false as is_group, ${countColumns}, 0 as ord
    from (select tu.unit_id, ${leadCounts('f')}
      from ${statused(where, asOf, sql`${tasks.id} as id`, sql`order by ${tasks.id}`)} f
      join ${taskUnits} tu on tu.task_id = f.id and tu.role = 'lead'
      group by tu.unit_id) x
    join ${units} u on u.id = x.unit_id
  union all
  select g.id, g.phrase, g.phrase, true, ${countColumns}, 0
    from (select f.group_id, ${leadCounts('f')}
      from (select tg.group_id, ${statusSql(asOf, code)} as st from ${taskUnitGroups} tg join ${tasks} on ${tasks.id} = tg.task_id
        where tg.role = 'lead' and ${where}) f
      group by f.group_id) x
    join ${unitGroups} g on g.id = x.group_id`;
}

type TrendRow = { key: string; completed: number; completedLate: number; fellDue: number };

/** Per period of `trend` (as given to `cubePart`), the tasks completed, completed late and falling due. */
export function trendOf(rows: readonly CubeRow[], trend: readonly ReportingPeriod[]): TrendRow[] {
  const counts = trend.map((p) => ({ key: p.key, completed: 0, completedLate: 0, fellDue: 0 }));
  for (const r of rows) {
    const c = r.period ? counts[r.period - 1] : undefined;
    if (!c) continue;
    if (r.set === 'completed') {
      c.completed += r.n;
      if (r.late) c.completedLate += r.n;
    } else if (r.set === 'fellDue') c.fellDue += r.n;
  }
  return counts;
}

/** Many parts in one statement, each coming back as a JSON array under its name. */
export async function figuresStatement<T>(db: Db, parts: Record<string, SQL>): Promise<T> {
  const columns = Object.entries(parts).map(([name, part]) => sql`${part} as ${sql.identifier(name)}`);
  const [row] = await rowsOf<Record<string, unknown>>(db, sql`select ${sql.join(columns, sql`, `)}`);
  // A JSON column comes back parsed (node-postgres, PGlite); a JSON text is parsed here. Each
  // row's `ord` has placed it and is dropped (cheaper here than `to_jsonb(p) - 'ord'` in SQL).
  const part = (v: unknown) => {
    const rows = (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>[];
    for (const r of rows) delete r.ord;
    return rows;
  };
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, part(v)])) as T;
}
