import { ReloadOutlined } from '@ant-design/icons';
import { Button, Result, Spin } from 'antd';
import { Link } from 'react-router';

export function Forbidden() {
  return (
    <Result
      status="403"
      title="Không có quyền truy cập"
      subTitle="Tài khoản của bạn không được phép xem trang này. Nếu công việc cần quyền này, hãy liên hệ quản trị hệ thống của Sở KH&CN."
      extra={
        <Link to="/">
          <Button type="primary">Về trang chủ</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  return (
    <Result
      status="404"
      title="Không tìm thấy trang"
      subTitle="Địa chỉ này không có trong hệ thống. Hãy kiểm tra lại đường dẫn hoặc quay về trang chủ."
      extra={
        <Link to="/">
          <Button type="primary">Về trang chủ</Button>
        </Link>
      }
    />
  );
}

export function PageLoading() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 64 }}>
      <Spin size="large" />
    </div>
  );
}

/** A page whose figures could not be loaded: what failed, why, and a button to try again. */
export function LoadFailed({ title, error, onRetry }: { title: string; error?: Error | null; onRetry: () => void }) {
  return (
    <Result
      status="error"
      title={title}
      subTitle={error?.message ?? 'Hãy thử lại sau.'}
      extra={
        <Button icon={<ReloadOutlined />} onClick={onRetry}>
          Thử lại
        </Button>
      }
    />
  );
}
