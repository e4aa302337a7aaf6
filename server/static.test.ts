import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/harness.ts';

/** The built web app as the server sends it: precompressed copies, and index.html for the client's routes. */
let t: TestApp;
let webDist: string;
const script = 'console.log("theodoi");'.repeat(200);

beforeAll(async () => {
  webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'theodoi-web-'));
  fs.mkdirSync(path.join(webDist, 'assets'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>theodoi</title>');
  fs.writeFileSync(path.join(webDist, 'assets/app.js'), script);
  fs.writeFileSync(path.join(webDist, 'assets/app.js.br'), zlib.brotliCompressSync(script));
  fs.writeFileSync(path.join(webDist, 'assets/app.js.gz'), zlib.gzipSync(script));
  t = await startTestApp({ webDist });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(webDist, { recursive: true, force: true });
});

describe('the web app', () => {
  it('sends the brotli or gzip copy to a browser that accepts it, the plain file otherwise', async () => {
    const br = await t.app.inject({ url: '/assets/app.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    const gz = await t.app.inject({ url: '/assets/app.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(script);
    const plain = await t.app.inject({ url: '/assets/app.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('answers a client route with index.html and an unknown API path with a Vietnamese 404', async () => {
    const page = await t.app.inject({ url: '/tasks/1234' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>theodoi</title>');
    const api = await t.app.inject({ url: '/api/khong-co' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.message).toContain('Không tìm thấy');
  });
});

describe('API replies', () => {
  it('are compressed for a client that accepts it, and the same JSON once decompressed', async () => {
    const coordinator = await t.as('coordinator');
    const url = '/api/units?pageSize=200';
    const plain = await coordinator.request('GET', { url, headers: { 'accept-encoding': 'identity' } });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await coordinator.request('GET', { url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(JSON.parse(zlib.brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    const gz = await coordinator.request('GET', { url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gz.rawPayload).toString())).toEqual(plain.json());
  });

  it('leave a reply under 1 KB as it is', async () => {
    const health = await t.app.inject({ url: '/api/health', headers: { 'accept-encoding': 'gzip, br' } });
    expect(health.rawPayload.length).toBeLessThan(1024);
    expect(health.headers['content-encoding']).toBeUndefined();
  });
});
