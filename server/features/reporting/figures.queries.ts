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
import type { OverdueTask, StatusCounts, TaskBrief } from '#common/contracts/reporting.ts';
import { addDays, toDayNumber } from '#common/domain/iso-date.ts';
import { monthlyPeriod } from '#common/domain/period.ts';
import { TASK_STATUSES } from '#common/domain/status.ts';
import { type Db, rowsOf } from '../../db/client.ts';
import { documents } from '../documents/documents.table.ts';
import { explanations } from '../explanations/explanations.table.ts';
import { statusSql } from '../tasks/tasks.queries.ts';
import { tasks, taskUnitGroups, taskUnits, taskUpdates } from '../tasks/tasks.table.ts';
import { unitGroups, units } from '../units/units.table.ts';

/**
 * The tasks matching `where`, each with its status as at `asOf`: the common table of every figure.
 * Only the columns the figures count by: the briefs fetch code and content for their few rows.
 */
function filtered(where: SQL, asOf: string): SQL {
  return sql`filtered as materialized (select ${tasks.id} as id, ${tasks.documentId} as document_id,
    ${tasks.section} as section, ${tasks.position} as position, ${tasks.dueOn} as due_on, ${tasks.completedOn} as completed_on,
    ${tasks.state} as state, ${tasks.percent} as percent, ${statusSql(asOf)} as st
    from ${tasks} where ${where})`;
}

/** A part as one JSON array of its rows, in its order, without `ord`: for a statement of many parts. */
export function partJson(part: SQL): SQL {
  return sql`(select coalesce(json_agg(to_jsonb(p) - 'ord' order by p.ord), '[]'::json) from (${part}) p)`;
}

const DONE = sql`st in ('done_on_time', 'done_late')`;
/** Progress: a task done counts 100%, otherwise its lead unit's latest percent. */
const PROGRESS = sql`round(avg(case when ${DONE} then 100 else percent end)::numeric, 1)::float8`;

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

export type StatusRow = { st: keyof StatusCounts; n: number };
export const statusPart = sql`select st, count(*)::int as n, 0 as ord from filtered group by st`;

export function countsOf(rows: readonly StatusRow[]): StatusCounts {
  const counts = emptyCounts();
  for (const r of rows) counts[r.st] = r.n;
  return counts;
}

function planColumns(asOf: string): SQL {
  return sql`count(*)::int as total,
  count(*) filter (where ${DONE} or due_on <= ${asOf})::int as due,
  count(*) filter (where st = 'done_on_time')::int as "doneOnTime",
  count(*) filter (where st = 'done_late')::int as "doneLate",
  count(*) filter (where st = 'in_progress_overdue')::int as overdue,
  count(*) filter (where st = 'in_progress_on_time')::int as "inProgress",
  count(*) filter (where st = 'not_started')::int as "notStarted",
  ${PROGRESS} as percent`;
}

/** Headline figures per plan (the task's own plan), oldest plan first: counted per plan, then named. */
export function plansPart(asOf: string): SQL {
  return sql`select f.document_id as "documentId", coalesce(d.symbol, '') as symbol, coalesce(d.title, 'Nhiệm vụ giao lẻ') as title,
      f.total, f.due, f."doneOnTime", f."doneLate", f.overdue, f."inProgress", f."notStarted", f.percent,
      row_number() over (order by d.issued_on nulls last, d.symbol) as ord
    from (select document_id, ${planColumns(asOf)} from filtered group by document_id) f
    left join ${documents} d on d.id = f.document_id`;
}

