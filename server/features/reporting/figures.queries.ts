/**
 * The figures of the reporting cycle, computed in the database from one task condition and
 * one "as at" day. The leaders' dashboard and the consolidated report both call these, so
 * the two always show the same numbers for the same filter and cut-off.
 *
 * Each figure is a part: a query over the `filtered` table whose rows carry their place in an
 * `ord` column. The dashboard and the report each run their parts in one statement
 * (`figuresStatement`), so the tasks are read, and their status computed, once.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { OverdueTask, PlanFigures, StatusCounts, TaskBrief } from '#common/contracts/reporting.ts';
import { addDays, toDayNumber } from '#common/domain/iso-date.ts';
import { monthlyPeriod } from '#common/domain/period.ts';
import { TASK_STATUSES, type TaskStatus } from '#common/domain/status.ts';
import { type Db, rowsOf } from '../../db/client.ts';
import { documents } from '../documents/documents.table.ts';
import { explanations } from '../explanations/explanations.table.ts';
import { statusCode as code, statusSql } from '../tasks/tasks.queries.ts';
import { tasks, taskUnitGroups, taskUnits, taskUpdates } from '../tasks/tasks.table.ts';
import { unitGroups, units } from '../units/units.table.ts';

/**
 * The tasks matching `where`, each with its status as at `asOf` (as its `statusCode`): the common
 * table of the figures (`leadsPart` reads the index itself).
 * Only the columns the figures count by, all in `tasks_figures_idx`, so the wide task rows are
 * not read; a part that needs more (a section, a content) joins `tasks` for its own rows.
 */
