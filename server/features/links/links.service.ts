import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import type { TaskLink } from '#common/contracts/links.ts';
import { type Db, readAll } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { documents } from '../documents/documents.table.ts';
import { recordTaskChange } from '../tasks/task-events.ts';
import { requireTask } from '../tasks/tasks.queries.ts';
import { taskDocuments, taskLinks, tasks } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import { getLink } from './links.queries.ts';
import { appendixOf, LINK_THRESHOLD, provinceStopPhrase, similarity, type Wording, wordingOf } from './links.similarity.ts';

interface Candidate {
  id: string;
  documentId: string | null;
  code: string;
  parentId: string | null;
  linkGroupId: string | null;
  wording: Wording;
  /** assigning documents, loaded only for tasks without a plan of their own */
  assigning: Set<string>;
}

/**
 * Two tasks come from the same list of tasks, where each row is distinct work by construction:
 * the same plan and the same appendix of it (004 Phụ lục I and II are separate lists, and the
 * same work appears in both); for tasks typed in without a plan, the same assigning document.
 */
export function sameSource(
  a: Pick<Candidate, 'documentId' | 'code' | 'assigning'>,
  b: Pick<Candidate, 'documentId' | 'code' | 'assigning'>,
): boolean {
  if (a.documentId && b.documentId) return a.documentId === b.documentId && appendixOf(a.code) === appendixOf(b.code);
  if (a.documentId || b.documentId) return false;
  for (const d of a.assigning) if (b.assigning.has(d)) return true;
  return false;
}

async function provinceStop(tx: Db, provinceId: string): Promise<string[]> {
  const [province] = await tx.select({ name: units.name }).from(units).where(eq(units.id, provinceId));
  return province ? provinceStopPhrase(province.name) : [];
}

/** Every task of the province, ready to compare. */
async function candidatesOf(tx: Db, provinceId: string): Promise<Candidate[]> {
  const [rows, stop] = await readAll(
    tx,
    () =>
      tx
        .select({
          id: tasks.id,
          documentId: tasks.documentId,
          code: tasks.code,
          parentId: tasks.parentId,
          linkGroupId: tasks.linkGroupId,
          content: tasks.content,
          deliverable: tasks.deliverable,
        })
        .from(tasks)
        .where(eq(tasks.provinceId, provinceId)),
    () => provinceStop(tx, provinceId),
  );
  const planless = rows.filter((r) => !r.documentId).map((r) => r.id);
  const assigning = planless.length
    ? await tx
        .select({ taskId: taskDocuments.taskId, documentId: taskDocuments.documentId })
        .from(taskDocuments)
        .innerJoin(tasks, eq(tasks.id, taskDocuments.taskId))
        .where(and(eq(tasks.provinceId, provinceId), isNull(tasks.documentId)))
    : [];
  return rows.map((r) => ({
    id: r.id,
    documentId: r.documentId,
    code: r.code,
    parentId: r.parentId,
    linkGroupId: r.linkGroupId,
    wording: wordingOf(r, stop),
    assigning: new Set(assigning.filter((a) => a.taskId === r.id).map((a) => a.documentId)),
  }));
}

/** Tasks sharing at least one distinctive word (of content, or of specific deliverables): the only pairs that can score. */
function sharingWords(all: readonly Candidate[]) {
  const index = new Map<string, number[]>();
  const add = (word: string, i: number) => {
    const list = index.get(word);
    if (list) list.push(i);
    else index.set(word, [i]);
  };
  all.forEach((c, i) => {
    for (const w of c.wording.content) add(`c:${w}`, i);
    for (const w of c.wording.deliverable ?? []) add(`d:${w}`, i);
  });
  return (c: Candidate): Set<number> => {
    const found = new Set<number>();
    for (const w of c.wording.content) for (const i of index.get(`c:${w}`) ?? []) found.add(i);
    for (const w of c.wording.deliverable ?? []) for (const i of index.get(`d:${w}`) ?? []) found.add(i);
    return found;
  };
}

/**
 * Proposes links between the given tasks and tasks of OTHER documents that are the same
 * work (DESIGN.md rule 8), by similarity of their normalised text; returns how many new
 * proposals were recorded. Call it inside the transaction that created or changed the tasks.
 *
 * A pair is proposed when its similarity (links.similarity.ts) reaches LINK_THRESHOLD, the two
 * do not come from the same list of tasks (`sameSource`), neither is the other's parent, and
 * they are not already one linked task. A pair is recorded once: a proposed, confirmed or
 * rejected pair is never proposed again.
 */
