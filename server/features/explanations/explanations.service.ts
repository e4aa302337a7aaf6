import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Explanation } from '#common/contracts/reporting.ts';
import { formatDate, now, vietnamDay } from '#common/domain/iso-date.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { AppError, conflict, notFound } from '../../kernel/errors.ts';
import { files } from '../../kernel/files/files.table.ts';
import { workingCalendarFor } from '../calendar/calendar.service.ts';
import { documents } from '../documents/documents.table.ts';
import { recordReminder } from '../reminders/reminders.service.ts';
import { unitsInScope } from '../reporting/periods.service.ts';
import { recordTaskChange } from '../tasks/task-events.ts';
import { seesWholeProvince } from '../tasks/tasks.policy.ts';
import { reachedUnitsOf, requireTask, statusSql, today } from '../tasks/tasks.queries.ts';
import { checkFiles } from '../tasks/tasks.service.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';
import { explanations } from './explanations.table.ts';

type Row = typeof explanations.$inferSelect;

/**
 * A leader (or the coordinator) asks the lead units of an overdue task to explain. Each lead
 * unit (group phrases reach each member) gets its own request, a notification and a mail
 * (through the reminders' sent-log, so a restart never mails twice), due in N working days.
 */
export async function requestExplanation(
  db: Db,
  actor: Actor,
  taskId: string,
  input: { question: string; dueInWorkingDays: number },
  requestId?: string,
) {
  const asOf = today();
  const calendar = await workingCalendarFor(db, actor.provinceId, [Number(asOf.slice(0, 4)), Number(asOf.slice(0, 4)) + 1]);
  const dueOn = calendar.addWorkingDays(asOf, input.dueInWorkingDays);
  await db.transaction(async (tx) => {
    const task = await requireTask(tx, actor, taskId);
    const [state] = await tx
      .select({ status: statusSql(asOf) })
      .from(tasks)
      .where(eq(tasks.id, taskId));
    if (state?.status !== 'in_progress_overdue')
      throw new AppError('CONFLICT', 'Chỉ yêu cầu giải trình với nhiệm vụ đang quá hạn. Nhiệm vụ này không quá hạn.');
    const leads = (await reachedUnitsOf(tx, [taskId])).filter((u) => u.role === 'lead');
    const open = await tx
      .select({ unitId: explanations.unitId })
      .from(explanations)
      .where(and(eq(explanations.taskId, taskId), eq(explanations.state, 'open')));
    const asked = leads.filter((u) => !open.some((o) => o.unitId === u.unitId));
    if (!asked.length) throw new AppError('CONFLICT', 'Đơn vị chủ trì đang có yêu cầu giải trình chưa trả lời cho nhiệm vụ này.');
    const rows = await tx
      .insert(explanations)
      .values(
        asked.map((u) => ({
          provinceId: task.provinceId,
          taskId,
          unitId: u.unitId,
          question: input.question,
          dueOn,
          requestedBy: actor.userId,
        })),
      )
      .returning();
    for (const row of rows) {
      await recordReminder(tx, {
        task,
        unitId: row.unitId,
        kind: 'explanation',
        occasion: `explanation:${row.id}`,
        message: `${input.question} (hạn giải trình ${formatDate(dueOn)})`,
        title: 'Yêu cầu giải trình nhiệm vụ quá hạn',
        body: `${actor.fullName}: ${input.question}`,
        sentBy: actor.userId,
        mail: true,
      });
    }
    await recordTaskChange(
      tx,
      actor,
      task,
      {
        action: 'explanation.request',
        summary: `Yêu cầu ${asked.map((u) => u.shortName).join(', ')} giải trình (hạn ${formatDate(dueOn)}): ${input.question}`,
        entity: 'explanation',
        entityId: rows[0]?.id ?? null,
        after: { question: input.question, dueOn, unitIds: asked.map((u) => u.unitId) },
      },
      requestId,
    );
  });
  return listExplanations(db, actor, { taskId });
}

/** A unit sees the requests made to it (or to a unit below it); province-wide roles see all. */
function visibleTo(actor: Actor): SQL | undefined {
  return seesWholeProvince(actor) ? undefined : sql`${explanations.unitId} in ${unitsInScope(actor)}`;
}

