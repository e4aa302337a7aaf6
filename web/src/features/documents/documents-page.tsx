import { PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Input, Select, Space, Table, type TableColumnsType, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Document } from '#common/contracts/documents.ts';
import type { DocumentType } from '#common/domain/document-number.ts';
import { PROVINCE_WIDE_ROLES } from '#common/permissions.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitSelect } from '../../components/unit-select.tsx';
import { api } from '../../lib/api.ts';
import { useCan, useSession } from '../../lib/session.ts';
import { PAGE_SIZE_OPTIONS, type Page } from '../../lib/types.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { DocumentForm } from './document-form.tsx';
import { issuerOf, TYPE_OPTIONS, vnDate } from './documents-api.ts';

const THIS_YEAR = new Date().getFullYear();
const YEAR_OPTIONS = Array.from({ length: THIS_YEAR + 1 - 2000 + 1 }, (_, i) => THIS_YEAR + 1 - i).map((y) => ({
  value: y,
  label: `Năm ${y}`,
}));

export default function DocumentsPage() {
  const me = useSession();
  const can = useCan();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [type, setType] = useState<DocumentType | undefined>();
  const [year, setYear] = useState<number | undefined>();
  const [issuerUnitId, setIssuerUnitId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const q = useDebounced(search.trim());

  const list = useQuery({
    queryKey: ['documents', 'list', { q, type, year, issuerUnitId, page, pageSize }],
    queryFn: () => api<Page<Document>>('/api/documents', { query: { q, type, year, issuerUnitId, page, pageSize } }),
    placeholderData: keepPreviousData,
  });

  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };

  const columns: TableColumnsType<Document> = [
    {
      title: 'Số, ký hiệu',
      dataIndex: 'symbol',
      width: 150,
      render: (_, d) => (
        <Link to={`/documents/${d.id}`} style={{ fontWeight: 600, whiteSpace: 'nowrap' }}>
          {d.number === null ? <Typography.Text type="secondary">{d.symbol} (dự thảo)</Typography.Text> : d.symbol}
        </Link>
      ),
    },
    { title: 'Loại', dataIndex: 'typeLabel', width: 100 },
    { title: 'Ngày ban hành', dataIndex: 'issuedOn', width: 125, render: (v: string | null) => vnDate(v) || '—' },
    {
      title: 'Trích yếu',
      dataIndex: 'title',
      render: (_, d) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: d.title }} style={{ margin: 0 }}>
          {d.file && (
            <Tooltip title={`Có tệp đính kèm: ${d.file.name}`}>
              <PaperClipOutlined style={{ color: '#8c8c8c', marginRight: 6 }} />
            </Tooltip>
          )}
          {d.title}
        </Typography.Paragraph>
      ),
    },
    { title: 'Cơ quan ban hành', key: 'issuer', width: 190, ellipsis: true, render: (_, d) => issuerOf(d) },
    {
      title: 'Nhiệm vụ',
      dataIndex: 'taskCount',
      width: 95,
      align: 'right',
      render: (n: number) => (n ? n : <Typography.Text type="secondary">0</Typography.Text>),
    },
  ];

  return (
    <div>
      <PageHeader
        title="Văn bản"
        extra={
          can('manage:document') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              Thêm văn bản
            </Button>
          )
        }
      >
        <Typography.Text type="secondary">
          Kế hoạch, thông báo, quyết định giao nhiệm vụ và các văn bản chúng thực hiện hoặc thay thế.
        </Typography.Text>
      </PageHeader>

      <div style={{ background: '#fff', padding: 16, borderRadius: 8 }}>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder="Tìm số ký hiệu, trích yếu, cơ quan ban hành (không dấu cũng được)"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
            style={{ width: 400 }}
            aria-label="Tìm văn bản"
          />
          <Select
            allowClear
            placeholder="Loại văn bản"
            options={TYPE_OPTIONS}
            value={type}
            onChange={filter(setType)}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            aria-label="Loại văn bản"
          />
          <Select
            allowClear
            placeholder="Năm ban hành"
            options={YEAR_OPTIONS}
            value={year}
            onChange={filter(setYear)}
            style={{ width: 150 }}
          />
          {PROVINCE_WIDE_ROLES.includes(me.user.role) && (
            <UnitSelect
              placeholder="Cơ quan ban hành"
              status="all"
              value={issuerUnitId}
              onChange={filter(setIssuerUnitId)}
              allowClear
              style={{ width: 260 }}
            />
          )}
        </Space>
        <Table<Document>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 980 }}
          onRow={(d) => ({ onDoubleClick: () => navigate(`/documents/${d.id}`) })}
          locale={{ emptyText: q || type || year || issuerUnitId ? 'Không có văn bản phù hợp' : 'Chưa có văn bản nào' }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZE_OPTIONS,
            showTotal: (total) => `${total} văn bản`,
            onChange: (p, size) => {
              setPage(size === pageSize ? p : 1);
              setPageSize(size);
            },
          }}
        />
      </div>

      <DocumentForm
        open={creating}
        document={null}
        onClose={() => setCreating(false)}
        onSaved={(d) => {
          setCreating(false);
          navigate(`/documents/${d.id}`);
        }}
      />
    </div>
  );
}
