import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FundingSummary } from '#common/contracts/funding.ts';
import { setClock } from '#common/domain/iso-date.ts';
import { verifyAuditChain } from '../../kernel/audit/audit.service.ts';
import { type Session, startTestApp, type TestApp } from '../../testing/harness.ts';
import { units } from '../units/units.table.ts';
import { fundingAllocations, fundingDisbursements } from './funding.table.ts';

const M = 1_000_000;
let t: TestApp;
let finance: Session;
let syt: Session;
let commune: Session;
let coordinator: Session;
let leader: Session;
const unit: Record<string, string> = {};

const rows = async () => ({
  allocations: (await t.db.select({ n: count() }).from(fundingAllocations))[0]?.n,
  disbursements: (await t.db.select({ n: count() }).from(fundingDisbursements))[0]?.n,
});
const summary = async (s: Session, query = '') => (await s.get(`/api/funding${query}`)).json() as FundingSummary;
const allocationOf = async (project: string) => (await summary(finance)).allocations.find((a) => a.project === project);

beforeAll(async () => {
  setClock(new Date('2026-10-16T09:00:00+07:00'));
  t = await startTestApp();
  finance = await t.as('finance');
  syt = await t.as('officer');
  commune = await t.as('commune');
  coordinator = await t.as('coordinator');
  leader = await t.as('leader');
  for (const u of await t.db.select().from(units)) unit[u.code] = u.id;
});
afterAll(async () => {
  setClock(null);
  await t.close();
});

describe('the Đề án’s needs', () => {
  it('are seeded from 002 Part 3 §II: 16,303,827 million in all, 3,888,827 from the budget', async () => {
    const { plan } = await summary(coordinator);
    const of = (source: string) => (plan.find((p) => p.source === source)?.amount ?? 0) / M;
    expect(plan.reduce((a, p) => a + p.amount, 0) / M).toBe(16_303_827);
    expect(of('central') + of('provincial_investment') + of('provincial_recurrent')).toBe(3_888_827);
    expect(of('non_budget')).toBe(12_415_000);
    expect(of('central')).toBe(370_850);
    expect(of('provincial_investment') + of('provincial_recurrent')).toBe(3_517_977);
    expect(of('provincial_investment')).toBe(537_000);
    expect(of('provincial_recurrent')).toBe(2_980_977);
  });
});

describe('allocations and disbursements', () => {
  it('Sở Tài chính allocates to units; each payment is recorded', async () => {
    const allocate = (body: object) => finance.post('/api/funding/allocations', body);
    for (const [unitCode, source, project, amount] of [
      ['SYT', 'provincial_recurrent', 'Bệnh án điện tử', 1_200 * M],
      ['SYT', 'central', 'Hệ thống y tế số', 800 * M],
      ['XA_TAN_CUONG', 'provincial_investment', 'Chợ số Tân Cương', 500 * M],
    ] as const) {
      const res = await allocate({ year: 2026, source, unitId: unit[unitCode], project, amount });
      expect(res.statusCode, res.body).toBe(201);
    }
    const pay = async (project: string, on: string, amount: number) => {
      const a = await allocationOf(project);
      const res = await syt.post(`/api/funding/allocations/${a?.id}/disbursements`, { on, amount, version: a?.version });
      expect(res.statusCode, res.body).toBe(201);
    };
    await pay('Bệnh án điện tử', '2026-03-10', 300 * M);
    await pay('Bệnh án điện tử', '2026-09-20', 240 * M);
    await pay('Hệ thống y tế số', '2026-06-01', 200 * M);
  });

  it('rates match the figures worked out by hand, by allocation, unit, source and in all', async () => {
    const s = await summary(coordinator, '?year=2026&asOf=2026-10-14');
    expect(s.total).toEqual({ allocated: 2_500 * M, disbursed: 740 * M, rate: 29.6 });
    const byUnit = Object.fromEntries(s.byUnit.map((u) => [u.unit.id, u]));
    expect(byUnit[unit.SYT as string]).toMatchObject({ allocated: 2_000 * M, disbursed: 740 * M, rate: 37 });
    expect(byUnit[unit.XA_TAN_CUONG as string]).toMatchObject({ allocated: 500 * M, disbursed: 0, rate: 0 });
    const bySource = Object.fromEntries(s.bySource.map((b) => [b.source, b]));
    expect(bySource.provincial_recurrent).toMatchObject({ allocated: 1_200 * M, disbursed: 540 * M, rate: 45 });
    expect(bySource.central).toMatchObject({ allocated: 800 * M, disbursed: 200 * M, rate: 25 });
    expect(bySource.provincial_investment).toMatchObject({ allocated: 500 * M, disbursed: 0, rate: 0 });
    expect(bySource.non_budget).toMatchObject({ allocated: 0, disbursed: 0, rate: 0 });
    // as at the June cut-off, only what was paid by 14/6
    const june = await summary(coordinator, '?year=2026&asOf=2026-06-14');
    expect(june.total).toEqual({ allocated: 2_500 * M, disbursed: 500 * M, rate: 20 });
  });

  it('a unit sees its own; Sở Tài chính, the coordinator and leaders see every unit', async () => {
    expect((await summary(syt)).allocations.map((a) => a.project).sort()).toEqual(['Bệnh án điện tử', 'Hệ thống y tế số']);
    expect((await summary(commune)).allocations.map((a) => a.project)).toEqual(['Chợ số Tân Cương']);
    for (const s of [finance, coordinator, leader]) expect((await summary(s)).allocations).toHaveLength(3);
  });
});

