import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { taskEvents } from './tasks.table.ts';

/**
 * Adds a line to a task's timeline. Call it inside the transaction of the change it
 * describes, next to appendAudit: the timeline is for the people of the task, the audit
 * log for the auditor. `actor` null means the system (the reminder job).
 */
export async function recordTaskEvent(
  tx: Db,
  actor: Actor | null,
  task: { id: string; provinceId: string },
  kind: string,
  summary: string,
  detail?: unknown,
) {
  await tx.insert(taskEvents).values({
    provinceId: task.provinceId,
    taskId: task.id,
    kind,
    summary,
    detail: detail ?? null,
    actorId: actor?.userId ?? null,
    actorName: actor?.fullName ?? 'Hệ thống',
    unitId: actor?.unitId ?? null,
  });
}
