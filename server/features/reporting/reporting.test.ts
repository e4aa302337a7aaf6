import { count, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsolidatedReport, Dashboard, PeriodDetail, ReportRegime, UnitReport } from '#common/contracts/reporting.ts';
import type { Task } from '#common/contracts/tasks.ts';
import { setClock } from '#common/domain/iso-date.ts';
import { verifyAuditChain } from '../../kernel/audit/audit.service.ts';
import { multipart, type Session, startTestApp, type TestApp } from '../../testing/harness.ts';
import { documents } from '../documents/documents.table.ts';
import { explanations } from '../explanations/explanations.table.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import { actorOfUser } from '../users/sessions.service.ts';
import { users } from '../users/users.table.ts';
import { appendixRows, reportData } from './consolidated.service.ts';
import { openPeriods } from './periods.service.ts';
import { consolidatedReports, reportingPeriods, unitReports } from './reporting.table.ts';

/** The product's clock, set to a Vietnamese morning. */
const at = (day: string) => setClock(new Date(`${day}T09:00:00+07:00`));
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let t: TestApp;
let coordinator: Session;
let officer: Session;
let head: Session;
let communeHead: Session;
let commune: Session;
let leader: Session;
const unit: Record<string, string> = {};
const task: Record<string, Task> = {};
let aprilId: string;

