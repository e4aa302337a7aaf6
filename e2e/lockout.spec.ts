import { expect, test } from 'vitest';
import { DEMO_PASSWORD, setupHarness } from './harness.ts';

const h = setupHarness();

test('five wrong passwords lock the account, and then even the right one is refused', async () => {
  const page = await h.newPage();
  await page.goto('/login');
  const notice = page.getByTestId('login-notice');

  const attempt = async (password: string) => {
    await page.getByLabel('Tên đăng nhập').fill('officer');
    await page.getByLabel('Mật khẩu').fill(password);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);
    await notice.waitFor();
    return { status: response.status(), text: await notice.textContent() };
  };

  for (let i = 1; i <= 4; i++) {
    const { status, text } = await attempt(`sai-mat-khau-${i}`);
    expect(status).toBe(401);
    expect(text).toContain('Tên đăng nhập hoặc mật khẩu không đúng');
  }
  const fifth = await attempt('sai-mat-khau-5');
  expect(fifth.status).toBe(423);
  expect(fifth.text).toContain('tạm khóa');

  const right = await attempt(DEMO_PASSWORD);
  expect(right.status).toBe(423);
  expect(right.text).toContain('tạm khóa');
  expect(page.url()).toContain('/login');
  expect(await page.getByTestId('user-name').count()).toBe(0);
});
