/**
 * The life of one task, through the pages: the coordinator assigns it, the lead unit reports,
 * the coordinator returns and then accepts the report, the unit proposes completion and the
 * coordinator confirms it. All along, an officer of another unit (a commune) can reach none of it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { ARTIFACTS, login, setupHarness, writePdf } from './harness.ts';

const h = setupHarness();

const SCREENS = path.join(ARTIFACTS, 'screens');
const CONTENT = 'Xây dựng kho dữ liệu số ngành y tế phục vụ khám chữa bệnh từ xa';
const SYMBOL = '77/KH-UBND';
const UUID = /\/tasks\/([0-9a-f-]{36})$/;

async function shot(page: Page, name: string) {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENS, `journey-${name}.png`), fullPage: true });
}

/** The open dropdown of an antd Select: pick the option that shows this text. */
async function pick(page: Page, text: string | RegExp) {
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text });
  await option.first().click();
}

async function toast(page: Page, text: string) {
  await page.locator('.ant-message').getByText(text).first().waitFor();
}

/** The date of completion entered: on time against 30/09/2026, and never in the future. */
function completionDate(): string {
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const iso = today < '2026-09-15' ? today : '2026-09-15';
  return iso.split('-').reverse().join('/');
}

test('assign, report, return, accept, propose done, confirm: "Hoàn thành đúng hạn"; another unit never sees the task', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'theodoi-journey-'));
  const pdf = writePdf(tmp, 'bao-cao-tien-do.pdf');
  const donePdf = writePdf(tmp, 'bien-ban-nghiem-thu.pdf');
  const notAllowed = path.join(tmp, 'ghi-chu.txt');
  fs.writeFileSync(notAllowed, 'không phải minh chứng hợp lệ');

  const coord = await h.newPage();
  const officer = await h.newPage();
  const commune = await h.newPage();
  await Promise.all([login(coord, 'coordinator'), login(officer, 'officer'), login(commune, 'commune')]);

  // ——— 1. The coordinator records the plan and assigns the task to Sở Y tế ———
  await coord.goto('/documents');
  await coord.getByRole('button', { name: 'Thêm văn bản' }).click();
  const docForm = coord.getByRole('dialog', { name: 'Thêm văn bản' });
  await docForm.getByLabel('Số, ký hiệu').fill(SYMBOL);
  await docForm.getByLabel('Ngày ban hành').fill('01/03/2026');
  await docForm.getByLabel('Ngày ban hành').press('Enter');
  await docForm.getByLabel('Trích yếu').fill('Kế hoạch chuyển đổi số ngành y tế năm 2026');
  await coord.getByTestId('document-save').click();
  await docForm.waitFor({ state: 'hidden' });

  await coord.goto('/tasks');
  await coord.getByRole('heading', { name: 'Nhiệm vụ' }).waitFor();
  await shot(coord, 'coordinator-tasks-before');
  await coord.getByTestId('task-create').click();
  const form = coord.getByRole('dialog', { name: 'Thêm nhiệm vụ' });
  await form.getByLabel(/Nội dung nhiệm vụ/).fill(CONTENT);
  await form.getByLabel('Các văn bản giao nhiệm vụ').fill('77/KH');
  await pick(coord, SYMBOL);
  await form.getByLabel(/Cơ quan chủ trì/).fill('Sở Y tế');
  await pick(coord, /^Sở Y tếSYT$/);
  await form.getByLabel(/Sản phẩm, kết quả/).fill('Kho dữ liệu vận hành, quy chế khai thác');
  await form.getByLabel(/Người chịu trách nhiệm/).fill('Giám đốc Sở Y tế');
  // An unreadable phrase is refused before it reaches the server; a readable one is explained.
  await coord.getByTestId('task-deadline').fill('Khi nào xong');
  await form.getByText('Không đọc được thời hạn này').waitFor();
  await coord.getByTestId('task-deadline').fill('Quý III/2026');
  await expect.poll(() => coord.getByTestId('deadline-preview').textContent()).toContain('Quý III/2026 → hạn 30/09/2026');
  await shot(coord, 'coordinator-task-form');
  await coord.getByTestId('task-save').click();
  await coord.waitForURL(UUID);
  const taskId = UUID.exec(new URL(coord.url()).pathname)?.[1] ?? '';
  expect(taskId).toMatch(/^[0-9a-f-]{36}$/);
  await coord.getByTestId('task-content').getByText(CONTENT).waitFor();
  expect(await coord.getByTestId('task-units').textContent()).toContain('Sở Y tế');
  expect(await coord.getByTestId('task-deadline').textContent()).toContain('30/09/2026');
  await shot(coord, 'coordinator-task-created');

  const api = async (page: Page, method: string, url: string, data?: unknown) => {
    const me = (await (await page.request.get('/api/me')).json()) as { csrfToken: string };
    const response = await page.request.fetch(url, { method, data, headers: { 'x-csrf-token': me.csrfToken } });
    return { status: response.status(), text: await response.text() };
  };

  /** The commune officer reaches nothing of this task, whatever the route. */
  const communeSeesNothing = async (stage: string) => {
    const task = JSON.parse((await api(coord, 'GET', `/api/tasks/${taskId}`)).text) as {
      version: number;
      currentPeriod: { key: string };
      updates: { id: string; version: number; files: { id: string }[] }[];
      adjustments: { id: string }[];
      doneFiles: { id: string }[];
    };
    const update = task.updates[0];
    const hidden = [403, 404];
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/tasks/${taskId}`],
      ['GET', `/api/tasks/${taskId}/timeline`],
      ['GET', `/api/tasks/${taskId}/reminders`],
      ['PATCH', `/api/tasks/${taskId}`, { version: task.version, content: 'Sửa trái phép' }],
      [
        'PUT',
        `/api/tasks/${taskId}/updates/${task.currentPeriod.key}`,
        { claim: 'in_progress', percent: 10, result: 'Không phải việc của xã', obstacles: '', proposals: '', fileIds: [], mergedIds: [] },
      ],
      ['POST', `/api/tasks/${taskId}/adjustments`, { deadlineText: 'Quý IV/2026', reason: 'thử' }],
      [
        'POST',
        `/api/tasks/${taskId}/propose-done`,
        { version: task.version, completedOn: '2026-09-01', note: '', fileIds: ['00000000-0000-4000-8000-000000000000'] },
      ],
      ['POST', `/api/tasks/${taskId}/confirm-done`, { version: task.version }],
      ['POST', `/api/tasks/${taskId}/pause`, { version: task.version, reason: 'thử' }],
      ['POST', `/api/tasks/${taskId}/reminders`, { message: 'thử' }],
      ...(update
        ? ([
            ['POST', `/api/tasks/${taskId}/updates/${update.id}/review`, { version: update.version, decision: 'accept', comment: '' }],
            ...update.files.map((f) => ['GET', `/api/files/${f.id}`] as [string, string]),
          ] as [string, string, unknown?][])
        : []),
      ...task.doneFiles.map((f) => ['GET', `/api/files/${f.id}`] as [string, string]),
    ];
    for (const [method, url, body] of attempts) {
      const { status } = await api(commune, method, url, body);
      expect(hidden, `${stage}: commune ${method} ${url} answered ${status}`).toContain(status);
    }
    for (const url of ['/api/tasks?pageSize=500', `/api/tasks?q=${encodeURIComponent('kho dữ liệu số ngành y tế')}`, '/api/my-work']) {
      const { status, text } = await api(commune, 'GET', url);
      expect(status, `${stage}: ${url}`).toBe(200);
      expect(text, `${stage}: commune sees the task in ${url}`).not.toContain(taskId);
    }
  };
  await communeSeesNothing('after assignment');

  // ——— 2. The Sở Y tế officer finds it in "Việc của tôi" and reports with a PDF ———
  await officer.goto('/my-work');
  await officer.getByTestId('my-work-period').waitFor();
  const mine = officer.getByTestId('my-work-item').filter({ hasText: CONTENT });
  await mine.first().waitFor();
  await shot(officer, 'officer-my-work');
  await mine.first().getByRole('link').first().click();
  await officer.waitForURL(`**/tasks/${taskId}`);
  await officer.getByTestId('action-update').click();
  const drawer = officer.getByRole('dialog', { name: /Cập nhật tiến độ/ });
  await drawer.getByLabel('Tình hình thực hiện').click();
  await pick(officer, 'Đang thực hiện');
  await drawer.getByLabel('Tỷ lệ hoàn thành').fill('60');
  await drawer.getByLabel('Kết quả thực hiện').fill('Đã hoàn thành khảo sát 12 bệnh viện, xây dựng xong thiết kế kho dữ liệu.');
  // A type that is not evidence is refused with the server's Vietnamese message.
  await officer.getByTestId('update-files').locator('input[type=file]').setInputFiles(notAllowed);
  await officer.locator('.ant-message-error').first().waitFor();
  await officer.getByTestId('update-files').locator('input[type=file]').setInputFiles(pdf);
  await drawer.getByRole('link', { name: /bao-cao-tien-do\.pdf/ }).waitFor();
  await shot(officer, 'officer-update-form');
  await officer.getByTestId('update-save').click();
  await toast(officer, 'Đã gửi báo cáo tiến độ');
  await officer.getByTestId('update-card').first().waitFor();
  expect(await officer.getByTestId('update-state').first().textContent()).toBe('Chờ tiếp nhận');
  await communeSeesNothing('after the first update');

  // ——— 3. The coordinator returns it; the officer sees why, edits and resubmits; it is accepted ———
  await coord.goto('/my-work');
  await coord.getByTestId('my-work-to-review').getByTestId('my-work-item').filter({ hasText: CONTENT }).first().waitFor();
  await shot(coord, 'coordinator-my-work');
  await coord.goto(`/tasks/${taskId}`);
  await coord.getByTestId('pending-review').waitFor();
  await coord.getByTestId('update-return').click();
  await coord.getByTestId('return-update-comment').fill('Đề nghị bổ sung số liệu: số bệnh viện đã kết nối và tiến độ theo tháng.');
  await coord.getByTestId('return-update-ok').click();
  await toast(coord, 'Đã trả lại báo cáo');
  expect(await coord.getByTestId('update-state').first().textContent()).toBe('Bị trả lại');

  await officer.goto('/my-work');
  const returned = officer.getByTestId('my-work-returned').getByTestId('my-work-item').filter({ hasText: CONTENT });
  await returned.first().waitFor();
  expect(await returned.first().getByTestId('returned-comment').textContent()).toContain('bổ sung số liệu');
  await shot(officer, 'officer-my-work-returned');
  await returned.first().getByRole('link').first().click();
  await officer.getByTestId('returned-alert').waitFor();
  await shot(officer, 'officer-task-returned');
  await officer.getByTestId('action-update').click();
  const again = officer.getByRole('dialog', { name: /Cập nhật tiến độ/ });
  await again.getByTestId('update-returned-comment').waitFor();
  await again
    .getByLabel('Kết quả thực hiện')
    .fill('Đã kết nối 8/12 bệnh viện; tháng 12 kết nối thêm 4 bệnh viện còn lại. Thiết kế kho dữ liệu đã duyệt.');
  await again.getByLabel('Tỷ lệ hoàn thành').fill('75');
  await officer.getByTestId('update-save').click();
  await toast(officer, 'Đã gửi báo cáo tiến độ');
  await expect.poll(() => officer.getByTestId('update-state').first().textContent()).toBe('Chờ tiếp nhận');

  await coord.goto(`/tasks/${taskId}`);
  await coord.getByTestId('update-accept').click();
  await coord.locator('.ant-popconfirm').getByRole('button', { name: 'Tiếp nhận' }).click();
  await toast(coord, 'Đã tiếp nhận báo cáo');
  await expect.poll(() => coord.getByTestId('update-state').first().textContent()).toBe('Đã tiếp nhận');
  // The returned round stays in the update's history.
  await coord.getByText(/Lịch sử báo cáo/).click();
  await expect.poll(() => coord.getByTestId('update-revision').count()).toBeGreaterThanOrEqual(3);
  await shot(coord, 'coordinator-task-accepted');
  await communeSeesNothing('after review');

  // ——— 4. The officer proposes completion with evidence; the coordinator confirms ———
  await officer.goto(`/tasks/${taskId}`);
  await officer.getByTestId('action-propose-done').click();
  const propose = officer.getByRole('dialog', { name: 'Đề xuất hoàn thành nhiệm vụ' });
  const date = propose.getByLabel('Ngày hoàn thành');
  await date.click();
  await date.fill(completionDate());
  await date.press('Enter');
  await propose.getByLabel(/Kết quả, sản phẩm/).fill('Kho dữ liệu đã vận hành, nghiệm thu ngày hoàn thành.');
  // Without evidence the proposal is refused in the form.
  await officer.getByTestId('propose-done-ok').click();
  await propose.getByText('Hãy đính kèm ít nhất một tệp minh chứng.').waitFor();
  await officer.getByTestId('propose-done-files').locator('input[type=file]').setInputFiles(donePdf);
  await propose.getByRole('link', { name: /bien-ban-nghiem-thu\.pdf/ }).waitFor();
  expect(await date.inputValue()).toBe(completionDate());
  await shot(officer, 'officer-propose-done');
  await officer.getByTestId('propose-done-ok').click();
  await toast(officer, 'Đã gửi đề xuất hoàn thành');
  await officer.getByTestId('done-proposal').waitFor();

  await coord.goto(`/tasks/${taskId}`);
  await coord.getByTestId('done-proposal').waitFor();
  await shot(coord, 'coordinator-done-proposed');
  await coord.getByTestId('action-confirm-done').click();
  await coord.getByTestId('confirm-done-ok').click();
  await toast(coord, 'Đã xác nhận nhiệm vụ hoàn thành');

  // ——— 5. Done on time, as both see it ———
  await expect.poll(() => coord.getByTestId('task-status-label').first().textContent()).toBe('Hoàn thành đúng hạn');
  await shot(coord, 'coordinator-task-done');
  await coord.getByRole('tab', { name: 'Dòng thời gian' }).click();
  await expect.poll(() => coord.getByTestId('timeline-event').count()).toBeGreaterThanOrEqual(5);
  await shot(coord, 'coordinator-task-timeline');
  await officer.goto(`/tasks/${taskId}`);
  await expect.poll(() => officer.getByTestId('task-status-label').first().textContent()).toBe('Hoàn thành đúng hạn');

  // Specific enough to find this task among the demo's imported plans, which also speak of "kho dữ liệu".
  await coord.goto('/tasks?q=kho%20du%20lieu%20so%20nganh%20y%20te%20kham%20chua%20benh%20tu%20xa');
  const row = coord.getByTestId('task-row').filter({ hasText: CONTENT });
  await row.waitFor();
  expect(await row.getByTestId('task-status-label').textContent()).toBe('Hoàn thành đúng hạn');
  await shot(coord, 'coordinator-tasks-after');

  await communeSeesNothing('after completion');
  // In the pages too: the board does not list it and its address is a not-found page.
  await commune.goto('/tasks');
  await commune.getByRole('heading', { name: 'Nhiệm vụ' }).waitFor();
  await commune.waitForLoadState('networkidle');
  expect(await commune.getByTestId('task-row').filter({ hasText: CONTENT }).count()).toBe(0);
  await shot(commune, 'commune-tasks');
  await commune.goto(`/tasks/${taskId}`);
  await commune.getByText('Không tìm thấy nhiệm vụ').waitFor();
  await shot(commune, 'commune-task-not-found');
  await commune.goto('/my-work');
  await commune.getByTestId('my-work-period').waitFor();
  expect(await commune.getByTestId('my-work-item').filter({ hasText: CONTENT }).count()).toBe(0);
  await shot(commune, 'commune-my-work');
});

test('a support unit contributes, the lead merges it; a deadline is adjusted on request and by document; pause, resume, remind', async () => {
  const coord = await h.newPage();
  const officer = await h.newPage();
  const commune = await h.newPage();
  await Promise.all([login(coord, 'coordinator'), login(officer, 'officer'), login(commune, 'commune')]);
  const me = async (page: Page) => (await (await page.request.get('/api/me')).json()) as { csrfToken: string; user: { unitId: string } };
  const [coordMe, officerMe, communeMe] = await Promise.all([me(coord), me(officer), me(commune)]);
  const content = 'Triển khai điểm chợ số an toàn tại xã Tân Cương';
  const created = await coord.request.post('/api/tasks', {
    headers: { 'x-csrf-token': coordMe.csrfToken },
    data: {
      content,
      deadlineText: 'Tháng 10/2026',
      leadUnitIds: [communeMe.user.unitId],
      supportUnitIds: [officerMe.user.unitId],
      deliverable: 'Chợ thanh toán không dùng tiền mặt',
    },
  });
  expect(created.status()).toBe(201);
  const taskId = ((await created.json()) as { id: string }).id;

  // The support unit (Sở Y tế) adds its contribution for the period.
  await officer.goto(`/tasks/${taskId}`);
  await officer.getByTestId('action-contribute').click();
  const contribution = officer.getByRole('dialog', { name: /Đóng góp của đơn vị phối hợp/ });
  await contribution.getByLabel('Kết quả phối hợp').fill('Sở Y tế đã kiểm tra an toàn thực phẩm tại 3 quầy hàng.');
  await officer.getByTestId('update-save').click();
  await toast(officer, 'Đã gửi đóng góp');
  expect(await officer.getByTestId('action-update').count()).toBe(0);

  // The lead unit (the commune) merges it into its report.
  await commune.goto(`/tasks/${taskId}`);
  await commune.getByTestId('action-update').click();
  const report = commune.getByRole('dialog', { name: /Cập nhật tiến độ/ });
  await report.getByTestId('support-contribution').waitFor();
  await report.getByRole('button', { name: 'Gộp vào báo cáo' }).click();
  await expect.poll(() => report.getByLabel('Kết quả thực hiện').inputValue()).toContain('Sở Y tế: Sở Y tế đã kiểm tra');
  await report.getByText('Đã gộp').waitFor();
  await shot(commune, 'lead-merges-contribution');
  await commune.getByTestId('update-save').click();
  await toast(commune, 'Đã gửi báo cáo tiến độ');

  // The lead unit asks for more time.
  await commune.getByTestId('action-adjust').click();
  const ask = commune.getByRole('dialog', { name: 'Đề nghị điều chỉnh thời hạn' });
  await ask.getByLabel('Thời hạn mới').fill('Quý I/2027');
  await expect.poll(() => ask.getByTestId('deadline-preview').textContent()).toContain('hạn 31/03/2027');
  await ask.getByLabel('Lý do').fill('Chờ ngân hàng lắp đặt thiết bị thanh toán.');
  await commune.getByTestId('adjust-request-ok').click();
  await toast(commune, 'Đã gửi đề nghị điều chỉnh thời hạn');

  // The coordinator approves it, citing the deciding document.
  await coord.goto(`/tasks/${taskId}`);
  await coord
    .getByTestId('pending-review')
    .getByText(/đề nghị điều chỉnh thời hạn/)
    .click();
  await coord.getByTestId('adjustment-row').getByRole('button', { name: 'Quyết định' }).click();
  const decide = coord.getByRole('dialog', { name: 'Quyết định đề nghị điều chỉnh thời hạn' });
  // Approving without the deciding document is refused in the form. A click while the dialog
  // is still zooming in can be lost under load, so it is clicked until the form answers.
  await decide.getByLabel('Số, ký hiệu văn bản quyết định').waitFor();
  await expect
    .poll(async () => {
      await coord.getByTestId('adjust-decide-ok').click();
      return decide.getByText('Hãy nhập số, ký hiệu văn bản').isVisible();
    })
    .toBe(true);
  await decide.getByLabel('Số, ký hiệu văn bản quyết định').fill('125/UBND-KT');
  await decide.getByLabel('Ngày văn bản').fill('20/11/2026');
  await decide.getByLabel('Ngày văn bản').press('Enter');
  await shot(coord, 'coordinator-decide-adjustment');
  await coord.getByTestId('adjust-decide-ok').click();
  await toast(coord, 'Đã lưu quyết định');
  await expect.poll(() => coord.getByTestId('task-deadline').textContent()).toContain('Quý I/2027');
  expect(await coord.getByTestId('task-deadline').textContent()).toContain('Thời hạn ban đầu: Tháng 10/2026');
  expect(await coord.getByTestId('adjustment-row').textContent()).toContain('125/UBND-KT');

  // A later adjustment decided by a document is recorded in one step.
  await coord.getByTestId('action-more').click();
  await coord.getByRole('menuitem', { name: 'Ghi nhận điều chỉnh theo văn bản' }).click();
  const record = coord.getByRole('dialog', { name: 'Ghi nhận điều chỉnh thời hạn theo văn bản' });
  await record.getByLabel('Thời hạn mới').fill('Trước ngày 15/4/2027');
  await record.getByLabel(/Lý do/).fill('Theo Thông báo kết luận của Ban Chỉ đạo.');
  await record.getByLabel('Số, ký hiệu văn bản quyết định').fill('30-TB/BCĐ');
  await record.getByLabel('Ngày văn bản').fill('24/11/2026');
  await record.getByLabel('Ngày văn bản').press('Enter');
  await coord.getByTestId('adjust-record-ok').click();
  await toast(coord, 'Đã ghi nhận thời hạn mới');
  await expect.poll(() => coord.getByTestId('task-deadline').textContent()).toContain('15/04/2027');
  await expect.poll(() => coord.getByTestId('adjustment-row').count()).toBe(2);
  await shot(coord, 'coordinator-adjustments');

  // Remind, pause and resume.
  await coord.getByTestId('action-remind').click();
  await coord.getByTestId('task-remind-ok').click();
  await toast(coord, 'Đã gửi đôn đốc');
  await coord.getByTestId('action-more').click();
  await coord.getByRole('menuitem', { name: 'Tạm dừng' }).click();
  await coord.getByRole('dialog', { name: 'Tạm dừng nhiệm vụ' }).getByLabel('Lý do, căn cứ').fill('Chờ bố trí kinh phí.');
  await coord.getByTestId('task-pause-ok').click();
  await toast(coord, 'Đã tạm dừng nhiệm vụ');
  await expect.poll(() => coord.getByTestId('task-status-label').first().textContent()).toBe('Tạm dừng');
  await coord.getByTestId('action-more').click();
  await coord.getByRole('menuitem', { name: 'Tiếp tục thực hiện' }).click();
  await coord.getByTestId('task-resume-ok').click();
  await toast(coord, 'Nhiệm vụ đã được tiếp tục theo dõi');
  await expect.poll(() => coord.getByTestId('task-status-label').first().textContent()).not.toBe('Tạm dừng');
  await coord.getByRole('tab', { name: 'Dòng thời gian' }).click();
  await expect.poll(() => coord.getByTestId('timeline-event').count()).toBeGreaterThanOrEqual(7);
  await shot(coord, 'coordinator-adjusted-timeline');
});
