/**
 * Saves a PNG of every page, for each role that reaches it, to .e2e-artifacts/screens/:
 * `node --import tsx e2e/screenshots.ts` (after `npm run build`). For looking at, not asserting.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, login, startHarness } from './harness.ts';

const OUT = path.join(ARTIFACTS, 'screens');
fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });

const harness = await startHarness();
let failed = false;

async function shot(page: Page, name: string) {
  // Let lazy chunks, queries and antd's motion settle before the picture.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
  console.log(`  ${name}.png`);
}

async function visit(page: Page, url: string, heading?: string) {
  await page.goto(url);
  if (heading) await page.getByRole('heading', { name: heading }).first().waitFor();
}

async function step(name: string, run: () => Promise<void>) {
  try {
    await run();
  } catch (error) {
    failed = true;
    console.error(`✖ ${name}: ${(error as Error).message}`);
  }
}

try {
  await step('login', async () => {
    const page = await harness.newPage();
    await visit(page, '/login');
    await shot(page, 'login');
    await page.getByLabel('Tên đăng nhập').fill('officer');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('login-notice').waitFor();
    await shot(page, 'login-error');
  });

  await step('admin', async () => {
    const page = await harness.newPage();
    await login(page, 'admin');
    await shot(page, 'admin-home');

    await visit(page, '/units', 'Đơn vị');
    await page.locator('.ant-table-row').first().waitFor();
    await shot(page, 'admin-units');
    await page.getByLabel('Tìm đơn vị').fill('so khcn');
    await page.locator('.ant-table-row').filter({ hasText: 'Sở Khoa học và Công nghệ' }).waitFor();
    await shot(page, 'admin-units-search');

    await page.locator('.ant-table-row').first().getByRole('button', { name: 'Sửa' }).click();
    await page.getByRole('dialog').getByLabel('Tên đầy đủ').waitFor();
    await shot(page, 'admin-unit-edit');
    await page.getByRole('dialog').getByLabel('Tên viết tắt').fill('Sở KH&CN Thái Nguyên');
    await page.getByTestId('unit-save').click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    await page.locator('.ant-table-row').first().getByRole('button', { name: 'Lịch sử' }).click();
    await page.getByTestId('history-entry').first().waitFor();
    await shot(page, 'admin-unit-history');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: /Lịch sử thay đổi/ }).waitFor({ state: 'hidden' });

    await page.locator('.ant-table-row').first().getByRole('button', { name: 'Ngừng hoạt động' }).click();
    await page.getByRole('dialog', { name: 'Ngừng hoạt động đơn vị' }).waitFor();
    await shot(page, 'admin-unit-deactivate');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Ngừng hoạt động đơn vị' }).waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await page.getByTestId('unit-save').click();
    await page.locator('.ant-form-item-explain-error').first().waitFor();
    await shot(page, 'admin-unit-create-invalid');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Thêm đơn vị' }).waitFor({ state: 'hidden' });

    await visit(page, '/users', 'Người dùng');
    await page.locator('.ant-table-row').first().waitFor();
    await shot(page, 'admin-users');
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    await page.getByRole('dialog').getByLabel('Họ và tên').waitFor();
    await shot(page, 'admin-user-create');
    await page.keyboard.press('Escape');

    await visit(page, '/audit', 'Nhật ký hệ thống');
    await page.locator('.ant-table-row').first().waitFor();
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verify-result').waitFor();
    await page.locator('.ant-table-row-expand-icon').first().click();
    await shot(page, 'admin-audit');

    await visit(page, '/account', 'Tài khoản của tôi');
    await shot(page, 'admin-account');
    await page.getByRole('button', { name: 'Bắt đầu thiết lập' }).click();
    await page.getByTestId('totp-qr').waitFor();
    await shot(page, 'admin-account-totp-setup');

    await page.setViewportSize({ width: 1024, height: 700 });
    await visit(page, '/units', 'Đơn vị');
    await page.locator('.ant-table-row').first().waitFor();
    await shot(page, 'admin-units-1024');
  });

  for (const [username, pages] of [
    ['coordinator', ['/', '/my-work', '/tasks', '/documents', '/users']],
    ['officer', ['/', '/my-work', '/tasks', '/account']],
    ['head', ['/', '/my-work']],
    ['leader', ['/', '/my-work', '/tasks', '/users']],
    ['commune', ['/', '/my-work', '/units', '/khong-co']],
    ['admin', ['/calendar']],
  ] as const) {
    await step(username, async () => {
      const page = await harness.newPage();
      await login(page, username);
      for (const url of pages) {
        await page.goto(url);
        await page.locator('main, .ant-result, h1').first().waitFor();
        const name = url === '/' ? 'home' : url.slice(1);
        await shot(page, `${username}-${name}`);
      }
      if (username === 'officer' || username === 'coordinator') {
        // the first task of the board, its detail and the notification bell
        await page.goto('/tasks');
        await page.locator('.ant-table-row a').first().click();
        await page.getByText('5 rõ').waitFor();
        await shot(page, `${username}-task-detail`);
        await page.locator('.ant-badge').first().click();
        await shot(page, `${username}-bell`);
      }
    });
  }
} finally {
  await harness.stop();
}
console.log(failed ? 'some screenshots failed' : `screenshots in ${path.relative(process.cwd(), OUT)}`);
process.exit(failed ? 1 : 0);
