import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AdjustmentDecision,
  AdjustmentRecord,
  AdjustmentRequest,
  ConfirmDone,
  MyWork,
  ProposeDone,
  RejectDone,
  Task,
  TaskAdjustmentParams,
  TaskCreate,
  TaskEdit,
  TaskListQuery,
  TaskPage,
  TaskParams,
  TaskPeriodParams,
  TaskStateChange,
  TaskUpdateParams,
  Timeline,
  UpdateReview,
  UpdateSubmit,
} from '#common/contracts/tasks.ts';
import { Id, z } from '#common/contracts/z.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../kernel/auth/guard.ts';
import { sendOfficeFile } from '../../kernel/files/download.ts';
import { getTask, myWork, taskTimeline } from './task-detail.queries.ts';
import { reviewUpdate, submitUpdate } from './task-updates.service.ts';
import { listTasks, requireTask, taskFacets, today } from './tasks.queries.ts';
import {
  changeTaskState,
  createTask,
  decideAdjustment,
  decideDone,
  editTask,
  proposeDone,
  recordAdjustment,
  requestAdjustment,
} from './tasks.service.ts';
import { exportTasksXlsx } from './tasks.xlsx.ts';

const tags = ['tasks'];
const reply200 = { 200: Task };

export function tasksRoutes(db: Db) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    // A task outside the caller's scope is a 404 on every route, before the body is even
    // validated: another unit learns nothing from a malformed request either.
    app.addHook('preValidation', async (request) => {
      const id = (request.params as { id?: string } | undefined)?.id;
      if (id && request.actor && Id.safeParse(id).success) await requireTask(db, request.actor, id);
    });

    app.get('/api/tasks', {
      config: { permission: 'read:task' },
      schema: {
        tags,
        summary: 'Danh sách nhiệm vụ trong phạm vi (lọc, tìm không dấu)',
        querystring: TaskListQuery,
        response: { 200: TaskPage },
      },
      handler: (request) => listTasks(db, actorOf(request), request.query),
    });

    app.get('/api/tasks/export.xlsx', {
      config: { permission: 'read:task' },
      schema: { tags, summary: 'Xuất danh sách nhiệm vụ đã lọc ra Excel (cột như phụ lục kế hoạch)', querystring: TaskListQuery },
      handler: async (request, reply) => {
        return sendOfficeFile(reply, `nhiem-vu-${today()}.xlsx`, await exportTasksXlsx(db, actorOf(request), request.query));
      },
    });

    app.get('/api/tasks/facets', {
      config: { permission: 'read:task' },
      schema: {
        tags,
        summary: 'Các mục và nhãn đang dùng (cho bộ lọc)',
        response: { 200: z.object({ sections: z.array(z.string()), tags: z.array(z.string()) }) },
      },
      handler: (request) => taskFacets(db, actorOf(request)),
    });

    app.get('/api/my-work', {
      config: { permission: 'read:task' },
      schema: {
        tags,
        summary: 'Việc của tôi: quá hạn, sắp đến hạn, cần báo cáo kỳ này, bị trả lại, chờ xem xét',
        response: { 200: MyWork },
      },
      handler: (request) => myWork(db, actorOf(request)),
    });

    app.post('/api/tasks', {
      config: { permission: 'manage:task' },
      schema: { tags, summary: 'Giao nhiệm vụ', body: TaskCreate, response: { 201: Task } },
      handler: async (request, reply) => reply.status(201).send(await createTask(db, actorOf(request), request.body, request.id)),
    });

    app.get('/api/tasks/:id', {
      config: { permission: 'read:task' },
      schema: { tags, summary: 'Một nhiệm vụ với "5 rõ", báo cáo, điều chỉnh thời hạn', params: TaskParams, response: reply200 },
      handler: (request) => getTask(db, actorOf(request), request.params.id),
    });

    app.get('/api/tasks/:id/timeline', {
      config: { permission: 'read:task' },
      schema: { tags, summary: 'Dòng thời gian của nhiệm vụ', params: TaskParams, response: { 200: Timeline } },
      handler: (request) => taskTimeline(db, actorOf(request), request.params.id),
    });

    app.patch('/api/tasks/:id', {
      config: { permission: 'manage:task' },
      schema: { tags, summary: 'Sửa nhiệm vụ (kèm version đã tải)', params: TaskParams, body: TaskEdit, response: reply200 },
      handler: (request) => editTask(db, actorOf(request), request.params.id, request.body, request.id),
    });

    for (const move of ['pause', 'resume', 'cancel'] as const) {
      app.post(`/api/tasks/:id/${move}`, {
        config: { permission: 'manage:task' },
        schema: {
          tags,
          summary: { pause: 'Tạm dừng', resume: 'Tiếp tục', cancel: 'Hủy' }[move],
          params: TaskParams,
          body: TaskStateChange,
          response: reply200,
        },
        handler: (request) => changeTaskState(db, actorOf(request), request.params.id, move, request.body, request.id),
      });
    }

    app.post('/api/tasks/:id/propose-done', {
      config: { permission: 'update:task' },
      schema: {
        tags,
        summary: 'Cơ quan chủ trì đề xuất hoàn thành, kèm minh chứng',
        params: TaskParams,
        body: ProposeDone,
        response: reply200,
      },
      handler: (request) => proposeDone(db, actorOf(request), request.params.id, request.body, request.id),
    });

    app.post('/api/tasks/:id/confirm-done', {
      config: { permission: 'review:task' },
      schema: { tags, summary: 'Xác nhận hoàn thành', params: TaskParams, body: ConfirmDone, response: reply200 },
      handler: (request) => decideDone(db, actorOf(request), request.params.id, request.body, true, request.id),
    });

    app.post('/api/tasks/:id/reject-done', {
      config: { permission: 'review:task' },
      schema: { tags, summary: 'Chưa xác nhận hoàn thành (kèm lý do)', params: TaskParams, body: RejectDone, response: reply200 },
      handler: (request) => decideDone(db, actorOf(request), request.params.id, request.body, false, request.id),
    });

    app.post('/api/tasks/:id/adjustments', {
      config: { permission: 'update:task' },
      schema: {
        tags,
        summary: 'Cơ quan chủ trì đề nghị điều chỉnh thời hạn',
        params: TaskParams,
        body: AdjustmentRequest,
        response: reply200,
      },
      handler: (request) => requestAdjustment(db, actorOf(request), request.params.id, request.body, request.id),
    });

    app.post('/api/tasks/:id/adjustments/:adjustmentId/decide', {
      config: { permission: 'review:task' },
      schema: {
        tags,
        summary: 'Quyết định đề nghị điều chỉnh thời hạn (kèm văn bản)',
        params: TaskAdjustmentParams,
        body: AdjustmentDecision,
        response: reply200,
      },
      handler: (request) =>
        decideAdjustment(db, actorOf(request), request.params.id, request.params.adjustmentId, request.body, request.id),
    });

    app.post('/api/tasks/:id/deadline', {
      config: { permission: 'review:task' },
      schema: {
        tags,
        summary: 'Ghi nhận điều chỉnh thời hạn theo văn bản',
        params: TaskParams,
        body: AdjustmentRecord,
        response: reply200,
      },
      handler: (request) => recordAdjustment(db, actorOf(request), request.params.id, request.body, request.id),
    });

    app.put('/api/tasks/:id/updates/:period', {
      config: { permission: 'update:task' },
      schema: {
        tags,
        summary: 'Báo cáo tiến độ (chủ trì) hoặc đóng góp (phối hợp) của kỳ',
        params: TaskPeriodParams,
        body: UpdateSubmit,
        response: reply200,
      },
      handler: (request) => submitUpdate(db, actorOf(request), request.params.id, request.params.period, request.body, request.id),
    });

    app.post('/api/tasks/:id/updates/:updateId/review', {
      config: { permission: 'review:task' },
      schema: { tags, summary: 'Tiếp nhận hoặc trả lại báo cáo', params: TaskUpdateParams, body: UpdateReview, response: reply200 },
      handler: (request) => reviewUpdate(db, actorOf(request), request.params.id, request.params.updateId, request.body, request.id),
    });
  };
}
