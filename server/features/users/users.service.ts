import { and, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { User, UserCreate, UserUpdate } from '#common/contracts/users.ts';
import type { AuditAction } from '#common/domain/audit.ts';
import type { Role } from '#common/permissions.ts';
import { type Db, readAll } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { hashPassword, verifyPassword } from '../../kernel/auth/password.ts';
import { newTotpSecret, otpauthUrl, verifyTotp } from '../../kernel/auth/totp.ts';
import { AppError, conflict, notFound } from '../../kernel/errors.ts';
import { unitScope } from '../units/units.policy.ts';
import { findUnit, searchCondition } from '../units/units.queries.ts';
import { units } from '../units/units.table.ts';
import { endOtherSessions } from './sessions.service.ts';
import { sessions, users } from './users.table.ts';

type UserRow = typeof users.$inferSelect;

/** What leaves the server about a user: never the hash or the TOTP secret. */
function toUser(row: UserRow, unitName: string): User {
  return {
    id: row.id,
    username: row.username,
    fullName: row.fullName,
    email: row.email,
    role: row.role as Role,
    unitId: row.unitId,
    unitName,
    active: row.active,
    totpEnabled: row.totpEnabled,
    lockedUntil: row.lockedUntil && row.lockedUntil.getTime() > Date.now() ? row.lockedUntil.toISOString() : null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    version: row.version,
  };
}
const audited = ({ version: _v, lastLoginAt: _l, ...u }: User) => u;

export async function listUsers(
  db: Db,
  actor: Actor,
  query: { q?: string | undefined; role?: Role | undefined; unitId?: string | undefined; page: number; pageSize: number },
) {
  const q = query.q?.trim();
  const where = and(
    eq(users.provinceId, actor.provinceId),
    query.role ? eq(users.role, query.role) : undefined,
    query.unitId ? eq(users.unitId, query.unitId) : undefined,
    q ? (or(ilike(users.username, `%${q}%`), ilike(users.fullName, `%${q}%`), searchCondition(units.searchText, q)) as SQL) : undefined,
  );
  const base = db.select({ user: users, unitName: units.name }).from(users).innerJoin(units, eq(units.id, users.unitId));
  const [rows, [total]] = await readAll(
    db,
    () =>
      base
        .where(where)
        .orderBy(users.username)
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
    () => db.select({ n: count() }).from(users).innerJoin(units, eq(units.id, users.unitId)).where(where),
  );
  return { items: rows.map((r) => toUser(r.user, r.unitName)), total: total?.n ?? 0 };
}

async function requireUnitName(tx: Db, actor: Actor, unitId: string) {
  const unit = await findUnit(tx, unitScope(actor), unitId);
  if (!unit?.active)
    throw new AppError('BAD_REQUEST', 'Đơn vị không tồn tại hoặc đã ngừng hoạt động.', [
      { field: 'unitId', message: 'Đơn vị không hợp lệ' },
    ]);
  return unit.name;
}

async function requireUser(tx: Db, actor: Actor, id: string) {
  const [row] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.provinceId, actor.provinceId)));
  if (!row) throw notFound('người dùng');
  return row;
}

export async function getUser(db: Db, actor: Actor, id: string): Promise<User> {
  const row = await requireUser(db, actor, id);
  const [unit] = await db.select({ name: units.name }).from(units).where(eq(units.id, row.unitId));
  return toUser(row, unit?.name ?? '');
}

export async function createUser(db: Db, actor: Actor, input: UserCreate, requestId?: string) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const unitName = await requireUnitName(tx, actor, input.unitId);
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
    if (taken)
      throw new AppError('CONFLICT', `Tên đăng nhập "${input.username}" đã có người dùng. Hãy chọn tên khác.`, [
        { field: 'username', message: 'Đã tồn tại' },
      ]);
    const { password: _p, ...fields } = input;
    const [row] = await tx
      .insert(users)
      .values({ ...fields, email: input.email ?? null, provinceId: actor.provinceId, passwordHash })
      .returning();
    const user = toUser(row as UserRow, unitName);
    await appendAudit(tx, actor, { action: 'user.create', entity: 'user', entityId: user.id, after: audited(user) }, requestId);
    return user;
  });
}

async function writeUser(
  tx: Db,
  actor: Actor,
  before: UserRow,
  version: number,
  patch: Partial<UserRow>,
  action: AuditAction,
  requestId?: string,
) {
  if (before.version !== version) throw conflict();
  const [row] = await tx
    .update(users)
    .set({ ...patch, version: version + 1, updatedAt: new Date() })
    .where(and(eq(users.id, before.id), eq(users.version, version)))
    .returning();
  if (!row) throw conflict();
  const [unit] = await tx.select({ name: units.name }).from(units).where(eq(units.id, row.unitId));
  const [unitBefore] = await tx.select({ name: units.name }).from(units).where(eq(units.id, before.unitId));
  const user = toUser(row, unit?.name ?? '');
  await appendAudit(
    tx,
    actor,
    { action, entity: 'user', entityId: user.id, before: audited(toUser(before, unitBefore?.name ?? '')), after: audited(user) },
    requestId,
  );
  return user;
}

