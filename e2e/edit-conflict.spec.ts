import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { login, setupHarness } from './harness.ts';

const h = setupHarness();

async function openEditor(page: Page, code: string) {
  await page.goto('/units');
  await page.getByLabel('Tìm đơn vị').fill(code);
  const row = page.locator('.ant-table-row').filter({ has: page.getByText(code, { exact: true }) });
  await row.waitFor();
  await row.getByRole('button', { name: 'Sửa' }).click();
  return page.getByRole('dialog', { name: /Sửa đơn vị/ });
}

test('two admins edit the same unit: the second save is refused with a reload, nothing is overwritten', async () => {
  const first = await h.newPage();
  const second = await h.newPage();
  await login(first, 'admin');
  await login(second, 'admin');

  const mine = await openEditor(first, 'SYT');
  const theirs = await openEditor(second, 'SYT');

  await theirs.getByLabel('Tên viết tắt').fill('Sở Y tế Thái Nguyên');
  await theirs.getByRole('button', { name: 'Lưu' }).click();
  await second.getByText('Đã lưu thay đổi').waitFor();

  await mine.getByLabel('Tên viết tắt').fill('SYT tỉnh');
  await mine.getByRole('button', { name: 'Lưu' }).click();
  await mine.getByText('Đơn vị này vừa được người khác sửa').waitFor();

  // Reload shows what the other admin saved; then an edit on top of it goes through.
  await mine.getByRole('button', { name: 'Tải lại' }).click();
  await expect.poll(() => mine.getByLabel('Tên viết tắt').inputValue()).toBe('Sở Y tế Thái Nguyên');
  await mine.getByLabel('Thứ tự sắp xếp').fill('5');
  await mine.getByRole('button', { name: 'Lưu' }).click();
  await first.getByText('Đã lưu thay đổi').waitFor();

  // The history keeps both edits, by whom and what changed.
  const row = first.locator('.ant-table-row').filter({ has: first.getByText('SYT', { exact: true }) });
  await row.getByRole('button', { name: 'Lịch sử' }).click();
  const entries = first.getByTestId('history-entry');
  await expect.poll(() => entries.count()).toBe(2);
  expect(await entries.nth(1).textContent()).toContain('Sở Y tế Thái Nguyên');
  expect(await entries.nth(0).textContent()).toContain('Thứ tự');
});
