import { Id, text, z } from './z.ts';

/** due-soon, overdue and overdue-weekly go to the lead units; escalation to the coordinators; manual from a coordinator. */
export const REMINDER_KINDS = ['due-soon', 'overdue', 'overdue-weekly', 'escalation', 'manual'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export const REMINDER_KIND_LABELS: Record<ReminderKind, string> = {
  'due-soon': 'Nhắc sắp đến hạn',
  overdue: 'Nhắc quá hạn',
  'overdue-weekly': 'Nhắc quá hạn (hằng tuần)',
  escalation: 'Báo cán bộ đầu mối: quá hạn',
  manual: 'Cán bộ đầu mối đôn đốc',
};

export const ReminderTaskParams = z.strictObject({ id: Id });

export const ReminderCreate = z.strictObject({
  message: text(2000),
  /** also remind the support units (phối hợp), not only the lead units */
  includeSupport: z.boolean().default(false),
});
export type ReminderCreate = z.infer<typeof ReminderCreate>;

export const TaskReminder = z.object({
  id: Id,
  kind: z.enum(REMINDER_KINDS),
  occasion: z.string(),
  unit: z.object({ id: Id, name: z.string(), shortName: z.string() }),
  message: z.string(),
  sentByName: z.string().nullable(),
  createdAt: z.string(),
  mailedAt: z.string().nullable(),
});
export type TaskReminder = z.infer<typeof TaskReminder>;
export const TaskReminderList = z.array(TaskReminder);

export const Notification = z.object({
  id: Id,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string(),
  taskId: Id.nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationListQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });
export const NotificationList = z.object({ items: z.array(Notification), unread: z.number().int() });
export type NotificationList = z.infer<typeof NotificationList>;

export const NotificationParams = z.strictObject({ id: Id });
export const ReadAllReply = z.object({ updated: z.number().int() });
