/**
 * The 2030 targets through the pages (issue 6): on 1/10/2026 Sở KH&CN's officer enters 5G
 * coverage for Quý III/2026 (a first try at 140% is refused in Vietnamese, and nothing is
 * written); the Department's head submits it and the coordinator approves it; the "Mục tiêu
 * 2030" tile then shows the colour the path implies: 92% against the 95% 004 expects by the end
 * of 2026 is on track.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import type { IndicatorDetail, IndicatorSummary } from '#common/contracts/indicators.ts';
import { ARTIFACTS, login, setupHarness } from './harness.ts';

const h = setupHarness({ CLOCK_START: '2026-10-01T09:00:00+07:00' });
const SCREENS = path.join(ARTIFACTS, 'screens');

async function shot(page: Page, name: string) {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(SCREENS, `targets-${name}.png`), fullPage: true });
}

async function toast(page: Page, text: string) {
  await page.locator('.ant-message').getByText(text).first().waitFor();
}

async function detail(page: Page, id: string): Promise<IndicatorDetail> {
  return (await (await page.request.get(`/api/indicators/${id}`)).json()) as IndicatorDetail;
}

test('5G coverage for Q3/2026: 140% refused, 92% entered, submitted and approved; the tile shows on track', async () => {
  const officer = await h.newPage();
  await login(officer, 'skhcn-officer');
  await officer.goto('/targets');
  await officer.getByTestId('tile-HT-01').waitFor();
  expect(await officer.getByTestId('tile-HT-01').getAttribute('data-status')).toBe('no_data');
  const list = (await (await officer.request.get('/api/indicators')).json()) as IndicatorSummary[];
  const fiveG = list.find((i) => i.code === 'HT-01') as IndicatorSummary;
  await officer.getByTestId('tile-HT-01').click();
  await officer.waitForURL(`**/targets/${fiveG.id}`);

  // Quý III/2026 (15/6–14/9) is still open on 1/10; the newest open period comes first.
  await officer.getByTestId('value-period').click();
  await officer.locator('.ant-select-item-option[title="Quý III/2026"]').click();
  await officer.getByTestId('value-input').fill('140');
  await officer.getByTestId('value-save').click();
  await officer.getByText('Tỷ lệ phải trong khoảng 0–100%; 140% không hợp lệ.').first().waitFor();
  await shot(officer, '1-refused');
  expect((await detail(officer, fiveG.id)).values).toHaveLength(0);

  await officer.getByTestId('value-input').fill('92');
  await officer.getByTestId('value-save').click();
  await toast(officer, 'Đã lưu số liệu');
  const row = officer.getByTestId('value-row-2026-Q3');
  await row.getByText('Đang nhập').waitFor();

  // The head submits; the coordinator approves.
  const head = await h.newPage();
  await login(head, 'skhcn-head');
  await head.goto(`/targets/${fiveG.id}`);
  await head.getByTestId('value-row-2026-Q3').getByTestId('value-submit').click();
  await toast(head, 'Đã gửi số liệu');
  await head.getByTestId('value-row-2026-Q3').getByText('Chờ duyệt').waitFor();

  const coordinator = await h.newPage();
  await login(coordinator, 'coordinator');
  await coordinator.goto(`/targets/${fiveG.id}`);
  await coordinator.getByTestId('value-row-2026-Q3').getByTestId('value-approve').click();
  await toast(coordinator, 'Đã duyệt số liệu');
  await coordinator.getByTestId('value-row-2026-Q3').getByText('Đã duyệt').waitFor();
  await coordinator.getByTestId('indicator-status').getByText('Đúng lộ trình').waitFor();
  await shot(coordinator, '2-approved');
  expect(await detail(coordinator, fiveG.id)).toMatchObject({
    latest: { periodKey: '2026-Q3', value: 92 },
    expected: 95,
    status: 'on_track',
  });

  // The coordinator links the plan task that drives the indicator (004 Phụ lục I: the digital infrastructure plan, whose product is 5G coverage).
  await coordinator.getByTestId('tasks-edit').click();
  await coordinator.getByTestId('tasks-select').locator('input').fill('ke hoach phat trien ha tang so cua tinh');
  // the search runs on the server (without diacritics): wait for its answer before choosing
  const option = coordinator.locator('.ant-select-item-option', { hasText: 'phát triển hạ tầng số của tỉnh' }).first();
  const chosen = await option.innerText();
  await option.click();
  // the list stays open for more choices: close it before saving
  await coordinator.getByRole('dialog').getByText('Gõ vài chữ').click();
  await coordinator.getByTestId('tasks-save').click();
  await toast(coordinator, 'Đã lưu nhiệm vụ liên quan');
  await coordinator.getByTestId('indicator-tasks').getByText('Nhiệm vụ tác động đến chỉ tiêu (1)').waitFor();
  const linked = (await detail(coordinator, fiveG.id)).tasks;
  expect(linked).toHaveLength(1);
  expect(chosen).toContain(linked[0]?.content);

  // The tile: green, with the value and its period.
  await coordinator.goto('/targets');
  const tile = coordinator.getByTestId('tile-HT-01');
  await tile.getByText('Đúng lộ trình').waitFor();
  expect(await tile.getAttribute('data-status')).toBe('on_track');
  expect(await tile.innerText()).toContain('92');
  await shot(coordinator, '3-tiles');
});
