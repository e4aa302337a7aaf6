import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tasks } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';

/**
 * The sent-log of reminders (đôn đốc). One row per task, unit and occasion ("due-5:2026-09-30",
 * "overdue:2026-10-01", "weekly:2026-10-08"); the unique key makes the job idempotent, and
 * `mailedAt` makes sure a restart never mails twice.
 */
export const reminders = pgTable(
  'reminders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** due-soon | overdue | overdue-weekly | escalation | manual */
    kind: text('kind').notNull(),
    occasion: text('occasion').notNull(),
    message: text('message').notNull().default(''),
    sentBy: uuid('sent_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    mailTo: text('mail_to').array(),
    mailedAt: timestamp('mailed_at', { withTimezone: true }),
    mailError: text('mail_error'),
  },
  (t) => [uniqueIndex('reminders_occasion_idx').on(t.taskId, t.unitId, t.kind, t.occasion), index('reminders_unmailed_idx').on(t.mailedAt)],
);

/** In-app notifications (the bell), one row per recipient user. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** the web path to open ("/tasks/…") */
    link: text('link').notNull().default(''),
    taskId: uuid('task_id').references(() => tasks.id),
    reminderId: uuid('reminder_id').references(() => reminders.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);
