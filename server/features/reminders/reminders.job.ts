import { and, asc, eq, inArray, isNotNull, lte, notInArray, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { ReminderKind } from '#common/contracts/reminders.ts';
import type { WorkingCalendar } from '#common/domain/calendar.ts';
import { addDays, formatDate, toDayNumber, vietnamDay } from '#common/domain/iso-date.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import { createMailer, type Mailer } from '../../kernel/mail/mailer.ts';
import { workingCalendarFor } from '../calendar/calendar.service.ts';
import { recordTaskChange } from '../tasks/task-events.ts';
import { reachedUnitsOf } from '../tasks/tasks.queries.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { users } from '../users/users.table.ts';
import { clip, mailPending, recordReminder, type TaskLite } from './reminders.service.ts';
import { reminders } from './reminders.table.ts';

type Log = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
const silent: Log = { info() {}, warn() {}, error() {} };

export interface RunOptions {
  /** the day to judge as, an ISO date in Asia/Ho_Chi_Minh; today by default */
  asOf?: string;
  log?: Log;
  /** "due soon" reminders, in working days before the deadline (config REMINDER_DAYS) */
  reminderDays?: number[];
  publicUrl?: string;
  /** stops a run between two tasks (shutdown) */
  signal?: AbortSignal;
}

export interface Occasion {
  kind: Extract<ReminderKind, 'due-soon' | 'overdue' | 'overdue-weekly'>;
  occasion: string;
  /** the day the occasion falls on (escalations are keyed by it) */
  date: string;
  /** the sentence the notification, the mail and the timeline carry */
  message: string;
}

/**
 * The one reminder a task is due as of a day, or null. Only the latest occasion counts: a
 * server that was down over a trigger day sends that occasion late, never a backlog of them.
 * - due soon: N working days before the due day, for each N of `reminderDays`;
 * - overdue: the first day after the due day;
 * - overdue, weekly: every 7 days after that.
 */
export function occasionFor(dueOn: string, asOf: string, calendar: WorkingCalendar, reminderDays: readonly number[]): Occasion | null {
  if (asOf > dueOn) {
    const first = addDays(dueOn, 1);
    const late = toDayNumber(asOf) - toDayNumber(dueOn);
    const weeks = Math.floor((toDayNumber(asOf) - toDayNumber(first)) / 7);
    const message = `Đã quá hạn ${late} ngày (hạn ${formatDate(dueOn)}) mà chưa được báo cáo hoàn thành.`;
    if (weeks === 0) return { kind: 'overdue', occasion: `overdue:${dueOn}`, date: first, message };
    const date = addDays(first, 7 * weeks);
    return { kind: 'overdue-weekly', occasion: `weekly:${date}`, date, message };
  }
  // The N-th working day before the due day has come exactly when at most N working days are left.
  const left = calendar.workingDaysBetween(asOf, dueOn);
  const n = [...reminderDays].sort((a, b) => a - b).find((d) => d >= left);
  if (n === undefined) return null;
  const message = left === 0 ? `Hôm nay (${formatDate(dueOn)}) là hạn cuối.` : `Còn ${left} ngày làm việc đến hạn (${formatDate(dueOn)}).`;
  return { kind: 'due-soon', occasion: `due-${n}:${dueOn}`, date: calendar.addWorkingDays(dueOn, -n), message };
}

/** Map.groupBy arrives in Node 21; the product runs on Node 20. */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

const TITLES: Record<Occasion['kind'], string> = {
  'due-soon': 'Sắp đến hạn',
  overdue: 'Quá hạn',
  'overdue-weekly': 'Vẫn quá hạn',
};

/**
 * The reminder job (đôn đốc), for every province: each open task with a due day gets, per
 * lead unit, the reminder its occasion calls for; an overdue task is also reported to the
 * province's coordinators. Idempotent by the reminders' unique key: run it every hour, after
 * a crash, twice at once; nobody is notified or mailed twice (docs/decisions/005-mail.md).
 */
export async function runReminders(db: Db, mailer: Mailer, options: RunOptions = {}) {
  const asOf = options.asOf ?? vietnamDay();
  const log = options.log ?? silent;
  const reminderDays = options.reminderDays?.length ? options.reminderDays : [5, 1];
  const publicUrl = options.publicUrl ?? 'http://localhost:3000';
  const year = Number(asOf.slice(0, 4));
  // N working days are never more than 2N + 21 calendar days (weekends and the Tết week).
  const horizon = addDays(asOf, Math.max(...reminderDays) * 2 + 21);
  const result = { created: 0, mailed: 0, failed: 0 };

  const candidates = await db
    .select({ id: tasks.id, provinceId: tasks.provinceId, content: tasks.content, deadline: tasks.deadline, dueOn: tasks.dueOn })
    .from(tasks)
    .where(
      and(
        eq(tasks.state, 'open'),
        isNotNull(tasks.dueOn),
        lte(tasks.dueOn, horizon),
        notInArray(sql`${tasks.deadline}->>'kind'`, ['continuous', 'recurring']),
      ),
    )
    .orderBy(asc(tasks.provinceId), asc(tasks.dueOn));

  const byProvince = groupBy(candidates, (t) => t.provinceId);
  for (const [provinceId, list] of byProvince) {
    const calendar = await workingCalendarFor(db, provinceId, [year - 1, year, year + 1]);
    const due = list.flatMap((task) => {
      const occasion = occasionFor(task.dueOn as string, asOf, calendar, reminderDays);
      return occasion ? [{ task: task as TaskLite, occasion }] : [];
    });
    if (!due.length) continue;
    const ids = due.map((d) => d.task.id);
    const taskUnitRows = await reachedUnitsOf(db, ids);
    const units = groupBy(
      taskUnitRows.filter((u) => u.role === 'lead'),
      (u) => u.taskId,
    );
    // Occasions already recorded are skipped without a transaction; the unique key still decides.
    const recorded = await db
      .select({ taskId: reminders.taskId, unitId: reminders.unitId, kind: reminders.kind, occasion: reminders.occasion })
      .from(reminders)
      .where(
        and(
          inArray(reminders.taskId, ids),
          inArray(reminders.occasion, [...new Set(due.flatMap((d) => [d.occasion.occasion, `escalation:${d.occasion.date}`]))]),
        ),
      );
    const done = new Set(recorded.map((r) => `${r.taskId}|${r.unitId}|${r.kind}|${r.occasion}`));
    const coordinators = await db
      .select({ unitId: users.unitId })
      .from(users)
      .where(and(eq(users.provinceId, provinceId), eq(users.role, 'coordinator'), eq(users.active, true)));
    const coordinatorUnits = [...new Set(coordinators.map((c) => c.unitId))];

    for (const { task, occasion } of due) {
      if (options.signal?.aborted) return result;
      const leads = units.get(task.id) ?? [];
      for (const unit of leads) {
        if (done.has(`${task.id}|${unit.unitId}|${occasion.kind}|${occasion.occasion}`)) continue;
        const created = await db.transaction(async (tx) => {
          const row = await recordReminder(tx, {
            task,
            unitId: unit.unitId,
            kind: occasion.kind,
            occasion: occasion.occasion,
            message: occasion.message,
            title: `${TITLES[occasion.kind]}: ${clip(task.content, 80)}`,
            body: occasion.message,
            mail: mailer.enabled,
          });
          if (!row) return false;
          await recordTaskChange(tx, null, task, {
            action: 'reminder.send',
            summary: `Hệ thống nhắc ${unit.shortName || unit.name}: ${occasion.message}`,
            after: { kind: occasion.kind, occasion: occasion.occasion, unitId: unit.unitId, mailTo: row.mailTo },
          });
          return true;
        });
        if (created) result.created++;
      }
      if (occasion.kind === 'due-soon' || !leads.length) continue;
      // Escalation: the row's unit is the coordinators' unit (whose people are told), as for every kind.
      const leadNames = leads.map((u) => u.shortName || u.name).join(', ');
      for (const unitId of coordinatorUnits) {
        if (done.has(`${task.id}|${unitId}|escalation|escalation:${occasion.date}`)) continue;
        const created = await db.transaction(async (tx) => {
          const row = await recordReminder(tx, {
            task,
            unitId,
            kind: 'escalation',
            occasion: `escalation:${occasion.date}`,
            message: `Đơn vị chủ trì: ${leadNames}. ${occasion.message}`,
            title: `Nhiệm vụ quá hạn: ${clip(task.content, 80)}`,
            body: `Đơn vị chủ trì: ${leadNames}. ${occasion.message}`,
            role: 'coordinator',
            mail: false,
          });
          if (!row) return false;
          await appendAudit(tx, null, {
            action: 'reminder.escalate',
            entity: 'task',
            entityId: task.id,
            provinceId,
            after: { occasion: row.occasion, unitId },
          });
          return true;
        });
        if (created) result.created++;
      }
    }
  }

  if (options.signal?.aborted) return result;
  if (!mailer.enabled && result.created) log.info({ created: result.created }, 'SMTP_URL not set: reminders were notified in the app only');
  const mail = await mailPending(db, mailer, { publicUrl, log });
  result.mailed = mail.mailed;
  result.failed = mail.failed;
  if (result.created || result.mailed || result.failed) log.info({ asOf, ...result }, 'reminders run');
  return result;
}

/**
 * Runs the job `reminderFirstRunSeconds` after start (30 s by default), then every
 * `reminderIntervalSeconds` (an hour by default); idempotency makes the repeats harmless.
 * Returns a stop function that cancels the timers, lets a running pass finish its current
 * task, and closes the mail transport.
 */
export function scheduleReminders(
  db: Db,
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'reminderDays' | 'publicUrl' | 'reminderFirstRunSeconds' | 'reminderIntervalSeconds'>,
  log: Log,
) {
  const mailer = createMailer(config, log);
  const stop = new AbortController();
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running || stop.signal.aborted) return;
    running = runReminders(db, mailer, { log, reminderDays: config.reminderDays, publicUrl: config.publicUrl, signal: stop.signal })
      .catch((err) => log.error({ err }, 'reminders run failed'))
      .finally(() => {
        running = null;
      });
  };
  // Node fires a delay above 2^31 - 1 ms (about 24.8 days) after 1 ms: cap it instead.
  const ms = (seconds: number) => Math.min(Math.round(seconds * 1000), 2_147_483_647);
  const first = setTimeout(tick, ms(config.reminderFirstRunSeconds));
  const every = setInterval(tick, ms(config.reminderIntervalSeconds));
  first.unref();
  every.unref();
  return async () => {
    stop.abort();
    clearTimeout(first);
    clearInterval(every);
    await running;
    mailer.close();
  };
}
