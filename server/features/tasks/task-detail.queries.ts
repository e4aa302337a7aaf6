import { aliasedTable, and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { StoredFile } from '#common/contracts/files.ts';
import type { DeadlineAdjustment, MyWork, Task, TaskUpdate } from '#common/contracts/tasks.ts';
import { addDays, vietnamDay } from '#common/domain/iso-date.ts';
import { currentPeriod, monthlyPeriod } from '#common/domain/period.ts';
import { judgeReports } from '#common/domain/status.ts';
import { type Db, readAll } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { files } from '../../kernel/files/files.table.ts';
import { documentRefColumns, documents } from '../documents/documents.table.ts';
import { linksOfTask, mergeDocuments } from '../links/links.queries.ts';
import { units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';
import { seesWholeProvince } from './tasks.policy.ts';
import {
  listCondition,
  namesUnit,
  requireTask,
  statusSql,
  type TaskRow,
  taskOrder,
  taskScopeCondition,
  today,
  toSummaries,
} from './tasks.queries.ts';
import { deadlineAdjustments, taskEvents, tasks, taskUpdateRevisions, taskUpdates } from './tasks.table.ts';

async function filesById(db: Db, ids: readonly string[]): Promise<Map<string, StoredFile>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select()
    .from(files)
    .where(inArray(files.id, [...ids]));
  return new Map(rows.map((f) => [f.id, { id: f.id, name: f.name, size: f.size, mime: f.mime, sha256: f.sha256 }]));
}

/** The updates of some tasks with their units, files and revision history. */
export async function updatesOf(db: Db, where: ReturnType<typeof and>): Promise<TaskUpdate[]> {
  const submitter = aliasedTable(users, 'submitter');
  const rows = await db
    .select({ u: taskUpdates, unitName: units.name, unitShort: units.shortName, by: submitter.fullName })
    .from(taskUpdates)
    .innerJoin(units, eq(units.id, taskUpdates.unitId))
    .leftJoin(submitter, eq(submitter.id, taskUpdates.submittedBy))
    .where(where)
    .orderBy(desc(taskUpdates.period), taskUpdates.role, units.name);
  if (!rows.length) return [];
  const revisions = await db
    .select({ r: taskUpdateRevisions, actorName: users.fullName })
    .from(taskUpdateRevisions)
    .leftJoin(users, eq(users.id, taskUpdateRevisions.actorId))
    .where(
      inArray(
        taskUpdateRevisions.updateId,
        rows.map((r) => r.u.id),
      ),
    )
    .orderBy(taskUpdateRevisions.at);
  const fileMap = await filesById(
    db,
    rows.flatMap((r) => r.u.fileIds),
  );
  return rows.map(({ u, unitName, unitShort, by }) => ({
    id: u.id,
    taskId: u.taskId,
    unit: { id: u.unitId, name: unitName, shortName: unitShort },
    role: u.role as TaskUpdate['role'],
    period: u.period,
    periodLabel: monthlyPeriod(u.period)?.label ?? u.period,
    claim: u.claim as TaskUpdate['claim'],
    percent: u.percent,
    result: u.result,
    obstacles: u.obstacles,
    proposals: u.proposals,
    files: u.fileIds.flatMap((id) => fileMap.get(id) ?? []),
    mergedIds: u.mergedIds,
    state: u.state as TaskUpdate['state'],
    reviewComment: u.reviewComment,
    submittedByName: by ?? '',
    submittedAt: u.submittedAt.toISOString(),
    reviewedAt: u.reviewedAt?.toISOString() ?? null,
    revision: u.revision,
    revisions: revisions
      .filter(({ r }) => r.updateId === u.id)
      .map(({ r, actorName }) => ({
        revision: r.revision,
        action: r.action as TaskUpdate['state'],
        comment: r.comment,
        actorName: actorName ?? '',
        at: r.at.toISOString(),
        snapshot: r.snapshot as TaskUpdate['revisions'][number]['snapshot'],
      })),
    version: u.version,
  }));
}

async function adjustmentsOf(db: Db, taskId: string): Promise<DeadlineAdjustment[]> {
  const requester = aliasedTable(users, 'requester');
  const decider = aliasedTable(users, 'decider');
  const rows = await db
    .select({
      a: deadlineAdjustments,
      unitName: units.name,
      unitShort: units.shortName,
      by: requester.fullName,
      decidedByName: decider.fullName,
    })
    .from(deadlineAdjustments)
    .leftJoin(units, eq(units.id, deadlineAdjustments.unitId))
    .leftJoin(requester, eq(requester.id, deadlineAdjustments.requestedBy))
    .leftJoin(decider, eq(decider.id, deadlineAdjustments.decidedBy))
    .where(eq(deadlineAdjustments.taskId, taskId))
    .orderBy(deadlineAdjustments.requestedAt);
  return rows.map(({ a, unitName, unitShort, by, decidedByName }) => ({
    id: a.id,
    state: a.state as DeadlineAdjustment['state'],
    fromDeadline: a.fromDeadline,
    toDeadline: a.toDeadline,
    reason: a.reason,
    unit: a.unitId && unitName ? { id: a.unitId, name: unitName, shortName: unitShort ?? unitName } : null,
    requestedByName: by ?? '',
    requestedAt: a.requestedAt.toISOString(),
    decidedByName: decidedByName ?? null,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    decisionNote: a.decisionNote,
    decidingSymbol: a.decidingSymbol,
    decidingDate: a.decidingDate,
  }));
}

/** The whole task page: the "5 rõ", units, documents, children, adjustments, updates. */
export async function getTask(db: Db, actor: Actor, id: string): Promise<Task> {
  const row = await requireTask(db, actor, id);
  const asOf = today();
  const children = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.parentId, id), taskScopeCondition(actor)))
    .orderBy(...taskOrder('document'));
  // A confirmed link makes one task of several plans (DESIGN.md rule 8): its assigning
  // documents are all of theirs, and its progress is theirs too.
  const links = await linksOfTask(db, actor, id);
  const [[summary, ...childSummaries], adjustments, updates, [document], doneFiles] = await readAll(
    db,
    () => toSummaries(db, actor, [row, ...children], asOf),
    () => adjustmentsOf(db, id),
    () =>
      updatesOf(
        db,
        links.confirmedInScope.length ? inArray(taskUpdates.taskId, [id, ...links.confirmedInScope]) : eq(taskUpdates.taskId, id),
      ),
    () => (row.documentId ? db.select(documentRefColumns).from(documents).where(eq(documents.id, row.documentId)) : Promise.resolve([])),
    () => filesById(db, row.doneFileIds),
  );
  if (!summary) throw new Error('summary missing');
  const period = currentPeriod(asOf);
  // A recurring duty is judged per occurrence by the days its lead unit reported.
  // A lead update reports for its period (due on the 20th of its month), counted from its
  // first submission: a report returned and corrected was still filed when first sent.
  // Each task of a linked group keeps its own occurrences: its lead unit reports on it.
  const reports = updates
    .filter((u) => u.role === 'lead' && u.taskId === id)
    .map((u) => ({
      forDay: monthlyPeriod(u.period)?.due ?? u.period,
      filedOn: vietnamDay(new Date(u.revisions.find((r) => r.action === 'submitted')?.at ?? u.submittedAt)),
    }));
  const from = row.deadline.start ?? vietnamDay(row.createdAt);
  return {
    ...summary,
    documents: mergeDocuments(summary.documents, links.documents),
    leadText: row.leadText,
    supportText: row.supportText,
    document: document ?? null,
    children: childSummaries,
    adjustments,
    updates,
    doneFiles: row.doneFileIds.flatMap((f) => doneFiles.get(f) ?? []),
    doneNote: row.doneNote,
    occurrences: judgeReports(row.deadline, reports, { from, to: period.due, asOf }),
    currentPeriod: { key: period.key, label: period.label, start: period.start, end: period.end, due: period.due },
    linked: links.linked,
  };
}

