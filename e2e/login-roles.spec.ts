import { describe, expect, test } from 'vitest';
import { browserFetch, login, menuLabels, setupHarness } from './harness.ts';

const h = setupHarness();

// The demo accounts of the seed (server/db/seed/demo.ts) and what each must see.
const ACCOUNTS = [
  {
    username: 'admin',
    name: 'Quản trị hệ thống',
    unit: 'Sở Khoa học và Công nghệ',
    role: 'Quản trị hệ thống',
    menu: [
      'Trang chủ',
      'Bảng điều hành',
      'Việc của tôi',
      'Nhiệm vụ',
      'Kỳ báo cáo',
      'Báo cáo tổng hợp',
      'Mục tiêu 2030',
      'Kinh phí',
      'Yêu cầu giải trình',
      'Văn bản',
      'Đơn vị',
      'Người dùng',
      'Chế độ báo cáo',
      'Lịch làm việc',
      'Nhật ký hệ thống',
    ],
  },
  {
    username: 'coordinator',
    name: 'Nguyễn Thị Hà (Phòng Quản lý KH&CN)',
    unit: 'Sở Khoa học và Công nghệ',
    role: 'Cán bộ đầu mối (Sở KH&CN)',
    menu: [
      'Trang chủ',
      'Bảng điều hành',
      'Việc của tôi',
      'Nhiệm vụ',
      'Kỳ báo cáo',
      'Báo cáo tổng hợp',
      'Mục tiêu 2030',
      'Kinh phí',
      'Yêu cầu giải trình',
      'Liên kết nhiệm vụ',
      'Văn bản',
      'Nhập kế hoạch',
      'Người dùng',
      'Chế độ báo cáo',
    ],
  },
  {
    username: 'officer',
    name: 'Trần Văn Minh',
    unit: 'Sở Y tế',
    role: 'Cán bộ đơn vị',
    menu: ['Trang chủ', 'Việc của tôi', 'Nhiệm vụ', 'Kỳ báo cáo', 'Mục tiêu 2030', 'Kinh phí', 'Yêu cầu giải trình', 'Văn bản'],
  },
  {
    username: 'head',
    name: 'Lê Thị Thu (Phó Giám đốc)',
    unit: 'Sở Y tế',
    role: 'Lãnh đạo đơn vị',
    menu: ['Trang chủ', 'Việc của tôi', 'Nhiệm vụ', 'Kỳ báo cáo', 'Mục tiêu 2030', 'Kinh phí', 'Yêu cầu giải trình', 'Văn bản'],
  },
  {
    username: 'leader',
    name: 'Phạm Quốc Hùng (Ban Chỉ đạo)',
    unit: 'Văn phòng Ủy ban nhân dân tỉnh',
    role: 'Lãnh đạo tỉnh, Ban Chỉ đạo',
    menu: [
      'Trang chủ',
      'Bảng điều hành',
      'Việc của tôi',
      'Nhiệm vụ',
      'Kỳ báo cáo',
      'Báo cáo tổng hợp',
      'Mục tiêu 2030',
      'Kinh phí',
      'Yêu cầu giải trình',
      'Văn bản',
      'Người dùng',
    ],
  },
  {
    username: 'commune',
    name: 'Hoàng Văn Tâm (UBND xã Tân Cương)',
    unit: 'Xã Tân Cương',
    role: 'Cán bộ đơn vị',
    menu: ['Trang chủ', 'Việc của tôi', 'Nhiệm vụ', 'Kỳ báo cáo', 'Mục tiêu 2030', 'Kinh phí', 'Yêu cầu giải trình', 'Văn bản'],
  },
];

describe('each demo role logs in and sees its own menu', () => {
  for (const account of ACCOUNTS) {
    test(account.username, async () => {
      const page = await h.newPage();
      await login(page, account.username);
      await expect.poll(() => page.getByTestId('user-name').textContent()).toBe(account.name);
      expect(await page.getByTestId('user-unit').textContent()).toBe(account.unit);
      expect(await page.getByTestId('user-role').textContent()).toBe(account.role);
      expect(await menuLabels(page)).toEqual(account.menu);
      // The landing page greets the user by name and names their unit.
      await page.getByRole('heading', { level: 1 }).filter({ hasText: account.name }).waitFor();
    });
  }
});

test('a commune officer cannot reach the units admin, in the UI or through the API', async () => {
  const page = await h.newPage();
  await login(page, 'commune');
  await page.goto('/units');
  await page.getByText('Không có quyền truy cập').waitFor();
  expect(await page.getByRole('button', { name: 'Về trang chủ' }).isVisible()).toBe(true);
  // The shell is still there: the 403 is a page of the app, not a blank.
  expect(await menuLabels(page)).toEqual(ACCOUNTS.find((a) => a.username === 'commune')?.menu);

  const exported = await browserFetch(page, '/api/units/export.xlsx');
  expect(exported.status).toBe(403);
  expect((exported.json as { error: { code: string } }).error.code).toBe('FORBIDDEN');
});

test('the admin can download the units workbook', async () => {
  const page = await h.newPage();
  await login(page, 'admin');
  await page.goto('/units');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Xuất Excel/ }).click()]);
  expect(download.suggestedFilename()).toBe('don-vi.xlsx');
  const exported = await browserFetch(page, '/api/units/export.xlsx');
  expect(exported.status).toBe(200);
  expect(exported.contentType).toContain('spreadsheetml');
});