async function upload(s: Session): Promise<string> {
  const res = await s.request('POST', { url: '/api/files', ...multipart('minh-chung.pdf', PDF) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const reportUrl = (periodId: string, unitId: string) => `/api/periods/${periodId}/units/${unitId}/report`;

async function rowCounts() {
  const [r] = await t.db.select({ n: count() }).from(unitReports);
  const [c] = await t.db.select({ n: count() }).from(consolidatedReports);
  const [p] = await t.db.select({ n: count() }).from(reportingPeriods);
  const [e] = await t.db.select({ n: count() }).from(explanations);
  return { reports: r?.n, consolidated: c?.n, periods: p?.n, explanations: e?.n };
}

beforeAll(async () => {
  at('2026-04-02');
  t = await startTestApp();
  coordinator = await t.as('coordinator');
  officer = await t.as('officer');
  head = await t.as('head');
  communeHead = await t.as('commune-head');
  commune = await t.as('commune');
  leader = await t.as('leader');
  const rows = await t.db
    .select()
    .from(units)
    .where(inArray(units.code, ['SYT', 'XA_TAN_CUONG', 'SGDDT']));
  for (const r of rows) unit[r.code] = r.id;
  const [doc] = await t.db
    .insert(documents)
    .values({
      provinceId: officer.me.user.provinceId,
      symbol: '35/KH-UBND',
      title: 'Kế hoạch thử nghiệm',
      searchText: 'ke hoach',
      issuedOn: '2026-03-01',
    })
    .returning();
  const make = async (key: string, lead: string, deadlineText: string, section: string) => {
    const res = await coordinator.post('/api/tasks', {
      content: `Nhiệm vụ ${key}`,
      deadlineText,
      leadUnitIds: [unit[lead]],
      documentId: doc?.id,
      section,
      code: key,
    });
    expect(res.statusCode, res.body).toBe(201);
    task[key] = res.json();
  };
  await make('1', 'SYT', 'Trước ngày 30/3/2026', 'I. Hạ tầng');
  await make('2', 'XA_TAN_CUONG', 'Quý II/2026', 'I. Hạ tầng');
  await make('3', 'SGDDT', 'Trước ngày 5/4/2026', 'II. Nhân lực');
  // Task 3 is done on 3/4, on time.
  at('2026-04-03');
  const sgddt = await t.db
    .select()
    .from(units)
    .where(inArray(units.code, ['SGDDT']));
  expect(sgddt).toHaveLength(1);
  const res = await coordinator.post('/api/report-regimes', {
    code: 'thang',
    name: 'Báo cáo tháng',
    frequency: 'monthly',
    dueDay: 20,
    source: '004 §III.2',
    activeFrom: '2026-04-01',
    unitIds: [unit.SYT, unit.XA_TAN_CUONG, unit.SGDDT],
  });
  expect(res.statusCode, res.body).toBe(201);
  const periods = (await coordinator.get(`/api/periods?regimeId=${res.json().id}`)).json() as PeriodDetail[];
  expect(periods.map((p) => p.key)).toEqual(['2026-04']);
  aprilId = periods[0]?.id as string;
}, 120_000);

afterAll(async () => {
  setClock(null);
  await t?.close();
});

describe('reporting calendar', () => {
  it('opens the April period (data 15/3–14/4, due 20/4) and later ones only when they begin', async () => {
    const detail = (await coordinator.get(`/api/periods/${aprilId}`)).json() as PeriodDetail;
    expect(detail).toMatchObject({
      key: '2026-04',
      label: 'Tháng 4/2026',
      start: '2026-03-15',
      end: '2026-04-14',
      due: '2026-04-20',
      state: 'open',
    });
    expect(detail.units.map((u) => u.submission)).toEqual(['pending', 'pending', 'pending']);
    // The job is idempotent: a second run opens nothing; May opens when its data range begins (15/4).
    expect(await openPeriods(t.db, '2026-04-10')).toEqual({ opened: 0, closed: 0 });
    expect((await openPeriods(t.db, '2026-04-15')).opened).toBe(1);
    expect((await openPeriods(t.db, '2026-04-15')).opened).toBe(0);
  });

  it('refuses a due day on or before the cut-off (Decree 09 Art. 12) and writes nothing', async () => {
    const before = await rowCounts();
    const res = await coordinator.post('/api/report-regimes', {
      code: 'sai',
      name: 'Sai',
      frequency: 'quarterly',
      cutoffDay: 14,
      dueDay: 14,
      activeFrom: '2026-01-01',
      unitIds: [unit.SYT],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({ field: 'body.dueDay' });
    expect(res.json().error.details[0].message).toContain('sau ngày chốt số liệu');
    expect(await rowCounts()).toEqual(before);
  });

  it('a unit sees only its own row of a period', async () => {
    const mine = (await officer.get(`/api/periods/${aprilId}`)).json() as PeriodDetail;
    expect(mine.units.map((u) => u.unit.id)).toEqual([unit.SYT]);
    expect(mine.rates.expected).toBe(1);
  });
});

describe('unit reports: the officer prepares, the head submits, the coordinator reviews', () => {
  it('gathers the unit task updates of the period and shows the gap', async () => {
    at('2026-04-12');
    const fileId = await upload(officer);
    const upd = await officer.request('PUT', {
      url: `/api/tasks/${task['1']?.id}/updates/2026-04`,
      payload: {
        claim: 'in_progress',
        percent: 60,
        result: 'Đã dự thảo kế hoạch',
        obstacles: 'Thiếu kinh phí triển khai',
        fileIds: [fileId],
      },
    });
    expect(upd.statusCode, upd.body).toBe(200);
    const report = (await officer.get(reportUrl(aprilId, unit.SYT as string))).json() as UnitReport;
    expect(report).toMatchObject({ id: null, state: 'none', submission: 'pending' });
    expect(report.updates).toEqual([
      expect.objectContaining({ taskCode: '1', percent: 60, obstacles: 'Thiếu kinh phí triển khai', fileCount: 1 }),
    ]);
    const gap = (await communeHead.get(reportUrl(aprilId, unit.XA_TAN_CUONG as string))).json() as UnitReport;
    expect(gap.withoutUpdate.map((w) => w.taskCode)).toEqual(['2']);
  });

  it('Sở Y tế reports on time: draft by the officer, submission by the head locks it', async () => {
    const draft = await officer.request('PUT', {
      url: reportUrl(aprilId, unit.SYT as string),
      payload: { summary: 'Triển khai đúng kế hoạch', obstacles: 'Kinh phí chưa được bố trí', proposals: 'Đề nghị bổ sung kinh phí' },
    });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json()).toMatchObject({ state: 'draft', version: 1 });
    // The officer cannot submit: that is the head's.
    expect((await officer.post(`${reportUrl(aprilId, unit.SYT as string)}/submit`, { version: 1 })).statusCode).toBe(403);
    at('2026-04-17');
    const sent = await head.post(`${reportUrl(aprilId, unit.SYT as string)}/submit`, { version: 1 });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ state: 'submitted', submission: 'on_time', firstSubmittedOn: '2026-04-17' });
    // Locked: neither a draft save nor a second submission.
    const before = await rowCounts();
    const again = await head.post(`${reportUrl(aprilId, unit.SYT as string)}/submit`, { version: 2 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('đã được gửi');
    const edit = await officer.request('PUT', { url: reportUrl(aprilId, unit.SYT as string), payload: { version: 2, summary: 'x' } });
    expect(edit.statusCode).toBe(409);
    expect(await rowCounts()).toEqual(before);
  });

  it('another unit can neither read nor write Sở Y tế report, and nothing is written', async () => {
    const before = await rowCounts();
    expect((await commune.get(reportUrl(aprilId, unit.SYT as string))).statusCode).toBe(404);
    const put = await communeHead.request('PUT', { url: reportUrl(aprilId, unit.SYT as string), payload: { summary: 'x' } });
    expect(put.statusCode).toBe(404);
    // A unit writes only its own report, even one it may read.
    const forOther = await officer.request('PUT', { url: reportUrl(aprilId, unit.XA_TAN_CUONG as string), payload: { summary: 'x' } });
    expect(forOther.statusCode).toBe(404);
    expect(await rowCounts()).toEqual(before);
  });

  it('a period that does not exist is a 404 with a Vietnamese message', async () => {
    const res = await officer.get(reportUrl('00000000-0000-4000-8000-000000000000', unit.SYT as string));
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toContain('Không có kỳ báo cáo này');
  });

  it('the coordinator returns with a comment, the head resubmits, the report stays on time', async () => {
    const url = reportUrl(aprilId, unit.SYT as string);
    const noComment = await coordinator.post(`${url}/review`, { version: 2, decision: 'return' });
    expect(noComment.statusCode).toBe(400);
    const returned = await coordinator.post(`${url}/review`, { version: 2, decision: 'return', comment: 'Bổ sung số liệu' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ state: 'returned', reviewComment: 'Bổ sung số liệu' });
    at('2026-04-21');
    const fixed = await officer.request('PUT', {
      url,
      payload: { version: 3, summary: 'Triển khai đúng kế hoạch, 60%', obstacles: 'Kinh phí chưa được bố trí' },
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const resent = await head.post(`${url}/submit`, { version: 4 });
    expect(resent.json()).toMatchObject({ state: 'submitted', submission: 'on_time', firstSubmittedOn: '2026-04-17' });
    const accepted = await coordinator.post(`${url}/review`, { version: 5, decision: 'accept' });
    expect(accepted.json()).toMatchObject({ state: 'accepted' });
  });

  it('Xã Tân Cương reports late (22/4); Sở GD&ĐT does not report', async () => {
    at('2026-04-22');
    const url = reportUrl(aprilId, unit.XA_TAN_CUONG as string);
    expect(
      (await commune.request('PUT', { url, payload: { summary: 'Đang triển khai', obstacles: 'Thiếu nhân lực CNTT' } })).statusCode,
    ).toBe(200);
    const sent = await communeHead.post(`${url}/submit`, { version: 1 });
    expect(sent.json()).toMatchObject({ state: 'submitted', submission: 'late', firstSubmittedOn: '2026-04-22' });
    const detail = (await coordinator.get(`/api/periods/${aprilId}`)).json() as PeriodDetail;
    const by = Object.fromEntries(detail.units.map((u) => [u.unit.id, u.submission]));
    expect(by).toEqual({ [unit.SYT as string]: 'on_time', [unit.XA_TAN_CUONG as string]: 'late', [unit.SGDDT as string]: 'missing' });
    // DHIS2: completeness 2/3, timeliness 1/3.
    expect(detail.rates).toMatchObject({ expected: 3, submitted: 2, onTime: 1, late: 1, missing: 1, completeness: 66.7, timeliness: 33.3 });
  });
});

describe('the consolidated report and the dashboard', () => {
  let report: ConsolidatedReport;

  it('drafts the April report from the figures as at the cut-off (14/4)', async () => {
    const res = await coordinator.post('/api/consolidated-reports', { periodId: aprilId });
    expect(res.statusCode, res.body).toBe(200);
    report = res.json();
    expect(report).toMatchObject({ state: 'draft', symbol: '' });
    const d = report.data;
    expect(d.asOf).toBe('2026-04-14');
    // 1 overdue (due 30/3), 2 not started (due 30/6), 3 overdue too: not confirmed done by 14/4.
    expect(d.totals).toMatchObject({ total: 3, due: 2, overdue: 2, notStarted: 1, doneOnTime: 0 });
    expect(d.overdue.map((o) => [o.code, o.daysLate, o.reason])).toEqual([
      ['1', 15, 'Thiếu kinh phí triển khai'],
      ['3', 9, ''],
    ]);
    expect(d.missingUnits).toEqual(['Sở Giáo dục và Đào tạo']);
    expect(d.lateUnits).toEqual(['Xã Tân Cương']);
    expect(d.obstacles.map((o) => o.text)).toEqual(
      expect.arrayContaining(['Kinh phí chưa được bố trí', 'Thiếu nhân lực CNTT', 'nhiệm vụ 1: Thiếu kinh phí triển khai']),
    );
    expect(report.narrative.reporting).toContain('2/3 đơn vị gửi báo cáo');
    expect(report.narrative.overview).toContain('3 nhiệm vụ');
    // Creating again opens the same draft.
    expect((await coordinator.post('/api/consolidated-reports', { periodId: aprilId })).json().id).toBe(report.id);
  });

  it('the dashboard for April shows the same numbers as the report', async () => {
    const res = await leader.get('/api/dashboard?period=2026-04');
    expect(res.statusCode, res.body).toBe(200);
    const dash = res.json() as Dashboard;
    expect(dash.asOf).toBe('2026-04-14');
    expect(dash.plans).toEqual(report.data.plans);
    expect(dash.byStatus).toMatchObject({ in_progress_overdue: 2, not_started: 1 });
    expect(dash.overdue.map((o) => o.code)).toEqual(['1', '3']);
    const april = dash.trend.find((p) => p.key === '2026-04');
    expect(april).toMatchObject({ completeness: 66.7, timeliness: 33.3 });
    expect(dash.ranking.find((r) => r.unit.id === unit.SYT)).toMatchObject({ reportsExpected: 1, reportsOnTime: 1, timeliness: 100 });
    // Drill-down lists agree: the board filtered as the chart says holds the same tasks.
    const byLead = dash.byUnit.find((u) => u.unit.id === unit.SYT);
    expect(byLead?.counts.in_progress_overdue).toBe(1);
    // On 5/6, task 2 (Quý II, so due 30/6) is due in the next 30 days, and counted as listed.
    at('2026-06-05');
    const june = (await leader.get('/api/dashboard')).json() as Dashboard;
    at('2026-04-22');
    expect(june.dueSoon.map((t) => [t.code, t.days])).toEqual([['2', 25]]);
    expect(june.dueSoonTotal).toBe(1);
    // Units have no dashboard.
    expect((await officer.get('/api/dashboard')).statusCode).toBe(403);
  });

  it('the coordinator edits the narrative and the signer; a stale version is refused', async () => {
    const unsigned = await coordinator.post(`/api/consolidated-reports/${report.id}/issue`, { version: report.version });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json().error.message).toContain('người ký');
    const narrative = { ...report.narrative, next: 'Tập trung hoàn thành nhiệm vụ 1 trong tháng 5.' };
    const signer = { authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC', name: 'Nguyễn Văn Bình' };
    const ok = await coordinator.patch(`/api/consolidated-reports/${report.id}`, { version: report.version, narrative, signer });
    expect(ok.statusCode, ok.body).toBe(200);
    const stale = await coordinator.patch(`/api/consolidated-reports/${report.id}`, { version: report.version, summary: 'x' });
    expect(stale.statusCode).toBe(409);
    report = ok.json();
  });

  it('issues it as 01/BC-SKHCN with a Decree 30 DOCX and the XLSX appendix', async () => {
    const res = await coordinator.post(`/api/consolidated-reports/${report.id}/issue`, { version: report.version });
    expect(res.statusCode, res.body).toBe(200);
    report = res.json();
    expect(report).toMatchObject({ state: 'issued', symbol: '01/BC-SKHCN', issuedOn: '2026-04-22' });
    const docx = await leader.get(`/api/consolidated-reports/${report.id}/report.docx`);
    expect(docx.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(docx.rawPayload);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('w:w="11906"');
    expect(xml).toContain('Số: 01/BC-SKHCN');
    expect(xml).toContain('Thái Nguyên, ngày 22 tháng 4 năm 2026');
    expect(xml).toContain('Tập trung hoàn thành nhiệm vụ 1 trong tháng 5.');
    expect(xml).toContain('Sở Giáo dục và Đào tạo');
    expect(xml).toContain('Nguyễn Văn Bình');
    const xlsx = await leader.get(`/api/consolidated-reports/${report.id}/appendix.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const codes: string[] = [];
    sheet?.eachRow((row, i) => {
      if (i > 3 && row.getCell(9).value !== null) codes.push(String(row.getCell(1).value));
    });
    expect(codes).toEqual(['1', '2', '3']);
    expect(sheet?.getRow(4).getCell(2).value).toBe('35/KH-UBND — I. Hạ tầng');
    expect(sheet?.getRow(5).getCell(10).value).toBe('Đã dự thảo kế hoạch');
    expect(sheet?.getRow(5).getCell(11).value).toBe(1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('an issued report never changes: later edits touch neither its files nor its figures', async () => {
    const docxBefore = (await coordinator.get(`/api/consolidated-reports/${report.id}/report.docx`)).rawPayload;
    const update = await officer.request('PUT', {
      url: `/api/tasks/${task['1']?.id}/updates/2026-04`,
      payload: { version: 1, claim: 'in_progress', percent: 95, result: 'Sắp xong', fileIds: [] },
    });
    expect(update.statusCode, update.body).toBe(200);
    const after = (await coordinator.get(`/api/consolidated-reports/${report.id}`)).json() as ConsolidatedReport;
    expect(after.data).toEqual(report.data);
    expect((await coordinator.get(`/api/consolidated-reports/${report.id}/report.docx`)).rawPayload.equals(docxBefore)).toBe(true);
    const edit = await coordinator.patch(`/api/consolidated-reports/${report.id}`, { version: after.version, summary: 'Khác' });
    expect(edit.statusCode).toBe(409);
    // The next report of the year takes the next number.
    expect((await coordinator.get('/api/consolidated-reports')).json()).toEqual([
      expect.objectContaining({ symbol: '01/BC-SKHCN', state: 'issued' }),
    ]);
  });

  it("the appendix shows a task's latest lead result up to the period, and its evidence", async () => {
    // April's result is "Sắp xong"; May's, alphabetically earlier, is the latest by period.
    const may = await officer.request('PUT', {
      url: `/api/tasks/${task['1']?.id}/updates/2026-05`,
      payload: { claim: 'in_progress', percent: 97, result: 'Bàn giao thử', fileIds: [await upload(officer)] },
    });
    expect(may.statusCode, may.body).toBe(200);
    const [user] = await t.db.select().from(users).where(eq(users.username, 'coordinator'));
    const actor = actorOfUser(user as typeof users.$inferSelect, 'test');
    const first = async (monthKey: string) => (await appendixRows(t.db, actor, '2026-04-22', monthKey)).find((r) => r.code === '1');
    expect(await first('2026-04')).toMatchObject({ result: 'Sắp xong', evidence: 0 });
    expect(await first('2026-05')).toMatchObject({ result: 'Bàn giao thử', evidence: 1 });
  });

  it('a period with no reports yields an honest empty report, not an error', async () => {
    const [may] = await t.db
      .select()
      .from(reportingPeriods)
      .where(inArray(reportingPeriods.key, ['2026-05']));
    const res = await coordinator.post('/api/consolidated-reports', { periodId: may?.id });
    expect(res.statusCode, res.body).toBe(200);
    const empty = res.json() as ConsolidatedReport;
    expect(empty.data.rates).toMatchObject({ expected: 3, submitted: 0, completeness: 0 });
    expect(empty.data.obstacles).toEqual([]);
    expect(empty.narrative.obstacles).toContain('không phản ánh');
  });
});

describe('explanation requests', () => {
  it('a leader asks Sở Y tế to explain an overdue task; only overdue tasks can be asked', async () => {
    const before = await rowCounts();
    const notOverdue = await leader.post(`/api/tasks/${task['2']?.id}/explanations`, { question: 'Vì sao?' });
    expect(notOverdue.statusCode).toBe(409);
    expect(await rowCounts()).toEqual(before);
    const res = await leader.post(`/api/tasks/${task['1']?.id}/explanations`, { question: 'Đề nghị giải trình lý do chậm.' });
    expect(res.statusCode, res.body).toBe(201);
    // 5 working days from 22/4: the 27th (Hùng Kings' day, moved), 30/4 and 1/5 are holidays.
    expect(res.json()).toEqual([
      expect.objectContaining({ state: 'open', unit: expect.objectContaining({ id: unit.SYT }), dueOn: '2026-05-04' }),
    ]);
    // Asking again while one is open is refused.
    expect((await leader.post(`/api/tasks/${task['1']?.id}/explanations`, { question: 'Nhắc lại' })).statusCode).toBe(409);
    const bell = (await officer.get('/api/notifications')).json();
    expect(JSON.stringify(bell)).toContain('Yêu cầu giải trình');
  });

  it('the unit answers with text and evidence; other units never see the request', async () => {
    const [open] = (await officer.get('/api/explanations?state=open')).json();
    expect(open.question).toBe('Đề nghị giải trình lý do chậm.');
    expect((await commune.get('/api/explanations')).json()).toEqual([]);
    const before = await rowCounts();
    const noFile = await officer.post(`/api/explanations/${open.id}/answer`, { version: 1, answer: 'Chưa có kinh phí', fileIds: [] });
    expect(noFile.statusCode).toBe(400);
    const wrongUnit = await communeHead.post(`/api/explanations/${open.id}/answer`, {
      version: 1,
      answer: 'x',
      fileIds: [await upload(communeHead)],
    });
    expect(wrongUnit.statusCode).toBe(404);
    expect(await rowCounts()).toEqual(before);
    const answered = await officer.post(`/api/explanations/${open.id}/answer`, {
      version: 1,
      answer: 'Chưa có kinh phí',
      fileIds: [await upload(officer)],
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const seen = (await leader.get('/api/explanations?state=answered')).json();
    expect(seen).toEqual([expect.objectContaining({ answer: 'Chưa có kinh phí', answeredByName: 'Trần Văn Minh' })]);
    expect(seen[0].files).toHaveLength(1);
    // The leader can read the evidence.
    expect((await leader.get(`/api/files/${seen[0].files[0].id}`)).statusCode).toBe(200);
  });
});

describe('closing', () => {
  it('closes April 30 days after its due day; a returned report can then no longer be sent', async () => {
    const url = reportUrl(aprilId, unit.XA_TAN_CUONG as string);
    const returned = await coordinator.post(`${url}/review`, { version: 2, decision: 'return', comment: 'Bổ sung' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect((await openPeriods(t.db, '2026-05-21')).closed).toBe(1);
    const detail = (await coordinator.get(`/api/periods/${aprilId}`)).json() as PeriodDetail;
    expect(detail.state).toBe('closed');
    const before = await rowCounts();
    const res = await commune.request('PUT', { url, payload: { version: 3, summary: 'x' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('đã khóa');
    expect(await rowCounts()).toEqual(before);
  });
});

describe('editing a regime', () => {
  let regime: ReportRegime;

  it('changes only the fields sent, at the version read', async () => {
    const created = await coordinator.post('/api/report-regimes', {
      code: 'quy-2027',
      name: 'Báo cáo quý từ 2027',
      frequency: 'quarterly',
      dueDay: 20,
      activeFrom: '2027-01-01',
      unitIds: [unit.SYT, unit.SGDDT],
    });
    expect(created.statusCode, created.body).toBe(201);
    const res = await coordinator.patch(`/api/report-regimes/${created.json().id}`, { version: 1, dueDay: 25 });
    expect(res.statusCode, res.body).toBe(200);
    regime = res.json();
    expect(regime).toMatchObject({ version: 2, dueDay: 25, cutoffDay: 14, name: 'Báo cáo quý từ 2027', active: true });
    expect(regime.units.map((u) => u.id).sort()).toEqual([unit.SYT, unit.SGDDT].sort());
  });

  it('checks the due day against the cut-off as they would stand, and writes nothing when refused', async () => {
    const before = await rowCounts();
    const late = await coordinator.patch(`/api/report-regimes/${regime.id}`, { version: 2, cutoffDay: 25 });
    expect(late.statusCode, late.body).toBe(400);
    expect(late.json().error.message).toContain('sau ngày chốt số liệu');
    const stale = await coordinator.patch(`/api/report-regimes/${regime.id}`, { version: 1, name: 'Cũ' });
    expect(stale.statusCode).toBe(409);
    const unknown = await coordinator.patch(`/api/report-regimes/${regime.id}`, { version: 2, unitIds: [crypto.randomUUID()] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('không tồn tại');
    const stray = await coordinator.patch(`/api/report-regimes/${regime.id}`, { version: 2, code: 'khac' });
    expect(stray.statusCode).toBe(400);
    expect(await rowCounts()).toEqual(before);
    const [now] = (await coordinator.get('/api/report-regimes')).json().filter((r: ReportRegime) => r.id === regime.id);
    expect(now).toEqual(regime);
  });
});

describe('the task trend', () => {
  it('counts each task completed or falling due in the Decree 09 period of its day, up to the cut-off', async () => {
    at('2026-04-22');
    const [doc] = await t.db
      .insert(documents)
      .values({ provinceId: officer.me.user.provinceId, symbol: '7/KH-UBND', title: 'Kế hoạch xu hướng', searchText: 'xu huong' })
      .returning();
    const make = async (deadlineText: string, change: Partial<typeof tasks.$inferInsert> = {}) => {
      const res = await coordinator.post('/api/tasks', {
        content: 'Nhiệm vụ xu hướng',
        deadlineText,
        leadUnitIds: [unit.SYT],
        documentId: doc?.id,
      });
      expect(res.statusCode, res.body).toBe(201);
      if (Object.keys(change).length) await t.db.update(tasks).set(change).where(eq(tasks.id, res.json().id));
    };
    // March's period is 15/2–14/3, April's 15/3–14/4 (Decree 09: data to the 14th).
    await make('Trước ngày 14/3/2026', { state: 'done', completedOn: '2026-03-14' });
    await make('Trước ngày 14/3/2026', { state: 'done', completedOn: '2026-03-15' });
    await make('Trước ngày 15/3/2026');
    await make('Trước ngày 14/4/2026');
    // across the year end: due 20/12/2025 and done 14/1/2026, both in January's period
    await make('Trước ngày 20/12/2025', { state: 'done', completedOn: '2026-01-14' });
    // after April's cut-off: done 20/4, due 15/4 and 25/4 (after today, 22/4)
    await make('Trước ngày 10/4/2026', { state: 'done', completedOn: '2026-04-20' });
    await make('Trước ngày 15/4/2026');
    await make('Trước ngày 25/4/2026');
    const trend = async (period: string) => {
      const dash = (await leader.get(`/api/dashboard?documentId=${doc?.id}${period ? `&period=${period}` : ''}`)).json() as Dashboard;
      const counted = dash.trend.filter((p) => p.completed || p.fellDue).map((p) => [p.key, p.completed, p.completedLate, p.fellDue]);
      return { last: dash.trend.at(-1)?.key, counted };
    };
    // [period, completed, of which late, fell due]
    const upToApril = [
      ['2026-01', 1, 1, 1],
      ['2026-03', 1, 0, 2],
      ['2026-04', 1, 1, 3],
    ];
    expect(await trend('2026-04')).toEqual({ last: '2026-04', counted: upToApril });
    const toToday = { last: '2026-05', counted: [...upToApril, ['2026-05', 1, 1, 1]] };
    expect(await trend('')).toEqual(toToday);
    // periods not yet begun (June's, July's) count nothing, and nothing after today counts
    expect(await trend('2026-07')).toEqual({ ...toToday, last: '2026-07' });
  });
});

describe('several lead units', () => {
  it("the appendix and the report's overdue table give each lead unit's text, by name, when both reported in the latest period", async () => {
    at('2026-04-22');
    const created = await coordinator.post('/api/tasks', {
      content: 'Nhiệm vụ quá hạn có hai đơn vị chủ trì',
      deadlineText: 'Trước ngày 10/4/2026',
      leadUnitIds: [unit.SYT, unit.XA_TAN_CUONG],
      code: '5',
    });
    expect(created.statusCode, created.body).toBe(201);
    const url = `/api/tasks/${created.json().id}/updates/2026-05`;
    for (const [s, result, obstacles] of [
      [officer, 'Đã khảo sát 5 trạm y tế', 'Thiếu thiết bị'],
      [commune, 'Đã số hóa 300 hồ sơ', 'Thiếu nhân lực'],
    ] as const) {
      const res = await s.request('PUT', { url, payload: { claim: 'in_progress', percent: 40, result, obstacles } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const [user] = await t.db.select().from(users).where(eq(users.username, 'coordinator'));
    const actor = actorOfUser(user as typeof users.$inferSelect, 'test');
    const appendix = async (monthKey: string) => (await appendixRows(t.db, actor, '2026-04-22', monthKey)).find((r) => r.code === '5');
    expect((await appendix('2026-05'))?.result).toBe('Sở Y tế: Đã khảo sát 5 trạm y tế; Xã Tân Cương: Đã số hóa 300 hồ sơ');
    expect((await appendix('2026-04'))?.result).toBe('');
    const [april] = await t.db.select().from(reportingPeriods).where(eq(reportingPeriods.id, aprilId));
    const data = await reportData(t.db, actor, april as typeof reportingPeriods.$inferSelect);
    expect(data.overdue.find((o) => o.code === '5')?.reason).toBe('Sở Y tế: Thiếu thiết bị; Xã Tân Cương: Thiếu nhân lực');
  });
});
