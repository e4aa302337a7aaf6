import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditPage, AuditQuery, AuditVerifyReply } from '#common/contracts/audit.ts';
import { type Db, readAll } from '../../db/client.ts';
import { actorOf } from '../auth/guard.ts';
import { verifyAuditChain } from './audit.service.ts';
import { auditLog } from './audit.table.ts';

export function auditRoutes(db: Db) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/api/audit', {
      config: { permission: 'read:audit' },
      schema: { tags: ['audit'], summary: 'Nhật ký hệ thống (mới nhất trước)', querystring: AuditQuery, response: { 200: AuditPage } },
      handler: async (request) => {
        const q = request.query;
        const where = and(
          eq(auditLog.provinceId, actorOf(request).provinceId),
          q.entity ? eq(auditLog.entity, q.entity) : undefined,
          q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
          q.action ? eq(auditLog.action, q.action) : undefined,
          q.actor ? eq(auditLog.actorName, q.actor.toLowerCase()) : undefined,
        ) as SQL;
        const [rows, [total]] = await readAll(
          db,
          () =>
            db
              .select()
              .from(auditLog)
              .where(where)
              .orderBy(desc(auditLog.seq))
              .limit(q.pageSize)
              .offset((q.page - 1) * q.pageSize),
          () => db.select({ n: count() }).from(auditLog).where(where),
        );
        return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })), total: total?.n ?? 0 };
      },
    });
    app.get('/api/audit/verify', {
      config: { permission: 'read:audit' },
      schema: { tags: ['audit'], summary: 'Kiểm tra toàn bộ chuỗi băm của nhật ký', response: { 200: AuditVerifyReply } },
      handler: () => verifyAuditChain(db),
    });
  };
}
