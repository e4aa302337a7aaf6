import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ExplanationAnswer,
  ExplanationCreate,
  ExplanationList,
  ExplanationListQuery,
  ExplanationParams,
} from '#common/contracts/reporting.ts';
import { TaskParams } from '#common/contracts/tasks.ts';
import { Id } from '#common/contracts/z.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../kernel/auth/guard.ts';
import { answerExplanation, listExplanations, requestExplanation, requireExplanation } from './explanations.service.ts';

const tags = ['explanations'];

export function explanationsRoutes(db: Db) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    // A request outside the caller's scope is a 404 before its body is validated.
    app.addHook('preValidation', async (request) => {
      const { id } = (request.params ?? {}) as { id?: string };
      if (request.actor && id && request.url.startsWith('/api/explanations/') && Id.safeParse(id).success)
        await requireExplanation(db, request.actor, id);
    });
    app.get('/api/explanations', {
      config: { permission: 'read:task' },
      schema: { tags, summary: 'Yêu cầu giải trình trong phạm vi', querystring: ExplanationListQuery, response: { 200: ExplanationList } },
      handler: (request) => listExplanations(db, actorOf(request), request.query),
    });
    app.post('/api/tasks/:id/explanations', {
      config: { permission: 'request:explanation' },
      schema: {
        tags,
        summary: 'Yêu cầu đơn vị chủ trì giải trình nhiệm vụ quá hạn',
        params: TaskParams,
        body: ExplanationCreate,
        response: { 201: ExplanationList },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await requestExplanation(db, actorOf(request), request.params.id, request.body, request.id)),
    });
    app.post('/api/explanations/:id/answer', {
      config: { permission: 'update:task' },
      schema: {
        tags,
        summary: 'Đơn vị giải trình (kèm minh chứng)',
        params: ExplanationParams,
        body: ExplanationAnswer,
        response: { 200: ExplanationList },
      },
      handler: (request) => answerExplanation(db, actorOf(request), request.params.id, request.body, request.id),
    });
  };
}
