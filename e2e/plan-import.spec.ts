/**
 * Issue 4's acceptance, as a new coordinator would try it: upload plan 004 as a Word file,
 * fix the one flagged unit in the preview, commit, find the 77 tasks on the board, and confirm
 * a proposed cross-plan link. The demo already holds 003 and its own copy of 004 (imported at
 * start, server/db/seed/demo-plans.ts), so this upload is another plan document: the same
 * unnumbered symbol, dated 20/4/2026 where the demo's copy is dated 15/4/2026.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { ARTIFACTS, browserFetch, login, ROOT, setupHarness } from './harness.ts';

const h = setupHarness();

const SCREENS = path.join(ARTIFACTS, 'screens');
const DOCX = path.join(ROOT, 'server/features/plans/fixtures/004.docx');
const SYMBOL = 'Số: /KH-UBND';
const TITLE = 'Kế hoạch triển khai Thông báo kết luận số 13-TB/CQTT (bản Word gửi kèm công văn)';
const UUID = /\/imports\/([0-9a-f-]{36})$/;

/** The preview is long: its pictures show the screen as the person sees it, not the whole page. */
async function shot(page: Page, name: string, fullPage = true) {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENS, `import-${name}.png`), fullPage });
}

async function pick(page: Page, text: string | RegExp) {
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text });
  await option.first().click();
}

interface LinkSide {
  id: string;
  code: string;
  documentId: string | null;
}
interface Link {
  id: string;
  state: string;
  similarity: number;
  task: LinkSide;
  otherTask: LinkSide;
}

