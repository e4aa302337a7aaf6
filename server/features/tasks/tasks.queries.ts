import { and, asc, count, eq, gte, inArray, like, lte, or, type SQL, sql } from 'drizzle-orm';
import type { TaskListQuery, TaskSummary } from '#common/contracts/tasks.ts';
import { vietnamDay } from '#common/domain/iso-date.ts';
import { computeStatus, TASK_STATUSES, type TaskStatus } from '#common/domain/status.ts';
import { searchWords } from '#common/domain/text.ts';
import { type Db, readAll } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { notFound } from '../../kernel/errors.ts';
import type { FileGrant } from '../../kernel/files/files.service.ts';
import { documentRefColumns, documents } from '../documents/documents.table.ts';
import { unitScope } from '../units/units.policy.ts';
import { scopeCondition } from '../units/units.queries.ts';
import { unitGroups, units } from '../units/units.table.ts';
import { type Participant, roleIn, seesWholeProvince } from './tasks.policy.ts';
import { taskDocuments, tasks, taskUnitGroups, taskUnits, taskUpdates } from './tasks.table.ts';

export type TaskRow = typeof tasks.$inferSelect;

/**
 * A task names this unit, directly or through a group phrase of its kind ("UBND các xã,
 * phường" names every commune), optionally in one role.
 */
export function namesUnit(unitId: string, role?: string): SQL {
  const inRole = (alias: string) => (role ? sql` and ${sql.raw(alias)}.role = ${role}` : sql``);
  return sql`(exists (select 1 from ${taskUnits} tu where tu.task_id = ${tasks.id} and tu.unit_id = ${unitId}${inRole('tu')})
    or exists (select 1 from ${taskUnitGroups} tg join ${unitGroups} g on g.id = tg.group_id
      where tg.task_id = ${tasks.id}${inRole('tg')} and g.kinds @> array[(select kind from ${units} where id = ${unitId})]))`;
}

/**
 * The task scope as SQL: the province for province-wide roles; otherwise tasks that name
 * the caller's unit or a unit below it, directly or by a group of their kind. Every read
 * path of tasks goes through it.
 */
export function taskScopeCondition(actor: Actor): SQL {
  const province = eq(tasks.provinceId, actor.provinceId);
  if (seesWholeProvince(actor)) return province;
  const subtree = scopeCondition(unitScope(actor));
  return and(
    province,
    sql`(exists (select 1 from ${taskUnits} tu where tu.task_id = ${tasks.id} and tu.unit_id in (select ${units.id} from ${units} where ${subtree}))
      or exists (select 1 from ${taskUnitGroups} tg join ${unitGroups} g on g.id = tg.group_id
        where tg.task_id = ${tasks.id} and g.kinds && array(select ${units.kind} from ${units} where ${subtree})))`,
  ) as SQL;
}

/** One task the caller may see, or a 404 that does not reveal whether it exists. */
export async function requireTask(db: Db, actor: Actor, id: string): Promise<TaskRow> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, id), taskScopeCondition(actor)));
  if (!row) throw notFound('nhiệm vụ');
  return row;
}

/** The lead and support units of some tasks. */
export async function unitsOfTasks(db: Db, taskIds: readonly string[]) {
  if (!taskIds.length) return [];
  return db
    .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role, name: units.name, shortName: units.shortName })
    .from(taskUnits)
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(inArray(taskUnits.taskId, [...taskIds]))
    .orderBy(units.sortOrder, units.name);
}

/**
 * Every unit some tasks reach: those named, and the active units of the kinds of the group
 * phrases named ("UBND các xã, phường" reaches each commune). A unit named twice keeps its
 * lead role. For reminders, which go to units, never to phrases.
 */
export async function reachedUnitsOf(db: Db, taskIds: readonly string[]) {
  if (!taskIds.length) return [];
  const { rows } = (await db.execute(sql`
    select distinct on (task_id, unit_id) task_id as "taskId", unit_id as "unitId", role, name, short_name as "shortName" from (
      select tu.task_id, tu.unit_id, tu.role, u.name, u.short_name, u.sort_order from ${taskUnits} tu join ${units} u on u.id = tu.unit_id
      where tu.task_id in ${taskIds}
      union all
      select tg.task_id, u.id, tg.role, u.name, u.short_name, u.sort_order from ${taskUnitGroups} tg
      join ${unitGroups} g on g.id = tg.group_id
      join ${units} u on u.province_id = g.province_id and u.active and u.kind = any(g.kinds)
      where tg.task_id in ${taskIds}
    ) reached
    order by task_id, unit_id, role = 'lead' desc`)) as unknown as {
    rows: { taskId: string; unitId: string; role: string; name: string; shortName: string }[];
  };
  return rows;
}

