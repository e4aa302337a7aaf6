import { Id, text, z } from './z.ts';

/**
 * due-soon, overdue and overdue-weekly go to the lead units; escalation to the coordinators;
 * manual from a coordinator; explanation: a leader asks the lead unit to explain a delay.
 */
export const REMINDER_KINDS = ['due-soon', 'overdue', 'overdue-weekly', 'escalation', 'manual', 'explanation'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export const REMINDER_KIND_LABELS: Record<ReminderKind, string> = {
  'due-soon': 'Nhắc sắp đến hạn',
  overdue: 'Nhắc quá hạn',
  'overdue-weekly': 'Nhắc quá hạn (hằng tuần)',
  escalation: 'Báo cán bộ đầu mối: quá hạn',
  manual: 'Cán bộ đầu mối đôn đốc',
  explanation: 'Yêu cầu giải trình',
};

export const ReminderTaskParams = z.strictObject({ id: Id });

export const ReminderCreate = z.strictObject({
  message: text(2000),
  /** also remind the support units (phối hợp), not only the lead units */
  includeSupport: z.boolean().default(false),
});
export type ReminderCreate = z.infer<typeof ReminderCreate>;

/** Urging many tasks at once (a coordinator chasing dozens of units): at most 200 tasks a request. */
export const BULK_REMINDER_MAX = 200;
export const BulkReminderCreate = z.strictObject({
  taskIds: z
    .array(Id)
    .min(1, 'Hãy chọn ít nhất một nhiệm vụ để đôn đốc.')
    .max(BULK_REMINDER_MAX, `Mỗi lần đôn đốc tối đa ${BULK_REMINDER_MAX} nhiệm vụ. Hãy chia thành nhiều lần.`)
    .refine((ids) => new Set(ids).size === ids.length, 'Danh sách nhiệm vụ có mục bị trùng. Hãy bỏ các mục trùng.'),
  message: text(2000),
  /** also remind the support units (phối hợp), not only the lead units */
  includeSupport: z.boolean().default(false),
});
export type BulkReminderCreate = z.infer<typeof BulkReminderCreate>;

export const BulkReminderReply = z.object({
  /** tasks reminded */
  sent: z.number().int(),
  /** sent-log rows created (one per unit reminded) */
  reminders: z.number().int(),
  /** tasks left out, each with the reason in Vietnamese (done, cancelled, no lead unit) */
  skipped: z.array(z.object({ taskId: Id, reason: z.string() })),
});
export type BulkReminderReply = z.infer<typeof BulkReminderReply>;

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