/** The same figures over every task of `where`. */
export function totalPart(asOf: string): SQL {
  return sql`select ${planColumns(asOf)}, 0 as ord from filtered`;
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
      count(*) filter (where st = 'in_progress_overdue')::int as overdue, ${PROGRESS} as percent
    from filtered group by document_id, section) f
  left join ${documents} d on d.id = f.document_id`;

/** The names of the lead units (and lead group phrases) of some tasks. */
export async function leadNames(db: Db, taskIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!taskIds.length) return out;
  const rows = await rowsOf<{ task_id: string; name: string }>(
    db,
    sql`select tu.task_id, u.short_name as name from ${taskUnits} tu join ${units} u on u.id = tu.unit_id
        where tu.role = 'lead' and tu.task_id in ${taskIds}
      union all
      select tg.task_id, g.phrase from ${taskUnitGroups} tg join ${unitGroups} g on g.id = tg.group_id
        where tg.role = 'lead' and tg.task_id in ${taskIds}`,
  );
  for (const r of rows) out.set(r.task_id, [...(out.get(r.task_id) ?? []), r.name]);
  return out;
}

export interface BriefRow {
  id: string;
  code: string;
  content: string;
  symbol: string;
  due_on: string;
  reason: string;
  open_explanation: boolean;
  /** how many tasks meet the condition, the limit aside */
  total: number;
}

/**
 * The first `limit` tasks meeting `condition`, the soonest due first, and how many meet it: the
 * tasks are chosen on the counting columns, then only those are read in full and given their reason.
 */
export function briefsPart(condition: SQL, limit: number): SQL {
  return sql`select t.id, t.code, t.content, coalesce(d.symbol, '') as symbol, f.due_on::text as due_on,
      coalesce((select u.obstacles from ${taskUpdates} u where u.task_id = f.id and u.role = 'lead' order by u.period desc limit 1), '') as reason,
      exists (select 1 from ${explanations} e where e.task_id = f.id and e.state = 'open') as open_explanation,
      f.total, row_number() over (order by f.due_on, f.position) as ord
    from (select f.id, f.document_id, f.due_on, f.position, count(*) over ()::int as total from filtered f where ${condition}
      order by f.due_on, f.position limit ${limit}) f
    join ${tasks} t on t.id = f.id
    left join ${documents} d on d.id = f.document_id`;
}

/** Overdue as SQL; `due_on < asOf` is implied by the status, and lets the due-day index narrow the scan. */
export function overdue(asOf: string): SQL {
  return sql`st = 'in_progress_overdue' and due_on < ${asOf}`;
}
export function dueSoon(asOf: string): SQL {
  return sql`st in ('not_started', 'in_progress_on_time') and due_on > ${asOf} and due_on <= ${addDays(asOf, 30)}`;
}

export function overdueOf(
  rows: readonly BriefRow[],
  leads: Map<string, string[]>,
  asOf: string,
): (OverdueTask & { openExplanation: boolean })[] {
  return rows.map((r) => ({
    taskId: r.id,
    code: r.code,
    content: r.content,
    documentSymbol: r.symbol,
    leads: leads.get(r.id) ?? [],
    due: r.due_on,
    daysLate: toDayNumber(asOf) - toDayNumber(r.due_on),
    reason: r.reason,
    openExplanation: r.open_explanation,
  }));
}

export function dueSoonOf(rows: readonly BriefRow[], leads: Map<string, string[]>, asOf: string): TaskBrief[] {
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    content: r.content,
    documentSymbol: r.symbol,
    leads: leads.get(r.id) ?? [],
    due: r.due_on,
    days: toDayNumber(r.due_on) - toDayNumber(asOf),
    openExplanation: r.open_explanation,
  }));
}

/** A lead unit or lead group phrase with its tasks by status, as `leadsPart` counts them. */
export type LeadRow = { id: string; name: string; short_name: string; is_group: boolean } & StatusCounts;

/** Per lead (a unit, or a group phrase), a count for each status: counted on ids, then named. */
function leadCounts(alias: string): SQL {
  return sql.join(
    TASK_STATUSES.map((s) => sql`count(*) filter (where ${sql.raw(alias)}.st = ${s})::int as ${sql.identifier(s)}`),
    sql`, `,
  );
}
const countColumns = sql.join(
  TASK_STATUSES.map((s) => sql`x.${sql.identifier(s)}`),
  sql`, `,
);

/** Lead units and lead group phrases, each with its tasks by status. */
export const leadsPart = sql`select u.id, u.name, u.short_name, false as is_group, ${countColumns}, 0 as ord
    from (select tu.unit_id, ${leadCounts('f')} from filtered f join ${taskUnits} tu on tu.task_id = f.id and tu.role = 'lead'
      group by tu.unit_id) x
    join ${units} u on u.id = x.unit_id
  union all
  select g.id, g.phrase, g.phrase, true, ${countColumns}, 0
    from (select tg.group_id, ${leadCounts('f')} from filtered f join ${taskUnitGroups} tg on tg.task_id = f.id and tg.role = 'lead'
      group by tg.group_id) x
    join ${unitGroups} g on g.id = x.group_id`;

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
  // A JSON column comes back parsed (node-postgres, PGlite); a JSON text is parsed here.
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, typeof v === 'string' ? JSON.parse(v) : v])) as T;
}

/**
 * Whether statements of `db` run side by side: PostgreSQL's pool serves each on its own
 * connection (and core); PGlite runs one at a time, so splitting a statement only adds work.
 */
export function runsConcurrently(db: Db): boolean {
  return typeof (db as { $client?: { idleCount?: unknown } }).$client?.idleCount === 'number';
}