/** Everyone some tasks name, units and group phrases, and whether each includes the caller's unit. */
export async function participantsOf(db: Db, actor: Actor | null, taskIds: readonly string[]): Promise<Participant[]> {
  if (!taskIds.length) return [];
  const [unitRows, groupRows] = await readAll(
    db,
    () => unitsOfTasks(db, taskIds),
    () =>
      db
        .select({
          taskId: taskUnitGroups.taskId,
          id: taskUnitGroups.groupId,
          role: taskUnitGroups.role,
          phrase: unitGroups.phrase,
          mine: actor
            ? sql<boolean>`${unitGroups.kinds} @> array[(select kind from ${units} where id = ${actor.unitId})]`
            : sql<boolean>`false`,
        })
        .from(taskUnitGroups)
        .innerJoin(unitGroups, eq(unitGroups.id, taskUnitGroups.groupId))
        .where(inArray(taskUnitGroups.taskId, [...taskIds]))
        .orderBy(unitGroups.phrase),
  );
  return [
    ...unitRows.map((u) => ({
      taskId: u.taskId,
      id: u.unitId,
      role: u.role,
      name: u.name,
      shortName: u.shortName,
      group: false,
      mine: u.unitId === actor?.unitId,
    })),
    ...groupRows.map((g) => ({
      taskId: g.taskId,
      id: g.id,
      role: g.role,
      name: g.phrase,
      shortName: g.phrase,
      group: true,
      mine: Boolean(g.mine),
    })),
  ];
}

/** A status as SQL: its name, or (`statusCode`) its place in TASK_STATUSES. */
export type StatusValue = (status: TaskStatus) => SQL;
const statusName: StatusValue = (s) => sql.raw(`'${s}'`);
/** Statuses as small integers: the dashboard counts 10,000 tasks by them, and integers compare faster than text. */
export const statusCode: StatusValue = (s) => sql.raw(String(TASK_STATUSES.indexOf(s)));

/** Done by `asOf`: completed by then, or its deadline phrase says it was done ("deadline done"). */
function doneBy(asOf: string): SQL {
  return sql`((${tasks.state} = 'done' and ${tasks.completedOn} <= ${asOf}) or ${tasks.deadlineDone})`;
}

/**
 * The status of common/domain/status.ts `computeStatus`, as SQL, so that lists filter and
 * count by it in the database. tasks.test.ts checks the two agree on every status.
 */
export function statusSql(asOf: string, value: StatusValue = statusName): SQL {
  return sql`(case
    when ${tasks.state} = 'cancelled' then ${value('cancelled')}
    when ${doneBy(asOf)} then
      case when ${tasks.state} = 'done' and ${tasks.dueOn} is not null and ${tasks.completedOn} > ${tasks.dueOn} then ${value('done_late')} else ${value('done_on_time')} end
    when ${tasks.state} = 'paused' then ${value('paused')}
    when ${tasks.dueOn} is not null and ${tasks.dueOn} < ${asOf} then ${value('in_progress_overdue')}
    when ${tasks.startedOn} <= ${asOf} then ${value('in_progress_on_time')}
    else ${value('not_started')} end)`;
}

/**
 * Still to do at `asOf` (not_started, in_progress_on_time or in_progress_overdue in `statusSql`),
 * as a condition on the columns rather than a status compared: the planner estimates it from
 * their statistics, so "the first N by due day" reads the due-day index in order and stops,
 * where it takes a CASE compared for too rare to stop early and sorts every candidate.
 */
export function openAt(asOf: string): SQL {
  return sql`(${tasks.state} not in ('cancelled', 'paused') and ${doneBy(asOf)} is not true)`;
}

// ——— Reading tasks: summaries, detail, lists ———

export function today(): string {
  return vietnamDay();
}

/** The task as lists show it, with its units and documents, status computed as of `asOf`. */
export async function toSummaries(db: Db, actor: Actor, rows: readonly TaskRow[], asOf = today()): Promise<TaskSummary[]> {
  const ids = rows.map((r) => r.id);
  const [people, docRows] = await readAll(
    db,
    () => participantsOf(db, actor, ids),
    () => documentsOfTasks(db, ids),
  );
  return rows.map((row) => {
    const named = people.filter((p) => p.taskId === row.id);
    const ref = ({ id, name, shortName, group }: Participant) => ({ id, name, shortName, group });
    const adjusted = row.originalDeadline.text !== row.deadline.text || row.originalDeadline.due !== row.deadline.due;
    const { status, lateAgainstOriginal, needsReview } = computeStatus({
      deadline: row.deadline,
      originalDeadline: adjusted ? row.originalDeadline : null,
      completedOn: row.state === 'done' ? row.completedOn : null,
      asOf,
      started: row.startedOn !== null && row.startedOn <= asOf,
      paused: row.state === 'paused',
      cancelled: row.state === 'cancelled',
    });
    return {
      id: row.id,
      documentId: row.documentId,
      code: row.code,
      section: row.section,
      position: row.position,
      parentId: row.parentId,
      content: row.content,
      deliverable: row.deliverable,
      deadline: row.deadline,
      originalDeadline: row.originalDeadline,
      dueOn: row.dueOn,
      leads: named.filter((p) => p.role === 'lead').map(ref),
      supports: named.filter((p) => p.role === 'support').map(ref),
      documents: docRows.filter((d) => d.taskId === row.id).map(({ taskId: _, ...d }) => d),
      tags: row.tags,
      responsiblePerson: row.responsiblePerson,
      state: row.state as TaskSummary['state'],
      status,
      lateAgainstOriginal,
      needsReview,
      percent: row.percent,
      proposedDoneOn: row.proposedDoneOn,
      completedOn: row.completedOn,
      myRole: roleIn(named),
      version: row.version,
    };
  });
}

