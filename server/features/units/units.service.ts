import { and, eq, inArray, sql } from 'drizzle-orm';
import type { UnitCreate, UnitUpdate } from '#common/contracts/units.ts';
import type { AuditAction } from '#common/domain/audit.ts';
import { foldText, normalizeText } from '#common/domain/text.ts';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import { auditLog } from '../../kernel/audit/audit.table.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { AppError, conflict, notFound } from '../../kernel/errors.ts';
import { unitScope } from './units.policy.ts';
import { findUnit, toUnit } from './units.queries.ts';
import { units } from './units.table.ts';

type UnitRow = typeof units.$inferSelect;

export function unitSearchText(u: { name: string; shortName: string; code: string; aliases: string[] }) {
  return foldText([u.name, u.shortName, u.code, ...u.aliases].join(' | '));
}

function cleanAliases(aliases: string[], name: string, shortName: string): string[] {
  const seen = new Set([name, shortName].map(foldText));
  const out: string[] = [];
  for (const a of aliases.map(normalizeText)) {
    const key = foldText(a);
    if (a && !seen.has(key)) {
      seen.add(key);
      out.push(a);
    }
  }
  return out;
}

async function requireUnit(tx: Db, actor: Actor, id: string): Promise<UnitRow> {
  const row = await findUnit(tx, unitScope(actor), id);
  if (!row) throw notFound('đơn vị');
  return row;
}

/** A parent must be in the same province and must not be the unit itself or below it. */
async function checkParent(tx: Db, actor: Actor, parentId: string, unitId?: string) {
  const parent = await requireUnit(tx, actor, parentId);
  if (!unitId) return parent;
  const { rows } = (await tx.execute(sql`
    with recursive up(id, parent_id) as (
      select id, parent_id from units where id = ${parentId}
      union all select u.id, u.parent_id from units u join up on u.id = up.parent_id
    ) select 1 from up where id = ${unitId} limit 1`)) as unknown as { rows: unknown[] };
  if (rows.length) {
    throw new AppError('BAD_REQUEST', 'Không thể đặt đơn vị làm cấp dưới của chính nó. Hãy chọn đơn vị cấp trên khác.', [
      { field: 'parentId', message: 'Đơn vị cấp trên tạo thành vòng lặp' },
    ]);
  }
  return parent;
}

async function checkCodeFree(tx: Db, provinceId: string, code: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.provinceId, provinceId), eq(units.code, code)));
  if (clash && clash.id !== exceptId) {
    throw new AppError('CONFLICT', `Mã đơn vị "${code}" đã được dùng. Hãy chọn mã khác.`, [{ field: 'code', message: 'Mã đã tồn tại' }]);
  }
}

export async function createUnit(db: Db, actor: Actor, input: UnitCreate, requestId?: string) {
  return db.transaction(async (tx) => {
    await checkParent(tx, actor, input.parentId);
    await checkCodeFree(tx, actor.provinceId, input.code);
    const aliases = cleanAliases(input.aliases, input.name, input.shortName);
    const [row] = await tx
      .insert(units)
      .values({
        provinceId: actor.provinceId,
        parentId: input.parentId,
        code: input.code,
        kind: input.kind,
        name: input.name,
        shortName: input.shortName,
        aliases,
        searchText: unitSearchText({ ...input, aliases }),
        validFrom: input.validFrom ?? null,
        sortOrder: input.sortOrder,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    const unit = toUnit(row);
    await appendAudit(tx, actor, { action: 'unit.create', entity: 'unit', entityId: unit.id, after: unit }, requestId);
    return unit;
  });
}

/** Optimistic concurrency: the row changes only if it still has the version the editor loaded. */
async function writeUnit(
  tx: Db,
  actor: Actor,
  before: UnitRow,
  version: number,
  patch: Partial<UnitRow>,
  action: AuditAction,
  requestId?: string,
) {
  if (before.version !== version) throw conflict();
  const [row] = await tx
    .update(units)
    .set({ ...patch, version: version + 1, updatedAt: new Date() })
    .where(and(eq(units.id, before.id), eq(units.version, version)))
    .returning();
  if (!row) throw conflict();
  const unit = toUnit(row);
  await appendAudit(tx, actor, { action, entity: 'unit', entityId: unit.id, before: toUnit(before), after: unit }, requestId);
  return unit;
}

export async function updateUnit(db: Db, actor: Actor, id: string, input: UnitUpdate, requestId?: string) {
  return db.transaction(async (tx) => {
    const before = await requireUnit(tx, actor, id);
    const isRoot = before.kind === 'province';
    if (isRoot && (input.parentId || input.kind)) {
      throw new AppError('BAD_REQUEST', 'Không thể đổi cấp trên hoặc loại của đơn vị gốc (tỉnh).');
    }
    if (input.parentId && input.parentId !== before.parentId) await checkParent(tx, actor, input.parentId, id);
    if (input.code && input.code !== before.code) await checkCodeFree(tx, actor.provinceId, input.code, id);
    const name = input.name ?? before.name;
    const shortName = input.shortName ?? before.shortName;
    const code = input.code ?? before.code;
    const aliases = cleanAliases(input.aliases ?? before.aliases, name, shortName);
    const { version, ...fields } = input;
    return writeUnit(
      tx,
      actor,
      before,
      version,
      { ...fields, aliases, searchText: unitSearchText({ name, shortName, code, aliases }) },
      'unit.update',
      requestId,
    );
  });
}

export async function deactivateUnit(
  db: Db,
  actor: Actor,
  id: string,
  input: { version: number; validTo: string; successorId?: string | null },
  requestId?: string,
) {
  return db.transaction(async (tx) => {
    const before = await requireUnit(tx, actor, id);
    if (before.kind === 'province') throw new AppError('BAD_REQUEST', 'Không thể ngừng hoạt động đơn vị gốc (tỉnh).');
    if (input.successorId) {
      const successor = await requireUnit(tx, actor, input.successorId);
      if (successor.id === id || !successor.active) {
        throw new AppError('BAD_REQUEST', 'Đơn vị kế thừa phải là một đơn vị khác đang hoạt động.', [
          { field: 'successorId', message: 'Không hợp lệ' },
        ]);
      }
    }
    if (before.validFrom && input.validTo < before.validFrom) {
      throw new AppError('BAD_REQUEST', 'Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực.', [
        { field: 'validTo', message: 'Trước ngày hiệu lực' },
      ]);
    }
    return writeUnit(
      tx,
      actor,
      before,
      input.version,
      { active: false, validTo: input.validTo, successorId: input.successorId ?? null },
      'unit.deactivate',
      requestId,
    );
  });
}

export async function activateUnit(db: Db, actor: Actor, id: string, version: number, requestId?: string) {
  return db.transaction(async (tx) => {
    const before = await requireUnit(tx, actor, id);
    return writeUnit(tx, actor, before, version, { active: true, validTo: null, successorId: null }, 'unit.activate', requestId);
  });
}

/** A unit's history: every audited change to it, oldest first. */
export async function unitHistory(db: Db, actor: Actor, id: string) {
  await requireUnit(db, actor, id);
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, 'unit'), eq(auditLog.entityId, id)))
    .orderBy(auditLog.seq);
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    actorName: r.actorName,
    action: r.action,
    before: r.before,
    after: r.after,
  }));
}

export async function unitsByIds(db: Db, ids: string[]) {
  return ids.length ? db.select().from(units).where(inArray(units.id, ids)) : [];
}
