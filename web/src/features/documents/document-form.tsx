import { CheckCircleFilled, DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Flex, Form, Input, Select, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { type Document, DocumentCreate, type DocumentRef } from '#common/contracts/documents.ts';
import type { StoredFile } from '#common/contracts/files.ts';
import { DOCUMENT_TYPE_LABELS, formatDocumentNumber, parseDocumentNumber } from '#common/domain/document-number.ts';
import { EditDrawer } from '../../components/edit-drawer.tsx';
import { UnitSelect } from '../../components/unit-select.tsx';
import { api, upload } from '../../lib/api.ts';
import { showError, showSuccess } from '../../lib/feedback.ts';
import { useRecordForm, zodRule } from '../../lib/forms.ts';
import type { Page } from '../../lib/types.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { documentKey, fetchDocument, fileSize, refLabel } from './documents-api.ts';

type Values = {
  symbol: string;
  issuedOn: Dayjs | null;
  title: string;
  issuerUnitId: string | null;
  issuerName: string;
  file: StoredFile | null;
  implementsIds: string[];
  replacesIds: string[];
};

const EXAMPLES = 'Ví dụ: 35/KH-UBND, 2815/QĐ-TTg, 13-TB/CQTT; dự thảo chưa có số: Số: /KH-UBND';

function toValues(d: Document): Values {
  return {
    symbol: d.symbol,
    issuedOn: d.issuedOn ? dayjs(d.issuedOn) : null,
    title: d.title,
    issuerUnitId: d.issuerUnit?.id ?? null,
    issuerName: d.issuerName,
    file: d.file,
    implementsIds: d.implements.map((r) => r.id),
    replacesIds: d.replaces.map((r) => r.id),
  };
}

function toBody(v: Values) {
  return {
    symbol: v.symbol,
    issuedOn: v.issuedOn ? v.issuedOn.format('YYYY-MM-DD') : null,
    title: v.title,
    issuerUnitId: v.issuerUnitId ?? null,
    issuerName: v.issuerName?.trim() ?? '',
    fileId: v.file?.id ?? null,
    implementsIds: v.implementsIds ?? [],
    replacesIds: v.replacesIds ?? [],
  };
}

/** What the typed symbol reads as, under the field, while the user types. */
function SymbolHint({ symbol }: { symbol: string | undefined }) {
  if (!symbol?.trim()) return <span>{EXAMPLES}</span>;
  const parsed = parseDocumentNumber(symbol);
  // The field's own error says it is wrong; the hint then says what a right one looks like.
  if (!parsed.parsed || !parsed.type) return <span data-testid="symbol-hint">{EXAMPLES}</span>;
  return (
    <Typography.Text type="success" data-testid="symbol-hint">
      <CheckCircleFilled /> {DOCUMENT_TYPE_LABELS[parsed.type]}
      {parsed.number === null ? ' (dự thảo, chưa có số)' : ` số ${parsed.number}`} · cơ quan {parsed.issuer} · lưu là{' '}
      <b style={{ whiteSpace: 'nowrap' }}>{formatDocumentNumber(parsed)}</b>
    </Typography.Text>
  );
}

/** Picks documents of the province by typing part of their symbol or title; the server searches. */
function DocumentPicker({
  value,
  onChange,
  known,
  excludeId,
  id,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  /** refs already linked, so their labels show before any search */
  known: DocumentRef[];
  excludeId?: string;
  id?: string;
}) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const seen = useRef(new Map<string, DocumentRef>());
  for (const ref of known) seen.current.set(ref.id, ref);
  const options = useQuery({
    queryKey: ['documents', 'options', q],
    queryFn: () => api<Page<DocumentRef>>('/api/documents', { query: { q, pageSize: 20 } }),
    placeholderData: (previous) => previous,
  });
  for (const ref of options.data?.items ?? []) seen.current.set(ref.id, ref);
  const shown = new Map<string, DocumentRef>();
  for (const v of value ?? []) {
    const ref = seen.current.get(v);
    if (ref) shown.set(v, ref);
  }
  for (const ref of options.data?.items ?? []) if (ref.id !== excludeId) shown.set(ref.id, ref);

  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      value={value ?? []}
      onChange={(v) => onChange?.(v)}
      placeholder="Gõ số ký hiệu hoặc trích yếu để tìm"
      loading={options.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onOpenChange={(open) => !open && setSearch('')}
      notFoundContent={options.isFetching ? 'Đang tìm…' : 'Không có văn bản phù hợp'}
      options={[...shown.values()].map((ref) => ({ value: ref.id, label: ref.symbol, ref }))}
      optionRender={(option) => {
        const ref = (option.data as { ref: DocumentRef }).ref;
        return (
          <div style={{ whiteSpace: 'normal' }}>
            <div style={{ fontWeight: 500 }}>{refLabel(ref)}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {ref.title}
            </Typography.Text>
          </div>
        );
      }}
    />
  );
}

