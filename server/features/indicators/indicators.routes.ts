import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  IndicatorDetail,
  IndicatorParams,
  IndicatorSummary,
  IndicatorTasksBody,
  IndicatorValue,
  ValueEntry,
  ValueParams,
  ValueReview,
  ValueSlotParams,
} from '#common/contracts/indicators.ts';
import { Id, z } from '#common/contracts/z.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../kernel/auth/guard.ts';
import { AppError } from '../../kernel/errors.ts';
import { sendOfficeFile } from '../../kernel/files/download.ts';
import {
  enterValue,
  getIndicator,
  importValues,
  linkTasks,
  listIndicators,
  requireIndicator,
  requireValue,
  reviewValue,
  type ValueStep,
} from './indicators.service.ts';
import { exportIndicatorsXlsx, importCatalogueXlsx } from './indicators.xlsx.ts';

const tags = ['indicators'];

export function indicatorsRoutes(db: Db) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    // An indicator or a value outside the caller's scope is a 404 before the body is validated.
    app.addHook('preValidation', async (request) => {
      const { id } = (request.params ?? {}) as { id?: string };
      if (!request.actor || !id || !Id.safeParse(id).success) return;
      if (request.url.startsWith('/api/indicator-values/')) await requireValue(db, request.actor, id);
      else if (request.url.startsWith('/api/indicators/')) await requireIndicator(db, request.actor, id);
    });
    app.get('/api/indicators', {
      config: { permission: 'read:indicator' },
      schema: {
        tags,
        summary: 'Chỉ tiêu 2030 trong phạm vi, với số liệu đã duyệt mới nhất và đánh giá',
        response: { 200: z.array(IndicatorSummary) },
      },
      handler: (request) => listIndicators(db, actorOf(request)),
    });
    app.get('/api/indicators/export.xlsx', {
      config: { permission: 'read:indicator' },
      schema: { tags, summary: 'Danh mục chỉ tiêu và số liệu (XLSX)' },
      handler: async (request, reply) => sendOfficeFile(reply, 'chi-tieu-2030.xlsx', await exportIndicatorsXlsx(db, actorOf(request))),
    });
    app.post('/api/indicators/values/import', {
      config: { permission: 'enter:indicator' },
      schema: {
        tags,
        summary: 'Nhập số liệu của đơn vị từ Excel (multipart, trường "file"): Mã, Kỳ, Giá trị, Giải trình',
        consumes: ['multipart/form-data'],
        response: { 200: z.object({ entered: z.number().int() }) },
      },
      handler: async (request) => {
        const part = await request.file();
        if (!part) throw new AppError('BAD_REQUEST', 'Hãy chọn tệp Excel (.xlsx) để nhập.');
        return importValues(db, actorOf(request), await part.toBuffer(), request.id);
      },
    });
    app.post('/api/indicators/import', {
      config: { permission: 'manage:indicator' },
      schema: {
        tags,
        summary: 'Nhập danh mục chỉ tiêu từ Excel (multipart, trường "file"): mã có sẵn thì cập nhật, mã mới thì thêm',
        consumes: ['multipart/form-data'],
        response: { 200: z.object({ created: z.number().int(), updated: z.number().int() }) },
      },
      handler: async (request) => {
        const part = await request.file();
        if (!part) throw new AppError('BAD_REQUEST', 'Hãy chọn tệp Excel (.xlsx) để nhập.');
        return importCatalogueXlsx(db, actorOf(request), await part.toBuffer(), request.id);
      },
    });
    app.get('/api/indicators/:id', {
      config: { permission: 'read:indicator' },
      schema: {
        tags,
        summary: 'Chỉ tiêu: lộ trình, số liệu, dự báo, nhiệm vụ liên quan',
        params: IndicatorParams,
        response: { 200: IndicatorDetail },
      },
      handler: (request) => getIndicator(db, actorOf(request), request.params.id),
    });
    app.put('/api/indicators/:id/values/:period', {
      config: { permission: 'enter:indicator' },
      schema: { tags, summary: 'Nhập số liệu của kỳ', params: ValueSlotParams, body: ValueEntry, response: { 200: IndicatorValue } },
      handler: (request) => enterValue(db, actorOf(request), request.params.id, request.params.period, request.body, request.id),
    });
    const steps: [ValueStep, 'submit:indicator' | 'review:indicator', string][] = [
      ['submit', 'submit:indicator', 'Gửi số liệu (lãnh đạo đơn vị)'],
      ['approve', 'review:indicator', 'Duyệt số liệu (khóa)'],
      ['return', 'review:indicator', 'Trả lại số liệu, kèm lý do'],
      ['unapprove', 'review:indicator', 'Bỏ duyệt, kèm lý do (lịch sử được giữ)'],
    ];
    for (const [step, permission, summary] of steps)
      app.post(`/api/indicator-values/:id/${step}`, {
        config: { permission },
        schema: { tags, summary, params: ValueParams, body: ValueReview, response: { 200: IndicatorValue } },
        handler: (request) => reviewValue(db, actorOf(request), request.params.id, step, request.body, request.id),
      });
    app.put('/api/indicators/:id/tasks', {
      config: { permission: 'manage:indicator' },
      schema: {
        tags,
        summary: 'Nhiệm vụ tác động đến chỉ tiêu',
        params: IndicatorParams,
        body: IndicatorTasksBody,
        response: { 200: IndicatorDetail },
      },
      handler: (request) => linkTasks(db, actorOf(request), request.params.id, request.body.taskIds, request.id),
    });
  };
}
