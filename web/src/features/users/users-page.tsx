import { LockOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Popconfirm, Select, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { type User, UserSetPassword } from '#common/contracts/users.ts';
import { ROLE_LABELS, type Role } from '#common/permissions.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitSelect } from '../../components/unit-select.tsx';
import { api } from '../../lib/api.ts';
import { showSuccess } from '../../lib/feedback.ts';
import { applyApiError, useSubmit, zodRule } from '../../lib/forms.ts';
import { useCan, useSession } from '../../lib/session.ts';
import { PAGE_SIZE_OPTIONS, type Page } from '../../lib/types.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { PasswordInput } from './password-input.tsx';
import { ROLE_OPTIONS, UserForm } from './user-form.tsx';

const isLocked = (user: User) => Boolean(user.lockedUntil && dayjs(user.lockedUntil).isAfter(dayjs()));

function ResetPassword({ user, onClose }: { user: User | null; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string }>();
  const queryClient = useQueryClient();

  const { saving, submit } = useSubmit(form, async ({ password }: { password: string }) => {
    if (!user) return;
    await api(`/api/users/${user.id}/password`, { method: 'POST', body: { password } });
    showSuccess(`Đã đặt lại mật khẩu cho ${user.fullName}. Các phiên đăng nhập cũ của người này đã bị đóng.`);
    await queryClient.invalidateQueries({ queryKey: ['users'] });
    onClose();
  });

  return (
    <Modal
      title={`Đặt lại mật khẩu: ${user?.fullName ?? ''}`}
      open={Boolean(user)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="Đặt lại mật khẩu"
      cancelText="Hủy"
      okButtonProps={{ loading: saving }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          label="Mật khẩu mới"
          name="password"
          rules={[{ required: true, message: 'Hãy nhập mật khẩu mới' }, zodRule(UserSetPassword.shape.password)]}
          extra="Ít nhất 12 ký tự. Tài khoản cũng được mở khóa nếu đang bị khóa."
        >
          <PasswordInput />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function UsersPage() {
  const me = useSession();
  const can = useCan();
  const manage = can('manage:user');
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [unitId, setUnitId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [editing, setEditing] = useState<{ user: User | null } | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const q = useDebounced(search.trim());

  const list = useQuery({
    queryKey: ['users', 'list', { q, role, unitId, page, pageSize }],
    queryFn: () => api<Page<User>>('/api/users', { query: { q, role, unitId, page, pageSize } }),
    placeholderData: keepPreviousData,
  });

  const unlock = async (user: User) => {
    try {
      await api(`/api/users/${user.id}/unlock`, { method: 'POST' });
      showSuccess(`Đã mở khóa tài khoản ${user.username}.`);
    } catch (error) {
      applyApiError(null, error);
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    }
  };

  const columns: TableColumnsType<User> = [
    {
      title: 'Người dùng',
      dataIndex: 'fullName',
      render: (_, user) => (
        <div>
          <div style={{ fontWeight: 500 }}>
            {user.fullName} {user.id === me.user.id && <Tag color="blue">Bạn</Tag>}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            <Typography.Text code>{user.username}</Typography.Text>
            {user.email && ` · ${user.email}`}
          </Typography.Text>
        </div>
      ),
    },
    { title: 'Vai trò', dataIndex: 'role', width: 190, render: (r: Role) => ROLE_LABELS[r] },
    { title: 'Đơn vị', dataIndex: 'unitName', width: 230 },
    {
      title: 'Trạng thái',
      width: 200,
      render: (_, user) => (
        <div>
          <Space size={4} wrap>
            {!user.active ? (
              <Tag>Vô hiệu hóa</Tag>
            ) : isLocked(user) ? (
              <Tooltip title={`Tự mở lúc ${dayjs(user.lockedUntil).format('HH:mm DD/MM/YYYY')}`}>
                <Tag color="red" icon={<LockOutlined />}>
                  Đang bị khóa
                </Tag>
              </Tooltip>
            ) : (
              <Tag color="green">Hoạt động</Tag>
            )}
            {user.totpEnabled && (
              <Tooltip title="Đã bật xác thực hai lớp">
                <Tag color="blue" icon={<SafetyCertificateOutlined />}>
                  2 lớp
                </Tag>
              </Tooltip>
            )}
          </Space>
          <div style={{ fontSize: 12, marginTop: 4, color: '#595959' }}>
            {user.lastLoginAt ? `Đăng nhập: ${dayjs(user.lastLoginAt).format('HH:mm DD/MM/YYYY')}` : 'Chưa đăng nhập lần nào'}
          </div>
        </div>
      ),
    },
    ...(manage
      ? [
          {
            title: 'Thao tác',
            key: 'actions',
            width: 170,
            fixed: 'right' as const,
            render: (_: unknown, user: User) => (
              <Space size={[0, 0]} wrap>
                <Button type="link" size="small" onClick={() => setEditing({ user })}>
                  Sửa
                </Button>
                <Button type="link" size="small" onClick={() => setResetting(user)}>
                  Đặt lại mật khẩu
                </Button>
                {isLocked(user) && (
                  <Popconfirm
                    title={`Mở khóa tài khoản ${user.username}?`}
                    okText="Mở khóa"
                    cancelText="Hủy"
                    onConfirm={() => unlock(user)}
                  >
                    <Button type="link" size="small">
                      Mở khóa
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <PageHeader
        title="Người dùng"
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ user: null })}>
              Thêm người dùng
            </Button>
          )
        }
      >
        <Typography.Text type="secondary">
          Tài khoản của cán bộ Sở, các cơ quan, đơn vị và xã, phường. Sai mật khẩu 5 lần liên tiếp thì tài khoản bị khóa tạm thời.
        </Typography.Text>
      </PageHeader>
      <div style={{ background: '#fff', padding: 16, borderRadius: 8 }}>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder="Tìm theo tên đăng nhập, họ tên, email"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
            style={{ width: 340 }}
            aria-label="Tìm người dùng"
          />
          <Select
            allowClear
            placeholder="Vai trò"
            options={ROLE_OPTIONS}
            value={role}
            onChange={(v) => {
              setRole(v);
              setPage(1);
            }}
            style={{ width: 240 }}
          />
          <UnitSelect
            placeholder="Đơn vị"
            status="all"
            allowClear
            value={unitId}
            onChange={(v) => {
              setUnitId(v);
              setPage(1);
            }}
            style={{ width: 280 }}
          />
        </Space>
        <Table<User>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 1000 }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZE_OPTIONS,
            showTotal: (total) => `${total} người dùng`,
            onChange: (p, size) => {
              setPage(size === pageSize ? p : 1);
              setPageSize(size);
            },
          }}
        />
      </div>
      {manage && (
        <>
          <UserForm open={Boolean(editing)} user={editing?.user ?? null} onClose={() => setEditing(null)} />
          <ResetPassword user={resetting} onClose={() => setResetting(null)} />
        </>
      )}
    </div>
  );
}
