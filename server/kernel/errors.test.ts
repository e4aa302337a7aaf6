import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { replySerializer } from '../app.ts';
import { startTestApp, type TestApp } from '../testing/harness.ts';
import { installErrorHandler } from './errors.ts';

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

  it('sends only what the reply schema names, and a reply it refuses is a 500', async () => {
    const app = Fastify();
    app.setSerializerCompiler(replySerializer);
    installErrorHandler(app);
    const schema = { response: { 200: z.object({ name: z.string(), count: z.number() }) } };
    app.get('/extra', { schema }, async () => ({ name: 'Sở Y tế', count: 3, passwordHash: '$argon2id$secret' }));
    app.get('/wrong', { schema }, async () => ({ name: 'Sở Y tế', count: 'ba mươi' }));
    const extra = await app.inject({ method: 'GET', url: '/extra' });
    expect(extra.statusCode).toBe(200);
    expect(extra.body).toBe('{"name":"Sở Y tế","count":3}');
    const wrong = await app.inject({ method: 'GET', url: '/wrong' });
    expect(wrong.statusCode).toBe(500);
    expect(wrong.json().error.code).toBe('INTERNAL');
    expect(wrong.body).not.toContain('mươi');
    await app.close();
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
