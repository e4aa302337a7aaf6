import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Flex, Form, Input, Row, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ChangePassword, TotpCode } from '#common/contracts/users.ts';
import { ROLE_LABELS } from '#common/permissions.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { api } from '../../lib/api.ts';
import { showSuccess } from '../../lib/feedback.ts';
import { applyApiError, useSubmit, zodRule } from '../../lib/forms.ts';
import { ME_KEY, useSession } from '../../lib/session.ts';

type PasswordValues = { currentPassword: string; newPassword: string; confirm: string };
type TotpSetup = { secret: string; otpauthUrl: string; qrDataUrl: string };

function ChangePasswordCard() {
  const me = useSession();
  const [form] = Form.useForm<PasswordValues>();

  const { saving, submit } = useSubmit(form, async ({ currentPassword, newPassword }: PasswordValues) => {
    await api('/api/me/password', { method: 'POST', body: { currentPassword, newPassword } });
    showSuccess('Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã được đóng.');
    form.resetFields();
  });

  return (
    <Card title="Đổi mật khẩu" style={{ height: '100%' }}>
      <Form form={form} layout="vertical" onFinish={submit} disabled={saving} requiredMark={false}>
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={me.user.username} readOnly hidden />
        <Form.Item label="Mật khẩu hiện tại" name="currentPassword" rules={[{ required: true, message: 'Hãy nhập mật khẩu hiện tại' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label="Mật khẩu mới"
          name="newPassword"
          rules={[{ required: true, message: 'Hãy nhập mật khẩu mới' }, zodRule(ChangePassword.shape.newPassword)]}
          extra="Ít nhất 12 ký tự. Nên dùng một câu dễ nhớ với chữ, số và ký hiệu."
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="Nhập lại mật khẩu mới"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: 'Hãy nhập lại mật khẩu mới' },
            ({ getFieldValue }) => ({
              validator: async (_, value) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error('Hai mật khẩu mới không khớp');
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>
          Đổi mật khẩu
        </Button>
      </Form>
    </Card>
  );
}

function TotpCard() {
  const me = useSession();
  const queryClient = useQueryClient();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [busy, setBusy] = useState(false);
  const [enableForm] = Form.useForm<{ code: string }>();
  const [disableForm] = Form.useForm<{ password: string }>();

  const run = async (action: () => Promise<void>, form: Parameters<typeof applyApiError>[0]) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      applyApiError(form, error);
    } finally {
      setBusy(false);
    }
  };

  const start = () =>
    run(async () => {
      setSetup(await api<TotpSetup>('/api/me/totp/setup', { method: 'POST' }));
    }, null);

  const enable = ({ code }: { code: string }) =>
    run(async () => {
      await api('/api/me/totp/enable', { method: 'POST', body: { code } });
      setSetup(null);
      showSuccess('Đã bật xác thực hai lớp. Từ lần đăng nhập sau, hãy nhập mã trên ứng dụng.');
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
    }, enableForm);

  const disable = ({ password }: { password: string }) =>
    run(async () => {
      await api('/api/me/totp/disable', { method: 'POST', body: { password } });
      disableForm.resetFields();
      showSuccess('Đã tắt xác thực hai lớp.');
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
    }, disableForm);

  const title = (
    <Flex align="center" gap={8}>
      <SafetyCertificateOutlined /> Xác thực hai lớp (TOTP)
      {me.user.totpEnabled ? <Tag color="green">Đang bật</Tag> : <Tag>Chưa bật</Tag>}
    </Flex>
  );

  if (me.user.totpEnabled) {
    return (
      <Card title={title} style={{ height: '100%' }}>
        <Typography.Paragraph>
          Mỗi lần đăng nhập, ngoài mật khẩu bạn nhập thêm mã 6 chữ số trên ứng dụng xác thực. Chỉ tắt khi đổi điện thoại hoặc mất ứng dụng,
          rồi thiết lập lại ngay.
        </Typography.Paragraph>
        <Form form={disableForm} layout="vertical" onFinish={disable} disabled={busy} requiredMark={false}>
          <Form.Item label="Mật khẩu của bạn" name="password" rules={[{ required: true, message: 'Hãy nhập mật khẩu để xác nhận' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button danger htmlType="submit" loading={busy}>
            Tắt xác thực hai lớp
          </Button>
        </Form>
      </Card>
    );
  }

  return (
    <Card title={title} style={{ height: '100%' }}>
      <Steps
        size="small"
        current={setup ? 1 : 0}
        style={{ marginBottom: 20 }}
        items={[{ title: 'Tạo khóa' }, { title: 'Quét mã QR' }, { title: 'Xác nhận mã' }]}
      />
      {!setup ? (
        <>
          <Typography.Paragraph>
            Cài một ứng dụng xác thực trên điện thoại (Google Authenticator, Microsoft Authenticator, FreeOTP…), rồi bấm nút dưới đây để tạo
            khóa cho tài khoản của bạn.
          </Typography.Paragraph>
          <Button type="primary" onClick={start} loading={busy}>
            Bắt đầu thiết lập
          </Button>
        </>
      ) : (
        <Flex gap={20} wrap>
          <img
            src={setup.qrDataUrl}
            alt="Mã QR để thêm tài khoản vào ứng dụng xác thực"
            width={180}
            height={180}
            style={{ border: '1px solid #e5e8ee', borderRadius: 8 }}
            data-testid="totp-qr"
          />
          <div style={{ flex: '1 1 220px', minWidth: 0 }}>
            <Typography.Paragraph>Quét mã QR bằng ứng dụng. Nếu không quét được, nhập khóa sau:</Typography.Paragraph>
            <Typography.Paragraph copyable={{ text: setup.secret }} code style={{ wordBreak: 'break-all' }} data-testid="totp-secret">
              {setup.secret}
            </Typography.Paragraph>
            <Form form={enableForm} layout="vertical" onFinish={enable} disabled={busy} requiredMark={false}>
              <Form.Item
                label="Mã 6 chữ số đang hiện trên ứng dụng"
                name="code"
                rules={[{ required: true, message: 'Hãy nhập mã xác thực' }, zodRule(TotpCode.shape.code)]}
              >
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ width: 160, letterSpacing: 4 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                Bật xác thực hai lớp
              </Button>
            </Form>
          </div>
        </Flex>
      )}
    </Card>
  );
}

export default function AccountPage() {
  const me = useSession();
  return (
    <div style={{ maxWidth: 1200 }}>
      <PageHeader title="Tài khoản của tôi" />
      {me.totpPending && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="Cần bật xác thực hai lớp trước khi tiếp tục"
          description="Tài khoản quản trị bắt buộc dùng mã xác thực trên điện thoại. Hãy thiết lập ở mục “Xác thực hai lớp” bên dưới; sau đó bạn dùng được mọi chức năng."
          data-testid="totp-pending"
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'username', label: 'Tên đăng nhập', children: me.user.username },
            { key: 'fullName', label: 'Họ và tên', children: me.user.fullName },
            { key: 'role', label: 'Vai trò', children: ROLE_LABELS[me.user.role] },
            { key: 'unit', label: 'Đơn vị', children: me.user.unitName },
            { key: 'province', label: 'Tỉnh', children: me.user.provinceName },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <ChangePasswordCard />
        </Col>
        <Col xs={24} lg={12}>
          <TotpCard />
        </Col>
      </Row>
    </div>
  );
}
