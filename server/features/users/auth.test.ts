import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '#common/domain/iso-date.ts';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { sessions, users } from './users.table.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const login = (username: string, password: string, extra: object = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...extra } });

describe('login', () => {
  it('opens an httpOnly SameSite=Lax session and returns the user with a CSRF token', async () => {
    const res = await login('coordinator', 'ThaiNguyen@2026');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'theodoi_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const me = res.json();
    expect(me.user.unitName).toBe('Sở Khoa học và Công nghệ');
    expect(me.csrfToken).toMatch(/^[\w-]{40,}$/);
    const again = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `theodoi_session=${cookie?.value}` } });
    expect(again.json().user.username).toBe('coordinator');
    // the product clock, for the web app to judge days by (decision 008)
    setClock(new Date('2026-04-16T09:00:00+07:00'));
    const shifted = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `theodoi_session=${cookie?.value}` } });
    setClock(null);
    expect(shifted.json().now.slice(0, 16)).toBe('2026-04-16T02:00');
  });

  it('stores the password as argon2id and the session token only as a hash', async () => {
    const [user] = await t.db.select().from(users).where(eq(users.username, 'coordinator'));
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    const res = await login('leader', 'ThaiNguyen@2026');
    const token = res.cookies.find((c) => c.name === 'theodoi_session')?.value as string;
    const rows = await t.db.select().from(sessions);
    expect(rows.some((s) => s.id === token)).toBe(false);
  });

  it('refuses a wrong password in Vietnamese, and an unknown user the same way', async () => {
    const wrong = await login('head', 'wrong-password-123');
    const unknown = await login('nobody', 'wrong-password-123');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
  });

  it('locks the account for 15 minutes after 5 failures, even for the right password', async () => {
    for (let i = 1; i <= 4; i++) expect((await login('officer', `bad-password-${i}`)).statusCode).toBe(401);
    const fifth = await login('officer', 'bad-password-5');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.message).toContain('tạm khóa');
    const right = await login('officer', 'ThaiNguyen@2026');
    expect(right.statusCode).toBe(423);
    const [row] = await t.db.select().from(users).where(eq(users.username, 'officer'));
    const minutes = ((row?.lockedUntil?.getTime() ?? 0) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);

    // an admin unlocks it, and the right password works again
    const admin = await t.as('admin');
    const unlocked = await admin.post(`/api/users/${row?.id}/unlock`);
    expect(unlocked.statusCode).toBe(200);
    expect((await login('officer', 'ThaiNguyen@2026')).statusCode).toBe(200);
  });

  it('rate-limits repeated logins for one name from one address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await login('ratelimited', 'whatever-password')).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
    const last = await login('ratelimited', 'whatever-password');
    expect(last.json().error.message).toContain('thử lại');
  });

  it('rejects malformed login bodies with field errors and writes nothing', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '', password: 'x', extra: 1 } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.length).toBeGreaterThan(0);
  });
});

describe('sessions', () => {
  it('expires after the idle time and says so', async () => {
    const s = await t.as('head');
    await t.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 3 * 3_600_000) })
      .where(eq(sessions.userId, s.me.user.id));
    const res = await s.get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('SESSION_EXPIRED');
    expect(res.json().error.message).toContain('hết hạn');
    t.forget('head');
  });

  it('expires at the absolute limit even when active', async () => {
    const s = await t.as('head');
    await t.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, s.me.user.id));
    expect((await s.get('/api/me')).json().error.code).toBe('SESSION_EXPIRED');
    t.forget('head');
  });

  it('refuses a write without the CSRF token, and accepts it with the token', async () => {
    const s = await t.as('commune');
    const without = await s.post(
      '/api/me/password',
      { currentPassword: 'ThaiNguyen@2026', newPassword: 'Mat-khau-moi-2026' },
      { csrf: false },
    );
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('CSRF_FAILED');
    const forged = await s.post(
      '/api/me/password',
      { currentPassword: 'ThaiNguyen@2026', newPassword: 'Mat-khau-moi-2026' },
      { csrf: false, headers: { 'x-csrf-token': 'x'.repeat(43) } },
    );
    expect(forged.statusCode).toBe(403);
    const ok = await s.post('/api/me/password', { currentPassword: 'ThaiNguyen@2026', newPassword: 'Mat-khau-moi-2026' });
    expect(ok.statusCode).toBe(200);
    expect((await login('commune', 'Mat-khau-moi-2026')).statusCode).toBe(200);
  });

  it('requires 12 characters for a new password', async () => {
    const s = await t.as('leader');
    const res = await s.post('/api/me/password', { currentPassword: 'ThaiNguyen@2026', newPassword: 'short' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].message).toContain('12');
  });

  it('logs out: the cookie no longer works', async () => {
    const res = await login('coordinator', 'ThaiNguyen@2026');
    const cookie = `theodoi_session=${res.cookies.find((c) => c.name === 'theodoi_session')?.value}`;
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': res.json().csrfToken } });
    expect(out.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });
});
