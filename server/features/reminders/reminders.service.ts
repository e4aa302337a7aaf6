import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, gt, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type {
  BulkReminderCreate,
  BulkReminderReply,
  Notification,
  ReminderCreate,
  ReminderKind,
  TaskReminder,
} from '#common/contracts/reminders.ts';
import type { Deadline } from '#common/domain/deadline.ts';
import { formatDeadline } from '#common/domain/deadline.ts';
import { formatDate } from '#common/domain/iso-date.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import type { Mailer } from '../../kernel/mail/mailer.ts';
import { recordTaskChange } from '../tasks/task-events.ts';
import { reachedUnitsOf, requireTask, type TaskRow, taskScopeCondition } from '../tasks/tasks.queries.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';
import { notifications, reminders } from './reminders.table.ts';

export type ReminderRow = typeof reminders.$inferSelect;
export interface TaskLite {
  id: string;
  provinceId: string;
  content: string;
  deadline: Deadline;
  dueOn: string | null;
}
type Log = Pick<FastifyBaseLogger, 'info' | 'warn'>;

/** What the mails need to know about the deployment. */
export interface MailSettings {
  publicUrl: string;
  log?: Log;
}

export function clip(text: string, max: number): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

export const taskLink = (taskId: string) => `/tasks/${taskId}`;

interface ReminderSpec {
  task: TaskLite;
  /** the unit whose people are reminded (for escalations: the coordinators' unit) */
  unitId: string;
  kind: ReminderKind;
  occasion: string;
  /** the coordinator's words, or the situation sentence of an automatic reminder */
  message: string;
  title: string;
  body: string;
  sentBy?: string | null;
  /** only these roles of the unit (escalations go to coordinators only) */
  role?: string;
  mail: boolean;
}

/**
 * Records one reminder and its notifications, inside the caller's transaction. The unique
 * (task, unit, kind, occasion) key makes it idempotent: an occasion already recorded returns
 * null and notifies nobody, so a job that runs again (or after a restart) repeats nothing.
 */
