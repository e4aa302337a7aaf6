import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { Me } from '#common/contracts/users.ts';
import { ApiError, api, setCsrfToken } from '../../lib/api.ts';
import { ME_KEY, useMe } from '../../lib/session.ts';
import { PRODUCT_NAME, PRODUCT_TAGLINE } from '../../theme.ts';

type LoginValues = { username: string; password: string; totp?: string };
type Notice = { type: 'error' | 'warning' | 'info'; text: string };

/** Only paths inside the app: a ?next= pointing elsewhere is ignored. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const { data: me } = useMe();
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LoginValues>();
  const [needTotp, setNeedTotp] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  // How the user got here from inside the app: their session ended, or they logged out.
  const reason = (location.state as { reason?: 'expired' | 'logout' } | null)?.reason;
  const expired = reason === 'expired';
  const [notice, setNotice] = useState<Notice | null>(
    expired ? { type: 'warning', text: 'Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại để tiếp tục công việc.' } : null,
  );
  const next = safeNext(params.get('next'));

  useEffect(() => {
    if (!reason) return;
    // Forget everything the previous session loaded; the app shell is gone by now.
    setCsrfToken('');
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    queryClient.setQueryData(ME_KEY, null);
  }, [reason, queryClient]);

  if (me && !reason) return <Navigate to={next} replace />;

  const submit = async (values: LoginValues) => {
    setSubmitting(true);
    setNotice(null);
    try {
      const body = { username: values.username.trim(), password: values.password, ...(needTotp ? { totp: values.totp } : {}) };
      const reply = await api<Me>('/api/auth/login', { method: 'POST', body, sessionRedirect: false });
      setCsrfToken(reply.csrfToken);
      queryClient.setQueryData(ME_KEY, reply);
      navigate(next, { replace: true });
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setNotice({ type: 'error', text: 'Đã có lỗi không mong muốn. Hãy thử lại.' });
      } else if (error.code === 'TOTP_REQUIRED') {
        setNeedTotp(true);
        setNotice({ type: 'info', text: error.message });
      } else {
        // LOCKED (423) and RATE_LIMITED (429) carry their own instructions in the message.
        setNotice({ type: error.code === 'LOCKED' || error.code === 'RATE_LIMITED' ? 'warning' : 'error', text: error.message });
        if (needTotp) form.setFieldValue('totp', '');
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <main className="login-page">
      <div style={{ width: '100%', maxWidth: 420 }}>
        <div className="login-brand">
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <Typography.Title level={2} style={{ color: '#fff', margin: '8px 0 4px' }}>
            {PRODUCT_NAME}
          </Typography.Title>
          <div style={{ fontSize: 15, opacity: 0.9 }}>{PRODUCT_TAGLINE}</div>
        </div>
        <Card className="login-card">
          <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 20 }}>
            Đăng nhập
          </Typography.Title>
          {notice && (
            <Alert type={notice.type} title={notice.text} showIcon style={{ marginBottom: 16 }} data-testid="login-notice" role="alert" />
          )}
          <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={submitting}>
            <Form.Item label="Tên đăng nhập" name="username" rules={[{ required: true, message: 'Hãy nhập tên đăng nhập' }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item label="Mật khẩu" name="password" rules={[{ required: true, message: 'Hãy nhập mật khẩu' }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            {needTotp && (
              <Form.Item
                label="Mã xác thực (6 chữ số)"
                name="totp"
                rules={[
                  { required: true, message: 'Hãy nhập mã xác thực' },
                  { pattern: /^\d{6}$/, message: 'Mã xác thực gồm 6 chữ số' },
                ]}
                extra="Mở ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…) để xem mã."
              >
                <Input
                  prefix={<SafetyOutlined />}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  autoFocus
                  size="large"
                  style={{ letterSpacing: 4 }}
                />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
              Đăng nhập
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 13 }}>
            Quên mật khẩu hoặc tài khoản bị khóa? Hãy liên hệ quản trị hệ thống của Sở Khoa học và Công nghệ.
          </Typography.Paragraph>
        </Card>
      </div>
    </main>
  );
}
