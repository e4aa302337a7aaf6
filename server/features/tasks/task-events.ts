import type { AuditAction, AuditEntity } from '#common/domain/audit.ts';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { taskEvents } from './tasks.table.ts';

export interface TaskChange {
  /** the audit action, and the kind of the timeline line */
  action: AuditAction;
  /** the timeline's sentence, in Vietnamese */
  summary: string;
  /** the audited record when it is not the task itself (an update, an adjustment) */
  entity?: AuditEntity;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Records one change of a task inside the caller's transaction: a line on the task's
 * timeline, for the people of the task, and the audit record, for the auditor. `actor`
 * null means the system (the reminder job).
 */
export async function recordTaskChange(
  tx: Db,
  actor: Actor | null,
  task: { id: string; provinceId: string },
  change: TaskChange,
  requestId?: string,
) {
  await tx.insert(taskEvents).values({
    provinceId: task.provinceId,
    taskId: task.id,
    kind: change.action,
    summary: change.summary,
    detail: change.after ?? null,
    actorId: actor?.userId ?? null,
    actorName: actor?.fullName ?? 'Hệ thống',
    unitId: actor?.unitId ?? null,
  });
  await appendAudit(
    tx,
    actor,
    {
      action: change.action,
      entity: change.entity ?? 'task',
      entityId: change.entityId ?? task.id,
      before: change.before,
      after: change.after,
      provinceId: task.provinceId,
    },
    requestId,
  );
}
