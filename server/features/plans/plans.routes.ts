import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PlanImportCommit, PlanImportParams, PlanImportPreview, PlanImportResult, PlanImportUpload } from '#common/contracts/plans.ts';
import { z } from '#common/contracts/z.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../kernel/auth/guard.ts';
import { AppError } from '../../kernel/errors.ts';
import { commitImport, discardImport, getImport, previewImport } from './plans.service.ts';

const tags = ['plan-imports'];

const PlanImportDiscard = z.strictObject({ version: z.number().int().optional() }).optional();

export function plansRoutes(db: Db, dataDir: string) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.post('/api/plan-imports', {
      config: { permission: 'import:plan' },
      schema: {
        tags,
        summary:
          'Tải lên phụ lục kế hoạch (multipart: trường "file" là DOCX, XLSX hoặc văn bản; các trường symbol, issuedOn, title của kế hoạch) để xem trước',
        consumes: ['multipart/form-data'],
        response: { 201: PlanImportPreview },
      },
      handler: async (request, reply) => {
        if (!request.isMultipart()) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Hãy gửi tệp kế hoạch bằng biểu mẫu multipart/form-data (trường "file").');
        }
        const fields: Record<string, string> = {};
        let file: { name: string; bytes: Buffer } | null = null;
        for await (const part of request.parts()) {
          if (part.type === 'file') file = { name: part.filename, bytes: await part.toBuffer() };
          else fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value ?? '');
        }
        if (!file) throw new AppError('BAD_REQUEST', 'Không có tệp nào trong biểu mẫu. Hãy chọn tệp phụ lục kế hoạch rồi gửi lại.');
        const parsed = PlanImportUpload.safeParse(fields);
        if (!parsed.success) {
          throw new AppError(
            'VALIDATION_FAILED',
            'Thông tin kế hoạch chưa hợp lệ. Hãy sửa các trường được nêu rồi gửi lại.',
            parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message })),
          );
        }
        const preview = await previewImport(
          db,
          actorOf(request),
          { ...parsed.data, bytes: file.bytes, fileName: file.name },
          { dataDir, requestId: request.id },
        );
        return reply.status(201).send(preview);
      },
    });

    app.get('/api/plan-imports/:id', {
      config: { permission: 'import:plan' },
      schema: {
        tags,
        summary: 'Một bản nhập kế hoạch: bản xem trước, trạng thái, kết quả',
        params: PlanImportParams,
        response: { 200: PlanImportPreview },
      },
      handler: (request) => getImport(db, actorOf(request), request.params.id),
    });

    app.post('/api/plan-imports/:id/commit', {
      config: { permission: 'import:plan' },
      schema: {
        tags,
        summary: 'Ghi bản xem trước (kèm version đã xem, ánh xạ tên đơn vị, các sửa đổi từng dòng) trong một giao dịch',
        params: PlanImportParams,
        body: PlanImportCommit,
        response: { 200: PlanImportResult },
      },
      handler: (request) => commitImport(db, actorOf(request), request.params.id, request.body, request.id),
    });

    app.post('/api/plan-imports/:id/discard', {
      config: { permission: 'import:plan' },
      schema: {
        tags,
        summary: 'Hủy bản xem trước (không ghi gì)',
        params: PlanImportParams,
        body: PlanImportDiscard,
        response: { 200: PlanImportPreview },
      },
      handler: (request) => discardImport(db, actorOf(request), request.params.id, request.body?.version, request.id),
    });
  };
}
