import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  Unit,
  UnitActivate,
  UnitCreate,
  UnitDeactivate,
  UnitGroupList,
  UnitHistory,
  UnitImportReply,
  UnitListQuery,
  UnitPage,
  UnitParams,
  UnitUpdate,
} from '#common/contracts/units.ts';
import type { UnitKind } from '#common/domain/units.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../kernel/auth/guard.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { sendOfficeFile } from '../../kernel/files/download.ts';
import { unitScope } from './units.policy.ts';
import { findUnit, listUnits, toUnit } from './units.queries.ts';
import { activateUnit, createUnit, deactivateUnit, unitHistory, updateUnit } from './units.service.ts';
import { unitGroups } from './units.table.ts';
import { exportUnitsXlsx, importUnitsXlsx } from './units.xlsx.ts';

const tags = ['units'];

export function unitsRoutes(db: Db) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get('/api/units', {
      config: { permission: 'read:unit' },
      schema: { tags, summary: 'Danh sách đơn vị trong phạm vi của người dùng', querystring: UnitListQuery, response: { 200: UnitPage } },
      handler: (request) => listUnits(db, unitScope(actorOf(request)), request.query),
    });

    app.get('/api/units/export.xlsx', {
      config: { permission: 'manage:unit' },
      schema: { tags, summary: 'Xuất danh sách đơn vị ra Excel' },
      handler: async (request, reply) => {
        return sendOfficeFile(reply, 'don-vi.xlsx', await exportUnitsXlsx(db, actorOf(request)));
      },
    });

    app.post('/api/units/import', {
      config: { permission: 'manage:unit' },
      schema: {
        tags,
        summary: 'Nhập đơn vị từ Excel (multipart, trường "file")',
        consumes: ['multipart/form-data'],
        response: { 200: UnitImportReply },
      },
      handler: async (request) => {
        const part = await request.file();
        if (!part) throw new AppError('BAD_REQUEST', 'Hãy chọn tệp Excel (.xlsx) để nhập.');
        return importUnitsXlsx(db, actorOf(request), await part.toBuffer(), request.id);
      },
    });

    app.get('/api/unit-groups', {
      config: { permission: 'read:unit' },
      schema: { tags, summary: 'Các cụm từ chỉ nhóm đơn vị ("Các sở, ban, ngành"…)', response: { 200: UnitGroupList } },
      handler: async (request) => {
        const rows = await db
          .select()
          .from(unitGroups)
          .where(eq(unitGroups.provinceId, actorOf(request).provinceId))
          .orderBy(unitGroups.phrase);
        return rows.map((g) => ({ id: g.id, phrase: g.phrase, aliases: g.aliases, kinds: g.kinds as UnitKind[] }));
      },
    });

    app.get('/api/units/:id', {
      config: { permission: 'read:unit' },
      schema: { tags, summary: 'Một đơn vị', params: UnitParams, response: { 200: Unit } },
      handler: async (request) => {
        const row = await findUnit(db, unitScope(actorOf(request)), request.params.id);
        if (!row) throw notFound('đơn vị');
        return toUnit(row);
      },
    });

    app.get('/api/units/:id/history', {
      config: { permission: 'read:unit' },
      schema: { tags, summary: 'Lịch sử thay đổi của một đơn vị', params: UnitParams, response: { 200: UnitHistory } },
      handler: (request) => unitHistory(db, actorOf(request), request.params.id),
    });

    app.post('/api/units', {
      config: { permission: 'manage:unit' },
      schema: { tags, summary: 'Tạo đơn vị', body: UnitCreate, response: { 201: Unit } },
      handler: async (request, reply) => reply.status(201).send(await createUnit(db, actorOf(request), request.body, request.id)),
    });

    app.patch('/api/units/:id', {
      config: { permission: 'manage:unit' },
      schema: { tags, summary: 'Sửa đơn vị (kèm version đã tải)', params: UnitParams, body: UnitUpdate, response: { 200: Unit } },
      handler: (request) => updateUnit(db, actorOf(request), request.params.id, request.body, request.id),
    });

    app.post('/api/units/:id/deactivate', {
      config: { permission: 'manage:unit' },
      schema: { tags, summary: 'Ngừng hoạt động (sáp nhập, giải thể)', params: UnitParams, body: UnitDeactivate, response: { 200: Unit } },
      handler: (request) => deactivateUnit(db, actorOf(request), request.params.id, request.body, request.id),
    });

    app.post('/api/units/:id/activate', {
      config: { permission: 'manage:unit' },
      schema: { tags, summary: 'Hoạt động trở lại', params: UnitParams, body: UnitActivate, response: { 200: Unit } },
      handler: (request) => activateUnit(db, actorOf(request), request.params.id, request.body.version, request.id),
    });
  };
}
