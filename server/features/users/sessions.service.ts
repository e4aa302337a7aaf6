import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { Me } from '#common/contracts/users.ts';
import { now as productNow } from '#common/domain/iso-date.ts';
import { ROLE_PERMISSIONS, type Role } from '#common/permissions.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Actor, SessionResolver } from '../../kernel/auth/guard.ts';
import { verifyPassword } from '../../kernel/auth/password.ts';
import { verifyTotp } from '../../kernel/auth/totp.ts';
import { AppError } from '../../kernel/errors.ts';
import { units } from '../units/units.table.ts';
import { sessions, users } from './users.table.ts';

export type SessionPolicy = Pick<Config, 'sessionIdleMinutes' | 'sessionAbsoluteHours' | 'requireAdminTotp'>;

/** Lockout for 15 minutes after 5 failed attempts (issue "Foundation", §4). */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
/** Touch last_seen_at at most this often: a read should not cost a write each time. */
const TOUCH_EVERY_MS = 60_000;

const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export function resolver(db: Db, policy: SessionPolicy): SessionResolver {
  return async (token) => {
    const id = tokenId(token);
    const [row] = await db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, id));
    if (!row) return { expired: true };
    const now = Date.now();
    const idleEnd = row.session.lastSeenAt.getTime() + policy.sessionIdleMinutes * 60_000;
    if (now > idleEnd || now > row.session.expiresAt.getTime() || !row.user.active) {
      await db.delete(sessions).where(eq(sessions.id, id));
      return { expired: true };
    }
    if (now - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await db
        .update(sessions)
        .set({ lastSeenAt: new Date(now) })
        .where(eq(sessions.id, id));
    }
    return { actor: toActor(row.user, row.session) };
  };
}

function toActor(user: typeof users.$inferSelect, session: typeof sessions.$inferSelect): Actor {
  return { ...actorOfUser(user, session.id), csrfToken: session.csrfToken, totpPending: session.totpPending };
}

/** A user acting outside any request (the demo seed, the import CLI): `via` names where from. */
export function actorOfUser(user: typeof users.$inferSelect, via: string): Actor {
  return {
    userId: user.id,
    username: user.username,
    fullName: user.fullName,
    role: user.role as Role,
    unitId: user.unitId,
    provinceId: user.provinceId,
    sessionId: via,
    csrfToken: '',
    totpPending: false,
  };
}

export async function meOf(db: Db, actor: Actor): Promise<Me> {
  const [row] = await db
    .select({ user: users, unitName: units.name, provinceName: sql<string>`(select name from units p where p.id = ${users.provinceId})` })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, actor.userId));
  if (!row) throw new AppError('UNAUTHENTICATED', 'Tài khoản không còn tồn tại. Hãy đăng nhập lại.');
  return {
    user: {
      id: row.user.id,
      username: row.user.username,
      fullName: row.user.fullName,
      role: row.user.role as Role,
      unitId: row.user.unitId,
      unitName: row.unitName,
      provinceId: row.user.provinceId,
      provinceName: row.provinceName,
      totpEnabled: row.user.totpEnabled,
    },
    permissions: actor.totpPending ? ['manage:own-account'] : [...ROLE_PERMISSIONS[actor.role]],
    csrfToken: actor.csrfToken,
    totpPending: actor.totpPending,
    now: productNow().toISOString(),
  };
}

const WRONG = 'Tên đăng nhập hoặc mật khẩu không đúng.';
const lockedMessage = (until: Date) =>
  `Tài khoản đang tạm khóa do nhập sai ${MAX_FAILED_LOGINS} lần. Hãy thử lại sau ${until.toLocaleTimeString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' })} hoặc liên hệ quản trị viên.`;

export interface LoginInput {
  username: string;
  password: string;
  totp?: string | undefined;
  userAgent?: string | undefined;
  ip?: string | undefined;
  requestId?: string;
}

/** Checks the credentials and opens a session; returns the cookie token and the actor. */
export async function login(db: Db, policy: SessionPolicy, input: LoginInput): Promise<{ token: string; actor: Actor }> {
  const [user] = await db.select().from(users).where(eq(users.username, input.username));
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  if (!user) throw new AppError('UNAUTHENTICATED', WRONG);
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) throw new AppError('LOCKED', lockedMessage(user.lockedUntil));

  const totpMissing = passwordOk && user.totpEnabled && !input.totp;
  const totpOk = !user.totpEnabled || (input.totp !== undefined && user.totpSecret !== null && verifyTotp(user.totpSecret, input.totp));
  if (totpMissing) throw new AppError('TOTP_REQUIRED', 'Hãy nhập mã xác thực 6 chữ số từ ứng dụng xác thực (Authenticator).');
  if (!passwordOk || !totpOk) {
    const failed = user.failedAttempts + 1;
    const lockedUntil = failed >= MAX_FAILED_LOGINS ? new Date(Date.now() + LOCKOUT_MINUTES * 60_000) : null;
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ failedAttempts: lockedUntil ? 0 : failed, lockedUntil })
        .where(eq(users.id, user.id));
      await appendAudit(
        tx,
        null,
        {
          action: lockedUntil ? 'auth.lockout' : 'auth.login_failed',
          entity: 'user',
          entityId: user.id,
          provinceId: user.provinceId,
          after: { failedAttempts: failed },
        },
        input.requestId,
      );
    });
    if (lockedUntil) throw new AppError('LOCKED', lockedMessage(lockedUntil));
    throw new AppError('UNAUTHENTICATED', passwordOk ? 'Mã xác thực không đúng hoặc đã hết hạn.' : WRONG);
  }
  if (!user.active) throw new AppError('FORBIDDEN', 'Tài khoản đã bị vô hiệu hóa. Hãy liên hệ quản trị viên.');

  const token = newToken();
  const session = {
    id: tokenId(token),
    userId: user.id,
    csrfToken: newToken(),
    totpPending: policy.requireAdminTotp && user.role === 'admin' && !user.totpEnabled,
    expiresAt: new Date(Date.now() + policy.sessionAbsoluteHours * 3_600_000),
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    ip: input.ip ?? null,
  };
  const actor = await db.transaction(async (tx) => {
    await tx.update(users).set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, user.id));
    // Expired sessions of this user are cleared here rather than by a separate sweeper.
    await tx.delete(sessions).where(and(eq(sessions.userId, user.id), lt(sessions.expiresAt, new Date())));
    const [created] = await tx.insert(sessions).values(session).returning();
    const actor = toActor(user, created as typeof sessions.$inferSelect);
    await appendAudit(tx, actor, { action: 'auth.login', entity: 'user', entityId: user.id, after: { ip: session.ip } }, input.requestId);
    return actor;
  });
  return { token, actor };
}

export async function logout(db: Db, actor: Actor, requestId?: string) {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, actor.sessionId));
    await appendAudit(tx, actor, { action: 'auth.logout', entity: 'user', entityId: actor.userId }, requestId);
  });
}

/** Ends every other session of a user (after a password change or reset). */
export async function endOtherSessions(tx: Db, userId: string, keepSessionId?: string) {
  await tx
    .delete(sessions)
    .where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId));
}