describe('what an allocation may be for', () => {
  it('Sở Tài chính chooses among every unit and task of the province; a unit only itself', async () => {
    const forFinance = (await finance.get('/api/funding/options?q=y te')).json();
    expect(forFinance.finance).toBe(true);
    expect(forFinance.units.map((u: { id: string }) => u.id)).toContain(unit.SYT);
    const forUnit = (await syt.get('/api/funding/options')).json();
    expect(forUnit.finance).toBe(false);
    expect(forUnit.units.map((u: { id: string }) => u.id)).toEqual([unit.SYT]);
    const coordinatorSees = (await coordinator.get('/api/funding/options')).json();
    expect(coordinatorSees.finance).toBe(false);
  });
});

describe('bad input gets a clear 4xx and writes nothing', () => {
  it('negative, fractional or non-numeric money', async () => {
    const before = await rows();
    for (const amount of [-5 * M, 12.5, 'một tỷ']) {
      const res = await finance.post('/api/funding/allocations', { year: 2026, source: 'central', unitId: unit.SYT, project: 'X', amount });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].message).toMatch(/Số tiền/);
    }
    const a = await allocationOf('Chợ số Tân Cương');
    const negative = await commune.post(`/api/funding/allocations/${a?.id}/disbursements`, {
      on: '2026-10-01',
      amount: -1,
      version: a?.version,
    });
    expect(negative.statusCode).toBe(400);
    expect(await rows()).toEqual(before);
  });

  it('more than is left, a day to come, a stale version', async () => {
    const before = await rows();
    const a = await allocationOf('Hệ thống y tế số');
    const over = await syt.post(`/api/funding/allocations/${a?.id}/disbursements`, {
      on: '2026-10-01',
      amount: 700 * M,
      version: a?.version,
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.message).toBe('Số giải ngân vượt số còn lại của khoản được giao (còn 600 triệu đồng).');
    const future = await syt.post(`/api/funding/allocations/${a?.id}/disbursements`, { on: '2026-12-01', amount: M, version: a?.version });
    expect(future.statusCode).toBe(400);
    const stale = await syt.post(`/api/funding/allocations/${a?.id}/disbursements`, { on: '2026-10-01', amount: M, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(await rows()).toEqual(before);
  });

  it('another unit’s allocation is a 404; a unit cannot allocate to another', async () => {
    const before = await rows();
    const a = await allocationOf('Chợ số Tân Cương');
    expect(
      (await syt.post(`/api/funding/allocations/${a?.id}/disbursements`, { on: '2026-10-01', amount: M, version: a?.version })).statusCode,
    ).toBe(404);
    const other = await syt.post('/api/funding/allocations', {
      year: 2026,
      source: 'central',
      unitId: unit.XA_TAN_CUONG,
      project: 'X',
      amount: M,
    });
    expect(other.statusCode).toBe(403);
    expect(await rows()).toEqual(before);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});

describe('the monthly budget report (004 Phụ lục I, item 24)', () => {
  it('is a Decree 30 DOCX from Sở Tài chính with the October figures, and an XLSX that reopens', async () => {
    const docx = await coordinator.get('/api/funding/report.docx?month=2026-10');
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docx.headers['content-disposition']).toBe("attachment; filename*=UTF-8''bao-cao-kinh-phi-2026-10.docx");
    const xml = (await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('SỞ TÀI CHÍNH');
    expect(xml).toContain('BÁO CÁO');
    expect(xml).toContain('w:w="11906"');
    expect(xml).toContain('Tính đến ngày 14/10/2026');
    expect(xml).toContain('2.500 triệu đồng');
    expect(xml).toContain('đạt 29,6%');
    expect(xml).toContain('Chợ số Tân Cương (Xã Tân Cương): giao 500 triệu đồng, đã giải ngân 0%');
    const xlsx = await coordinator.get('/api/funding/report.xlsx?month=2026-10');
    expect(xlsx.headers['content-disposition']).toBe("attachment; filename*=UTF-8''giai-ngan-2026-10.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const [bySource, byAllocation] = book.worksheets;
    const total = bySource?.getRow(8).values as unknown[];
    expect(total).toEqual([undefined, 'Tổng cộng', 16_303_827, 2_500, 740, 29.6]);
    const projects: string[] = [];
    byAllocation?.eachRow((row, n) => {
      if (n > 3 && typeof row.getCell(3).value === 'number') projects.push(String(row.getCell(1).value));
    });
    expect(projects.sort()).toEqual(['Bệnh án điện tử', 'Chợ số Tân Cương', 'Hệ thống y tế số']);
  });

  it('a month that has not begun is refused', async () => {
    expect((await coordinator.get('/api/funding/report.docx?month=2027-01')).statusCode).toBe(409);
    expect((await coordinator.get('/api/funding/report.docx?month=2026-13')).statusCode).toBe(400);
  });
});

describe('demo', () => {
  it('Sở Tài chính’s login belongs to the unit of code STC', async () => {
    expect(finance.me.user.unitId).toBe(unit.STC);
    const [stc] = await t.db.select().from(units).where(eq(units.code, 'STC'));
    expect(stc?.name).toBe('Sở Tài chính');
  });
});
