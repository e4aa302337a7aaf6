import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { login, setupHarness } from './harness.ts';

const h = setupHarness();

test('the units workbook exported from the page imports back without creating duplicates', async () => {
  const page = await h.newPage();
  await login(page, 'admin');
  await page.goto('/units');
  const total = page.getByText(/^\d+ đơn vị$/);
  await total.waitFor();
  const before = await total.textContent();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Xuất Excel/ }).click()]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'theodoi-xlsx-')), 'don-vi.xlsx');
  await download.saveAs(file);

  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Nhập từ Excel' }).click()]);
  await chooser.setFiles(file);
  const result = page.getByRole('dialog', { name: 'Đã nhập danh sách đơn vị' });
  await result.waitFor();
  expect(await result.textContent()).toMatch(/Thêm mới 0, cập nhật 0, không thay đổi \d+ đơn vị/);
  await result.getByRole('button', { name: 'Đóng' }).click();
  expect(await total.textContent()).toBe(before);
});