test('upload 004 as DOCX, map the flagged unit, commit, see the 77 tasks, confirm a cross-plan link', async () => {
  const page = await h.newPage();
  await login(page, 'coordinator');

  // ——— 1. The upload form, reached from the menu ———
  await page.locator('.ant-layout-sider').getByRole('menuitem', { name: 'Nhập kế hoạch' }).click();
  await page.getByRole('heading', { name: 'Nhập kế hoạch' }).waitFor();
  await page.locator('input[type=file]').setInputFiles(DOCX);
  await page.getByTestId('import-file-name').getByText('004.docx').waitFor();
  await page.getByLabel('Số, ký hiệu kế hoạch').fill(SYMBOL);
  await page.getByTestId('symbol-hint').getByText('Kế hoạch /KH-UBND (dự thảo chưa có số)').waitFor();
  await page.getByLabel('Ngày ban hành').fill('20/04/2026');
  // Tab, not Enter: Enter in the form would send it.
  await page.getByLabel('Ngày ban hành').press('Tab');
  await page.getByLabel('Trích yếu').fill(TITLE);
  await shot(page, 'upload');

  // A slow line (16 KB/s up) so the 31 KB file takes a couple of seconds: the bar moves.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 16 * 1024 });
  await page.getByTestId('import-submit').click();
  const progress = page.getByTestId('import-progress');
  await progress.getByText(/Đang tải tệp lên… [1-9]\d?%/).waitFor();
  await shot(page, 'uploading');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.waitForURL(UUID, { timeout: 60_000 });

  // ——— 2. The preview: 77 new tasks in two appendices, the uncertain cells flagged ———
  const summary = page.getByTestId('import-summary');
  await summary.waitFor();
  expect(await summary.textContent()).toContain('Số dòng77');
  expect(await summary.textContent()).toContain('Mới77');
  expect(await page.getByTestId('import-appendix').count()).toBe(2);
  expect(await page.getByTestId('import-plan').textContent()).toContain('Kế hoạch /KH-UBND ngày 20/04/2026');
  expect(await page.getByTestId('import-plan').textContent()).toContain('Kế hoạch mới');
  await page.getByTestId('import-names').getByText('Bộ Xây dựng').waitFor();
  await shot(page, 'preview-top', false);
  // "Quý III" of PL II takes its year from the plan's date.
  const pl2row1 = page.locator('[data-testid=import-row][data-code="PL II.1"]');
  expect(await pl2row1.locator('td[data-field=deadline]').textContent()).toContain('Quý I→ 31/03/2026');

  const row26 = page.locator('[data-testid=import-row][data-code="PL II.26"]');
  const support26 = row26.locator('td[data-field=support]');
  await row26.scrollIntoViewIfNeeded();
  expect(await support26.getAttribute('data-issue')).toBe('open');
  expect(await support26.getByTestId('unknown-name').textContent()).toContain('Bộ Xây dựng');
  // Its reason, in the cell's tooltip.
  await support26.getByTestId('issue-tip').hover();
  await page
    .locator('.ant-tooltip')
    .getByText(/Chưa nhận ra đơn vị “Bộ Xây dựng”/)
    .waitFor();
  await shot(page, 'preview', false);
  await page.mouse.move(0, 0);

  // ——— 3. "Gán đơn vị": Bộ Xây dựng → Sở Xây dựng (an existing unit; nothing is created) ———
  await support26.getByTestId('map-unit').click();
  const dialog = page.getByRole('dialog', { name: 'Gán đơn vị cho tên trong kế hoạch' });
  await dialog.getByText('“Bộ Xây dựng”').first().waitFor();
  await dialog.locator('#map-unit').fill('Sở Xây dựng');
  await pick(page, /^Sở Xây dựng/);
  await shot(page, 'mapping', false);
  await page.getByTestId('map-apply').click();
  await dialog.waitFor({ state: 'hidden' });
  await expect.poll(() => support26.getAttribute('data-issue')).toBeNull();
  expect(await support26.getByTestId('mapped-name').textContent()).toContain('Sở Xây dựng');
  expect(await support26.getByTestId('mapped-name').textContent()).toContain('đã là chủ trì');
  expect(await support26.getByTestId('unknown-name').count()).toBe(0);

  // A row split by a page break (PL I.4), looked at in its drawer and saved as it is: no longer flagged.
  const row4 = page.locator('[data-testid=import-row][data-code="PL I.4"]');
  expect(await row4.locator('td[data-issue=open]').count()).toBeGreaterThan(0);
  await row4.getByTestId('row-edit').click();
  const drawer = page.getByRole('dialog', { name: 'Sửa dòng PL I.4' });
  await drawer.getByTestId('row-issues').waitFor();
  await page.getByTestId('row-deadline').fill('Quý III');
  await expect.poll(() => drawer.getByTestId('deadline-preview').textContent()).toContain('Quý III/2026 → hạn 30/09/2026');
  await drawer.getByTestId('deadline-preview').scrollIntoViewIfNeeded();
  await shot(page, 'row-drawer', false);
  await page.getByTestId('row-save').click();
  await drawer.waitFor({ state: 'hidden' });
  expect(await row4.locator('td[data-issue=open]').count()).toBe(0);
  expect(await row4.locator('td[data-field=deadline]').textContent()).toContain('→ 30/09/2026');

  // ——— 4. Commit: 77 tasks, and links proposed to the tasks of 003 and the demo's 004 ———
  await page.getByTestId('import-commit').click();
  await page.getByTestId('import-commit-ok').click();
  const result = page.getByTestId('import-result');
  await result.waitFor({ timeout: 60_000 });
  const text = (await result.textContent()) ?? '';
  expect(text).toMatch(/Đã tạo 77 nhiệm vụ, cập nhật 0, không đổi 0; đề xuất \d+ liên kết/);
  expect(Number(/đề xuất (\d+) liên kết/.exec(text)?.[1])).toBeGreaterThan(0);
  await shot(page, 'result');

  // The mapping became an alias: the next plan naming "Bộ Xây dựng" is understood.
  const units = await browserFetch(page, '/api/units?q=bo%20xay%20dung');
  expect((units.json as { items: { name: string }[] }).items.map((u) => u.name)).toContain('Sở Xây dựng');

  // ——— 5. The board, filtered by the plan document ———
  await page.getByTestId('import-open-tasks').click();
  await page.waitForURL(/\/tasks\?documentId=[0-9a-f-]{36}$/);
  const documentId = new URL(page.url()).searchParams.get('documentId') ?? '';
  await page.getByRole('heading', { name: 'Nhiệm vụ' }).waitFor();
  await page.locator('.ant-pagination-total-text').getByText('77 nhiệm vụ', { exact: true }).waitFor();
  await page.getByTestId('task-row').first().waitFor();
  await shot(page, 'board', false);
  // Sở Xây dựng already leads PL II.26: the mapped support keeps only its lead role.
  const pl426 = (await browserFetch(page, `/api/tasks?documentId=${documentId}&q=PL%20II.26&pageSize=5`)).json as {
    items: { code: string; leads: { name: string }[]; supports: { name: string }[] }[];
  };
  const task26 = pl426.items.find((t) => t.code === 'PL II.26');
  expect(task26?.leads.map((u) => u.name)).toEqual(['Sở Xây dựng']);
  expect(task26?.supports.map((u) => u.name)).not.toContain('Sở Xây dựng');

  // ——— 6. A proposed cross-plan link: the Innovation Centre, 004 PL II.35 ↔ 003 4.3 ———
  await page.goto('/links');
  await page.getByRole('heading', { name: 'Đề xuất liên kết nhiệm vụ' }).waitFor();
  const all = (await browserFetch(page, '/api/task-links?state=proposed&pageSize=500')).json as { items: Link[] };
  const ours = (side: LinkSide, code: string) => side.documentId === documentId && side.code === code;
  const index = all.items.findIndex(
    (l) => (ours(l.task, 'PL II.35') && l.otherTask.code === '4.3') || (ours(l.otherTask, 'PL II.35') && l.task.code === '4.3'),
  );
  expect(index).toBeGreaterThanOrEqual(0);
  const link = all.items[index] as Link;
  expect(link.similarity).toBe(85);
  const pageNo = Math.floor(index / 10) + 1;
  // The list is most alike first: the demo's own copy of 004 makes ~77 near-identical pairs ahead of this one.
  for (let p = 2; p <= pageNo; p++) {
    await page.locator('.ant-pagination-next').click();
    await page.locator(`.ant-pagination-item-active[title="${p}"]`).waitFor();
  }
  const card = page.locator(`[data-testid=link-proposal][data-link-id="${link.id}"]`);
  await card.waitFor();
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'links', false);
  await card.getByTestId('link-confirm').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: 'Xác nhận' }).click();
  await page.locator('.ant-message').getByText('Đã xác nhận').waitFor();
  const confirmed = (await browserFetch(page, '/api/task-links?state=confirmed&pageSize=500')).json as { items: Link[] };
  expect(confirmed.items.some((l) => l.id === link.id)).toBe(true);
});

