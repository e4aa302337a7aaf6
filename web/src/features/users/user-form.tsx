import { useQueryClient } from '@tanstack/react-query';
import { Form, Input, Select, Switch } from 'antd';
import { type User, UserCreate } from '#common/contracts/users.ts';
import { ROLE_LABELS, ROLES } from '#common/permissions.ts';
import { EditDrawer } from '../../components/edit-drawer.tsx';
import { UnitSelect } from '../../components/unit-select.tsx';
import { api } from '../../lib/api.ts';
import { showSuccess } from '../../lib/feedback.ts';
import { useRecordForm, zodRule } from '../../lib/forms.ts';
import { PasswordInput } from './password-input.tsx';

type Values = {
  username: string;
  fullName: string;
  email: string | null;
  role: User['role'];
  unitId: string;
  password: string;
  active: boolean;
};

export const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

const toValues = (user: User): Values => ({
  username: user.username,
  fullName: user.fullName,
  email: user.email,
  role: user.role,
  unitId: user.unitId,
  password: '',
  active: user.active,
});

const toBody = (values: Values) => ({
  username: values.username,
  fullName: values.fullName,
  email: values.email?.trim() ? values.email.trim() : null,
  role: values.role,
  unitId: values.unitId,
  password: values.password ?? '',
  active: values.active,
});

/** Creates a user (null) or edits one; an edit sends only what changed, with the version it loaded. */
export function UserForm({ user, open, onClose }: { user: User | null; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const { current, conflict, saving, reload, submit } = useRecordForm({
    form,
    record: user,
    open,
    toValues,
    toBody,
    fetch: (id) => api<User>(`/api/users/${id}`),
    onClose,
    save: async ({ body, patch, current }) => {
      if (current && patch) {
        // The user name is fixed and a password is reset on its own (Đặt lại mật khẩu).
        const { username: _u, password: _p, ...changes } = patch;
        if (Object.keys(changes).length === 0) return onClose();
        await api<User>(`/api/users/${current.id}`, { method: 'PATCH', body: { version: current.version, ...changes } });
        showSuccess(`Đã lưu thông tin của ${body.fullName}.`);
      } else {
        const { active: _active, ...create } = body;
        await api<User>('/api/users', { method: 'POST', body: create });
        showSuccess(`Đã tạo tài khoản "${body.username}".`);
      }
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
  });

  return (
    <EditDrawer
      title={current ? `Sửa người dùng: ${current.username}` : 'Thêm người dùng'}
      open={open}
      onClose={onClose}
      size={520}
      saving={saving}
      saveTestId="user-save"
      onSave={() => form.submit()}
      conflictTitle={conflict && 'Tài khoản này vừa được người khác sửa'}
      onReload={reload}
    >
      <Form form={form} layout="vertical" onFinish={submit} disabled={saving} initialValues={{ active: true, email: null }}>
        <Form.Item
          label="Tên đăng nhập"
          name="username"
          rules={current ? [] : [{ required: true, message: 'Hãy nhập tên đăng nhập' }, zodRule(UserCreate.shape.username)]}
          extra={current ? 'Tên đăng nhập không đổi được.' : 'Chữ thường không dấu, số, dấu chấm hoặc gạch. VD: nguyenvana.syt'}
        >
          <Input disabled={Boolean(current)} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label="Họ và tên"
          name="fullName"
          rules={[{ required: true, message: 'Hãy nhập họ và tên' }, zodRule(UserCreate.shape.fullName)]}
        >
          <Input />
        </Form.Item>
        <Form.Item label="Thư điện tử" name="email" rules={[{ type: 'email', message: 'Địa chỉ email không hợp lệ' }]}>
          <Input placeholder="ten@thainguyen.gov.vn" autoComplete="off" />
        </Form.Item>
        <Form.Item label="Vai trò" name="role" rules={[{ required: true, message: 'Hãy chọn vai trò' }]}>
          <Select options={ROLE_OPTIONS} placeholder="Chọn vai trò" showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item label="Đơn vị" name="unitId" rules={[{ required: true, message: 'Hãy chọn đơn vị' }]}>
          <UnitSelect />
        </Form.Item>
        {current ? (
          <Form.Item
            label="Cho phép đăng nhập"
            name="active"
            valuePropName="checked"
            extra="Tắt để vô hiệu hóa tài khoản; lịch sử vẫn được giữ."
          >
            <Switch checkedChildren="Có" unCheckedChildren="Không" />
          </Form.Item>
        ) : (
          <Form.Item
            label="Mật khẩu ban đầu"
            name="password"
            rules={[{ required: true, message: 'Hãy nhập mật khẩu' }, zodRule(UserCreate.shape.password)]}
            extra="Ít nhất 12 ký tự. Hãy gửi mật khẩu cho người dùng qua kênh riêng và đề nghị đổi ngay sau khi đăng nhập."
          >
            <PasswordInput />
          </Form.Item>
        )}
      </Form>
    </EditDrawer>
  );
}
