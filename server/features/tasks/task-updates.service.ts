import { and, eq, inArray } from 'drizzle-orm';
import type { UpdateSubmit } from '#common/contracts/tasks.ts';
import { currentPeriod, monthlyPeriod } from '#common/domain/period.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { AppError, conflict } from '../../kernel/errors.ts';
import { getTask } from './task-detail.queries.ts';
import { recordTaskChange } from './task-events.ts';
import { roleIn } from './tasks.policy.ts';
import { participantsOf, requireTask, today } from './tasks.queries.ts';
import { checkFiles } from './tasks.service.ts';
import { tasks, taskUpdateRevisions, taskUpdates } from './tasks.table.ts';

type UpdateRow = typeof taskUpdates.$inferSelect;

function snapshot(u: Pick<UpdateRow, 'claim' | 'percent' | 'result' | 'obstacles' | 'proposals' | 'fileIds'>) {
  return { claim: u.claim, percent: u.percent, result: u.result, obstacles: u.obstacles, proposals: u.proposals, fileIds: u.fileIds };
}

/**
 * The caller's unit's update for one period: the lead unit's progress report, or a support
 * unit's contribution. A first submission creates it; a submitted or returned one may be
 * edited (with the loaded version) and goes back to the coordinator; an accepted one is final.
 * Every submission is kept as a revision.
 */
export async function submitUpdate(db: Db, actor: Actor, taskId: string, period: string, input: UpdateSubmit, requestId?: string) {
  await db.transaction(async (tx) => {
    const task = await requireTask(tx, actor, taskId);
    const role = roleIn(await participantsOf(tx, actor, [taskId]));
    if (!role) throw new AppError('FORBIDDEN', 'Đơn vị của bạn không chủ trì hay phối hợp nhiệm vụ này nên không báo cáo được.');
    if (task.state === 'cancelled' || task.state === 'done')
      throw new AppError('CONFLICT', 'Nhiệm vụ đã kết thúc, không nhận thêm báo cáo.');
    const reporting = monthlyPeriod(period) as NonNullable<ReturnType<typeof monthlyPeriod>>;
    if (period > currentPeriod(today()).key) {
      throw new AppError('VALIDATION_FAILED', `Chưa đến kỳ báo cáo ${reporting.label}. Hãy báo cáo cho kỳ hiện tại.`, [
        { field: 'period', message: 'Kỳ chưa đến' },
      ]);
    }
    await checkFiles(tx, actor, input.fileIds);
    if (input.mergedIds.length) {
      if (role !== 'lead') throw new AppError('FORBIDDEN', 'Chỉ cơ quan chủ trì mới gộp đóng góp của đơn vị phối hợp.');
      const merged = await tx
        .select({ id: taskUpdates.id })
        .from(taskUpdates)
        .where(
          and(
            inArray(taskUpdates.id, input.mergedIds),
            eq(taskUpdates.taskId, taskId),
            eq(taskUpdates.period, period),
            eq(taskUpdates.role, 'support'),
          ),
        );
      if (merged.length !== new Set(input.mergedIds).size) {
        throw new AppError('VALIDATION_FAILED', 'Chỉ gộp được đóng góp của đơn vị phối hợp trong cùng kỳ báo cáo.', [
          { field: 'mergedIds', message: 'Đóng góp không hợp lệ' },
        ]);
      }
    }
    const fields = {
      claim: input.claim,
      percent: input.percent,
      result: input.result,
      obstacles: input.obstacles,
      proposals: input.proposals,
      fileIds: input.fileIds,
      mergedIds: input.mergedIds,
    };
    const [existing] = await tx
      .select()
      .from(taskUpdates)
      .where(and(eq(taskUpdates.taskId, taskId), eq(taskUpdates.unitId, actor.unitId), eq(taskUpdates.period, period)));
    let row: UpdateRow | undefined;
    if (!existing) {
      // Two people of the same unit submitting at once: the unique index stops the second one.
      if (input.version !== undefined) throw conflict();
      [row] = await tx
        .insert(taskUpdates)
        .values({ ...fields, provinceId: task.provinceId, taskId, unitId: actor.unitId, role, period, submittedBy: actor.userId })
        .onConflictDoNothing()
        .returning();
      if (!row) throw conflict();
    } else {
      if (existing.state === 'accepted')
        throw new AppError('CONFLICT', `Báo cáo ${reporting.label} đã được tiếp nhận nên không sửa được nữa.`);
      if (input.version === undefined || existing.version !== input.version) throw conflict();
      [row] = await tx
        .update(taskUpdates)
        .set({
          ...fields,
          state: 'submitted',
          submittedBy: actor.userId,
          submittedAt: new Date(),
          revision: existing.revision + 1,
          version: existing.version + 1,
        })
        .where(and(eq(taskUpdates.id, existing.id), eq(taskUpdates.version, existing.version)))
        .returning();
      if (!row) throw conflict();
    }
    await tx.insert(taskUpdateRevisions).values({
      provinceId: task.provinceId,
      updateId: row.id,
      revision: row.revision,
      action: 'submitted',
      snapshot: snapshot(row),
      actorId: actor.userId,
    });
    if (role === 'lead') {
      await tx
        .update(tasks)
        .set({
          percent: input.percent,
          startedOn: task.startedOn ?? (input.claim === 'not_started' ? null : today()),
          version: task.version + 1,
          updatedAt: new Date(),
        })
        .where(eq(tasks.id, taskId));
    }
    const what = role === 'lead' ? 'báo cáo tiến độ' : 'đóng góp (đơn vị phối hợp)';
    await recordTaskChange(
      tx,
      actor,
      task,
      {
        action: 'update.submit',
        summary: `${existing ? 'Gửi lại' : 'Gửi'} ${what} ${reporting.label}: ${input.percent}%`,
        entity: 'task_update',
        entityId: row.id,
        before: existing ? snapshot(existing) : null,
        after: { taskId, period, ...fields },
      },
      requestId,
    );
  });
  return getTask(db, actor, taskId);
}

