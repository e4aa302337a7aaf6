import { SafetyOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Col, Input, Row, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '#common/domain/audit.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { api } from '../../lib/api.ts';
import { showError } from '../../lib/feedback.ts';
import { PAGE_SIZE_OPTIONS, type Page } from '../../lib/types.ts';
import { useDebounced } from '../../lib/use-debounced.ts';

type Entry = {
  seq: number;
  at: string;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  hash: string;
};
type Verify = { ok: boolean; count: number; seq?: number; reason?: string };

/** A code's Vietnamese label; a code no longer written (the log keeps every old record) shows as itself. */
const actionLabel = (code: string) => (AUDIT_ACTIONS as Record<string, string>)[code] ?? code;
const entityLabel = (code: string) => (AUDIT_ENTITIES as Record<string, string>)[code] ?? code;

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">(không có)</Typography.Text>;
  return <pre className="json-block">{JSON.stringify(value, null, 2)}</pre>;
}

export default function AuditPage() {
  const [entity, setEntity] = useState<string | undefined>();
  const [action, setAction] = useState<string | undefined>();
  const [actor, setActor] = useState('');
  const [entityId, setEntityId] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [verify, setVerify] = useState<Verify | null>(null);
  const [verifying, setVerifying] = useState(false);
  const filters = { entity, action, actor: useDebounced(actor.trim()), entityId: useDebounced(entityId.trim()) };

  const list = useQuery({
    queryKey: ['audit', { ...filters, page, pageSize }],
    queryFn: () => api<Page<Entry>>('/api/audit', { query: { ...filters, page, pageSize } }),
    placeholderData: keepPreviousData,
  });

  const runVerify = async () => {
    setVerifying(true);
    try {
      setVerify(await api<Verify>('/api/audit/verify'));
    } catch (error) {
      showError(error);
    } finally {
      setVerifying(false);
    }
  };

  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };

  const columns: TableColumnsType<Entry> = [
    { title: 'Số TT', dataIndex: 'seq', width: 90 },
    { title: 'Thời gian', dataIndex: 'at', width: 170, render: (at: string) => dayjs(at).format('HH:mm:ss DD/MM/YYYY') },
    {
      title: 'Người thực hiện',
      dataIndex: 'actorName',
      width: 160,
      // No actor: the system itself (seed, jobs), or someone not yet logged in (a failed login).
      render: (name: string | null, entry) =>
        name ?? <Typography.Text type="secondary">{entry.action.startsWith('auth.') ? 'chưa đăng nhập' : 'hệ thống'}</Typography.Text>,
    },
    {
      title: 'Hành động',
      dataIndex: 'action',
      render: (a: string) => (
        <span>
          {actionLabel(a)}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            ({a})
          </Typography.Text>
        </span>
      ),
    },
    { title: 'Đối tượng', dataIndex: 'entity', width: 120, render: (e: string) => <Tag>{entityLabel(e)}</Tag> },
    {
      title: 'Mã đối tượng',
      dataIndex: 'entityId',
      width: 170,
      responsive: ['lg'],
      render: (id: string | null) =>
        id ? (
          <Typography.Text code copyable={{ text: id }} style={{ fontSize: 12 }}>
            {id.slice(0, 8)}…
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <div>
      <PageHeader
        title="Nhật ký hệ thống"
        extra={
          <Button icon={<SafetyOutlined />} onClick={runVerify} loading={verifying} data-testid="audit-verify">
            Kiểm tra chuỗi
          </Button>
        }
      >
        <Typography.Text type="secondary">
          Mọi thay đổi được ghi lại theo chuỗi băm: một bản ghi bị sửa hoặc xóa sẽ làm đứt chuỗi và bị phát hiện khi kiểm tra.
        </Typography.Text>
      </PageHeader>

      {verify && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          closable={{ onClose: () => setVerify(null) }}
          type={verify.ok ? 'success' : 'error'}
          data-testid="audit-verify-result"
          title={
            verify.ok
              ? `Chuỗi nhật ký toàn vẹn: đã kiểm tra ${verify.count.toLocaleString('vi-VN')} bản ghi.`
              : `Chuỗi nhật ký bị đứt tại bản ghi số ${verify.seq ?? '?'}.`
          }
          description={
            verify.ok ? undefined : `Lý do: ${verify.reason ?? 'không rõ'}. Hãy báo ngay cho lãnh đạo Sở và quản trị cơ sở dữ liệu.`
          }
        />
      )}

      <div style={{ background: '#fff', padding: 16, borderRadius: 8 }}>
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          <Col xs={24} sm={12} lg={5}>
            <Select
              allowClear
              placeholder="Đối tượng"
              value={entity}
              onChange={reset(setEntity)}
              options={Object.entries(AUDIT_ENTITIES).map(([value, label]) => ({ value, label }))}
              style={{ width: '100%' }}
            />
          </Col>
          <Col xs={24} sm={12} lg={7}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="Hành động"
              value={action}
              onChange={reset(setAction)}
              options={Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }))}
              style={{ width: '100%' }}
            />
          </Col>
          <Col xs={24} sm={12} lg={5}>
            <Input allowClear placeholder="Tên đăng nhập người thực hiện" value={actor} onChange={(e) => reset(setActor)(e.target.value)} />
          </Col>
          <Col xs={24} sm={12} lg={7}>
            <Input allowClear placeholder="Mã đối tượng (UUID)" value={entityId} onChange={(e) => reset(setEntityId)(e.target.value)} />
          </Col>
        </Row>
        <Table<Entry>
          rowKey="seq"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 900 }}
          expandable={{
            expandedRowRender: (entry) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Row gutter={16}>
                  <Col xs={24} md={12}>
                    <div style={{ fontWeight: 600, marginBottom: 4 }}>Trước</div>
                    <Json value={entry.before} />
                  </Col>
                  <Col xs={24} md={12}>
                    <div style={{ fontWeight: 600, marginBottom: 4 }}>Sau</div>
                    <Json value={entry.after} />
                  </Col>
                </Row>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  Mã yêu cầu: {entry.requestId ?? '—'} · Mã băm: <code>{entry.hash}</code>
                </Typography.Text>
              </Space>
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZE_OPTIONS,
            showTotal: (total) => `${total.toLocaleString('vi-VN')} bản ghi`,
            onChange: (p, size) => {
              setPage(size === pageSize ? p : 1);
              setPageSize(size);
            },
          }}
        />
      </div>
    </div>
  );
}