/** Open and answered requests the caller sees: all of the province, or those to their units. */
export async function listExplanations(
  db: Db,
  actor: Actor,
  query: { state?: 'open' | 'answered'; taskId?: string },
): Promise<Explanation[]> {
  const conditions: (SQL | undefined)[] = [
    eq(explanations.provinceId, actor.provinceId),
    query.state ? eq(explanations.state, query.state) : undefined,
    query.taskId ? eq(explanations.taskId, query.taskId) : undefined,
    visibleTo(actor),
  ];
  const requester = sql<string>`(select full_name from ${users} where id = ${explanations.requestedBy})`;
  const answerer = sql<string | null>`(select full_name from ${users} where id = ${explanations.answeredBy})`;
  const rows = await db
    .select({
      row: explanations,
      task: { id: tasks.id, code: tasks.code, content: tasks.content },
      symbol: sql<string>`coalesce(${documents.symbol}, '')`,
      unit: { id: units.id, name: units.name, shortName: units.shortName },
      requester,
      answerer,
    })
    .from(explanations)
    .innerJoin(tasks, eq(tasks.id, explanations.taskId))
    .innerJoin(units, eq(units.id, explanations.unitId))
    .leftJoin(documents, eq(documents.id, tasks.documentId))
    .where(and(...conditions))
    .orderBy(sql`${explanations.state} = 'answered'`, desc(explanations.requestedAt))
    .limit(500);
  const fileIds = [...new Set(rows.flatMap((r) => r.row.fileIds))];
  const stored = fileIds.length ? await db.select().from(files).where(inArray(files.id, fileIds)) : [];
  const fileOf = new Map(stored.map((f) => [f.id, { id: f.id, name: f.name, size: f.size, mime: f.mime, sha256: f.sha256 }]));
  return rows.map(({ row, task, symbol, unit, requester, answerer }) => ({
    id: row.id,
    task: { ...task, documentSymbol: symbol },
    unit,
    question: row.question,
    dueOn: row.dueOn,
    requestedByName: requester,
    requestedAt: row.requestedAt.toISOString(),
    state: row.state as 'open' | 'answered',
    answer: row.answer,
    files: row.fileIds.flatMap((id) => fileOf.get(id) ?? []),
    answeredByName: answerer,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    version: row.version,
  }));
}

/** An explanation request the caller may see, or a 404: the unit asked (and the units above it) or a province-wide role. */
export async function requireExplanation(db: Db, actor: Actor, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(explanations)
    .where(and(eq(explanations.id, id), eq(explanations.provinceId, actor.provinceId), visibleTo(actor)));
  if (!row) throw notFound('yêu cầu giải trình');
  return row;
}

/** The unit asked answers, once, with text and at least one evidence file of its own. */
export async function answerExplanation(
  db: Db,
  actor: Actor,
  id: string,
  input: { version: number; answer: string; fileIds: string[] },
  requestId?: string,
) {
  const taskId = await db.transaction(async (tx) => {
    const before = await requireExplanation(tx, actor, id);
    if (before.unitId !== actor.unitId) throw new AppError('FORBIDDEN', 'Chỉ đơn vị được yêu cầu mới giải trình.');
    if (before.state !== 'open') throw new AppError('CONFLICT', 'Yêu cầu này đã được giải trình. Hãy tải lại trang.');
    if (before.version !== input.version) throw conflict();
    const task = await requireTask(tx, actor, before.taskId);
    await checkFiles(tx, actor, input.fileIds);
    const [after] = await tx
      .update(explanations)
      .set({
        state: 'answered',
        answer: input.answer,
        fileIds: input.fileIds,
        answeredBy: actor.userId,
        answeredAt: now(),
        version: before.version + 1,
      })
      .where(and(eq(explanations.id, id), eq(explanations.version, before.version)))
      .returning();
    if (!after) throw conflict();
    await recordTaskChange(
      tx,
      actor,
      task,
      {
        action: 'explanation.answer',
        summary: `Giải trình việc chậm thực hiện (${vietnamDay() > before.dueOn ? 'quá hạn giải trình' : 'đúng hạn'}): ${input.answer}`,
        entity: 'explanation',
        entityId: id,
        before: { state: before.state } satisfies Partial<Row>,
        after: { state: after.state, answer: input.answer, fileIds: input.fileIds },
      },
      requestId,
    );
    return before.taskId;
  });
  return listExplanations(db, actor, { taskId });
}