/** The attached file: upload one (POST /api/files), show it, or remove it. */
function FileField({ value, onChange }: { value?: StoredFile | null; onChange?: (file: StoredFile | null) => void }) {
  const [uploading, setUploading] = useState(false);
  const send = async (file: File) => {
    setUploading(true);
    try {
      onChange?.(await upload<StoredFile>('/api/files', file));
    } catch (error) {
      showError(error);
    } finally {
      setUploading(false);
    }
  };
  return (
    <Flex gap={8} align="center" wrap>
      {value && (
        <span data-testid="document-file">
          <PaperClipOutlined /> {value.name} <Typography.Text type="secondary">({fileSize(value.size)})</Typography.Text>
          <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => onChange?.(null)} aria-label="Bỏ tệp" />
        </span>
      )}
      <Upload
        accept=".pdf,.doc,.docx,.odt,.xls,.xlsx,.ods,.png,.jpg,.jpeg,.webp,.zip"
        showUploadList={false}
        beforeUpload={(file) => {
          void send(file);
          return false;
        }}
        disabled={uploading}
      >
        <Button icon={<UploadOutlined />} loading={uploading}>
          {value ? 'Thay tệp khác' : 'Chọn tệp'}
        </Button>
      </Upload>
    </Flex>
  );
}

interface DocumentFormProps {
  /** null: a new document; a document: edit it */
  document: Document | null;
  open: boolean;
  onClose: () => void;
  onSaved?: (document: Document) => void;
}

export function DocumentForm({ document, open, onClose, onSaved }: DocumentFormProps) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const symbol = Form.useWatch('symbol', form);
  const { current, conflict, saving, reload, submit } = useRecordForm({
    form,
    record: document,
    open,
    toValues,
    toBody,
    fetch: fetchDocument,
    onClose,
    save: async ({ body, patch, current }) => {
      const saved =
        current && patch
          ? await api<Document>(`/api/documents/${current.id}`, { method: 'PATCH', body: { version: current.version, ...patch } })
          : await api<Document>('/api/documents', { method: 'POST', body });
      showSuccess(current ? `Đã lưu thay đổi của văn bản ${saved.symbol}.` : `Đã thêm văn bản ${saved.symbol}.`);
      queryClient.setQueryData(documentKey(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: ['documents'] });
      if (onSaved) onSaved(saved);
      else onClose();
    },
  });

  const numbered = (() => {
    const parsed = parseDocumentNumber(symbol ?? '');
    return parsed.parsed && parsed.number !== null;
  })();

  return (
    <EditDrawer
      title={current ? `Sửa văn bản ${current.symbol}` : 'Thêm văn bản'}
      open={open}
      onClose={onClose}
      size={640}
      saving={saving}
      saveTestId="document-save"
      onSave={() => form.submit()}
      conflictTitle={conflict && 'Văn bản này vừa được người khác sửa'}
      onReload={reload}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={saving}
        initialValues={{ issuedOn: null, issuerUnitId: null, issuerName: '', file: null, implementsIds: [], replacesIds: [] }}
      >
        <Flex gap={12} wrap>
          <Form.Item
            label="Số, ký hiệu"
            name="symbol"
            style={{ flex: '1 1 260px' }}
            extra={<SymbolHint symbol={symbol} />}
            rules={[
              { required: true, message: 'Hãy nhập số, ký hiệu văn bản' },
              {
                validator: async (_rule, value: string) => {
                  if (value?.trim() && !parseDocumentNumber(value).parsed)
                    throw new Error('Số, ký hiệu chưa đúng dạng, ví dụ 35/KH-UBND hoặc 13-TB/CQTT');
                },
              },
            ]}
          >
            <Input placeholder="VD: 35/KH-UBND" autoComplete="off" />
          </Form.Item>
          <Form.Item
            label="Ngày ban hành"
            name="issuedOn"
            style={{ flex: '0 0 180px' }}
            dependencies={['symbol']}
            rules={[{ required: numbered, message: 'Hãy chọn ngày ban hành' }]}
          >
            <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item
          label="Trích yếu"
          name="title"
          rules={[{ required: true, message: 'Hãy nhập trích yếu nội dung' }, zodRule(DocumentCreate.shape.title)]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder="VD: Kế hoạch thực hiện Nghị quyết số 57-NQ/TW…" />
        </Form.Item>
        <Form.Item label="Cơ quan ban hành (đơn vị trong tỉnh)" name="issuerUnitId">
          <UnitSelect allowClear placeholder="Gõ tên đơn vị để tìm" status="all" />
        </Form.Item>
        <Form.Item
          label="Hoặc tên cơ quan ban hành"
          name="issuerName"
          extra="Cho cơ quan ngoài tỉnh, ví dụ Thủ tướng Chính phủ, Bộ Khoa học và Công nghệ."
        >
          <Input placeholder="VD: Thủ tướng Chính phủ" />
        </Form.Item>
        <Form.Item label="Tệp văn bản" name="file">
          <FileField />
        </Form.Item>
        <Form.Item
          label="Thực hiện văn bản"
          name="implementsIds"
          extra="Các văn bản mà văn bản này triển khai, ví dụ thông báo kết luận, nghị quyết."
        >
          <DocumentPicker known={current?.implements ?? []} excludeId={current?.id} />
        </Form.Item>
        <Form.Item label="Thay thế văn bản" name="replacesIds">
          <DocumentPicker known={current?.replaces ?? []} excludeId={current?.id} />
        </Form.Item>
      </Form>
    </EditDrawer>
  );
}
