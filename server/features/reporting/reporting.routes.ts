import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AdHocPeriodCreate,
  ConsolidatedAction,
  ConsolidatedCreate,
  ConsolidatedEdit,
  ConsolidatedList,
  ConsolidatedParams,
  ConsolidatedReport,
  Dashboard,
  DashboardQuery,
  PeriodDetail,
  PeriodList,
  PeriodListQuery,
  PeriodParams,
  RegimeCreate,
  RegimeEdit,
  ReportRegime,
  UnitReport,
  UnitReportDraft,
  UnitReportParams,
  UnitReportReview,
  UnitReportSubmit,
} from '#common/contracts/reporting.ts';
import { Id, z } from '#common/contracts/z.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../kernel/auth/guard.ts';
import { sendOfficeFile } from '../../kernel/files/download.ts';
import {
  consolidatedFile,
  createConsolidated,
  editConsolidated,
  getConsolidated,
  issueConsolidated,
  listConsolidated,
  refreshConsolidated,
} from './consolidated.service.ts';
import { dashboard } from './dashboard.queries.ts';
import { createAdHocPeriod, createRegime, editRegime, getPeriod, listPeriods, listRegimes } from './periods.service.ts';
import { getUnitReport, requireSlot, reviewReport, saveDraft, submitReport } from './unit-reports.service.ts';

const tags = ['reporting'];

