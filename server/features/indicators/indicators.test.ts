import { and, count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndicatorDetail, IndicatorSummary, IndicatorValue } from '#common/contracts/indicators.ts';
import { setClock } from '#common/domain/iso-date.ts';
import { verifyAuditChain } from '../../kernel/audit/audit.service.ts';
import { multipart, type Session, startTestApp, type TestApp } from '../../testing/harness.ts';
import { units } from '../units/units.table.ts';
import { indicators, indicatorValueEvents, indicatorValues } from './indicators.table.ts';

const at = (day: string) => setClock(new Date(`${day}T09:00:00+07:00`));

let t: TestApp;
let coordinator: Session;
let officer: Session;
let head: Session;
let otherUnit: Session;
let commune: Session;
let fiveG: string;

const valueRows = async () => (await t.db.select({ n: count() }).from(indicatorValues))[0]?.n;

beforeAll(async () => {
  at('2026-10-01');
  t = await startTestApp();
  coordinator = await t.as('coordinator');
  officer = await t.as('skhcn-officer');
  head = await t.as('skhcn-head');
  otherUnit = await t.as('officer');
  commune = await t.as('commune');
  const [row] = await t.db.select().from(indicators).where(eq(indicators.code, 'HT-01'));
  fiveG = row?.id as string;
});
afterAll(async () => {
  setClock(null);
  await t.close();
});

describe('the catalogue', () => {
  it('holds the 60 targets of 002 §I.2 for the coordinator; a unit sees only its own, a commune those it reports on', async () => {
    const all = (await coordinator.get('/api/indicators')).json() as IndicatorSummary[];
    expect(all).toHaveLength(60);
    const dti = all.find((i) => i.code === 'CD-01');
    expect(dti).toMatchObject({ target2030: 0.8, baseline: { value: 0.79, year: 2024 }, status: 'no_data', latest: null });
    const mine = (await officer.get('/api/indicators')).json() as IndicatorSummary[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i) => i.owner.shortName === 'Sở KH&CN')).toBe(true);
    const syt = (await otherUnit.get('/api/indicators')).json() as IndicatorSummary[];
    expect(syt.map((i) => i.code)).not.toContain('HT-01');
    const communal = (await commune.get('/api/indicators')).json() as IndicatorSummary[];
    expect(communal.length).toBeGreaterThan(0);
    expect(communal.every((i) => i.byCommune)).toBe(true);
  });

  it('another unit’s indicator is a 404, read or written, and nothing is written', async () => {
    expect((await otherUnit.get(`/api/indicators/${fiveG}`)).statusCode).toBe(404);
    const res = await otherUnit.request('PUT', { url: `/api/indicators/${fiveG}/values/2026-Q3`, payload: { value: 90 } });
    expect(res.statusCode).toBe(404);
    expect(await valueRows()).toBe(0);
  });
});

