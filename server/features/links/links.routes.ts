import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ProposeLinksReply, TaskLink, TaskLinkListQuery, TaskLinkPage, TaskLinkParams } from '#common/contracts/links.ts';
import { TaskParams } from '#common/contracts/tasks.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../kernel/auth/guard.ts';
import { listLinks } from './links.queries.ts';
import { confirmLink, proposeLinksForTask, rejectLink } from './links.service.ts';

const tags = ['task-links'];

/** Cross-plan links (DESIGN.md rule 8): proposals, and the coordinator's decisions on them. */
export function linksRoutes(db: Db) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get('/api/task-links', {
      config: { permission: 'manage:task' },
      schema: {
        tags,
        summary: 'Đề xuất liên kết nhiệm vụ giữa các kế hoạch (mặc định: chờ xác nhận), giống nhau nhất trước',
        querystring: TaskLinkListQuery,
        response: { 200: TaskLinkPage },
      },
      handler: (request) => listLinks(db, actorOf(request), request.query),
    });

    app.post('/api/task-links/:id/confirm', {
      config: { permission: 'manage:task' },
      schema: {
        tags,
        summary: 'Xác nhận hai nhiệm vụ là cùng một nhiệm vụ (gộp văn bản giao và tiến độ); 409 nếu đã xử lý',
        params: TaskLinkParams,
        response: { 200: TaskLink },
      },
      handler: (request) => confirmLink(db, actorOf(request), request.params.id, request.id),
    });

    app.post('/api/task-links/:id/reject', {
      config: { permission: 'manage:task' },
      schema: {
        tags,
        summary: 'Bỏ qua đề xuất: hai nhiệm vụ khác nhau, không đề xuất lại; 409 nếu đã xử lý',
        params: TaskLinkParams,
        response: { 200: TaskLink },
      },
      handler: (request) => rejectLink(db, actorOf(request), request.params.id, request.id),
    });

    app.post('/api/tasks/:id/propose-links', {
      config: { permission: 'manage:task' },
      schema: {
        tags,
        summary: 'Tìm nhiệm vụ giống nhiệm vụ này ở các kế hoạch khác và ghi đề xuất liên kết',
        params: TaskParams,
        response: { 200: ProposeLinksReply },
      },
      handler: (request) => proposeLinksForTask(db, actorOf(request), request.params.id),
    });
  };
}
