/**
 * April 2026 through the pages (issue 5): Sở Y tế reports before the 20th, Xã Tân Cương after
 * it, the other units not at all. The coordinator issues the April report; its DOCX is A4 in the
 * Decree 30/2020 layout and its XLSX reopens with a row per task; the leaders' dashboard shows
 * the report's numbers; a leader asks the late commune to explain an overdue task, and the
 * commune answers with evidence. Time passes by restarting the server with a later CLOCK_START.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import type { ConsolidatedReport, Period } from '#common/contracts/reporting.ts';
import { ARTIFACTS, login, setupHarness, writePdf } from './harness.ts';

const h = setupHarness({ CLOCK_START: '2026-04-16T09:00:00+07:00' });
const SCREENS = path.join(ARTIFACTS, 'screens');
const TASK = 'Rà soát hạ tầng số của các thôn, xóm trên địa bàn xã Tân Cương';

async function shot(page: Page, name: string) {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(SCREENS, `reporting-${name}.png`), fullPage: true });
}

async function api<T>(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const me = (await (await page.request.get('/api/me')).json()) as { csrfToken: string };
  const res = await page.request.fetch(url, { method, data, headers: { 'x-csrf-token': me.csrfToken } });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()) as T;
}

async function unitOf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/me')).json()) as { user: { unitId: string } }).user.unitId;
}

/** The unit's officer drafts its April report; its head submits it. */
async function report(officer: Page, head: Page, url: string, summary: string) {
  await officer.goto(url);
  await officer.getByTestId('report-summary').fill(summary);
  await officer.getByTestId('report-obstacles').fill('Thiếu kinh phí cho hạ tầng số');
  await officer.getByTestId('report-save').click();
  await officer.getByTestId('unit-report').getByText('Đang soạn').first().waitFor();
  await head.goto(url);
  await head.getByTestId('report-submit').click();
  await head.getByTestId('submit-ok').click();
  await head.getByTestId('unit-report').getByText('Đã gửi, chờ tiếp nhận').first().waitFor();
}

