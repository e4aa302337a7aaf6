import { expect, test } from 'vitest';
import { login, logout, setupHarness } from './harness.ts';
import { totp } from './totp.ts';

const h = setupHarness();

test('an officer turns on two-factor login, and from then on the login form asks for the code', async () => {
  const page = await h.newPage();
  await login(page, 'officer');
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Tài khoản của tôi' }).click();
  await page.getByRole('button', { name: 'Bắt đầu thiết lập' }).click();
  await page.getByTestId('totp-qr').waitFor();
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').match(/[A-Z2-7]{16,}/)?.[0];
  expect(secret).toBeTruthy();

  await page.getByLabel('Mã 6 chữ số đang hiện trên ứng dụng').fill(totp(secret as string));
  await page.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
  await page.getByText('Đang bật').waitFor();
  await logout(page);

  // The password alone is not enough any more: the form asks for the code.
  await page.getByLabel('Tên đăng nhập').fill('officer');
  await page.getByLabel('Mật khẩu').fill('ThaiNguyen@2026');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const code = page.getByLabel('Mã xác thực (6 chữ số)');
  await code.waitFor();
  expect(await page.getByTestId('login-notice').textContent()).toContain('mã xác thực');

  const wrong = totp(secret as string) === '000000' ? '111111' : '000000';
  await code.fill(wrong);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByText('Mã xác thực không đúng').waitFor();

  await code.fill(totp(secret as string));
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('user-name').waitFor();
  expect(await page.getByTestId('user-name').textContent()).toBe('Trần Văn Minh');
});
