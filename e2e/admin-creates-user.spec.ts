import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { login, logout, menuLabels, setupHarness } from './harness.ts';

const h = setupHarness();

const UNIT = { code: 'TT_THU_NGHIEM', name: 'Trung tâm Thử nghiệm Đổi mới sáng tạo', shortName: 'TT Thử nghiệm ĐMST' };
const USER = { username: 'thu.nghiem', fullName: 'Đỗ Thị Thử Nghiệm', password: 'Mật-khẩu-đủ-dài-2026' };

/**
 * Opens an antd Select by its form label, types to search, and picks the option with this text.
 * A unit select searches on the server: wait for that answer, or a slow machine clicks an
 * option of the list being replaced.
 */
async function choose(page: Page, label: string, search: string, option: string, { remote = false } = {}) {
  const drawer = page.getByRole('dialog');
  const input = drawer.getByLabel(label, { exact: true });
  await input.click();
  const searched = remote && page.waitForResponse((r) => r.url().includes('/api/units?') && r.url().includes('q='));
  if (search) await input.fill(search);
  if (searched) await searched;
  // On a loaded machine a click can land while the filtered list re-renders and select nothing:
  // the dropdown then stays open, and the option is clicked again.
  for (let attempt = 1; ; attempt++) {
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
    try {
      // The closing dropdown stays visible during its animation; the next choice must not match its options.
      await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden', timeout: 5000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

test('an admin creates a unit and a user in it; the new user logs in and sees that unit', async () => {
  const page = await h.newPage();
  await login(page, 'admin');

  // 1. The unit, through the Units page form.
  await page.locator('.ant-layout-sider').getByRole('menuitem', { name: 'Đơn vị' }).click();
  await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByText('Thêm đơn vị').waitFor();
  await choose(page, 'Đơn vị cấp trên', 'Tinh Thai Nguyen', 'Tỉnh Thái Nguyên', { remote: true });
  await drawer.getByLabel('Mã đơn vị').fill(UNIT.code.toLowerCase());
  await choose(page, 'Loại đơn vị', 'khác', 'Đơn vị khác');
  await drawer.getByLabel('Tên đầy đủ').fill(UNIT.name);
  await drawer.getByLabel('Tên viết tắt').fill(UNIT.shortName);
  await page.getByTestId('unit-save').click();
  await page.getByText(`Đã tạo đơn vị "${UNIT.name}".`).waitFor();

  // The search folds diacritics on the server: typed without accents, it still finds the unit.
  await page.getByLabel('Tìm đơn vị').fill('trung tam thu nghiem doi moi');
  const row = page.locator('.ant-table-row').filter({ hasText: UNIT.name });
  await row.waitFor();
  expect(await row.textContent()).toContain(UNIT.code);

  // 2. The user, through the Users page form.
  await page.locator('.ant-layout-sider').getByRole('menuitem', { name: 'Người dùng' }).click();
  await page.getByRole('button', { name: 'Thêm người dùng' }).click();
  await drawer.getByText('Thêm người dùng').waitFor();
  await drawer.getByLabel('Tên đăng nhập').fill(USER.username);
  await drawer.getByLabel('Họ và tên').fill(USER.fullName);
  await choose(page, 'Vai trò', 'Cán bộ', 'Cán bộ đơn vị');
  await choose(page, 'Đơn vị', 'thu nghiem doi moi', UNIT.name, { remote: true });
  await drawer.getByLabel('Mật khẩu ban đầu').fill(USER.password);
  await page.getByTestId('user-save').click();
  await page.getByText(`Đã tạo tài khoản "${USER.username}".`).waitFor();
  const userRow = page.locator('.ant-table-row').filter({ hasText: USER.username });
  await userRow.waitFor();
  expect(await userRow.textContent()).toContain(UNIT.name);

  await logout(page);

  // 3. The new user logs in and sees their unit.
  await login(page, USER.username, USER.password);
  expect(await page.getByTestId('user-name').textContent()).toBe(USER.fullName);
  expect(await page.getByTestId('user-unit').textContent()).toBe(UNIT.name);
  expect(await page.getByTestId('user-role').textContent()).toBe('Cán bộ đơn vị');
  expect(await menuLabels(page)).toEqual([
    'Trang chủ',
    'Việc của tôi',
    'Nhiệm vụ',
    'Kỳ báo cáo',
    'Mục tiêu 2030',
    'Kinh phí',
    'Yêu cầu giải trình',
    'Văn bản',
  ]);
});
