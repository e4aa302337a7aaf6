import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, Popconfirm, Segmented, Select, Space, Table, type TableColumnsType, Tag, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { Unit } from '#common/contracts/units.ts';
import { UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind } from '#common/domain/units.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitSelect } from '../../components/unit-select.tsx';
import { ApiError, api, upload } from '../../lib/api.ts';
import { feedback, showError, showSuccess } from '../../lib/feedback.ts';
import { applyApiError } from '../../lib/forms.ts';
import { PAGE_SIZE_OPTIONS, type Page } from '../../lib/types.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { UnitDeactivate } from './unit-deactivate.tsx';
import { UnitForm } from './unit-form.tsx';
import { UnitHistory } from './unit-history.tsx';
import { useUnitNames } from './units-api.ts';

type Status = 'active' | 'inactive' | 'all';
type ImportReply = { created: number; updated: number; unchanged: number };

const KIND_FILTER = UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }));
const date = (value: string | null) => (value ? dayjs(value).format('DD/MM/YYYY') : '');

export default function UnitsPage() {
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<UnitKind | undefined>();
  const [parentId, setParentId] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>('active');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [editing, setEditing] = useState<{ unit: Unit | null } | null>(null);
  const [closing, setClosing] = useState<Unit | null>(null);
  const [historyOf, setHistoryOf] = useState<Unit | null>(null);
  const [importing, setImporting] = useState(false);
  const q = useDebounced(search.trim());

  const list = useQuery({
    queryKey: ['units', 'list', { q, kind, parentId, status, page, pageSize }],
    queryFn: () => api<Page<Unit>>('/api/units', { query: { q, kind, parentId, status, page, pageSize } }),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  const names = useUnitNames(items.flatMap((u) => [u.parentId, u.successorId]));

  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };

  const activate = async (unit: Unit) => {
    try {
      await api<Unit>(`/api/units/${unit.id}/activate`, { method: 'POST', body: { version: unit.version } });
      showSuccess(`"${unit.name}" đã hoạt động trở lại.`);
    } catch (error) {
      if (applyApiError(null, error).conflict) await list.refetch();
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['units'] });
    }
  };

  const importFile = async (file: File) => {
    setImporting(true);
    try {
      const reply = await upload<ImportReply>('/api/units/import', file);
      feedback.current?.modal.success({
        title: 'Đã nhập danh sách đơn vị',
        content: `Thêm mới ${reply.created}, cập nhật ${reply.updated}, không thay đổi ${reply.unchanged} đơn vị.`,
        okText: 'Đóng',
      });
      await queryClient.invalidateQueries({ queryKey: ['units'] });
    } catch (error) {
      // Row errors ("Dòng 7: …") have no form field: list them all in the notice.
      showError(error, error instanceof ApiError ? error.details : []);
    } finally {
      setImporting(false);
    }
  };

  const columns: TableColumnsType<Unit> = [
    { title: 'Mã', dataIndex: 'code', width: 130, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    {
      title: 'Tên đơn vị',
      dataIndex: 'name',
      render: (_, unit) => (
        <div>
          <div style={{ fontWeight: 500 }}>{unit.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {[unit.shortName !== unit.name && unit.shortName, unit.parentId && `Trực thuộc: ${names.get(unit.parentId) ?? '…'}`]
              .filter(Boolean)
              .join(' · ')}
          </Typography.Text>
        </div>
      ),
    },
    { title: 'Loại', dataIndex: 'kind', width: 140, render: (k: UnitKind) => UNIT_KIND_LABELS[k] },
    {
      title: 'Trạng thái, hiệu lực',
      width: 180,
      render: (_, unit) => (
        <div>
          {unit.active ? <Tag color="green">Đang hoạt động</Tag> : <Tag>Ngừng hoạt động</Tag>}
          {(unit.validFrom || unit.validTo) && (
            <div style={{ fontSize: 12, marginTop: 4, color: '#595959' }}>
              {date(unit.validFrom) || '…'} – {date(unit.validTo) || 'nay'}
            </div>
          )}
          {unit.successorId && <div style={{ fontSize: 12, marginTop: 2 }}>Sáp nhập vào {names.get(unit.successorId) ?? '…'}</div>}
        </div>
      ),
    },
    {
      title: 'Thao tác',
      key: 'actions',
      width: 190,
      fixed: 'right',
      render: (_, unit) => (
        <Space size={[0, 0]} wrap>
          <Button type="link" size="small" onClick={() => setEditing({ unit })}>
            Sửa
          </Button>
          <Button type="link" size="small" onClick={() => setHistoryOf(unit)}>
            Lịch sử
          </Button>
          {unit.kind !== 'province' &&
            (unit.active ? (
              <Button type="link" size="small" danger onClick={() => setClosing(unit)}>
                Ngừng hoạt động
              </Button>
            ) : (
              <Popconfirm title="Cho đơn vị hoạt động trở lại?" okText="Đồng ý" cancelText="Hủy" onConfirm={() => activate(unit)}>
                <Button type="link" size="small">
                  Hoạt động lại
                </Button>
              </Popconfirm>
            ))}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <PageHeader
        title="Đơn vị"
        extra={
          <>
            <Upload
              accept=".xlsx"
              showUploadList={false}
              beforeUpload={(file) => {
                void importFile(file);
                return false;
              }}
              disabled={importing}
            >
              <Button icon={<UploadOutlined />} loading={importing}>
                Nhập từ Excel
              </Button>
            </Upload>
            <Button icon={<DownloadOutlined />} href="/api/units/export.xlsx" download>
              Xuất Excel
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ unit: null })}>
              Thêm đơn vị
            </Button>
          </>
        }
      >
        <Typography.Text type="secondary">
          Cơ quan, đơn vị, xã, phường được giao nhiệm vụ. Đơn vị sáp nhập hoặc giải thể được đánh dấu ngừng hoạt động, không bị xóa.
        </Typography.Text>
      </PageHeader>

      <div style={{ background: '#fff', padding: 16, borderRadius: 8 }}>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder="Tìm tên, mã, tên gọi khác (không dấu cũng được)"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
            style={{ width: 340 }}
            aria-label="Tìm đơn vị"
          />
          <Select
            allowClear
            placeholder="Loại đơn vị"
            options={KIND_FILTER}
            value={kind}
            onChange={filter(setKind)}
            style={{ width: 200 }}
          />
          <UnitSelect placeholder="Trực thuộc đơn vị" value={parentId} onChange={filter(setParentId)} allowClear style={{ width: 240 }} />
          <Segmented<Status>
            value={status}
            onChange={filter(setStatus)}
            options={[
              { value: 'active', label: 'Đang hoạt động' },
              { value: 'inactive', label: 'Ngừng hoạt động' },
              { value: 'all', label: 'Tất cả' },
            ]}
          />
        </Space>
        <Table<Unit>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={list.isFetching}
          scroll={{ x: 860 }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZE_OPTIONS,
            showTotal: (total) => `${total} đơn vị`,
            onChange: (p, size) => {
              setPage(size === pageSize ? p : 1);
              setPageSize(size);
            },
          }}
        />
      </div>

      <UnitForm open={Boolean(editing)} unit={editing?.unit ?? null} onClose={() => setEditing(null)} />
      <UnitDeactivate unit={closing} onClose={() => setClosing(null)} />
      <UnitHistory unit={historyOf} onClose={() => setHistoryOf(null)} />
    </div>
  );
}