export async function recordReminder(tx: Db, spec: ReminderSpec): Promise<ReminderRow | null> {
  const where = [eq(users.unitId, spec.unitId), eq(users.active, true)];
  if (spec.role) where.push(eq(users.role, spec.role));
  const people = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(...where));
  const mailTo = spec.mail ? [...new Set(people.map((p) => p.email?.trim() ?? '').filter((e) => e.includes('@')))] : [];
  const [row] = await tx
    .insert(reminders)
    .values({
      provinceId: spec.task.provinceId,
      taskId: spec.task.id,
      unitId: spec.unitId,
      kind: spec.kind,
      occasion: spec.occasion,
      message: spec.message,
      sentBy: spec.sentBy ?? null,
      mailTo,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  if (people.length) {
    await tx.insert(notifications).values(
      people.map((p) => ({
        provinceId: spec.task.provinceId,
        userId: p.id,
        kind: spec.kind,
        title: spec.title,
        body: spec.body,
        link: taskLink(spec.task.id),
        taskId: spec.task.id,
        reminderId: row.id,
      })),
    );
  }
  return row;
}

// ——— Mail ———

const DEPARTMENT = 'Sở Khoa học và Công nghệ';

function subjectOf(kind: string, task: TaskLite): string {
  const what = { manual: 'Đôn đốc', 'due-soon': 'Nhắc hạn', explanation: 'Yêu cầu giải trình' }[kind] ?? 'Quá hạn';
  const due = task.dueOn ? ` — hạn ${formatDate(task.dueOn)}` : '';
  return `[theodoi] ${what}: ${clip(task.content, 80)}${due}`;
}

/** The mail of a reminder, in Vietnamese, rebuilt from the stored row (so a retry sends the same words). */
export function composeMail(
  row: Pick<ReminderRow, 'kind' | 'message'>,
  task: TaskLite,
  unitName: string,
  senderName: string | null,
  publicUrl: string,
) {
  const intro = {
    'due-soon': `Hệ thống theo dõi, đôn đốc nhiệm vụ của ${DEPARTMENT} xin nhắc: nhiệm vụ sau sắp đến hạn.`,
    overdue: `Hệ thống theo dõi, đôn đốc nhiệm vụ của ${DEPARTMENT} xin nhắc: nhiệm vụ sau đã quá hạn mà chưa được báo cáo hoàn thành.`,
    'overdue-weekly': `Hệ thống theo dõi, đôn đốc nhiệm vụ của ${DEPARTMENT} nhắc lại: nhiệm vụ sau vẫn quá hạn mà chưa được báo cáo hoàn thành.`,
    manual: `${DEPARTMENT} đôn đốc đơn vị thực hiện nhiệm vụ sau.`,
    explanation: 'Lãnh đạo tỉnh yêu cầu đơn vị giải trình việc chậm thực hiện nhiệm vụ sau, kèm minh chứng.',
  }[row.kind as 'manual'];
  const deadline = `${formatDeadline(task.deadline)}${task.dueOn && task.deadline.kind !== 'date' ? ` (hạn cuối ${formatDate(task.dueOn)})` : ''}`;
  const lines = [
    `Kính gửi: ${unitName}`,
    '',
    intro ?? '',
    '',
    `Nhiệm vụ: ${task.content}`,
    `Thời hạn: ${deadline}`,
    ...(row.kind === 'manual' || row.kind === 'explanation'
      ? [
          '',
          `${row.kind === 'manual' ? 'Ý kiến đôn đốc của cán bộ đầu mối' : 'Nội dung yêu cầu giải trình'}${senderName ? ` (${senderName})` : ''}:`,
          row.message,
        ]
      : [`Tình hình: ${row.message}`]),
    '',
    `Xem nhiệm vụ và cập nhật tiến độ: ${publicUrl}${taskLink(task.id)}`,
    '',
    '--',
    'Thư do hệ thống theodoi gửi tự động; xin không trả lời thư này.',
  ];
  return { subject: subjectOf(row.kind, task), text: lines.join('\n') };
}

/** Rows being mailed by this process right now: the job and a manual reminder never mail the same row twice at once. */
const inFlight = new Set<string>();

/**
 * Mails reminders recorded but not yet mailed: the ones just created, and any left by a run
 * that stopped between its transaction and its mail (a restart). `mailedAt` is set right
 * after the SMTP server accepts each message; a failure is kept in `mailError` and tried
 * again on the next run, for three days.
 */
export async function mailPending(db: Db, mailer: Mailer, settings: MailSettings, ids?: string[]) {
  const result = { mailed: 0, failed: 0 };
  if (!mailer.enabled || ids?.length === 0) return result;
  const where: SQL[] = [
    isNull(reminders.mailedAt),
    sql`cardinality(${reminders.mailTo}) > 0`,
    gt(reminders.createdAt, sql`now() - interval '3 days'`),
  ];
  if (ids) where.push(inArray(reminders.id, ids));
  const rows = await db
    .select({
      row: reminders,
      task: { id: tasks.id, provinceId: tasks.provinceId, content: tasks.content, deadline: tasks.deadline, dueOn: tasks.dueOn },
      unitName: units.name,
      senderName: users.fullName,
    })
    .from(reminders)
    .innerJoin(tasks, eq(tasks.id, reminders.taskId))
    .innerJoin(units, eq(units.id, reminders.unitId))
    .leftJoin(users, eq(users.id, reminders.sentBy))
    .where(and(...where))
    .orderBy(reminders.createdAt);
  for (const { row, task, unitName, senderName } of rows) {
    if (inFlight.has(row.id)) continue;
    inFlight.add(row.id);
    try {
      const mail = composeMail(row, task, unitName, senderName, settings.publicUrl);
      await mailer.send({ to: row.mailTo ?? [], ...mail });
      await db.update(reminders).set({ mailedAt: new Date(), mailError: null }).where(eq(reminders.id, row.id));
      result.mailed++;
    } catch (error) {
      result.failed++;
      const message = error instanceof Error ? error.message : String(error);
      settings.log?.warn({ reminderId: row.id, err: message }, 'reminder mail failed; it will be tried again on the next run');
      await db
        .update(reminders)
        .set({ mailError: message.slice(0, 500) })
        .where(eq(reminders.id, row.id));
    } finally {
      inFlight.delete(row.id);
    }
  }
  return result;
}

// ——— Manual reminders ———

const SKIP_CLOSED = 'Nhiệm vụ đã hoàn thành hoặc đã hủy, không cần đôn đốc.';
const SKIP_NO_LEAD = 'Nhiệm vụ chưa có đơn vị chủ trì để đôn đốc. Hãy giao đơn vị chủ trì trước.';

interface ManualOutcome {
  /** the tasks reminded, in the order asked, with the rows created for each */
  reminded: { taskId: string; reminderIds: string[] }[];
  /** the tasks left alone, with the reason in Vietnamese */
  skipped: { taskId: string; reason: string }[];
}

/**
 * A coordinator urges the units of some tasks (đôn đốc): a notification to each of their
 * people, a mail, a line on each task's timeline and an audit record. Each unit gets its own
 * row (occasion: a fresh id), so sending again is a new reminder, as it should be.
 *
 * Every id must be a task the caller sees, or the whole request is a 404 that writes nothing
 * (and does not reveal which id). Tasks done, cancelled or without a lead unit are skipped
 * with a reason. All the writes of the request share one transaction; the mails go after
 * it commits, through `mailPending`, which also retries what a crash left unmailed.
 */
async function remindTasks(
  db: Db,
  mailer: Mailer,
  settings: MailSettings,
  actor: Actor,
  taskIds: readonly string[],
  input: ReminderCreate,
  requestId?: string,
): Promise<ManualOutcome> {
  const ids = [...new Set(taskIds)];
  const outcome = await db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(tasks)
      .where(and(inArray(tasks.id, ids), taskScopeCondition(actor)));
    if (rows.length !== ids.length) throw notFound('nhiệm vụ');
    const byId = new Map(rows.map((r) => [r.id, r]));
    const unitRows = await reachedUnitsOf(tx, ids);
    const result: ManualOutcome = { reminded: [], skipped: [] };
    for (const id of ids) {
      const task = byId.get(id) as TaskRow;
      const mine = unitRows.filter((u) => u.taskId === id);
      if (task.state === 'done' || task.state === 'cancelled') {
        result.skipped.push({ taskId: id, reason: SKIP_CLOSED });
        continue;
      }
      if (!mine.some((u) => u.role === 'lead')) {
        result.skipped.push({ taskId: id, reason: SKIP_NO_LEAD });
        continue;
      }
      const targets = mine.filter((u) => u.role === 'lead' || (input.includeSupport && u.role === 'support'));
      const title = `Đôn đốc: ${clip(task.content, 80)}`;
      const created: string[] = [];
      for (const unit of targets) {
        const row = await recordReminder(tx, {
          task,
          unitId: unit.unitId,
          kind: 'manual',
          occasion: randomUUID(),
          message: input.message,
          title,
          body: clip(input.message, 300),
          sentBy: actor.userId,
          mail: mailer.enabled,
        });
        if (row) created.push(row.id);
      }
      await recordTaskChange(
        tx,
        actor,
        task,
        {
          action: 'task.remind',
          summary: `Cán bộ đầu mối đôn đốc: ${clip(input.message, 500)}`,
          after: { message: input.message, includeSupport: input.includeSupport, units: targets.map((u) => u.unitId), reminders: created },
        },
        requestId,
      );
      result.reminded.push({ taskId: id, reminderIds: created });
    }
    return result;
  });
  const created = outcome.reminded.flatMap((r) => r.reminderIds);
  await mailPending(db, mailer, settings, created);
  return outcome;
}

