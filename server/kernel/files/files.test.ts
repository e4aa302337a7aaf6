import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, startTestApp, type TestApp } from '../../testing/harness.ts';
import { files } from './files.table.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ uploadLimitBytes: 25 * 1024 * 1024 });
});
afterAll(() => t.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const fileCount = async () => (await t.db.select({ n: count() }).from(files))[0]?.n;

describe('files', () => {
  it("stores a PDF by content and lets the uploader's unit download it", async () => {
    const officer = await t.as('officer');
    const res = await officer.request('POST', { url: '/api/files', ...multipart('Báo cáo tháng 4.pdf', PDF) });
    expect(res.statusCode, res.body).toBe(201);
    const stored = res.json();
    expect(stored).toMatchObject({ name: 'Báo cáo tháng 4.pdf', mime: 'application/pdf', size: PDF.length });
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
    const down = await officer.get(`/api/files/${stored.id}`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(PDF)).toBe(true);
    expect(down.headers['content-disposition']).toContain(encodeURIComponent('Báo cáo tháng 4.pdf'));
    // same unit's head and the coordinator may read it; another unit may not even learn it exists
    expect((await (await t.as('head')).get(`/api/files/${stored.id}`)).statusCode).toBe(200);
    expect((await (await t.as('coordinator')).get(`/api/files/${stored.id}`)).statusCode).toBe(200);
    const other = await (await t.as('commune')).get(`/api/files/${stored.id}`);
    expect(other.statusCode).toBe(404);
  });

  it('checks the type by content, not by name', async () => {
    const officer = await t.as('officer');
    const before = await fileCount();
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512, 1)]);
    const res = await officer.request('POST', { url: '/api/files', ...multipart('bao-cao.pdf', exe) });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.message).toContain('Loại tệp không được chấp nhận');
    const text = await officer.request('POST', { url: '/api/files', ...multipart('ghi-chu.pdf', Buffer.from('chỉ là chữ')) });
    expect(text.statusCode).toBe(415);
    const empty = await officer.request('POST', { url: '/api/files', ...multipart('rong.pdf', Buffer.alloc(0)) });
    expect(empty.statusCode).toBe(400);
    expect(await fileCount()).toBe(before);
  });

  it('refuses a 50 MB upload with 413 and stores nothing', async () => {
    const officer = await t.as('officer');
    const before = await fileCount();
    const big = Buffer.concat([PDF, Buffer.alloc(50 * 1024 * 1024, 32)]);
    const res = await officer.request('POST', { url: '/api/files', ...multipart('qua-lon.pdf', big) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toContain('Tệp quá lớn');
    expect(await fileCount()).toBe(before);
  });

  it('refuses a form without a file', async () => {
    const officer = await t.as('officer');
    const res = await officer.request('POST', { url: '/api/files', payload: {} });
    expect(res.statusCode).toBe(415);
  });
});
