import { expect, test } from 'vitest';
import { browserFetch, login, setupHarness } from './harness.ts';

const h = setupHarness();

test('when the session ends under the user, the app returns to login and then back to the page', async () => {
  const page = await h.newPage();
  await login(page, 'admin');
  await page.goto('/users');
  await page.getByRole('heading', { name: 'Người dùng' }).waitFor();

  // End the session behind the app's back, as an expiry or a logout elsewhere would.
  const me = await browserFetch(page, '/api/me');
  const token = (me.json as { csrfToken: string }).csrfToken;
  expect((await browserFetch(page, '/api/auth/logout', { method: 'POST', headers: { 'x-csrf-token': token } })).status).toBe(200);

  // The next request the app makes gets a 401: the user lands on the login page with a notice.
  await page.locator('.ant-layout-sider').getByRole('menuitem', { name: 'Đơn vị' }).click();
  await page.waitForURL('**/login?next=%2Funits');
  expect(await page.getByTestId('login-notice').textContent()).toContain('Phiên đăng nhập đã hết hạn');

  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill('ThaiNguyen@2026');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/units');
  await page.getByRole('heading', { name: 'Đơn vị' }).waitFor();
});
