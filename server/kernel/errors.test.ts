import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('errors and conventions', () => {
  it('reports health with the engine and version', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.json()).toEqual({ status: 'ok', db: t.database.engine, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('answers unknown API paths with a Vietnamese 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/khong-co' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toBe('Không tìm thấy địa chỉ này.');
  });

  it('asks for a login, in Vietnamese, before anything else', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/units', payload: '{bad json' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toContain('đăng nhập');
  });

  it('refuses oversized JSON bodies with 413', async () => {
    const s = await t.as('admin');
    const res = await s.post('/api/units', { name: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toContain('quá lớn');
  });

  it('hides the cause of a server error and returns the request id', async () => {
    // A broken database connection is the honest way to make a real route fail.
    const broken = await (await import('../testing/harness.ts')).startTestApp();
    const s = await broken.as('coordinator');
    await broken.database.close();
    const res = await s.get('/api/units');
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.error.code).toBe('INTERNAL');
    expect(body.error.message).toContain(body.error.requestId);
    expect(res.body).not.toMatch(/at .*\.ts|stack|closed|PGlite|ECONN/i);
    await broken.app.close();
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
