import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  BulkReminderCreate,
  BulkReminderReply,
  Notification,
  NotificationList,
  NotificationListQuery,
  NotificationParams,
  ReadAllReply,
  ReminderCreate,
  ReminderTaskParams,
  TaskReminderList,
} from '#common/contracts/reminders.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../kernel/auth/guard.ts';
import { createMailer } from '../../kernel/mail/mailer.ts';
import {
  listNotifications,
  listTaskReminders,
  markAllNotificationsRead,
  markNotificationRead,
  sendBulkReminders,
  sendManualReminder,
} from './reminders.service.ts';

/** Reminders of tasks: the coordinator's manual đôn đốc (one task, or many from the board) and the list of what was sent. */
export function remindersRoutes(db: Db, config: Config) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const mailer = createMailer(config, app.log);
    app.addHook('onClose', async () => mailer.close());
    const settings = { publicUrl: config.publicUrl, log: app.log };
    const tags = ['reminders'];

    app.post('/api/tasks/:id/reminders', {
      config: { permission: 'manage:task' },
      schema: {
        tags,
        summary: 'Đôn đốc các đơn vị chủ trì (và phối hợp nếu chọn): thông báo trong hệ thống và thư điện tử',
        params: ReminderTaskParams,
        body: ReminderCreate,
        response: { 201: TaskReminderList },
      },
      handler: async (request, reply) =>
        reply
          .status(201)
          .send(await sendManualReminder(db, mailer, settings, actorOf(request), request.params.id, request.body, request.id)),
    });

    app.post('/api/reminders', {
      config: { permission: 'manage:task' },
      schema: {
        tags,
        summary:
          'Đôn đốc nhiều nhiệm vụ một lần (tối đa 200): tất cả hoặc không; nhiệm vụ đã hoàn thành, đã hủy hoặc chưa có đơn vị chủ trì được bỏ qua kèm lý do',
        body: BulkReminderCreate,
        response: { 201: BulkReminderReply },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await sendBulkReminders(db, mailer, settings, actorOf(request), request.body, request.id)),
    });

    app.get('/api/tasks/:id/reminders', {
      config: { permission: 'read:task' },
      schema: { tags, summary: 'Các lần nhắc, đôn đốc của một nhiệm vụ', params: ReminderTaskParams, response: { 200: TaskReminderList } },
      handler: (request) => listTaskReminders(db, actorOf(request), request.params.id),
    });
  };
}

/** The bell: each user's own notifications, and nobody else's. */
export function notificationsRoutes(db: Db) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['notifications'];

    app.get('/api/notifications', {
      config: { permission: 'read:notification' },
      schema: {
        tags,
        summary: 'Thông báo của tôi, mới nhất trước, kèm số chưa đọc',
        querystring: NotificationListQuery,
        response: { 200: NotificationList },
      },
      handler: (request) => listNotifications(db, actorOf(request), request.query.limit),
    });

    app.post('/api/notifications/read-all', {
      config: { permission: 'read:notification' },
      schema: { tags, summary: 'Đánh dấu đã đọc tất cả thông báo của tôi', response: { 200: ReadAllReply } },
      handler: (request) => markAllNotificationsRead(db, actorOf(request)),
    });

    app.post('/api/notifications/:id/read', {
      config: { permission: 'read:notification' },
      schema: { tags, summary: 'Đánh dấu một thông báo của tôi là đã đọc', params: NotificationParams, response: { 200: Notification } },
      handler: (request) => markNotificationRead(db, actorOf(request), request.params.id),
    });
  };
}