function filtered(where: SQL, asOf: string): SQL {
  return sql`filtered as materialized (select ${tasks.id} as id, ${tasks.documentId} as document_id,
    ${tasks.position} as position, ${tasks.dueOn} as due_on, ${tasks.completedOn} as completed_on,
    ${tasks.state} as state, ${tasks.percent} as percent, ${statusSql(asOf, code)} as st
    from ${tasks} where ${where})`;
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

/** Tasks counted by plan, status, whether due by the cut-off and whether due soon (as the briefs list them), with their progress summed. */
export interface CubeRow {
  documentId: string | null;
  symbol: string;
  title: string;
  issuedOn: string | null;
  /** the status's `statusCode` */
  st: number;
  due: boolean | null;
  soon: boolean | null;
  n: number;
  progress: number;
}

/** The few rows every headline figure (by status, per plan, in all, due soon) is added up from. */
export function cubePart(asOf: string): SQL {
  return sql`select c.document_id as "documentId", coalesce(d.symbol, '') as symbol, coalesce(d.title, 'Nhiệm vụ giao lẻ') as title,
      d.issued_on::text as "issuedOn", c.st, c.due, c.soon, c.n, c.progress, 0 as ord
    from (select document_id, st, due_on <= ${asOf} as due, ${dueSoon(asOf)} as soon, count(*)::int as n,
        sum(case when ${DONE} then 100 else percent end)::int as progress
      from filtered group by 1, 2, 3, 4) c
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

/** The headline figures from the cube: by status, per plan (oldest plan first), in all, and how many are due soon. */
export function figuresOfCube(rows: readonly CubeRow[]): { byStatus: StatusCounts; plans: PlanFigures[]; totals: Totals; dueSoon: number } {
  const byStatus = emptyCounts();
  let soon = 0;
  const all = emptyTotals();
  const plans = new Map<string, { plan: CubeRow; figures: Totals & { progress: number } }>();
  for (const r of rows) {
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
export const sectionsPart = sql`select f.document_id as "documentId", coalesce(d.symbol, '') as symbol, f.section, f.total, f.done, f.overdue, f.percent,
    row_number() over (order by d.issued_on nulls last, d.symbol, f.first) as ord
  from (select document_id, section, min(position) as first, count(*)::int as total, count(*) filter (where ${DONE})::int as done,
      count(*) filter (where st = ${code('in_progress_overdue')})::int as overdue, ${PROGRESS} as percent
    from (select f.*, (select t.section from ${tasks} t where t.id = f.id) as section from filtered f) f group by document_id, section) f
  left join ${documents} d on d.id = f.document_id`;

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

/** Overdue as SQL; `due_on < asOf` is implied by the status, and lets the due-day index narrow the scan. */
function overdue(asOf: string): SQL {
  return sql`st = ${code('in_progress_overdue')} and due_on < ${asOf}`;
}
function dueSoon(asOf: string): SQL {
  return sql`st in (${code('not_started')}, ${code('in_progress_on_time')}) and due_on > ${asOf} and due_on <= ${addDays(asOf, 30)}`;
}

/**
 * The tasks overdue at `asOf` (the longest overdue first) and those due in the next 30 days
 * (the soonest first), at most `limits` of each (their totals are in the cube): each chosen
 * by a top-N pass on the counting columns, then only those read in full and named, and the
 * overdue given their reason when `reasons` (the report shows it; the dashboard does not).
 */
export function briefsPart(asOf: string, limits: { overdue: number; dueSoon: number }, reasons: boolean): SQL {
  const top = (kind: BriefRow['kind'], condition: SQL, limit: number) =>
    sql`(select f.id, f.document_id, f.due_on, f.position, ${kind} as kind from filtered f where ${condition}
      order by f.due_on, f.position, f.id limit ${limit})`;
  const reason = reasons
    ? sql`case when b.kind = 'overdue' then coalesce((select u.obstacles from ${taskUpdates} u
        where u.task_id = b.id and u.role = 'lead' order by u.period desc limit 1), '') else '' end`
    : sql`''`;
  return sql`select t.id, b.kind, t.code, t.content, coalesce(d.symbol, '') as symbol, b.due_on::text as due_on,
      (select coalesce(json_agg(x.name order by x.kind, x.name), '[]'::json) from (
          select u.short_name as name, 0 as kind from ${taskUnits} tu join ${units} u on u.id = tu.unit_id where tu.task_id = b.id and tu.role = 'lead'
          union all
          select g.phrase, 1 from ${taskUnitGroups} tg join ${unitGroups} g on g.id = tg.group_id where tg.task_id = b.id and tg.role = 'lead') x) as leads,
      ${reason} as reason,
      exists (select 1 from ${explanations} e where e.task_id = b.id and e.state = 'open') as open_explanation,
      row_number() over (order by b.kind desc, b.due_on, b.position, b.id) as ord
    from (${top('overdue', overdue(asOf), limits.overdue)} union all ${top('dueSoon', dueSoon(asOf), limits.dueSoon)}) b
    join ${tasks} t on t.id = b.id
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
 * `tasks_figures_idx` in task-id order, not from `filtered`, so they merge with
 * `task_units_lead_idx` without hashing; `offset 0` keeps the status computed once per task, not
 * once per count. The few tasks led by a group phrase are looked up one by one with their status.
 */
export function leadsPart(where: SQL, asOf: string): SQL {
  return sql`select u.id, u.name, u.short_name, false as is_group, ${countColumns}, 0 as ord
    from (select tu.unit_id, ${leadCounts('f')}
      from (select ${tasks.id} as id, ${statusSql(asOf, code)} as st from ${tasks} where ${where} order by ${tasks.id} offset 0) f
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

/**
 * The monthly period key of a day (Decree 09: the 15th onwards belongs to next month's
 * report), as SQL, so completions and due days group by period in the database.
 */
function monthKeyOf(day: SQL): SQL {
  return sql`to_char(case when extract(day from ${day}) >= 15 then ${day} + interval '1 month' else ${day} end, 'YYYY-MM')`;
}

export type TrendRow = { key: string; completed: number; completed_late: number; fell_due: number };

/**
 * Tasks completed (and completed late) and falling due per monthly period, for `keys`. Days
 * before the first key's period fall in earlier keys, so only the window's tasks are counted;
 * they are counted per day first, and the days then keyed.
 */
export function trendPart(asOf: string, keys: readonly string[]): SQL {
  const first = monthlyPeriod(keys.reduce((a, b) => (a < b ? a : b))) as NonNullable<ReturnType<typeof monthlyPeriod>>;
  return sql`select k.key, coalesce(x.completed, 0)::int as completed, coalesce(x.completed_late, 0)::int as completed_late,
      coalesce(x.fell_due, 0)::int as fell_due, 0 as ord
    from (values ${sql.join(
      keys.map((k) => sql`(${k})`),
      sql`, `,
    )}) as k(key)
    left join (select ${monthKeyOf(sql`day`)} as key, sum(completed) as completed, sum(completed_late) as completed_late, sum(fell_due) as fell_due
      from (select completed_on as day, count(*) as completed, count(*) filter (where completed_on > due_on) as completed_late, 0 as fell_due
          from filtered where state = 'done' and completed_on between ${first.start} and ${asOf} group by completed_on
        union all
        select due_on, 0, 0, count(*) from filtered where due_on between ${first.start} and ${asOf} group by due_on) days
      group by 1) x on x.key = k.key`;
}

/**
 * Many parts over the same tasks in one statement: the tasks are read once into `filtered`,
 * and each part comes back as a JSON array under its name. A part that does not read
 * `filtered` may share the statement: an unreferenced WITH query is never run.
 */
export async function figuresStatement<T>(db: Db, where: SQL, asOf: string, parts: Record<string, SQL>): Promise<T> {
  const columns = Object.entries(parts).map(([name, part]) => sql`${part} as ${sql.identifier(name)}`);
  const [row] = await rowsOf<Record<string, unknown>>(db, sql`with ${filtered(where, asOf)} select ${sql.join(columns, sql`, `)}`);
  // A JSON column comes back parsed (node-postgres, PGlite); a JSON text is parsed here. Each
  // row's `ord` has placed it and is dropped (cheaper here than `to_jsonb(p) - 'ord'` in SQL).
  const part = (v: unknown) => {
    const rows = (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>[];
    for (const r of rows) delete r.ord;
    return rows;
  };
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, part(v)])) as T;
}