export async function taskTimeline(db: Db, actor: Actor, id: string) {
  await requireTask(db, actor, id);
  const rows = await db
    .select({ e: taskEvents, unitName: units.shortName })
    .from(taskEvents)
    .leftJoin(units, eq(units.id, taskEvents.unitId))
    .where(eq(taskEvents.taskId, id))
    .orderBy(desc(taskEvents.at), desc(taskEvents.id));
  return rows.map(({ e, unitName }) => ({
    id: e.id,
    kind: e.kind,
    summary: e.summary,
    actorName: e.actorName,
    unitName: unitName ?? null,
    at: e.at.toISOString(),
  }));
}

const LIMIT = 100;
const DUE_SOON_DAYS = 14;

/**
 * "Việc của tôi": for a unit, its overdue and soon-due tasks, what it still has to report
 * this period and its returned updates; for coordinators, what waits for their review.
 */
export async function myWork(db: Db, actor: Actor): Promise<MyWork> {
  const asOf = today();
  const period = currentPeriod(asOf);
  const provinceWide = seesWholeProvince(actor);
  const base = { mine: provinceWide ? undefined : ('1' as const) };
  const open = sql`${tasks.state} in ('open', 'done_proposed')`;
  const pick = (where: ReturnType<typeof and>) =>
    db
      .select()
      .from(tasks)
      .where(where)
      .orderBy(...taskOrder('due'))
      .limit(LIMIT);
  const asLead = namesUnit(actor.unitId, 'lead');
  const [overdue, dueSoon, toReport] = await readAll(
    db,
    () => pick(and(listCondition(actor, { ...base, status: ['in_progress_overdue'] }, asOf), provinceWide ? undefined : asLead)),
    () =>
      pick(
        and(
          listCondition(actor, { ...base, dueFrom: asOf, dueTo: addDays(asOf, DUE_SOON_DAYS) }, asOf),
          eq(tasks.state, 'open'),
          provinceWide ? undefined : asLead,
        ),
      ),
    () =>
      provinceWide
        ? Promise.resolve([] as TaskRow[])
        : pick(
            and(
              listCondition(actor, base, asOf),
              open,
              sql`${statusSql(asOf)} not in ('done_on_time', 'done_late', 'cancelled', 'paused')`,
              sql`not exists (select 1 from ${taskUpdates} up where up.task_id = ${tasks.id} and up.unit_id = ${actor.unitId} and up.period = ${period.key})`,
            ),
          ),
  );
  const returnedUpdates = provinceWide
    ? []
    : await updatesOf(db, and(eq(taskUpdates.unitId, actor.unitId), eq(taskUpdates.state, 'returned')));
  const toReviewRows = provinceWide && actor.role === 'coordinator' ? await waitingForReview(db, actor) : [];

  const needed = new Map<string, TaskRow>();
  const returnedTasks = returnedUpdates.length
    ? await db
        .select()
        .from(tasks)
        .where(
          and(
            taskScopeCondition(actor),
            inArray(
              tasks.id,
              returnedUpdates.map((u) => u.taskId),
            ),
          ),
        )
    : [];
  for (const t of [...overdue, ...dueSoon, ...toReport, ...returnedTasks, ...toReviewRows.map((r) => r.task)]) needed.set(t.id, t);
  const summaries = new Map((await toSummaries(db, actor, [...needed.values()], asOf)).map((s) => [s.id, s]));
  const get = (t: TaskRow) => summaries.get(t.id) as NonNullable<ReturnType<typeof summaries.get>>;
  return {
    period: { key: period.key, label: period.label, due: period.due },
    overdue: overdue.map(get),
    dueSoon: dueSoon.map(get),
    toReport: toReport.map(get),
    returned: returnedUpdates.flatMap((update) => {
      const task = summaries.get(update.taskId);
      return task ? [{ task, update }] : [];
    }),
    toReview: toReviewRows.map((r) => ({ task: get(r.task), kind: r.kind, at: r.at })),
  };
}