export async function proposeLinks(tx: Db, actor: Actor, taskIds: readonly string[]): Promise<number> {
  const wanted = new Set(taskIds);
  if (!wanted.size) return 0;
  const all = await candidatesOf(tx, actor.provinceId);
  const near = sharingWords(all);
  const pairs = new Map<string, { taskId: string; otherTaskId: string; similarity: number }>();
  for (const a of all) {
    if (!wanted.has(a.id)) continue;
    for (const i of near(a)) {
      const b = all[i] as Candidate;
      if (b.id === a.id || a.parentId === b.id || b.parentId === a.id) continue;
      if (a.linkGroupId && a.linkGroupId === b.linkGroupId) continue;
      if (sameSource(a, b)) continue;
      const score = similarity(a.wording, b.wording);
      if (score < LINK_THRESHOLD) continue;
      const [taskId, otherTaskId] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
      pairs.set(`${taskId}/${otherTaskId}`, { taskId, otherTaskId, similarity: Math.round(score * 100) });
    }
  }
  if (!pairs.size) return 0;
  const inserted = await tx
    .insert(taskLinks)
    .values([...pairs.values()].map((p) => ({ ...p, provinceId: actor.provinceId })))
    .onConflictDoNothing({ target: [taskLinks.taskId, taskLinks.otherTaskId] })
    .returning({ id: taskLinks.id, taskId: taskLinks.taskId, otherTaskId: taskLinks.otherTaskId, similarity: taskLinks.similarity });
  if (inserted.length) {
    await appendAudit(tx, actor, { action: 'task-link.propose', entity: 'task_link', entityId: null, after: { proposals: inserted } });
  }
  return inserted.length;
}

/** "PL II.35 (35/KH-UBND)": how a timeline names the other task. */
async function labelsOf(tx: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await tx
    .select({ id: tasks.id, code: tasks.code, content: tasks.content, symbol: documents.symbol })
    .from(tasks)
    .leftJoin(documents, eq(documents.id, tasks.documentId))
    .where(inArray(tasks.id, [...ids]));
  return new Map(
    rows.map((r) => {
      const name = r.code || (r.content.length > 60 ? `${r.content.slice(0, 60)}…` : r.content);
      return [r.id, r.symbol ? `${name} (${r.symbol})` : name];
    }),
  );
}

const alreadyDecided = (state: string) =>
  new AppError(
    'CONFLICT',
    state === 'confirmed'
      ? 'Đề xuất này đã được xác nhận là cùng nhiệm vụ. Hãy tải lại danh sách.'
      : 'Đề xuất này đã được bỏ qua. Hãy tải lại danh sách.',
  );

/** The link, locked for the decision, with both its tasks in the caller's scope. */
async function lockProposal(tx: Db, actor: Actor, id: string) {
  const [link] = await tx
    .select()
    .from(taskLinks)
    .where(and(eq(taskLinks.id, id), eq(taskLinks.provinceId, actor.provinceId)))
    .for('update');
  if (!link) throw notFound('đề xuất liên kết');
  const [a, b] = [await requireTask(tx, actor, link.taskId), await requireTask(tx, actor, link.otherTaskId)];
  if (link.state !== 'proposed') throw alreadyDecided(link.state);
  return { link, a, b };
}

/**
 * The coordinator confirms that two tasks are the same work: both join one link group (two
 * groups merge into one), and every pair of the group is recorded as confirmed, so each task
 * shows every other as linked, with their documents and progress. One transaction, with a
 * timeline line and an audit record on every task whose group changed.
 */