export function reportingRoutes(db: Db, dataDir: string) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    // A unit report outside the caller's scope is a 404 on every route, before the body is
    // validated: another unit learns nothing from a malformed request either.
    app.addHook('preValidation', async (request) => {
      const { periodId, unitId } = (request.params ?? {}) as { periodId?: string; unitId?: string };
      if (request.actor && periodId && unitId && Id.safeParse(periodId).success && Id.safeParse(unitId).success) {
        await requireSlot(db, request.actor, periodId, unitId);
      }
    });

    // ——— Regimes and periods ———
    app.get('/api/report-regimes', {
      config: { permission: 'read:report' },
      schema: { tags, summary: 'Các chế độ báo cáo (lịch báo cáo)', response: { 200: z.array(ReportRegime) } },
      handler: (request) => listRegimes(db, actorOf(request)),
    });
    app.post('/api/report-regimes', {
      config: { permission: 'manage:regime' },
      schema: { tags, summary: 'Thêm chế độ báo cáo', body: RegimeCreate, response: { 201: ReportRegime } },
      handler: async (request, reply) => reply.status(201).send(await createRegime(db, actorOf(request), request.body, request.id)),
    });
    app.patch('/api/report-regimes/:id', {
      config: { permission: 'manage:regime' },
      schema: {
        tags,
        summary: 'Sửa chế độ báo cáo',
        params: z.strictObject({ id: Id }),
        body: RegimeEdit,
        response: { 200: ReportRegime },
      },
      handler: (request) => editRegime(db, actorOf(request), request.params.id, request.body, request.id),
    });
    app.get('/api/periods', {
      config: { permission: 'read:report' },
      schema: {
        tags,
        summary: 'Các kỳ báo cáo với tỷ lệ gửi đủ, gửi đúng hạn',
        querystring: PeriodListQuery,
        response: { 200: PeriodList },
      },
      handler: (request) => listPeriods(db, actorOf(request), request.query),
    });
    app.post('/api/periods', {
      config: { permission: 'manage:regime' },
      schema: { tags, summary: 'Thêm kỳ báo cáo đột xuất', body: AdHocPeriodCreate, response: { 201: PeriodDetail } },
      handler: async (request, reply) => reply.status(201).send(await createAdHocPeriod(db, actorOf(request), request.body, request.id)),
    });
    app.get('/api/periods/:id', {
      config: { permission: 'read:report' },
      schema: { tags, summary: 'Một kỳ báo cáo: tình trạng gửi của từng đơn vị', params: PeriodParams, response: { 200: PeriodDetail } },
      handler: (request) => getPeriod(db, actorOf(request), request.params.id),
    });

    // ——— Unit reports ———
    const unitReport = '/api/periods/:periodId/units/:unitId/report';
    app.get(unitReport, {
      config: { permission: 'read:report' },
      schema: { tags, summary: 'Báo cáo của một đơn vị trong kỳ', params: UnitReportParams, response: { 200: UnitReport } },
      handler: (request) => getUnitReport(db, actorOf(request), request.params.periodId, request.params.unitId),
    });
    app.put(unitReport, {
      config: { permission: 'prepare:report' },
      schema: {
        tags,
        summary: 'Lưu nháp báo cáo của đơn vị',
        params: UnitReportParams,
        body: UnitReportDraft,
        response: { 200: UnitReport },
      },
      handler: (request) => saveDraft(db, actorOf(request), request.params.periodId, request.params.unitId, request.body, request.id),
    });
    app.post(`${unitReport}/submit`, {
      config: { permission: 'submit:report' },
      schema: {
        tags,
        summary: 'Lãnh đạo đơn vị gửi (và khóa) báo cáo',
        params: UnitReportParams,
        body: UnitReportSubmit,
        response: { 200: UnitReport },
      },
      handler: (request) =>
        submitReport(db, actorOf(request), request.params.periodId, request.params.unitId, request.body.version, request.id),
    });
    app.post(`${unitReport}/review`, {
      config: { permission: 'review:report' },
      schema: {
        tags,
        summary: 'Tiếp nhận hoặc trả lại báo cáo của đơn vị',
        params: UnitReportParams,
        body: UnitReportReview,
        response: { 200: UnitReport },
      },
      handler: (request) => reviewReport(db, actorOf(request), request.params.periodId, request.params.unitId, request.body, request.id),
    });

    // ——— Consolidated reports ———
    app.get('/api/consolidated-reports', {
      config: { permission: 'read:dashboard' },
      schema: { tags, summary: 'Sổ báo cáo tổng hợp', response: { 200: ConsolidatedList } },
      handler: (request) => listConsolidated(db, actorOf(request)),
    });
    app.post('/api/consolidated-reports', {
      config: { permission: 'review:report' },
      schema: {
        tags,
        summary: 'Lập dự thảo báo cáo tổng hợp của kỳ (hoặc mở dự thảo đang có)',
        body: ConsolidatedCreate,
        response: { 200: ConsolidatedReport },
      },
      handler: (request) => createConsolidated(db, actorOf(request), request.body.periodId, request.id),
    });
    app.get('/api/consolidated-reports/:id', {
      config: { permission: 'read:dashboard' },
      schema: { tags, summary: 'Một báo cáo tổng hợp', params: ConsolidatedParams, response: { 200: ConsolidatedReport } },
      handler: (request) => getConsolidated(db, actorOf(request), request.params.id),
    });
    app.patch('/api/consolidated-reports/:id', {
      config: { permission: 'review:report' },
      schema: {
        tags,
        summary: 'Sửa trích yếu, nội dung, nơi nhận, người ký của dự thảo',
        params: ConsolidatedParams,
        body: ConsolidatedEdit,
        response: { 200: ConsolidatedReport },
      },
      handler: (request) => editConsolidated(db, actorOf(request), request.params.id, request.body, request.id),
    });
    app.post('/api/consolidated-reports/:id/refresh', {
      config: { permission: 'review:report' },
      schema: {
        tags,
        summary: 'Cập nhật số liệu và soạn lại nội dung của dự thảo',
        params: ConsolidatedParams,
        body: ConsolidatedAction,
        response: { 200: ConsolidatedReport },
      },
      handler: (request) => refreshConsolidated(db, actorOf(request), request.params.id, request.body.version, request.id),
    });
    app.post('/api/consolidated-reports/:id/issue', {
      config: { permission: 'review:report' },
      schema: {
        tags,
        summary: 'Ban hành: cấp số và đóng băng báo cáo',
        params: ConsolidatedParams,
        body: ConsolidatedAction,
        response: { 200: ConsolidatedReport },
      },
      handler: (request) => issueConsolidated(db, actorOf(request), dataDir, request.params.id, request.body.version, request.id),
    });
    for (const [kind, file] of [
      ['docx', 'report.docx'],
      ['xlsx', 'appendix.xlsx'],
    ] as const) {
      app.get(`/api/consolidated-reports/:id/${file}`, {
        config: { permission: 'read:dashboard' },
        schema: {
          tags,
          summary: kind === 'docx' ? 'Tải báo cáo (DOCX, thể thức Nghị định 30/2020)' : 'Tải phụ lục (XLSX)',
          params: ConsolidatedParams,
        },
        handler: async (request, reply) => {
          const { name, bytes } = await consolidatedFile(db, actorOf(request), dataDir, request.params.id, kind);
          return sendOfficeFile(reply, name, bytes);
        },
      });
    }

    // ——— Dashboard ———
    app.get('/api/dashboard', {
      config: { permission: 'read:dashboard' },
      schema: { tags, summary: 'Bảng điều hành của lãnh đạo', querystring: DashboardQuery, response: { 200: Dashboard } },
      handler: (request) => dashboard(db, actorOf(request), request.query),
    });
  };
}