/** One task's đôn đốc; a task done, cancelled or without a lead unit is a 400 that says why. */
export async function sendManualReminder(
  db: Db,
  mailer: Mailer,
  settings: MailSettings,
  actor: Actor,
  taskId: string,
  input: ReminderCreate,
  requestId?: string,
): Promise<TaskReminder[]> {
  const { reminded, skipped } = await remindTasks(db, mailer, settings, actor, [taskId], input, requestId);
  if (skipped[0]) throw new AppError('BAD_REQUEST', skipped[0].reason);
  const ids = reminded[0]?.reminderIds ?? [];
  return (await remindersOf(db, taskId)).filter((r) => ids.includes(r.id));
}

/** Many tasks' đôn đốc in one go, from the board: what was sent, and what was skipped and why. */
export async function sendBulkReminders(
  db: Db,
  mailer: Mailer,
  settings: MailSettings,
  actor: Actor,
  input: BulkReminderCreate,
  requestId?: string,
): Promise<BulkReminderReply> {
  const { taskIds, ...rest } = input;
  const { reminded, skipped } = await remindTasks(db, mailer, settings, actor, taskIds, rest, requestId);
  return {
    sent: reminded.length,
    reminders: reminded.reduce((n, r) => n + r.reminderIds.length, 0),
    skipped,
  };
}

async function remindersOf(db: Db, taskId: string): Promise<TaskReminder[]> {
  const rows = await db
    .select({ r: reminders, unit: { id: units.id, name: units.name, shortName: units.shortName }, sentByName: users.fullName })
    .from(reminders)
    .innerJoin(units, eq(units.id, reminders.unitId))
    .leftJoin(users, eq(users.id, reminders.sentBy))
    .where(eq(reminders.taskId, taskId))
    .orderBy(desc(reminders.createdAt));
  return rows.map(({ r, unit, sentByName }) => ({
    id: r.id,
    kind: r.kind as ReminderKind,
    occasion: r.occasion,
    unit,
    message: r.message,
    sentByName: sentByName ?? null,
    createdAt: r.createdAt.toISOString(),
    mailedAt: r.mailedAt?.toISOString() ?? null,
  }));
}

/** The reminders of a task the caller may see, newest first. */
export async function listTaskReminders(db: Db, actor: Actor, taskId: string): Promise<TaskReminder[]> {
  const task = await requireTask(db, actor, taskId);
  return remindersOf(db, task.id);
}

// ——— Notifications (personal: only ever the caller's own) ———

function toNotification(n: typeof notifications.$inferSelect): Notification {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    taskId: n.taskId,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

export async function listNotifications(db: Db, actor: Actor, limit: number) {
  const rows = await db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, actor.userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
  const [unread] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
  return { items: rows.map(toNotification), unread: unread?.n ?? 0 };
}

export async function markNotificationRead(db: Db, actor: Actor, id: string) {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, actor.userId)))
    .returning();
  if (!row) throw notFound('thông báo');
  return toNotification(row);
}

export async function markAllNotificationsRead(db: Db, actor: Actor) {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { updated: rows.length };
}