export async function updateUser(db: Db, actor: Actor, id: string, input: UserUpdate, requestId?: string) {
  return db.transaction(async (tx) => {
    const before = await requireUser(tx, actor, id);
    if (input.unitId) await requireUnitName(tx, actor, input.unitId);
    if (id === actor.userId && (input.active === false || (input.role && input.role !== 'admin'))) {
      throw new AppError('BAD_REQUEST', 'Bạn không thể tự khóa hoặc tự bỏ quyền quản trị của chính mình.');
    }
    const { version, ...patch } = input;
    const user = await writeUser(tx, actor, before, version, patch, 'user.update', requestId);
    if (input.active === false || (input.role && input.role !== before.role)) await endOtherSessions(tx, id);
    return user;
  });
}

export async function setUserPassword(db: Db, actor: Actor, id: string, password: string, requestId?: string) {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const before = await requireUser(tx, actor, id);
    const user = await writeUser(
      tx,
      actor,
      before,
      before.version,
      { passwordHash, failedAttempts: 0, lockedUntil: null },
      'user.password_reset',
      requestId,
    );
    await endOtherSessions(tx, id, id === actor.userId ? actor.sessionId : undefined);
    return user;
  });
}

export async function unlockUser(db: Db, actor: Actor, id: string, requestId?: string) {
  return db.transaction(async (tx) => {
    const before = await requireUser(tx, actor, id);
    return writeUser(tx, actor, before, before.version, { failedAttempts: 0, lockedUntil: null }, 'user.unlock', requestId);
  });
}

export async function changeOwnPassword(db: Db, actor: Actor, currentPassword: string, newPassword: string, requestId?: string) {
  const [row] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!row || !(await verifyPassword(row.passwordHash, currentPassword))) {
    throw new AppError('BAD_REQUEST', 'Mật khẩu hiện tại không đúng.', [{ field: 'currentPassword', message: 'Không đúng' }]);
  }
  if (currentPassword === newPassword) {
    throw new AppError('BAD_REQUEST', 'Mật khẩu mới phải khác mật khẩu hiện tại.', [
      { field: 'newPassword', message: 'Trùng mật khẩu cũ' },
    ]);
  }
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await writeUser(tx, actor, row, row.version, { passwordHash }, 'user.password_change', requestId);
    await endOtherSessions(tx, actor.userId, actor.sessionId);
  });
}

/** Step 1 of TOTP: a new secret, not yet in force until a code from it is confirmed. */
export async function setupTotp(db: Db, actor: Actor, requestId?: string) {
  const secret = newTotpSecret();
  await db.transaction(async (tx) => {
    const row = await requireUser(tx, actor, actor.userId);
    if (row.totpEnabled) throw new AppError('CONFLICT', 'Xác thực hai lớp đang bật. Hãy tắt trước khi thiết lập lại.');
    await writeUser(tx, actor, row, row.version, { totpSecret: secret }, 'user.totp_setup', requestId);
  });
  const url = otpauthUrl(secret, actor.username);
  return { secret, otpauthUrl: url, qrDataUrl: await QRCode.toDataURL(url, { margin: 1, width: 220 }) };
}

export async function enableTotp(db: Db, actor: Actor, code: string, requestId?: string) {
  await db.transaction(async (tx) => {
    const row = await requireUser(tx, actor, actor.userId);
    if (!row.totpSecret || !verifyTotp(row.totpSecret, code)) {
      throw new AppError('BAD_REQUEST', 'Mã xác thực không đúng. Hãy nhập mã đang hiển thị trên ứng dụng.', [
        { field: 'code', message: 'Sai mã' },
      ]);
    }
    await writeUser(tx, actor, row, row.version, { totpEnabled: true }, 'user.totp_enable', requestId);
    await tx.update(sessions).set({ totpPending: false }).where(eq(sessions.userId, actor.userId));
  });
}

export async function disableTotp(db: Db, actor: Actor, password: string, requireAdminTotp: boolean, requestId?: string) {
  if (requireAdminTotp && actor.role === 'admin') {
    throw new AppError('FORBIDDEN', 'Tài khoản quản trị bắt buộc dùng xác thực hai lớp; không thể tắt.');
  }
  await db.transaction(async (tx) => {
    const row = await requireUser(tx, actor, actor.userId);
    if (!(await verifyPassword(row.passwordHash, password))) {
      throw new AppError('BAD_REQUEST', 'Mật khẩu không đúng.', [{ field: 'password', message: 'Không đúng' }]);
    }
    await writeUser(tx, actor, row, row.version, { totpEnabled: false, totpSecret: null }, 'user.totp_disable', requestId);
  });
}
