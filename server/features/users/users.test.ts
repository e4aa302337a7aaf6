import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../kernel/auth/totp.ts';
import { type Session, startTestApp, type TestApp } from '../../testing/harness.ts';
import { units } from '../units/units.table.ts';
import { users } from './users.table.ts';

let t: TestApp;
let admin: Session;
let sytId: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as('admin');
  sytId = (await t.db.select().from(units).where(eq(units.code, 'SYT')))[0]?.id as string;
});
afterAll(() => t.close());

const userCount = async () => (await t.db.select({ n: count() }).from(users))[0]?.n;
const login = (username: string, password: string, totp?: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(totp ? { totp } : {}) } });

describe('managing users', () => {
  it('creates a user who can then log in, and never returns the hash', async () => {
    const res = await admin.post('/api/users', {
      username: 'Nguyen.Van.A',
      fullName: 'Nguyễn Văn A',
      email: 'a@syt.thainguyen.gov.vn',
      role: 'unit_officer',
      unitId: sytId,
      password: 'Mot-mat-khau-dai',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'nguyen.van.a', unitName: 'Sở Y tế', role: 'unit_officer' });
    expect(res.body).not.toContain('argon2');
    expect((await login('NGUYEN.VAN.A', 'Mot-mat-khau-dai')).statusCode).toBe(200);
    const one = await admin.get(`/api/users/${res.json().id}`);
    expect(one.json()).toMatchObject({ username: 'nguyen.van.a', unitName: 'Sở Y tế', email: 'a@syt.thainguyen.gov.vn' });
    expect(one.body).not.toContain('argon2');
    expect((await admin.get('/api/users/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('refuses duplicates, short passwords, unknown roles and unknown units, writing nothing', async () => {
    const before = await userCount();
    const base = { username: 'tran.b', fullName: 'Trần B', role: 'unit_officer', unitId: sytId, password: 'Mot-mat-khau-dai' };
    expect((await admin.post('/api/users', { ...base, username: 'officer' })).statusCode).toBe(409);
    const short = await admin.post('/api/users', { ...base, password: 'ngan' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].message).toContain('12 ký tự');
    expect((await admin.post('/api/users', { ...base, role: 'king' })).statusCode).toBe(400);
    expect((await admin.post('/api/users', { ...base, unitId: crypto.randomUUID() })).statusCode).toBe(400);
    expect((await admin.post('/api/users', { ...base, email: 'not-an-email' })).statusCode).toBe(400);
    expect(await userCount()).toBe(before);
  });

  it('catches a stale edit', async () => {
    const list = (await admin.get('/api/users?q=leader')).json();
    const leader = list.items[0];
    expect((await admin.patch(`/api/users/${leader.id}`, { version: leader.version, fullName: 'Lãnh đạo A' })).statusCode).toBe(200);
    const stale = await admin.patch(`/api/users/${leader.id}`, { version: leader.version, fullName: 'Lãnh đạo B' });
    expect(stale.statusCode).toBe(409);
  });

  it('ends the sessions of a deactivated user', async () => {
    const head = await t.as('head');
    expect((await head.get('/api/me')).statusCode).toBe(200);
    const row = (await admin.get('/api/users?q=head')).json().items.find((u: { username: string }) => u.username === 'head');
    expect((await admin.patch(`/api/users/${row.id}`, { version: row.version, active: false })).statusCode).toBe(200);
    expect((await head.get('/api/me')).statusCode).toBe(401);
    expect((await login('head', 'ThaiNguyen@2026')).statusCode).toBe(403);
  });

  it('resets a password, which ends the old sessions', async () => {
    const leader = await t.as('leader');
    const row = (await admin.get('/api/users?q=leader')).json().items[0];
    expect((await admin.post(`/api/users/${row.id}/password`, { password: 'Mat-khau-cap-lai-1' })).statusCode).toBe(200);
    expect((await leader.get('/api/me')).statusCode).toBe(401);
    expect((await login('leader', 'Mat-khau-cap-lai-1')).statusCode).toBe(200);
  });

  it('does not let an admin lock themselves out', async () => {
    const me = (await admin.get('/api/users?q=admin')).json().items.find((u: { username: string }) => u.username === 'admin');
    const res = await admin.patch(`/api/users/${me.id}`, { version: me.version, active: false });
    expect(res.statusCode).toBe(400);
  });
});

describe('TOTP for admins', () => {
  it('is enforced with REQUIRE_ADMIN_TOTP=1: enrol first, then every login needs the code', async () => {
    const strict = await (await import('../../testing/harness.ts')).startTestApp({ requireAdminTotp: true });
    try {
      const s = await strict.as('admin');
      expect(s.me).toMatchObject({ totpPending: true, permissions: ['manage:own-account'] });
      const blocked = await s.get('/api/users');
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().error.message).toContain('xác thực hai lớp');

      const setup = (await s.post('/api/me/totp/setup')).json();
      expect(setup.otpauthUrl).toContain(`secret=${setup.secret}`);
      expect(setup.qrDataUrl).toMatch(/^data:image\/png;base64,/);
      expect((await s.post('/api/me/totp/enable', { code: '000000' === totpCode(setup.secret) ? '111111' : '000000' })).statusCode).toBe(
        400,
      );
      expect((await s.post('/api/me/totp/enable', { code: totpCode(setup.secret) })).statusCode).toBe(200);
      expect((await s.get('/api/users')).statusCode).toBe(200);
      expect((await s.post('/api/me/totp/disable', { password: 'ThaiNguyen@2026' })).statusCode).toBe(403);

      const noCode = await strict.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'ThaiNguyen@2026' },
      });
      expect(noCode.statusCode).toBe(401);
      expect(noCode.json().error.code).toBe('TOTP_REQUIRED');
      const withCode = await strict.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'ThaiNguyen@2026', totp: totpCode(setup.secret) },
      });
      expect(withCode.statusCode).toBe(200);
      expect(withCode.json().totpPending).toBe(false);
    } finally {
      await strict.close();
    }
  });

  it('is optional for other users, who may turn it on and off', async () => {
    const s = await t.as('coordinator');
    const setup = (await s.post('/api/me/totp/setup')).json();
    expect((await s.post('/api/me/totp/enable', { code: totpCode(setup.secret) })).statusCode).toBe(200);
    expect((await login('coordinator', 'ThaiNguyen@2026')).json().error.code).toBe('TOTP_REQUIRED');
    expect((await s.post('/api/me/totp/disable', { password: 'wrong-password-x' })).statusCode).toBe(400);
    expect((await s.post('/api/me/totp/disable', { password: 'ThaiNguyen@2026' })).statusCode).toBe(200);
    expect((await login('coordinator', 'ThaiNguyen@2026')).statusCode).toBe(200);
  });
});
