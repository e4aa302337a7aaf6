import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AllocationCreate,
  AllocationParams,
  DisbursementCreate,
  FundingOptions,
  FundingOptionsQuery,
  FundingQuery,
  FundingReportQuery,
  FundingSummary,
} from '#common/contracts/funding.ts';
import { Id, OkReply } from '#common/contracts/z.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../kernel/auth/guard.ts';
import { sendOfficeFile } from '../../kernel/files/download.ts';
import { renderFundingDocx, renderFundingXlsx } from './funding.report.ts';
import { addDisbursement, createAllocation, fundingOptions, fundingSummary, requireAllocation } from './funding.service.ts';

const tags = ['funding'];

export function fundingRoutes(db: Db) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    // An allocation outside the caller's scope is a 404 before the body is validated.
    app.addHook('preValidation', async (request) => {
      const { id } = (request.params ?? {}) as { id?: string };
      if (request.actor && id && request.url.startsWith('/api/funding/allocations/') && Id.safeParse(id).success)
        await requireAllocation(db, request.actor, id);
    });
    app.get('/api/funding', {
      config: { permission: 'read:funding' },
      schema: {
        tags,
        summary: 'Kinh phí được giao, giải ngân và tỷ lệ theo nguồn, đơn vị, nhiệm vụ',
        querystring: FundingQuery,
        response: { 200: FundingSummary },
      },
      handler: (request) => fundingSummary(db, actorOf(request), request.query),
    });
    app.get('/api/funding/options', {
      config: { permission: 'read:funding' },
      schema: {
        tags,
        summary: 'Đơn vị và nhiệm vụ có thể được giao kinh phí (Sở Tài chính: mọi đơn vị)',
        querystring: FundingOptionsQuery,
        response: { 200: FundingOptions },
      },
      handler: (request) => fundingOptions(db, actorOf(request), request.query.q),
    });
    app.post('/api/funding/allocations', {
      config: { permission: 'enter:funding' },
      schema: { tags, summary: 'Ghi khoản kinh phí được giao (đồng)', body: AllocationCreate, response: { 201: OkReply } },
      handler: async (request, reply) => {
        await createAllocation(db, actorOf(request), request.body, request.id);
        return reply.status(201).send({ ok: true });
      },
    });
    app.post('/api/funding/allocations/:id/disbursements', {
      config: { permission: 'enter:funding' },
      schema: {
        tags,
        summary: 'Ghi một lần giải ngân (đồng)',
        params: AllocationParams,
        body: DisbursementCreate,
        response: { 201: OkReply },
      },
      handler: async (request, reply) => {
        await addDisbursement(db, actorOf(request), request.params.id, request.body, request.id);
        return reply.status(201).send({ ok: true });
      },
    });
    app.get('/api/funding/report.docx', {
      config: { permission: 'read:funding' },
      schema: { tags, summary: 'Báo cáo tháng của Sở Tài chính (Nghị định 30/2020)', querystring: FundingReportQuery },
      handler: async (request, reply) =>
        sendOfficeFile(
          reply,
          `bao-cao-kinh-phi-${request.query.month}.docx`,
          await renderFundingDocx(db, actorOf(request), request.query.month),
        ),
    });
    app.get('/api/funding/report.xlsx', {
      config: { permission: 'read:funding' },
      schema: { tags, summary: 'Số liệu kinh phí và giải ngân của tháng (XLSX)', querystring: FundingReportQuery },
      handler: async (request, reply) =>
        sendOfficeFile(reply, `giai-ngan-${request.query.month}.xlsx`, await renderFundingXlsx(db, actorOf(request), request.query.month)),
    });
  };
}
