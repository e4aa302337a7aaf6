import { Alert, Button } from 'antd';

/** Someone else changed what the user is editing (a 409): nothing was saved; reload and redo. */
export function ConflictAlert({ title, onReload, testId }: { title: string; onReload: () => void; testId?: string }) {
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={title}
      description="Thay đổi của bạn chưa được lưu. Hãy tải bản mới nhất, xem lại rồi nhập lại thay đổi."
      action={
        <Button size="small" onClick={onReload} data-testid={testId}>
          Tải lại
        </Button>
      }
    />
  );
}