export async function confirmLink(db: Db, actor: Actor, id: string, requestId?: string): Promise<TaskLink> {
  await db.transaction(async (tx) => {
    const { link, a, b } = await lockProposal(tx, actor, id);
    const groups = [a.linkGroupId, b.linkGroupId].filter((g): g is string => Boolean(g));
    const group = groups[0] ?? randomUUID();
    const members = await tx
      .select({ id: tasks.id, linkGroupId: tasks.linkGroupId, content: tasks.content, deliverable: tasks.deliverable })
      .from(tasks)
      .where(
        and(
          eq(tasks.provinceId, actor.provinceId),
          or(inArray(tasks.id, [a.id, b.id]), groups.length ? inArray(tasks.linkGroupId, groups) : undefined),
        ),
      );
    const moved = members.filter((m) => m.linkGroupId !== group);
    if (moved.length) {
      await tx
        .update(tasks)
        .set({ linkGroupId: group, updatedAt: new Date() })
        .where(
          inArray(
            tasks.id,
            moved.map((m) => m.id),
          ),
        );
    }
    // The same work is the same work: every pair of the merged group is confirmed, including a
    // pair proposed or rejected earlier, which this decision now answers.
    const stop = await provinceStop(tx, actor.provinceId);
    const wordings = new Map(members.map((m) => [m.id, wordingOf(m, stop)]));
    const now = new Date();
    const clique = members.flatMap((x, i) =>
      members.slice(i + 1).map((y) => {
        const [taskId, otherTaskId] = x.id < y.id ? [x.id, y.id] : [y.id, x.id];
        const score =
          taskId === link.taskId && otherTaskId === link.otherTaskId
            ? link.similarity / 100
            : similarity(wordings.get(x.id) as Wording, wordings.get(y.id) as Wording);
        return {
          provinceId: actor.provinceId,
          taskId,
          otherTaskId,
          similarity: Math.round(score * 100),
          state: 'confirmed',
          decidedBy: actor.userId,
          decidedAt: now,
        };
      }),
    );
    await tx
      .insert(taskLinks)
      .values(clique)
      .onConflictDoUpdate({
        target: [taskLinks.taskId, taskLinks.otherTaskId],
        set: { state: 'confirmed', decidedBy: actor.userId, decidedAt: now },
        setWhere: ne(taskLinks.state, 'confirmed'),
      });
    // Each side of the decision gains the other side: the pair's other task and its group.
    const sideOfA = new Set(
      members.filter((m) => m.id === a.id || (m.id !== b.id && a.linkGroupId && m.linkGroupId === a.linkGroupId)).map((m) => m.id),
    );
    const sideA = members.filter((m) => sideOfA.has(m.id)).map((m) => m.id);
    const sideB = members.filter((m) => !sideOfA.has(m.id)).map((m) => m.id);
    const labels = await labelsOf(
      tx,
      members.map((m) => m.id),
    );
    // Sorted, so a line reads the same whatever order the engine returned the members in.
    const names = (ids: string[]) =>
      ids
        .map((x) => labels.get(x) ?? '')
        .sort((x, y) => x.localeCompare(y, 'vi', { numeric: true }))
        .join('; ');
    const summaryFor = (taskId: string) => {
      const [decided, gained] =
        taskId === a.id ? [b.id, sideB] : taskId === b.id ? [a.id, sideA] : [null, sideOfA.has(taskId) ? sideB : sideA];
      if (!decided) return `Liên kết với ${names(gained)}: cùng nhiệm vụ tại kế hoạch khác, qua nhóm liên kết`;
      const also = gained.filter((x) => x !== decided);
      return `Xác nhận cùng nhiệm vụ với ${labels.get(decided)} tại kế hoạch khác${also.length ? `; liên kết cả với ${names(also)}` : ''}`;
    };
    for (const m of members) {
      await recordTaskChange(
        tx,
        actor,
        { id: m.id, provinceId: actor.provinceId },
        {
          action: 'task.link',
          summary: summaryFor(m.id),
          entity: 'task_link',
          entityId: link.id,
          before: { linkGroupId: m.linkGroupId },
          after: { state: 'confirmed', linkGroupId: group, taskId: link.taskId, otherTaskId: link.otherTaskId },
        },
        requestId,
      );
    }
  });
  return getLink(db, actor, id);
}

/** The coordinator says the two tasks are different work: the pair is kept, rejected, and never proposed again. */
export async function rejectLink(db: Db, actor: Actor, id: string, requestId?: string): Promise<TaskLink> {
  await db.transaction(async (tx) => {
    const { link } = await lockProposal(tx, actor, id);
    await tx.update(taskLinks).set({ state: 'rejected', decidedBy: actor.userId, decidedAt: new Date() }).where(eq(taskLinks.id, link.id));
    await appendAudit(
      tx,
      actor,
      {
        action: 'task-link.reject',
        entity: 'task_link',
        entityId: link.id,
        before: { state: link.state },
        after: { state: 'rejected', taskId: link.taskId, otherTaskId: link.otherTaskId, similarity: link.similarity },
      },
      requestId,
    );
  });
  return getLink(db, actor, id);
}

/** On demand, for one task (after an edit of its wording, or before any import ran). */
export async function proposeLinksForTask(db: Db, actor: Actor, taskId: string): Promise<{ proposed: number }> {
  const proposed = await db.transaction(async (tx) => {
    await requireTask(tx, actor, taskId);
    return proposeLinks(tx, actor, [taskId]);
  });
  return { proposed };
}