async function documentsOfTasks(db: Db, taskIds: readonly string[]) {
  if (!taskIds.length) return [];
  return db
    .select({ taskId: taskDocuments.taskId, ...documentRefColumns })
    .from(taskDocuments)
    .innerJoin(documents, eq(documents.id, taskDocuments.documentId))
    .where(inArray(taskDocuments.taskId, [...taskIds]))
    .orderBy(documents.issuedOn);
}

export function escapeLike(s: string) {
  return s.replace(/[%_\\]/g, '\\$&');
}

/** Tasks of a plan: its own, and those it assigns too (the "assigning documents" column). */
export function assignedBy(documentId: string): SQL {
  return or(
    eq(tasks.documentId, documentId),
    sql`exists (select 1 from ${taskDocuments} td where td.task_id = ${tasks.id} and td.document_id = ${documentId})`,
  ) as SQL;
}

/** Every filter of the task board, as one SQL condition within the caller's scope. */
export function listCondition(actor: Actor, query: Omit<TaskListQuery, 'page' | 'pageSize' | 'sort'>, asOf: string): SQL {
  const words = searchWords(query.q ?? '');
  return and(
    taskScopeCondition(actor),
    ...words.map((w) => like(tasks.searchText, `%${escapeLike(w)}%`)),
    query.unitId ? namesUnit(query.unitId, query.unitRole) : undefined,
    query.groupId
      ? sql`exists (select 1 from ${taskUnitGroups} tg where tg.task_id = ${tasks.id} and tg.group_id = ${query.groupId}${query.unitRole ? sql` and tg.role = ${query.unitRole}` : sql``})`
      : undefined,
    query.mine === '1' ? namesUnit(actor.unitId) : undefined,
    query.status?.length ? inArray(statusSql(asOf), query.status) : undefined,
    query.documentId ? assignedBy(query.documentId) : undefined,
    query.section ? eq(tasks.section, query.section) : undefined,
    query.dueFrom ? gte(tasks.dueOn, query.dueFrom) : undefined,
    query.dueTo ? lte(tasks.dueOn, query.dueTo) : undefined,
    query.tag ? sql`${query.tag} = any(${tasks.tags})` : undefined,
    query.needsReview === '1' ? sql`(${tasks.deadline}->>'needsReview')::boolean` : undefined,
  ) as SQL;
}

export function taskOrder(sort: TaskListQuery['sort']) {
  return sort === 'due'
    ? [sql`${tasks.dueOn} asc nulls last`, asc(tasks.position), asc(tasks.id)]
    : [asc(tasks.documentId), asc(tasks.position), asc(tasks.code), asc(tasks.createdAt), asc(tasks.id)];
}

export async function listTasks(db: Db, actor: Actor, query: TaskListQuery) {
  const asOf = query.asOf ?? today();
  const where = listCondition(actor, query, asOf);
  const [rows, [total]] = await readAll(
    db,
    () =>
      db
        .select()
        .from(tasks)
        .where(where)
        .orderBy(...taskOrder(query.sort))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
    () => db.select({ n: count() }).from(tasks).where(where),
  );
  return { items: await toSummaries(db, actor, rows, asOf), total: total?.n ?? 0 };
}

/** The sections and tags in use, for the board's filters. */
export async function taskFacets(db: Db, actor: Actor) {
  const scope = taskScopeCondition(actor);
  const [sections, tags] = await readAll(
    db,
    () =>
      db
        .selectDistinct({ v: tasks.section })
        .from(tasks)
        .where(and(scope, sql`${tasks.section} <> ''`))
        .orderBy(tasks.section),
    () => db.execute(sql`select distinct unnest(${tasks.tags}) as v from ${tasks} where ${scope} order by 1`),
  );
  return {
    sections: sections.map((s) => s.v),
    tags: (tags as unknown as { rows: { v: string }[] }).rows.map((r) => r.v),
  };
}

/**
 * Evidence is readable by everyone who sees its task: the coordinator, the lead unit and
 * the support units that merge or follow it.
 */
export const taskFileGrant: FileGrant = async (db, actor, fileId) => {
  const [row] = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(
      and(
        taskScopeCondition(actor),
        or(
          sql`${fileId}::uuid = any(${tasks.doneFileIds})`,
          sql`exists (select 1 from ${taskUpdates} up where up.task_id = ${tasks.id} and ${fileId}::uuid = any(up.file_ids))`,
        ),
      ),
    )
    .limit(1);
  return Boolean(row);
};
