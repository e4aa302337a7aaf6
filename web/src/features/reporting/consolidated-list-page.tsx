import { FileAddOutlined, FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Segmented, Select, Space, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ConsolidatedReport } from '#common/contracts/reporting.ts';
import { foldText, searchWords } from '#common/domain/text.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { showSuccess } from '../../lib/feedback.ts';
import { useSubmit } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import {
  type ConsolidatedItem,
  type ConsolidatedState,
  consolidatedListKey,
  consolidatedTag,
  docxHref,
  fetchConsolidatedList,
  fetchPeriods,
  fmtDate,
  periodsKey,
  todayIso,
  useReportingWrite,
  xlsxHref,
} from './reporting-api.ts';

/** Picks a period (this year's or last year's, any regime) and opens its consolidated draft. */
function CreateModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<{ periodId: string }>();
  const navigate = useNavigate();
  const write = useReportingWrite();
  const year = Number(todayIso().slice(0, 4));
  const current = useQuery({ queryKey: periodsKey(undefined, year), queryFn: () => fetchPeriods(undefined, year) });
  const previous = useQuery({ queryKey: periodsKey(undefined, year - 1), queryFn: () => fetchPeriods(undefined, year - 1) });
  const periods = [...(current.data ?? []), ...(previous.data ?? [])];
  const regimes = [...new Set(periods.map((p) => p.regimeName))];

  const { saving, submit } = useSubmit(form, async ({ periodId }: { periodId: string }) => {
    const report = await write<ConsolidatedReport>('/api/consolidated-reports', 'POST', { periodId });
    showSuccess('Đã mở dự thảo báo cáo tổng hợp.');
    onClose();
    navigate(`/reports/${report.id}`);
  });

  return (
    <Modal
      open
      title="Lập báo cáo tổng hợp"
      okText="Lập dự thảo"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        Hệ thống tổng hợp số liệu nhiệm vụ và báo cáo của các đơn vị trong kỳ, soạn sẵn các phần của báo cáo để bạn xem lại trước khi ban
        hành. Nếu kỳ đã có dự thảo, dự thảo đó được mở lại.
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} disabled={saving}>
        <Form.Item label="Kỳ báo cáo" name="periodId" rules={[{ required: true, message: 'Hãy chọn kỳ báo cáo' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={current.isPending || previous.isPending}
            placeholder="Chọn kỳ báo cáo"
            options={regimes.map((name) => ({
              label: name,
              title: name,
              options: periods
                .filter((p) => p.regimeName === name)
                .map((p) => ({ value: p.id, label: `${p.label} (hạn ${fmtDate(p.due)})` })),
            }))}
            data-testid="consolidate-period"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ConsolidatedListPage() {
  const can = useCan();
  const navigate = useNavigate();
  const [state, setState] = useState<ConsolidatedState | 'all'>('all');
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: consolidatedListKey, queryFn: fetchConsolidatedList });
  const all = list.data ?? [];
  const words = searchWords(search);
  const rows = all.filter(
    (r) =>
      (state === 'all' || r.state === state) &&
      words.every((w) => foldText(`${r.symbol} ${r.summary} ${r.periodLabel} ${r.regimeName}`).includes(w)),
  );

  const columns: TableColumnsType<ConsolidatedItem> = [
    {
      title: 'Số, ký hiệu',
      dataIndex: 'symbol',
      width: 130,
      render: (symbol: string, r) => (
        <Link to={`/reports/${r.id}`} style={{ fontWeight: 600, whiteSpace: 'nowrap' }} onClick={(e) => e.stopPropagation()}>
          {symbol || <Typography.Text type="secondary">Dự thảo</Typography.Text>}
        </Link>
      ),
    },
    {
      title: <span style={{ whiteSpace: 'nowrap' }}>Ngày ban hành</span>,
      dataIndex: 'issuedOn',
      width: 130,
      render: (d: string | null) => fmtDate(d) || '—',
    },
    {
      title: 'Trích yếu',
      dataIndex: 'summary',
      render: (s: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: s }} style={{ margin: 0 }}>
          {s}
        </Typography.Paragraph>
      ),
    },
    {
      title: 'Kỳ báo cáo',
      key: 'period',
      width: 200,
      render: (_, r) => (
        <div>
          <div>{r.periodLabel}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.regimeName}
          </Typography.Text>
        </div>
      ),
    },
    { title: 'Trạng thái', dataIndex: 'state', width: 115, render: (s: ConsolidatedState) => consolidatedTag(s) },
    {
      title: 'Tải về',
      key: 'files',
      width: 170,
      render: (_, r) => (
        <Space size={4} onClick={(e) => e.stopPropagation()}>
          <Button
            size="small"
            icon={<FileWordOutlined />}
            href={docxHref(r.id)}
            download
            title={r.state === 'draft' ? 'Bản xem trước (DỰ THẢO)' : undefined}
          >
            DOCX
          </Button>
          <Button size="small" icon={<FileExcelOutlined />} href={xlsxHref(r.id)} download>
            XLSX
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div>
      <PageHeader
        title="Báo cáo tổng hợp"
        extra={
          can('review:report') && (
            <Button type="primary" icon={<FileAddOutlined />} onClick={() => setCreating(true)} data-testid="consolidated-create">
              Lập báo cáo tổng hợp
            </Button>
          )
        }
      >
        <Typography.Text type="secondary">
          Sổ theo dõi các báo cáo Sở KH&CN gửi Ban Chỉ đạo: báo cáo đã ban hành được đánh số và giữ nguyên như khi ký.
        </Typography.Text>
      </PageHeader>

      <div style={{ background: '#fff', padding: 16, borderRadius: 8 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented<ConsolidatedState | 'all'>
            value={state}
            onChange={setState}
            options={[
              { value: 'all', label: `Tất cả (${all.length})` },
              { value: 'issued', label: `Đã ban hành (${all.filter((r) => r.state === 'issued').length})` },
              { value: 'draft', label: `Dự thảo (${all.filter((r) => r.state === 'draft').length})` },
            ]}
          />
          <Input.Search
            allowClear
            placeholder="Tìm số ký hiệu, trích yếu, kỳ báo cáo"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 320 }}
            aria-label="Tìm báo cáo"
          />
        </Space>
        <Table<ConsolidatedItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching}
          scroll={{ x: 980 }}
          onRow={(r) => ({
            onClick: () => navigate(`/reports/${r.id}`),
            style: { cursor: 'pointer' },
            'data-testid': 'consolidated-row',
          })}
          pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (t) => `${t} báo cáo` } : false}
          locale={{
            emptyText: list.isPending ? 'Đang tải…' : all.length ? 'Không có báo cáo nào khớp bộ lọc' : 'Chưa có báo cáo tổng hợp nào',
          }}
        />
      </div>
      {creating && <CreateModal onClose={() => setCreating(false)} />}
    </div>
  );
}
