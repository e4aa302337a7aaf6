import { InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Progress, Row, Space, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import type { PlanImportPreview } from '#common/contracts/plans.ts';
import { DOCUMENT_TYPE_LABELS, formatDocumentNumber, parseDocumentNumber } from '#common/domain/document-number.ts';
import { applyApiError } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.ts';
import { fileSize } from '../documents/documents-api.ts';
import { type UploadFields, uploadPlan } from './plans-api.ts';

export const ACCEPTED = ['.docx', '.xlsx', '.txt', '.tsv', '.md'];

export type UploadValues = { symbol: string; issuedOn: Dayjs | null; title: string };

const SYMBOL_EXAMPLES = 'Ví dụ: 35/KH-UBND, 13-TB/CQTT; dự thảo chưa có số: Số: /KH-UBND';

function SymbolHint({ symbol }: { symbol: string | undefined }) {
  const parsed = symbol?.trim() ? parseDocumentNumber(symbol) : null;
  if (!parsed?.parsed || !parsed.type) return <span>{SYMBOL_EXAMPLES}</span>;
  return (
    <Typography.Text type="success" data-testid="symbol-hint">
      {DOCUMENT_TYPE_LABELS[parsed.type]} {formatDocumentNumber(parsed)}
      {parsed.number === null && ' (dự thảo chưa có số)'}
    </Typography.Text>
  );
}

const symbolRule = {
  validator: async (_rule: unknown, value: string | undefined) => {
    if (!value?.trim()) throw new Error('Hãy nhập số, ký hiệu của kế hoạch (dự thảo chưa có số thì nhập "Số: /KH-UBND").');
    const parsed = parseDocumentNumber(value);
    if (!parsed.parsed || !parsed.type) throw new Error(`Số, ký hiệu không đúng dạng. ${SYMBOL_EXAMPLES}.`);
  },
};

const hasAcceptedType = (name: string) => ACCEPTED.some((ext) => name.toLowerCase().endsWith(ext));

/**
 * Step 1: the appendix file and the plan it belongs to. The upload shows its progress (a
 * Word plan with scans can be large); the server then reads the table into a preview.
 */
export function UploadForm({ initial, onPreview }: { initial?: Partial<UploadValues>; onPreview: (p: PlanImportPreview) => void }) {
  const [form] = Form.useForm<UploadValues>();
  const me = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const abort = useRef<(() => void) | null>(null);
  const symbol = Form.useWatch('symbol', form);

  const submit = async (values: UploadValues) => {
    if (!file) {
      setFileError('Hãy chọn tệp phụ lục kế hoạch (.docx, .xlsx hoặc .txt).');
      return;
    }
    const fields: UploadFields = {
      symbol: values.symbol?.trim() ?? '',
      issuedOn: values.issuedOn ? values.issuedOn.format('YYYY-MM-DD') : null,
      title: values.title?.trim() ?? '',
    };
    setProgress(0);
    const request = uploadPlan(file, fields, me.csrfToken, setProgress);
    abort.current = request.abort;
    try {
      onPreview(await request.done);
    } catch (error) {
      applyApiError(form, error);
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };

  const busy = progress !== null;
  return (
    <Card data-testid="import-upload">
      <Form form={form} layout="vertical" onFinish={submit} disabled={busy} initialValues={{ issuedOn: null, ...initial }}>
        <Row gutter={24}>
          <Col xs={24} lg={11}>
            <Form.Item
              label="Tệp phụ lục kế hoạch"
              required
              validateStatus={fileError ? 'error' : undefined}
              help={
                fileError ??
                'Word (.docx), Excel (.xlsx) hoặc văn bản (.txt, bảng phân cách bằng Tab). Bảng nhiệm vụ được đọc cả khi sang trang, gộp ô.'
              }
            >
              <Upload.Dragger
                accept={ACCEPTED.join(',')}
                maxCount={1}
                multiple={false}
                showUploadList={false}
                beforeUpload={(f) => {
                  if (!hasAcceptedType(f.name)) {
                    setFileError(`Tệp "${f.name}" không phải Word, Excel hoặc văn bản. Hãy chọn tệp .docx, .xlsx hoặc .txt.`);
                    setFile(null);
                  } else {
                    setFileError(null);
                    setFile(f);
                  }
                  return false;
                }}
                data-testid="import-file"
                style={{ padding: '4px 0' }}
              >
                <p className="ant-upload-drag-icon" style={{ marginBottom: 8 }}>
                  <InboxOutlined />
                </p>
                {file ? (
                  <div data-testid="import-file-name">
                    <Typography.Text strong>{file.name}</Typography.Text>
                    <br />
                    <Typography.Text type="secondary">{fileSize(file.size)} · bấm hoặc kéo tệp khác vào để thay</Typography.Text>
                  </div>
                ) : (
                  <>
                    <p className="ant-upload-text">Bấm để chọn hoặc kéo tệp phụ lục vào đây</p>
                    <p className="ant-upload-hint">Mỗi lần một tệp; tệp có thể gồm nhiều phụ lục.</p>
                  </>
                )}
              </Upload.Dragger>
            </Form.Item>
          </Col>
          <Col xs={24} lg={13}>
            <Row gutter={12}>
              <Col span={14}>
                <Form.Item label="Số, ký hiệu kế hoạch" name="symbol" required rules={[symbolRule]} extra={<SymbolHint symbol={symbol} />}>
                  <Input placeholder="VD: 35/KH-UBND hoặc Số: /KH-UBND" autoComplete="off" />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item label="Ngày ban hành" name="issuedOn" extra='Năm của kế hoạch dùng cho thời hạn như "Quý III".'>
                  <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              label="Trích yếu"
              name="title"
              extra="Kế hoạch đã có trong hệ thống (cùng số, ký hiệu và ngày) được cập nhật thay vì tạo mới."
            >
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 4 }}
                placeholder="VD: Kế hoạch triển khai thực hiện Thông báo kết luận số 13-TB/CQTT…"
              />
            </Form.Item>
          </Col>
        </Row>
        {busy && (
          <div data-testid="import-progress" style={{ marginBottom: 16 }}>
            <Progress percent={progress} status="active" />
            <Typography.Text type="secondary">
              {progress < 100 ? `Đang tải tệp lên… ${progress}%` : 'Đã tải lên, đang đọc bảng nhiệm vụ và đối chiếu đơn vị…'}
            </Typography.Text>
          </div>
        )}
        <Space>
          <Button type="primary" htmlType="submit" icon={<UploadOutlined />} loading={busy} data-testid="import-submit">
            Tải lên và xem trước
          </Button>
          {busy && (
            <Button disabled={false} onClick={() => abort.current?.()}>
              Dừng
            </Button>
          )}
        </Space>
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 16 }}
          title="Chưa có gì được ghi cho đến khi bạn bấm “Ghi vào hệ thống”."
          description="Bản xem trước cho thấy từng nhiệm vụ đọc được, các ô cần kiểm tra (đơn vị chưa nhận ra, thời hạn chưa hiểu, ô bị tách khi sang trang) để bạn sửa trước khi ghi."
        />
      </Form>
    </Card>
  );
}
