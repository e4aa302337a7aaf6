import { expect, test } from 'vitest';
import { browserFetch, DEMO_PASSWORD, login, setupHarness } from './harness.ts';

const h = setupHarness();

type ErrorBody = { error: { code: string } };

test('a write without the CSRF header is refused; the same write with it succeeds', async () => {
  const page = await h.newPage();
  await login(page, 'coordinator');
  const body = { currentPassword: DEMO_PASSWORD, newPassword: 'Mật khẩu mới rất dài 2026' };

  const refused = await browserFetch(page, '/api/me/password', { method: 'POST', body });
  expect(refused.status).toBe(403);
  expect((refused.json as ErrorBody).error.code).toBe('CSRF_FAILED');

  const forged = await browserFetch(page, '/api/me/password', { method: 'POST', body, headers: { 'x-csrf-token': 'x'.repeat(43) } });
  expect(forged.status).toBe(403);
  expect((forged.json as ErrorBody).error.code).toBe('CSRF_FAILED');

  const me = await browserFetch(page, '/api/me');
  const token = (me.json as { csrfToken: string }).csrfToken;
  const accepted = await browserFetch(page, '/api/me/password', { method: 'POST', body, headers: { 'x-csrf-token': token } });
  expect(accepted.status).toBe(200);
  expect(accepted.json).toEqual({ ok: true });

  // The refused attempts changed nothing: the new password is the one in force.
  const other = await h.newPage();
  await login(other, 'coordinator', body.newPassword);
  expect(await other.getByTestId('user-name').textContent()).toContain('Nguyễn Thị Hà');
});