export async function reviewUpdate(
  db: Db,
  actor: Actor,
  taskId: string,
  updateId: string,
  input: { version: number; decision: 'accept' | 'return'; comment: string },
  requestId?: string,
) {
  await db.transaction(async (tx) => {
    const task = await requireTask(tx, actor, taskId);
    const [before] = await tx
      .select()
      .from(taskUpdates)
      .where(and(eq(taskUpdates.id, updateId), eq(taskUpdates.taskId, taskId)));
    if (!before) throw new AppError('NOT_FOUND', 'Không tìm thấy báo cáo này.');
    if (before.state !== 'submitted') throw new AppError('CONFLICT', 'Báo cáo này đã được xử lý. Hãy tải lại trang.');
    if (before.version !== input.version) throw conflict();
    if (input.decision === 'return' && !input.comment) {
      throw new AppError('VALIDATION_FAILED', 'Hãy ghi rõ lý do trả lại để đơn vị biết cần sửa gì.', [
        { field: 'comment', message: 'Cần nhập lý do' },
      ]);
    }
    const state = input.decision === 'accept' ? 'accepted' : 'returned';
    const [after] = await tx
      .update(taskUpdates)
      .set({ state, reviewComment: input.comment, reviewedBy: actor.userId, reviewedAt: new Date(), version: before.version + 1 })
      .where(and(eq(taskUpdates.id, updateId), eq(taskUpdates.version, before.version)))
      .returning();
    if (!after) throw conflict();
    await tx.insert(taskUpdateRevisions).values({
      provinceId: task.provinceId,
      updateId,
      revision: before.revision,
      action: state,
      snapshot: snapshot(before),
      comment: input.comment,
      actorId: actor.userId,
    });
    const label = monthlyPeriod(before.period)?.label ?? before.period;
    await recordTaskChange(
      tx,
      actor,
      task,
      {
        action: `update.${input.decision}`,
        summary: input.decision === 'accept' ? `Tiếp nhận báo cáo ${label}` : `Trả lại báo cáo ${label}: ${input.comment}`,
        entity: 'task_update',
        entityId: updateId,
        before: { state: before.state },
        after: { state, comment: input.comment },
      },
      requestId,
    );
  });
  return getTask(db, actor, taskId);
}