/** Submitted updates, adjustment requests and proposals of completion, oldest first. */
async function waitingForReview(db: Db, actor: Actor) {
  const scope = taskScopeCondition(actor);
  const [updates, adjustments, proposals] = await readAll(
    db,
    () =>
      db
        .select({ task: tasks, at: taskUpdates.submittedAt })
        .from(taskUpdates)
        .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
        .where(and(scope, eq(taskUpdates.state, 'submitted')))
        .limit(LIMIT),
    () =>
      db
        .select({ task: tasks, at: deadlineAdjustments.requestedAt })
        .from(deadlineAdjustments)
        .innerJoin(tasks, eq(tasks.id, deadlineAdjustments.taskId))
        .where(and(scope, eq(deadlineAdjustments.state, 'requested')))
        .limit(LIMIT),
    () =>
      db
        .select({ task: tasks, at: tasks.updatedAt })
        .from(tasks)
        .where(and(scope, eq(tasks.state, 'done_proposed')))
        .limit(LIMIT),
  );
  return [
    ...updates.map((r) => ({ task: r.task, kind: 'update' as const, at: r.at })),
    ...adjustments.map((r) => ({ task: r.task, kind: 'adjustment' as const, at: r.at })),
    ...proposals.map((r) => ({ task: r.task, kind: 'done' as const, at: r.at })),
  ]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((r) => ({ ...r, at: r.at.toISOString() }));
}
