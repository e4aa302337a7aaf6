import {
  AimOutlined,
  ApartmentOutlined,
  AuditOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  DownOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  HomeOutlined,
  ImportOutlined,
  LinkOutlined,
  LogoutOutlined,
  QuestionCircleOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { Avatar, Dropdown, Flex, Layout, Menu, type MenuProps, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import type { Me } from '#common/contracts/users.ts';
import { ROLE_LABELS } from '#common/permissions.ts';
import { api } from '../lib/api.ts';
import { showError } from '../lib/feedback.ts';
import { useMe } from '../lib/session.ts';
import { PRODUCT_NAME } from '../theme.ts';
import { NotificationBell } from './notification-bell.tsx';
import { PageLoading } from './results.tsx';

const { Sider, Header, Content } = Layout;

type NavItem = { key: string; label: string; icon: React.ReactNode; permission?: string };

const NAV: NavItem[] = [
  { key: '/', label: 'Trang chủ', icon: <HomeOutlined /> },
  { key: '/dashboard', label: 'Bảng điều hành', icon: <DashboardOutlined />, permission: 'read:dashboard' },
  { key: '/my-work', label: 'Việc của tôi', icon: <CheckSquareOutlined />, permission: 'read:task' },
  { key: '/tasks', label: 'Nhiệm vụ', icon: <UnorderedListOutlined />, permission: 'read:task' },
  { key: '/reporting', label: 'Kỳ báo cáo', icon: <ScheduleOutlined />, permission: 'read:report' },
  { key: '/reports', label: 'Báo cáo tổng hợp', icon: <FileDoneOutlined />, permission: 'read:dashboard' },
  { key: '/targets', label: 'Mục tiêu 2030', icon: <AimOutlined />, permission: 'read:indicator' },
  { key: '/funding', label: 'Kinh phí', icon: <WalletOutlined />, permission: 'read:funding' },
  { key: '/explanations', label: 'Yêu cầu giải trình', icon: <QuestionCircleOutlined />, permission: 'read:task' },
  { key: '/links', label: 'Liên kết nhiệm vụ', icon: <LinkOutlined />, permission: 'manage:task' },
  { key: '/documents', label: 'Văn bản', icon: <FileTextOutlined />, permission: 'read:document' },
  { key: '/imports', label: 'Nhập kế hoạch', icon: <ImportOutlined />, permission: 'import:plan' },
  { key: '/units', label: 'Đơn vị', icon: <ApartmentOutlined />, permission: 'manage:unit' },
  { key: '/users', label: 'Người dùng', icon: <TeamOutlined />, permission: 'read:user' },
  { key: '/regimes', label: 'Chế độ báo cáo', icon: <SettingOutlined />, permission: 'manage:regime' },
  { key: '/calendar', label: 'Lịch làm việc', icon: <CalendarOutlined />, permission: 'manage:calendar' },
  { key: '/audit', label: 'Nhật ký hệ thống', icon: <AuditOutlined />, permission: 'read:audit' },
];

export function navFor(me: Me): NavItem[] {
  return NAV.filter((item) => !item.permission || me.permissions.includes(item.permission));
}

function initials(name: string): string {
  const words = name
    .replace(/\(.*\)/, '')
    .trim()
    .split(/\s+/);
  return (words.at(-1)?.[0] ?? '?').toUpperCase();
}

/** The authenticated shell: side menu by permission, header with the user, and the page. */
export function AppLayout() {
  const { data: me, isPending } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);

  if (isPending) return <PageLoading />;
  if (!me) {
    const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  // An admin who must enrol TOTP can do nothing else until they have (the server agrees).
  if (me.totpPending && location.pathname !== '/account') return <Navigate to="/account" replace />;

  const logout = async () => {
    try {
      await api('/api/auth/logout', { method: 'POST' });
    } catch (error) {
      showError(error);
    }
    navigate('/login', { replace: true, state: { reason: 'logout' } });
  };

  const selected = `/${location.pathname.split('/')[1] ?? ''}`;
  const userMenu: MenuProps['items'] = [
    { key: 'account', icon: <UserOutlined />, label: 'Tài khoản của tôi', onClick: () => navigate('/account') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: 'Đăng xuất', danger: true, onClick: logout },
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider breakpoint="xl" collapsible collapsed={collapsed} onCollapse={setCollapsed} width={232}>
        <Flex
          align="center"
          gap={10}
          style={{ height: 64, padding: collapsed ? '0 24px' : '0 20px', borderBottom: '1px solid rgba(255,255,255,0.08)' }}
        >
          <img src="/favicon.svg" alt="" width={28} height={28} />
          {!collapsed && (
            <div style={{ lineHeight: 1.2 }}>
              <div style={{ color: '#fff', fontWeight: 700, fontSize: 17 }}>{PRODUCT_NAME}</div>
              <div style={{ color: 'rgba(255,255,255,0.65)', fontSize: 11 }}>Sở KH&amp;CN · {me.user.provinceName}</div>
            </div>
          )}
        </Flex>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          items={navFor(me).map(({ key, label, icon }) => ({ key, label, icon }))}
          onClick={({ key }) => navigate(key)}
          style={{ borderInlineEnd: 0, marginTop: 8 }}
        />
      </Sider>
      <Layout>
        <Header style={{ borderBottom: '1px solid #e5e8ee', display: 'flex', alignItems: 'center', justifyContent: 'flex-end' }}>
          <NotificationBell />
          <Dropdown menu={{ items: userMenu }} trigger={['click']} placement="bottomRight">
            <button type="button" data-testid="user-menu" className="user-menu-button">
              <Avatar style={{ background: '#0b5394', flex: 'none' }}>{initials(me.user.fullName)}</Avatar>
              <span className="user-menu-text">
                <Typography.Text strong data-testid="user-name" ellipsis>
                  {me.user.fullName}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                  <span data-testid="user-unit">{me.user.unitName}</span> · <span data-testid="user-role">{ROLE_LABELS[me.user.role]}</span>
                </Typography.Text>
              </span>
              <DownOutlined style={{ fontSize: 10, color: '#8c8c8c' }} />
            </button>
          </Dropdown>
        </Header>
        <Content style={{ padding: 24 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
