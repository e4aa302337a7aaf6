import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Space, Typography, Upload, type UploadFile } from 'antd';
import { useRef, useState } from 'react';
import type { StoredFile } from '#common/contracts/files.ts';
import { upload } from '../../lib/api.ts';
import { showError } from '../../lib/feedback.ts';

const ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.png,.jpg,.jpeg,.webp,.zip';

let counter = 0;

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * Evidence files as a form control: each chosen file is sent to /api/files at once, and the
 * value is the list of stored files. A refused type (415) shows the server's message.
 */
export function EvidenceUpload({
  value = [],
  onChange,
  testId = 'evidence-upload',
  max = 20,
}: {
  value?: StoredFile[];
  onChange?: (files: StoredFile[]) => void;
  testId?: string;
  max?: number;
}) {
  const latest = useRef(value);
  latest.current = value;
  const [pending, setPending] = useState<UploadFile[]>([]);

  const send = async (file: File) => {
    // crypto.randomUUID needs a secure context; plain-HTTP intranet deployments have none.
    const uid = `pending-${++counter}`;
    setPending((p) => [...p, { uid, name: file.name, status: 'uploading' }]);
    try {
      const stored = await upload<StoredFile>('/api/files', file);
      const next = [...latest.current.filter((f) => f.id !== stored.id), stored];
      latest.current = next;
      onChange?.(next);
    } catch (error) {
      showError(error);
    } finally {
      setPending((p) => p.filter((f) => f.uid !== uid));
    }
  };

  const fileList: UploadFile[] = [
    ...value.map((f) => ({ uid: f.id, name: `${f.name} (${size(f.size)})`, status: 'done' as const, url: `/api/files/${f.id}` })),
    ...pending,
  ];

  return (
    <div data-testid={testId}>
      <Upload
        accept={ACCEPT}
        multiple
        fileList={fileList}
        beforeUpload={(file) => {
          void send(file);
          return false;
        }}
        onRemove={(file) => {
          const next = latest.current.filter((f) => f.id !== file.uid);
          latest.current = next;
          onChange?.(next);
        }}
        disabled={value.length >= max}
      >
        <Button icon={<UploadOutlined />}>Chọn tệp minh chứng</Button>
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        PDF, Word, Excel, ảnh hoặc ZIP; mỗi tệp không quá dung lượng cho phép.
      </Typography.Text>
    </div>
  );
}

/** Links to download evidence files. */
export function FileLinks({ files }: { files: StoredFile[] }) {
  if (!files.length) return <Typography.Text type="secondary">Không có</Typography.Text>;
  return (
    <Space orientation="vertical" size={2}>
      {files.map((f) => (
        <a key={f.id} href={`/api/files/${f.id}`} target="_blank" rel="noreferrer" data-testid="evidence-link">
          <PaperClipOutlined /> {f.name} <Typography.Text type="secondary">({size(f.size)})</Typography.Text>
        </a>
      ))}
    </Space>
  );
}
