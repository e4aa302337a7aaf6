import { and, count, desc, eq, exists, inArray, or, type SQL } from 'drizzle-orm';
import type { DocumentRef } from '#common/contracts/documents.ts';
import type { TaskLink, TaskLinkListQuery } from '#common/contracts/links.ts';
import type { LinkedTask } from '#common/contracts/tasks.ts';
import { hasPermission } from '#common/permissions.ts';
import { type Db, readAll } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { notFound } from '../../kernel/errors.ts';
import { documentRefColumns, documents } from '../documents/documents.table.ts';
import { taskScopeCondition, today, toSummaries } from '../tasks/tasks.queries.ts';
import { taskDocuments, taskLinks, tasks } from '../tasks/tasks.table.ts';
import { users } from '../users/users.table.ts';

type LinkRow = typeof taskLinks.$inferSelect;

/** Both tasks of a link are in the caller's scope: nobody learns of another unit's task through a link. */
export function linkScopeCondition(db: Db, actor: Actor): SQL {
  const scoped = (end: typeof taskLinks.taskId | typeof taskLinks.otherTaskId) =>
    exists(
      db
        .select({ one: tasks.id })
        .from(tasks)
        .where(and(eq(tasks.id, end), taskScopeCondition(actor))),
    );
  return and(eq(taskLinks.provinceId, actor.provinceId), scoped(taskLinks.taskId), scoped(taskLinks.otherTaskId)) as SQL;
}

/** Links with both tasks as lists show them. */
async function toTaskLinks(db: Db, actor: Actor, rows: readonly { link: LinkRow; decidedByName: string | null }[]): Promise<TaskLink[]> {
  const ids = [...new Set(rows.flatMap(({ link }) => [link.taskId, link.otherTaskId]))];
  const taskRows = ids.length ? await db.select().from(tasks).where(inArray(tasks.id, ids)) : [];
  const summaries = new Map((await toSummaries(db, actor, taskRows, today())).map((s) => [s.id, s]));
  return rows.flatMap(({ link, decidedByName }) => {
    const task = summaries.get(link.taskId);
    const otherTask = summaries.get(link.otherTaskId);
    if (!task || !otherTask) return [];
    return [
      {
        id: link.id,
        state: link.state as TaskLink['state'],
        similarity: link.similarity,
        proposedAt: link.proposedAt.toISOString(),
        decidedAt: link.decidedAt?.toISOString() ?? null,
        decidedByName,
        task,
        otherTask,
      },
    ];
  });
}

/** The coordinator's list: proposals waiting (by default), most alike first. */
export async function listLinks(db: Db, actor: Actor, query: TaskLinkListQuery) {
  const where = and(eq(taskLinks.state, query.state), linkScopeCondition(db, actor));
  const [rows, [total]] = await readAll(
    db,
    () =>
      db
        .select({ link: taskLinks, decidedByName: users.fullName })
        .from(taskLinks)
        .leftJoin(users, eq(users.id, taskLinks.decidedBy))
        .where(where)
        .orderBy(desc(taskLinks.similarity), desc(taskLinks.proposedAt), taskLinks.id)
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
    () => db.select({ n: count() }).from(taskLinks).where(where),
  );
  return { items: await toTaskLinks(db, actor, rows), total: total?.n ?? 0 };
}

/** One link the caller may see, or a 404 that does not reveal whether it exists. */
export async function getLink(db: Db, actor: Actor, id: string): Promise<TaskLink> {
  const rows = await db
    .select({ link: taskLinks, decidedByName: users.fullName })
    .from(taskLinks)
    .leftJoin(users, eq(users.id, taskLinks.decidedBy))
    .where(and(eq(taskLinks.id, id), linkScopeCondition(db, actor)));
  const [link] = await toTaskLinks(db, actor, rows);
  if (!link) throw notFound('đề xuất liên kết');
  return link;
}

export interface LinksOfTask {
  /** the other tasks of its confirmed links, and (for those who decide) of its proposals, in scope */
  linked: LinkedTask[];
  /** the confirmed linked tasks the caller sees: their updates are this task's progress too */
  confirmedInScope: string[];
  /** the assigning documents of every confirmed linked task, in scope or not: documents are the province's */
  documents: DocumentRef[];
}

/**
 * What a task page shows of the task's links (DESIGN.md rule 8): a confirmed link makes one
 * task of several plans, with all their assigning documents and one shared progress.
 */
export async function linksOfTask(db: Db, actor: Actor, taskId: string): Promise<LinksOfTask> {
  const states = hasPermission(actor.role, 'manage:task') ? ['confirmed', 'proposed'] : ['confirmed'];
  const rows = await db
    .select()
    .from(taskLinks)
    .where(and(or(eq(taskLinks.taskId, taskId), eq(taskLinks.otherTaskId, taskId)), inArray(taskLinks.state, states)))
    .orderBy(desc(taskLinks.similarity));
  if (!rows.length) return { linked: [], confirmedInScope: [], documents: [] };
  const otherOf = (l: LinkRow) => (l.taskId === taskId ? l.otherTaskId : l.taskId);
  const confirmed = rows.filter((l) => l.state === 'confirmed').map(otherOf);
  const [visible, docs] = await readAll(
    db,
    () =>
      db
        .select()
        .from(tasks)
        .where(and(inArray(tasks.id, rows.map(otherOf)), taskScopeCondition(actor))),
    () =>
      confirmed.length
        ? db
            .selectDistinct(documentRefColumns)
            .from(taskDocuments)
            .innerJoin(documents, eq(documents.id, taskDocuments.documentId))
            .where(inArray(taskDocuments.taskId, confirmed))
        : Promise.resolve([] as DocumentRef[]),
  );
  const summaries = new Map((await toSummaries(db, actor, visible, today())).map((s) => [s.id, s]));
  const linked = rows.flatMap((l) => {
    const task = summaries.get(otherOf(l));
    return task ? [{ task, state: l.state as LinkedTask['state'], linkId: l.id, similarity: l.similarity }] : [];
  });
  return {
    linked,
    confirmedInScope: confirmed.filter((id) => summaries.has(id)),
    documents: docs,
  };
}

/** A task's documents and its linked tasks' documents, each once, oldest first (undated last). */
export function mergeDocuments(own: DocumentRef[], linked: readonly DocumentRef[]): DocumentRef[] {
  if (!linked.length) return own;
  const byId = new Map<string, DocumentRef>();
  for (const d of [...own, ...linked]) if (!byId.has(d.id)) byId.set(d.id, d);
  return [...byId.values()].sort((a, b) =>
    a.issuedOn === b.issuedOn ? a.symbol.localeCompare(b.symbol) : !a.issuedOn ? 1 : !b.issuedOn ? -1 : a.issuedOn < b.issuedOn ? -1 : 1,
  );
}
