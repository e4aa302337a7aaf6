import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { AuditAction, AuditEntity } from '#common/domain/audit.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/guard.ts';
import { auditLog } from './audit.table.ts';

export interface AuditInput {
  action: AuditAction;
  entity: AuditEntity;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  /** defaults to the actor's province */
  provinceId?: string | null;
}

const GENESIS = '0'.repeat(64);
/** One advisory lock key serialises seq assignment across connections and processes. */
const AUDIT_LOCK_KEY = 7_421_001;

/** JSON with object keys sorted at every depth: the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** What jsonb will give back: Dates as ISO strings, undefined dropped. */
function asJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

type AuditRow = typeof auditLog.$inferSelect;

function rowHash(prevHash: string, row: Omit<AuditRow, 'hash' | 'prevHash'>): string {
  const payload = canonicalJson({
    seq: row.seq,
    at: row.at.toISOString(),
    provinceId: row.provinceId,
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
    requestId: row.requestId,
  });
  return createHash('sha256').update(prevHash).update(payload).digest('hex');
}

/**
 * Appends one audit record. Call it inside the transaction of the change it records,
 * so both commit or neither does (DESIGN.md: every multi-step write with its audit).
 */
export async function appendAudit(tx: Db, actor: Actor | null, input: AuditInput, requestId?: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date(),
    provinceId: input.provinceId === undefined ? (actor?.provinceId ?? null) : input.provinceId,
    actorId: actor?.userId ?? null,
    actorName: actor?.username ?? null,
    action: input.action,
    entity: input.entity,
    entityId: input.entityId ?? null,
    before: asJson(input.before),
    after: asJson(input.after),
    requestId: requestId ?? null,
  };
  const prevHash = last?.hash ?? GENESIS;
  await tx.insert(auditLog).values({ ...row, prevHash, hash: rowHash(prevHash, row) });
}

export type VerifyResult = { ok: true; count: number } | { ok: false; count: number; seq: number; reason: string };

/** Walks the whole chain in seq order and names the first broken link. */
export async function verifyAuditChain(db: Db, batch = 1000): Promise<VerifyResult> {
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(batch);
    if (rows.length === 0) return { ok: true, count };
    for (const row of rows) {
      if (row.seq !== expectedSeq) return { ok: false, count, seq: expectedSeq, reason: `thiếu bản ghi số ${expectedSeq} (bị xóa)` };
      if (row.prevHash !== prevHash) return { ok: false, count, seq: row.seq, reason: 'prev_hash không khớp bản ghi trước' };
      if (rowHash(prevHash, row) !== row.hash) return { ok: false, count, seq: row.seq, reason: 'nội dung đã bị sửa (hash không khớp)' };
      prevHash = row.hash;
      expectedSeq++;
      count++;
    }
  }
}