test('a refused commit marks its row; a draft discarded elsewhere is answered with a reload', async () => {
  const page = await h.newPage();
  await login(page, 'coordinator');
  await page.goto('/imports');
  const plan = [
    'STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn',
    '1.\tXây dựng cổng thông tin hợp tác công tư\tBan Đổi mới sáng tạo\tSở Tài chính\tQuý III/2026',
    '2.\tTổ chức hội thảo giới thiệu các bài toán lớn của tỉnh\tSở Khoa học và Công nghệ\t\tTháng 9/2026',
  ].join('\n');
  await page.locator('input[type=file]').setInputFiles({ name: 'ke-hoach-thu.txt', mimeType: 'text/plain', buffer: Buffer.from(plan) });
  await page.getByLabel('Số, ký hiệu kế hoạch').fill('21/KH-SKHCN');
  await page.getByLabel('Ngày ban hành').fill('05/05/2026');
  await page.getByLabel('Ngày ban hành').press('Tab');
  await page.getByTestId('import-submit').click();
  await page.waitForURL(UUID);
  const id = UUID.exec(new URL(page.url()).pathname)?.[1] ?? '';

  // Row 1 has no known lead: the commit is refused and names the row, which turns red.
  const row1 = page.locator('[data-testid=import-row][data-code="1"]');
  expect(await row1.locator('td[data-field=lead]').getAttribute('data-issue')).toBe('open');
  await page.getByTestId('import-commit').click();
  await page.getByTestId('import-commit-ok').click();
  await page.getByTestId('import-row-errors').waitFor();
  expect(await row1.getByTestId('row-error').textContent()).toContain('Chưa có cơ quan chủ trì');
  expect(await page.getByTestId('import-row').count()).toBe(1);
  await shot(page, 'refused', false);

  // Someone discards the draft meanwhile (another tab): the next commit gets a 409 and a reload.
  const me = (await browserFetch(page, '/api/me')).json as { csrfToken: string };
  const discarded = await browserFetch(page, `/api/plan-imports/${id}/discard`, {
    method: 'POST',
    headers: { 'x-csrf-token': me.csrfToken },
    body: {},
  });
  expect(discarded.status).toBe(200);
  await page.getByTestId('import-commit').click();
  await page.getByTestId('import-commit-ok').click();
  await page.getByTestId('import-conflict').getByText('Bản xem trước này đã bị hủy').waitFor();
  await page.getByTestId('import-reload').click();
  await page.getByText('Bản nháp này đã được hủy').waitFor();
});
