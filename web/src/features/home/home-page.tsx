import {
  ApartmentOutlined,
  AuditOutlined,
  CheckSquareOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, List, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import type { Unit } from '#common/contracts/units.ts';
import { UNIT_KIND_LABELS, type UnitKind } from '#common/domain/units.ts';
import { PROVINCE_WIDE_ROLES, ROLE_LABELS } from '#common/permissions.ts';
import { api } from '../../lib/api.ts';
import { useCan, useSession } from '../../lib/session.ts';

import type { Page } from '../../lib/types.ts';

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function greeting(): string {
  const hour = dayjs().hour();
  if (hour < 11) return 'Chào buổi sáng';
  if (hour < 14) return 'Chào buổi trưa';
  if (hour < 18) return 'Chào buổi chiều';
  return 'Chào buổi tối';
}

function useUnitCount(kind?: UnitKind, enabled = true) {
  return useQuery({
    queryKey: ['units', 'count', kind ?? 'all'],
    queryFn: () => api<Page<Unit>>('/api/units', { query: { kind, pageSize: 1 } }),
    select: (page) => page.total,
    enabled,
  });
}

const SHORTCUTS = [
  {
    to: '/my-work',
    permission: 'read:task',
    icon: <CheckSquareOutlined />,
    title: 'Việc của tôi',
    text: 'Quá hạn, sắp đến hạn, cần báo cáo, chờ xem xét',
  },
  { to: '/units', permission: 'manage:unit', icon: <ApartmentOutlined />, title: 'Đơn vị', text: 'Cây đơn vị, sáp nhập, nhập/xuất Excel' },
  { to: '/users', permission: 'read:user', icon: <TeamOutlined />, title: 'Người dùng', text: 'Tài khoản, vai trò, mở khóa' },
  {
    to: '/audit',
    permission: 'read:audit',
    icon: <AuditOutlined />,
    title: 'Nhật ký hệ thống',
    text: 'Ai đã thay đổi gì, kiểm tra toàn vẹn',
  },
  {
    to: '/account',
    permission: 'manage:own-account',
    icon: <UserOutlined />,
    title: 'Tài khoản của tôi',
    text: 'Đổi mật khẩu, xác thực hai lớp',
  },
] as const;

export function HomePage() {
  const me = useSession();
  const can = useCan();
  const provinceWide = PROVINCE_WIDE_ROLES.includes(me.user.role);
  const total = useUnitCount();
  const departments = useUnitCount('department', provinceWide);
  const communes = useUnitCount('commune', provinceWide);
  const wards = useUnitCount('ward', provinceWide);
  const ownUnits = useQuery({
    queryKey: ['units', 'home-list'],
    queryFn: () => api<Page<Unit>>('/api/units', { query: { pageSize: 8 } }),
    enabled: !provinceWide,
  });

  return (
    <div style={{ maxWidth: 1200 }}>
      <div className="page-header">
        <div>
          <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
            {greeting()}, {me.user.fullName}
          </Typography.Title>
          <Typography.Text type="secondary">
            {capitalize(dayjs().format('dddd, [ngày] D [tháng] M [năm] YYYY'))} · {ROLE_LABELS[me.user.role]} · <b>{me.user.unitName}</b>
          </Typography.Text>
        </div>
      </div>

      {!me.user.totpEnabled && (
        <Alert
          type="info"
          showIcon
          icon={<SafetyCertificateOutlined />}
          style={{ marginBottom: 16 }}
          title="Bảo vệ tài khoản bằng xác thực hai lớp"
          description={
            <>
              Bật mã xác thực trên điện thoại để tài khoản không bị dùng trái phép khi lộ mật khẩu.{' '}
              <Link to="/account">Thiết lập ngay</Link>
            </>
          }
        />
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} lg={6}>
          <Card style={{ height: '100%' }}>
            <Statistic
              title={provinceWide ? 'Đơn vị đang hoạt động' : 'Đơn vị trong phạm vi của bạn'}
              value={total.data ?? 0}
              loading={total.isPending}
              prefix={<ApartmentOutlined />}
            />
          </Card>
        </Col>
        {provinceWide && (
          <>
            <Col xs={24} sm={12} lg={6}>
              <Card style={{ height: '100%' }}>
                <Statistic title={UNIT_KIND_LABELS.department} value={departments.data ?? 0} loading={departments.isPending} />
              </Card>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Card style={{ height: '100%' }}>
                <Statistic title={UNIT_KIND_LABELS.commune} value={communes.data ?? 0} loading={communes.isPending} />
              </Card>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Card style={{ height: '100%' }}>
                <Statistic title={UNIT_KIND_LABELS.ward} value={wards.data ?? 0} loading={wards.isPending} />
              </Card>
            </Col>
          </>
        )}
        {!provinceWide && (
          <Col xs={24} lg={18}>
            <Card title="Đơn vị của bạn" size="small">
              {ownUnits.isPending ? (
                <Skeleton active paragraph={{ rows: 2 }} />
              ) : (
                <List
                  size="small"
                  dataSource={ownUnits.data?.items ?? []}
                  renderItem={(unit) => (
                    <List.Item>
                      <span>
                        {unit.name} {unit.id === me.user.unitId && <Tag color="blue">Đơn vị của bạn</Tag>}
                      </span>
                      <Typography.Text type="secondary">{UNIT_KIND_LABELS[unit.kind]}</Typography.Text>
                    </List.Item>
                  )}
                />
              )}
            </Card>
          </Col>
        )}
      </Row>

      <Typography.Title level={2} style={{ fontSize: 18, margin: '28px 0 12px' }}>
        Truy cập nhanh
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {SHORTCUTS.filter((s) => can(s.permission)).map((s) => (
          <Col xs={24} sm={12} lg={6} key={s.to}>
            <Link to={s.to}>
              <Card hoverable style={{ height: '100%' }}>
                <Card.Meta avatar={<span style={{ fontSize: 24, color: '#0b5394' }}>{s.icon}</span>} title={s.title} description={s.text} />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}