test('April 2026: reports on time, late and missing; the issued report and the dashboard agree; a late unit explains', async () => {
  const coordinator = await h.newPage();
  await login(coordinator, 'coordinator');
  const commune = await h.newPage();
  await login(commune, 'commune');
  const communeUnit = await unitOf(commune);
  // An overdue task of the commune (due 10/4), for the explanation at the end.
  await api(coordinator, 'POST', '/api/tasks', { content: TASK, deadlineText: 'Trước ngày 10/4/2026', leadUnitIds: [communeUnit] });
  const periods = await api<Period[]>(coordinator, 'GET', '/api/periods');
  const april = periods.find((p) => p.key === '2026-04' && p.frequency === 'monthly') as Period;
  expect(april).toMatchObject({ start: '2026-03-15', end: '2026-04-14', due: '2026-04-20', state: 'open' });

  // 16/4: Sở Y tế reports on time.
  const officer = await h.newPage();
  await login(officer, 'officer');
  const head = await h.newPage();
  await login(head, 'head');
  const sytUrl = `/reporting/periods/${april.id}/units/${await unitOf(officer)}`;
  await report(officer, head, sytUrl, 'Sở Y tế triển khai đúng kế hoạch tháng 4.');
  await head.getByTestId('unit-report').getByText('Đúng hạn').first().waitFor();
  await shot(head, '1-syt-submitted');

  // 22/4: the server restarts two days after the due day (sessions live in the database).
  await h.restart({ CLOCK_START: '2026-04-22T09:00:00+07:00' });
  const communeHead = await h.newPage();
  await login(communeHead, 'commune-head');
  await report(commune, communeHead, `/reporting/periods/${april.id}/units/${communeUnit}`, 'Xã đang triển khai.');
  await communeHead.getByTestId('unit-report').getByText('Muộn').first().waitFor();

  // The coordinator sees on time, late and missing, and drafts the April report.
  await coordinator.goto(`/reporting/periods/${april.id}`);
  const rows = coordinator.getByTestId('period-unit-row');
  // 129 units must report: find the two by name (diacritics not needed).
  const search = coordinator.getByLabel('Tìm đơn vị');
  await search.fill('so y te');
  await rows.filter({ hasText: 'Sở Y tế' }).getByText('Đúng hạn').waitFor();
  await search.fill('tan cuong');
  await rows.filter({ hasText: 'Xã Tân Cương' }).getByText('Muộn').waitFor();
  await search.fill('');
  await coordinator
    .getByTestId('submission-filter')
    .getByText(/Chưa gửi \(quá hạn\) \(\d+\)/)
    .first()
    .waitFor();
  await shot(coordinator, '2-period');
  await coordinator.getByTestId('consolidate').click();
  await coordinator.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  const reportId = coordinator.url().split('/').pop() as string;
  await coordinator.getByLabel('Họ và tên người ký').fill('Nguyễn Văn Bình');
  await coordinator.getByTestId('consolidated-issue').click();
  await coordinator.getByTestId('issue-ok').click();
  await coordinator.getByTestId('consolidated-title').getByText('Báo cáo số 01/BC-SKHCN').waitFor();
  await shot(coordinator, '3-issued');
  const issued = await api<ConsolidatedReport>(coordinator, 'GET', `/api/consolidated-reports/${reportId}`);
  expect(issued.data.asOf).toBe('2026-04-14');
  expect(issued.data.lateUnits).toContain('Xã Tân Cương');
  expect(issued.data.rates.onTime).toBe(1);

  // The DOCX: A4, Decree 30 margins, Times New Roman.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theodoi-report-'));
  const [docx] = await Promise.all([coordinator.waitForEvent('download'), coordinator.getByTestId('download-docx').click()]);
  const docxPath = path.join(dir, 'report.docx');
  await docx.saveAs(docxPath);
  const zip = await JSZip.loadAsync(fs.readFileSync(docxPath));
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  const margin = (side: string) => Number(new RegExp(`<w:pgMar [^>]*w:${side}="(\\d+)"`).exec(xml)?.[1]) / 56.7;
  expect(margin('top')).toBeGreaterThanOrEqual(20);
  expect(margin('top')).toBeLessThanOrEqual(25);
  expect(margin('bottom')).toBeGreaterThanOrEqual(20);
  expect(margin('bottom')).toBeLessThanOrEqual(25);
  expect(margin('left')).toBeGreaterThanOrEqual(30);
  expect(margin('left')).toBeLessThanOrEqual(35);
  expect(margin('right')).toBeGreaterThanOrEqual(15);
  expect(margin('right')).toBeLessThanOrEqual(20);
  expect(styles).toContain('w:ascii="Times New Roman"');
  expect(xml).toContain('Số: 01/BC-SKHCN');
  expect(xml).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');

  // The XLSX appendix: a row per task.
  const [xlsx] = await Promise.all([coordinator.waitForEvent('download'), coordinator.getByTestId('download-xlsx').click()]);
  const xlsxPath = path.join(dir, 'appendix.xlsx');
  await xlsx.saveAs(xlsxPath);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(xlsxPath);
  let taskRows = 0;
  book.worksheets[0]?.eachRow((row, i) => {
    if (i > 3 && row.getCell(8).value) taskRows++;
  });
  expect(taskRows).toBe(issued.data.totals.total);

  // The leader's dashboard for April shows the report's numbers.
  const leader = await h.newPage();
  await login(leader, 'leader');
  await leader.goto('/dashboard?period=2026-04');
  await leader.getByTestId('dashboard-as-of').getByText('14/04/2026').waitFor();
  const t = issued.data.totals;
  await leader.getByTestId('tile-total').getByText(String(t.total), { exact: true }).waitFor();
  await leader.getByTestId('tile-overdue').getByText(String(t.overdue), { exact: true }).waitFor();
  await leader.getByTestId('tile-done-on-time').getByText(String(t.doneOnTime), { exact: true }).waitFor();
  await shot(leader, '4-dashboard');

  // The leader asks the late commune to explain its overdue task.
  const row = leader.getByTestId('overdue-row').filter({ hasText: TASK });
  await row.getByTestId('explanation-request-open').click();
  await leader.getByTestId('explanation-request').locator('textarea').fill('Đề nghị xã giải trình lý do chậm rà soát hạ tầng số.');
  await leader.getByTestId('explanation-request-ok').click();
  await row.getByTestId('explanation-pending').waitFor();

  // The commune sees it and answers with evidence.
  await commune.goto('/explanations');
  const open = commune.getByTestId('explanation-row').filter({ hasText: TASK });
  await open.getByTestId('explanation-answer-open').click();
  const answer = commune.getByTestId('explanation-answer');
  await answer.getByLabel('Nội dung giải trình').fill('Xã thiếu cán bộ CNTT; dự kiến hoàn thành trước 30/5/2026.');
  await answer.locator('input[type=file]').setInputFiles(writePdf(dir, 'giai-trinh.pdf'));
  await answer.getByText('giai-trinh.pdf').waitFor();
  await commune.getByTestId('explanation-answer-ok').click();
  await commune.getByTestId('explanation-answer').waitFor({ state: 'detached' });
  await shot(commune, '5-answered');

  await leader.goto('/explanations');
  await leader.getByTestId('explanations-tab-answered').click();
  await leader.getByText('Xã thiếu cán bộ CNTT; dự kiến hoàn thành trước 30/5/2026.').waitFor();
  await shot(leader, '6-leader-sees-answer');
  fs.rmSync(dir, { recursive: true, force: true });
});
