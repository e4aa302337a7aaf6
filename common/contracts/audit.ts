import { PageQuery, pageOf, z } from './z.ts';

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  hash: z.string(),
});
export const AuditQuery = PageQuery.extend({
  entity: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  actor: z.string().max(100).optional(),
});
export const AuditPage = pageOf(AuditEntry);
export const AuditVerifyReply = z.object({
  ok: z.boolean(),
  count: z.number().int(),
  seq: z.number().int().optional(),
  reason: z.string().optional(),
});

export const Health = z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), version: z.string() });
