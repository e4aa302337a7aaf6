import fs from 'node:fs';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProvince } from '../../db/seed/province.ts';
import { verifyAuditChain } from '../../kernel/audit/audit.service.ts';
import { auditLog } from '../../kernel/audit/audit.table.ts';
import { multipart, type Session, startTestApp, type TestApp } from '../../testing/harness.ts';
import { units } from './units.table.ts';

let t: TestApp;
let admin: Session;
let provinceId: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as('admin');
  provinceId = admin.me.user.provinceId;
});
afterAll(() => t.close());

const unitCount = async () => (await t.db.select({ n: count() }).from(units))[0]?.n;
const newUnit = (over: object = {}) => ({
  parentId: provinceId,
  code: 'SO_MOI',
  kind: 'department',
  name: 'Sở Thử nghiệm',
  shortName: 'Sở TN',
  ...over,
});

describe('the demo province', () => {
  it("holds the seeds' bodies and the 92 communes and wards of Thái Nguyên", async () => {
    const wards = await t.db.select({ n: count() }).from(units).where(eq(units.kind, 'ward'));
    const communes = await t.db.select({ n: count() }).from(units).where(eq(units.kind, 'commune'));
    expect(wards[0]?.n).toBe(15);
    expect(communes[0]?.n).toBe(77);
    const res = await admin.get('/api/units?q=tan%20cuong&pageSize=5');
    expect(res.json().items.map((u: { name: string }) => u.name)).toContain('Xã Tân Cương');
  });

  it('finds "Sở KH&CN" by "so khcn", by its full name without diacritics, and by an alias', async () => {
    const coordinator = await t.as('coordinator');
    for (const q of ['so khcn', 'khoa hoc va cong nghe', 'Sở KHCN', 'SỞ KH&CN']) {
      const res = await coordinator.get(`/api/units?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(
        res.json().items.map((u: { code: string }) => u.code),
        q,
      ).toContain('SKHCN');
    }
  });

  it('lists group phrases that stand for many units', async () => {
    const res = await admin.get('/api/unit-groups');
    const phrases = res.json().map((g: { phrase: string }) => g.phrase);
    expect(phrases).toContain('Các sở, ban, ngành');
    expect(phrases).toContain('UBND các xã, phường');
  });
});

describe('unit scope', () => {
  it('shows the commune officer only xã Tân Cương', async () => {
    const commune = await t.as('commune');
    const list = await commune.get('/api/units?pageSize=500');
    expect(list.json().total).toBe(1);
    expect(list.json().items[0].name).toBe('Xã Tân Cương');
    const search = await commune.get('/api/units?q=so%20khcn');
    expect(search.json().total).toBe(0);
    const [skhcn] = await t.db.select().from(units).where(eq(units.code, 'SKHCN'));
    expect((await commune.get(`/api/units/${skhcn?.id}`)).statusCode).toBe(404);
    expect((await commune.get(`/api/units/${skhcn?.id}/history`)).statusCode).toBe(404);
  });

  it('shows the coordinator every unit of the province', async () => {
    const coordinator = await t.as('coordinator');
    const res = await coordinator.get('/api/units?pageSize=1');
    expect(res.json().total).toBeGreaterThan(140);
  });

  it("keeps a second province, loaded from data alone, out of the first one's lists", async () => {
    await loadProvince(t.db, JSON.parse(fs.readFileSync(new URL('../../db/seed/ninh-binh.json', import.meta.url), 'utf8')));
    const all = await t.db.select({ n: count() }).from(units).where(eq(units.kind, 'province'));
    expect(all[0]?.n).toBe(2);
    const res = await admin.get('/api/units?q=ninh%20binh');
    expect(res.json().total).toBe(0);
  });
});

describe('managing units', () => {
  it('creates a unit with its audit record, and refuses a duplicate code', async () => {
    const res = await admin.post('/api/units', newUnit({ aliases: ['Sở TN&PT', 'Sở TN'] }));
    expect(res.statusCode).toBe(201);
    const unit = res.json();
    expect(unit.aliases).toEqual(['Sở TN&PT']); // the short name is not repeated as an alias
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, unit.id));
    expect(entry?.action).toBe('unit.create');
    expect(entry?.actorName).toBe('admin');
    const dup = await admin.post('/api/units', newUnit());
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain('SO_MOI');
  });

  it('rejects bad input with Vietnamese field errors and writes nothing', async () => {
    const before = await unitCount();
    const cases = [
      newUnit({ code: 'X1', name: '' }),
      newUnit({ code: 'X2', name: 'a'.repeat(301) }),
      newUnit({ code: 'X3', kind: 'planet' }),
      newUnit({ code: 'X4', sortOrder: 'first' }),
      newUnit({ code: 'X5', hacked: true }),
      newUnit({ code: 'X6', parentId: 'not-a-uuid' }),
      newUnit({ code: 'có dấu' }),
    ];
    for (const body of cases) {
      const res = await admin.post('/api/units', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.message).toContain('Dữ liệu chưa hợp lệ');
      expect(res.json().error.details.length).toBeGreaterThan(0);
    }
    const malformed = await admin.request('POST', {
      url: '/api/units',
      payload: '{"parentId":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toContain('JSON');
    expect(await unitCount()).toBe(before);
  });

  it('catches a concurrent edit by its version instead of overwriting it', async () => {
    const unit = (await admin.post('/api/units', newUnit({ code: 'SO_SONG_SONG' }))).json();
    const first = await admin.patch(`/api/units/${unit.id}`, { version: unit.version, name: 'Tên của người thứ nhất' });
    expect(first.statusCode).toBe(200);
    const second = await admin.patch(`/api/units/${unit.id}`, { version: unit.version, name: 'Tên của người thứ hai' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.message).toContain('tải lại');
    expect((await admin.get(`/api/units/${unit.id}`)).json().name).toBe('Tên của người thứ nhất');
  });

  it('turns a commune into a ward without losing its history', async () => {
    const [xa] = await t.db.select().from(units).where(eq(units.code, 'XA_TAN_CUONG'));
    const res = await admin.patch(`/api/units/${xa?.id}`, { version: xa?.version, kind: 'ward', name: 'Phường Tân Cương' });
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(xa?.id);
    const history = (await admin.get(`/api/units/${xa?.id}/history`)).json();
    const change = history.at(-1);
    expect(change.before.kind).toBe('commune');
    expect(change.after.kind).toBe('ward');
    expect(change.before.name).toBe('Xã Tân Cương');
    // the commune officer still belongs to it
    const commune = await t.as('commune');
    expect((await commune.get('/api/me')).json().user.unitName).toBe('Phường Tân Cương');
  });

  it('refuses to make a unit its own ancestor', async () => {
    const parent = (await admin.post('/api/units', newUnit({ code: 'CHA' }))).json();
    const child = (await admin.post('/api/units', newUnit({ code: 'CON', parentId: parent.id }))).json();
    const res = await admin.patch(`/api/units/${parent.id}`, { version: parent.version, parentId: child.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('cấp dưới của chính nó');
  });

  it('deactivates a merged unit with its successor, keeps it listable, and reactivates it', async () => {
    const [target] = await t.db.select().from(units).where(eq(units.code, 'SKHCN'));
    const merged = (await admin.post('/api/units', newUnit({ code: 'SO_CU', name: 'Sở Sáp Nhập Cũ' }))).json();
    const res = await admin.post(`/api/units/${merged.id}/deactivate`, {
      version: merged.version,
      validTo: '2025-06-30',
      successorId: target?.id,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ active: false, validTo: '2025-06-30', successorId: target?.id });
    expect((await admin.get('/api/units?q=sap%20nhap%20cu')).json().total).toBe(0);
    expect((await admin.get('/api/units?q=sap%20nhap%20cu&status=inactive')).json().total).toBe(1);
    const back = await admin.post(`/api/units/${merged.id}/activate`, { version: res.json().version });
    expect(back.json()).toMatchObject({ active: true, validTo: null });
  });

  it('refuses invalid dates', async () => {
    const unit = (await admin.post('/api/units', newUnit({ code: 'SO_NGAY' }))).json();
    const res = await admin.post(`/api/units/${unit.id}/deactivate`, { version: unit.version, validTo: '2025-02-30' });
    expect(res.statusCode).toBe(400);
  });
});

describe('Excel import and export', () => {
  async function exported(): Promise<ExcelJS.Workbook> {
    const res = await admin.get('/api/units/export.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    return book;
  }
  const upload = async (book: ExcelJS.Workbook) => {
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const { payload, headers } = multipart('don-vi.xlsx', bytes);
    return admin.request('POST', { url: '/api/units/import', payload, headers });
  };

  it('round-trips: re-importing the export changes nothing', async () => {
    const book = await exported();
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getRow(1).getCell(1).value).toBe('Mã');
    expect(sheet.rowCount).toBeGreaterThan(140);
    const res = await upload(book);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 0 });
  });

  it('creates new rows, updates changed ones, and audits both', async () => {
    const book = await exported();
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    let syt = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value === 'SYT') syt = n;
    });
    sheet.getRow(syt).getCell(6).value = 'Sở YT; Sở Y tế tỉnh Thái Nguyên';
    sheet.addRow(['TT_Y_TE_SO', 'Trung tâm Y tế số', '', 'Đơn vị khác', 'SYT', '', 'Có', '', '']);
    const res = await upload(book);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, updated: 1 });
    const found = await admin.get('/api/units?q=y%20te%20tinh%20thai%20nguyen');
    expect(found.json().items.map((u: { code: string }) => u.code)).toContain('SYT');
  });

  it('refuses the whole file when one row is bad, naming the row', async () => {
    const before = await unitCount();
    const book = await exported();
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    sheet.addRow(['DON_VI_TOT', 'Đơn vị tốt', '', 'Sở', 'SKHCN', '', 'Có', '', '']);
    sheet.addRow(['DON_VI_XAU', 'Đơn vị xấu', '', 'Hành tinh', 'KHONG_CO', '', 'Có', '', '']);
    const res = await upload(book);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('chưa nhập dòng nào');
    expect(res.json().error.details[0].field).toBe(`Dòng ${sheet.rowCount}`);
    expect(await unitCount()).toBe(before);
  });

  it('refuses corrupt and non-Excel files in Vietnamese', async () => {
    const corrupt = multipart('hong.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]));
    const res1 = await admin.request('POST', { url: '/api/units/import', ...corrupt });
    expect(res1.statusCode).toBeGreaterThanOrEqual(400);
    expect(res1.statusCode).toBeLessThan(500);
    const pdf = multipart('a.xlsx', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'));
    const res2 = await admin.request('POST', { url: '/api/units/import', ...pdf });
    expect(res2.statusCode).toBe(415);
    expect(res2.json().error.message).toContain('Excel');
  });

  it('keeps the audit chain intact after all of the above', async () => {
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