describe('a value through its workflow', () => {
  let value: IndicatorValue;

  it('refuses 140%, a word and a period that is not open, in Vietnamese, writing nothing', async () => {
    const over = await officer.request('PUT', { url: `/api/indicators/${fiveG}/values/2026-Q3`, payload: { value: 140 } });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.message).toBe('Tỷ lệ phải trong khoảng 0–100%; 140% không hợp lệ.');
    const word = await officer.request('PUT', { url: `/api/indicators/${fiveG}/values/2026-Q3`, payload: { value: 'chín mươi' } });
    expect(word.statusCode).toBe(400);
    const future = await officer.request('PUT', { url: `/api/indicators/${fiveG}/values/2027-Q1`, payload: { value: 90 } });
    expect(future.statusCode).toBe(409);
    expect(future.json().error.message).toContain('Quý I/2027 chưa mở');
    const closed = await officer.request('PUT', { url: `/api/indicators/${fiveG}/values/2026-Q1`, payload: { value: 90 } });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.message).toContain('đã khóa');
    const wrongKey = await officer.request('PUT', { url: `/api/indicators/${fiveG}/values/2026-09`, payload: { value: 90 } });
    expect(wrongKey.statusCode).toBe(400);
    expect(await valueRows()).toBe(0);
  });

  it('asks for a comment when the value is off the path', async () => {
    const low = await officer.request('PUT', { url: `/api/indicators/${fiveG}/values/2026-Q3`, payload: { value: 70 } });
    expect(low.statusCode).toBe(400);
    expect(low.json().error.message).toContain('Hãy ghi giải trình: giá trị thấp hơn lộ trình (kỳ vọng 95 %)');
    expect(await valueRows()).toBe(0);
  });

  it('the officer enters 92% for Q3/2026, the head submits, the coordinator approves: on track', async () => {
    const entered = await officer.request('PUT', { url: `/api/indicators/${fiveG}/values/2026-Q3`, payload: { value: 92 } });
    expect(entered.statusCode, entered.body).toBe(200);
    value = entered.json();
    expect(value).toMatchObject({ state: 'draft', value: 92, periodLabel: 'Quý III/2026', periodEnd: '2026-09-14' });
    // the officer cannot submit; the head can
    expect((await officer.post(`/api/indicator-values/${value.id}/submit`, { version: value.version })).statusCode).toBe(403);
    const submitted = await head.post(`/api/indicator-values/${value.id}/submit`, { version: value.version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    value = submitted.json();
    // a submitted value is not edited
    const edit = await officer.request('PUT', {
      url: `/api/indicators/${fiveG}/values/2026-Q3`,
      payload: { value: 93, version: value.version },
    });
    expect(edit.statusCode).toBe(409);
    // two coordinators approve at once: one wins, the other is told to reload
    const [a, b] = await Promise.all([
      coordinator.post(`/api/indicator-values/${value.id}/approve`, { version: value.version }),
      coordinator.post(`/api/indicator-values/${value.id}/approve`, { version: value.version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    value = (a.statusCode === 200 ? a : b).json();
    expect(value.state).toBe('approved');
    const detail = (await coordinator.get(`/api/indicators/${fiveG}`)).json() as IndicatorDetail;
    expect(detail).toMatchObject({ latest: { periodKey: '2026-Q3', value: 92 }, expected: 95, status: 'on_track' });
    expect(detail.path.map((p) => [p.on, p.value])).toEqual([
      ['2026-12-31', 95],
      ['2030-12-31', 100],
    ]);
    expect(detail.values[0]?.history.map((h) => h.action)).toEqual(['enter', 'submit', 'approve']);
  });

  it('an approved value is locked; the coordinator un-approves it with a reason, and the history is kept', async () => {
    const locked = await officer.request('PUT', {
      url: `/api/indicators/${fiveG}/values/2026-Q3`,
      payload: { value: 93, version: value.version },
    });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.message).toContain('đã được duyệt');
    const bare = await coordinator.post(`/api/indicator-values/${value.id}/unapprove`, { version: value.version });
    expect(bare.statusCode).toBe(400);
    const undone = await coordinator.post(`/api/indicator-values/${value.id}/unapprove`, {
      version: value.version,
      comment: 'Số liệu chưa khớp báo cáo của doanh nghiệp viễn thông.',
    });
    expect(undone.statusCode, undone.body).toBe(200);
    value = undone.json();
    expect(value).toMatchObject({ state: 'returned', reviewComment: 'Số liệu chưa khớp báo cáo của doanh nghiệp viễn thông.' });
    const corrected = await officer.request('PUT', {
      url: `/api/indicators/${fiveG}/values/2026-Q3`,
      payload: { value: 91.5, version: value.version },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const events = await t.db.select().from(indicatorValueEvents).where(eq(indicatorValueEvents.valueId, value.id));
    expect(events.map((e) => e.action)).toEqual(['enter', 'submit', 'approve', 'unapprove', 'enter']);
    expect(events.map((e) => e.value)).toEqual([92, 92, 92, 92, 91.5]);
    // the province's figure is approved values only: none now
    const detail = (await coordinator.get(`/api/indicators/${fiveG}`)).json() as IndicatorDetail;
    expect(detail).toMatchObject({ latest: null, status: 'no_data' });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it('a stale version is refused and changes nothing', async () => {
    const [row] = await t.db
      .select()
      .from(indicatorValues)
      .where(and(eq(indicatorValues.indicatorId, fiveG), eq(indicatorValues.periodKey, '2026-Q3')));
    const stale = await officer.request('PUT', {
      url: `/api/indicators/${fiveG}/values/2026-Q3`,
      payload: { value: 80, comment: 'x', version: 1 },
    });
    expect(stale.statusCode).toBe(409);
    const [after] = await t.db
      .select()
      .from(indicatorValues)
      .where(eq(indicatorValues.id, row?.id as string));
    expect(after?.value).toBe(91.5);
  });
});

describe('an indicator broken down by commune', () => {
  it('each commune enters its own value; the province’s figure is the communes’ approved values aggregated', async () => {
    const [row] = await t.db.select().from(indicators).where(eq(indicators.code, 'HT-03'));
    expect(row).toMatchObject({ byCommune: true, aggregation: 'mean' });
    const id = row?.id as string;
    const communeHead = await t.as('commune-head');
    const entered = await commune.request('PUT', { url: `/api/indicators/${id}/values/2026-Q3`, payload: { value: 80 } });
    expect(entered.statusCode, entered.body).toBe(200);
    expect(entered.json().unit.shortName).toBe('Xã Tân Cương');
    const submitted = await communeHead.post(`/api/indicator-values/${entered.json().id}/submit`, { version: entered.json().version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(
      (await coordinator.post(`/api/indicator-values/${entered.json().id}/approve`, { version: submitted.json().version })).statusCode,
    ).toBe(200);
    // another commune's value, approved
    const [ward] = await t.db.select().from(units).where(eq(units.code, 'PHUONG_BAC_KAN'));
    await t.db.insert(indicatorValues).values({
      provinceId: row?.provinceId as string,
      indicatorId: id,
      periodKey: '2026-Q3',
      periodEnd: '2026-09-14',
      unitId: ward?.id as string,
      value: 60,
      state: 'approved',
    });
    const detail = (await coordinator.get(`/api/indicators/${id}`)).json() as IndicatorDetail;
    expect(detail.latest).toMatchObject({ periodKey: '2026-Q3', value: 70 });
    expect(detail.values).toHaveLength(2);
    // the commune sees only its own value
    const mine = (await commune.get(`/api/indicators/${id}`)).json() as IndicatorDetail;
    expect(mine.values.map((v) => v.value)).toEqual([80]);
    // Sở Y tế neither owns it nor is a commune
    expect((await otherUnit.request('PUT', { url: `/api/indicators/${id}/values/2026-Q3`, payload: { value: 50 } })).statusCode).toBe(404);
  });
});

describe('values from a workbook', () => {
  async function workbook(rows: (string | number)[][]): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Số liệu');
    sheet.addRow(['Mã', 'Kỳ', 'Giá trị', 'Giải trình']);
    for (const r of rows) sheet.addRow(r);
    return Buffer.from(await book.xlsx.writeBuffer());
  }
  const upload = async (s: Session, bytes: Buffer) =>
    s.request('POST', { url: '/api/indicators/values/import', ...multipart('so-lieu.xlsx', bytes) });

  it('refuses the whole file for one bad row, naming it, and writes nothing', async () => {
    const before = await valueRows();
    const bad = await upload(
      officer,
      await workbook([
        ['HT-04', 'Quý III/2026', '45', ''],
        ['HT-05', 'Quý III/2026', 'một trăm', ''],
        ['CD-15', 'Năm 2026', '80', ''],
      ]),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('Tệp có 2 dòng chưa đúng; chưa ghi dòng nào. Dòng 3: giá trị "một trăm" không phải là số.');
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual(['Dòng 3', 'Dòng 4']);
    expect(await valueRows()).toBe(before);
    expect((await upload(officer, Buffer.from('Mã;Kỳ;Giá trị'))).statusCode).toBe(415);
  });

  it('enters every row as drafts, by period key or label, with Vietnamese decimals', async () => {
    const before = await valueRows();
    const ok = await upload(
      officer,
      await workbook([
        ['HT-04', 'Quý III/2026', '45,5', ''],
        ['HT-05', '2026-Q3', 120, ''],
      ]),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ entered: 2 });
    expect(await valueRows()).toBe((before ?? 0) + 2);
    const fourG = (await coordinator.get('/api/indicators')).json().find((i: IndicatorSummary) => i.code === 'HT-04');
    const detail = (await officer.get(`/api/indicators/${fourG.id}`)).json() as IndicatorDetail;
    expect(detail.values[0]).toMatchObject({ periodKey: '2026-Q3', value: 45.5, state: 'draft' });
  });
});

describe('the catalogue through a workbook', () => {
  it('round-trips: re-importing the export changes nothing', async () => {
    const exported = (await coordinator.get('/api/indicators/export.xlsx')).rawPayload;
    const res = await coordinator.request('POST', { url: '/api/indicators/import', ...multipart('chi-tieu.xlsx', exported) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 0, updated: 0 });
  });

  it('updates a target and adds an indicator; one bad row refuses the file and writes nothing', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await coordinator.get('/api/indicators/export.xlsx')).rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    let dti = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value === 'CD-01') dti = n;
    });
    sheet.getRow(dti).getCell(9).value = '2027: 0,795';
    const added = sheet.addRow([
      'CD-99',
      'Tỷ lệ hộ gia đình có cáp quang',
      'Chuyển đổi số',
      '%',
      'Tỷ lệ (%)',
      'Càng cao càng tốt',
      80,
      2025,
      '',
      95,
      'SKHCN',
      'Hằng năm',
      'Không',
      'Số duyệt sau cùng',
      'Kế hoạch thử',
    ]);
    const bad = sheet.addRow([
      'CD-98',
      'Chỉ tiêu lỗi',
      'Chuyển đổi số',
      '%',
      'Tỷ lệ (%)',
      'Càng cao càng tốt',
      '',
      '',
      '',
      95,
      'KHONG_CO',
      'Hằng năm',
      'Không',
      'Cộng',
      '',
    ]);
    const before = (await t.db.select({ n: count() }).from(indicators))[0]?.n;
    const refused = await coordinator.request('POST', {
      url: '/api/indicators/import',
      ...multipart('chi-tieu.xlsx', Buffer.from(await book.xlsx.writeBuffer())),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain(`Dòng ${bad.number}, cột "Mã đơn vị chủ trì": không có đơn vị mã "KHONG_CO".`);
    expect((await t.db.select({ n: count() }).from(indicators))[0]?.n).toBe(before);
    bad.getCell(11).value = 'SKHCN';
    const ok = await coordinator.request('POST', {
      url: '/api/indicators/import',
      ...multipart('chi-tieu.xlsx', Buffer.from(await book.xlsx.writeBuffer())),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ created: 2, updated: 1 });
    const [row] = await t.db.select().from(indicators).where(eq(indicators.code, 'CD-01'));
    expect(row?.yearlyTargets).toEqual([{ year: 2027, value: 0.795 }]);
    const [fresh] = await t.db.select().from(indicators).where(eq(indicators.code, 'CD-99'));
    expect(fresh).toMatchObject({ baselineValue: 80, baselineYear: 2025, target2030: 95, group: 'digital_transformation' });
    expect(added.number).toBeGreaterThan(dti);
    // a unit may not import the catalogue
    expect(
      (await officer.request('POST', { url: '/api/indicators/import', ...multipart('chi-tieu.xlsx', Buffer.from('x')) })).statusCode,
    ).toBe(403);
  });
});

describe('the XLSX export', () => {
  it('lists the catalogue by group with the latest values, then the values', async () => {
    const res = await coordinator.get('/api/indicators/export.xlsx');
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const [catalogue, values] = book.worksheets;
    const codes: string[] = [];
    catalogue?.eachRow((row, n) => {
      const code = String(row.getCell(1).value ?? '');
      if (n > 2 && /^[A-Z]{2}-\d{2}$/.test(code)) codes.push(code);
    });
    expect(codes).toHaveLength(((await coordinator.get('/api/indicators')).json() as IndicatorSummary[]).length);
    expect(codes.length).toBeGreaterThanOrEqual(60);
    expect(catalogue?.getCell('B3').value).toBe('Hạ tầng');
    const rows: unknown[][] = [];
    values?.eachRow((row) => rows.push(row.values as unknown[]));
    expect(rows).toContainEqual(expect.arrayContaining(['HT-01', 'Quý III/2026', 'Sở Khoa học và Công nghệ', 91.5, 'Đang nhập']));
  });
});
