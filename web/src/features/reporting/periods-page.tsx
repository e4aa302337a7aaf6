import { FormOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AdHocPeriodCreate, PERIOD_STATE_LABELS, type Period, type ReportRegime } from '#common/contracts/reporting.ts';
import { FREQUENCY_LABELS } from '#common/domain/period.ts';
import { PROVINCE_WIDE_ROLES } from '#common/permissions.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { showSuccess } from '../../lib/feedback.ts';
import { useSubmit, zodRule } from '../../lib/forms.ts';
import { useCan, useSession } from '../../lib/session.ts';
import {
  fetchPeriod,
  fetchPeriods,
  fetchRegimes,
  fmtDate,
  pct,
  periodKey,
  periodsKey,
  regimesKey,
  reportStateTag,
  submissionTag,
  todayIso,
  useReportingWrite,
} from './reporting-api.ts';

const THIS_YEAR = Number(todayIso().slice(0, 4));

/** "15/11 – 14/12/2026"; the first year is written only when the range spans two. */
function dateRange(start: string, end: string): string {
  const from = fmtDate(start);
  return `${start.slice(0, 4) === end.slice(0, 4) ? from.slice(0, 5) : from} – ${fmtDate(end)}`;
}

/** A rate as a thin bar with its count: "11/12" under 91,7%. */
function RateCell({ value, count, of, color }: { value: number; count: number; of: number; color?: string }) {
  if (!of) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div style={{ minWidth: 110 }}>
      <Progress percent={value} size={[70, 6]} strokeColor={color} format={() => pct(value)} style={{ margin: 0 }} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {count}/{of} đơn vị
      </Typography.Text>
    </div>
  );
}

/** The caller's own unit's row on one period, read from the period's unit rows (cached per period). */
function useOwnRow(period: Period, unitId: string) {
  const detail = useQuery({
    queryKey: periodKey(period.id),
    queryFn: () => fetchPeriod(period.id),
    staleTime: 30_000,
    meta: { silent: true },
  });
  return { pending: detail.isPending, row: detail.data?.units.find((u) => u.unit.id === unitId) };
}

/** Where the caller's unit's report stands on one period. */
function OwnStatus({ period, unitId }: { period: Period; unitId: string }) {
  const { pending, row } = useOwnRow(period, unitId);
  if (pending) return <Typography.Text type="secondary">…</Typography.Text>;
  if (!row) return <Typography.Text type="secondary">Đơn vị không thuộc diện báo cáo kỳ này</Typography.Text>;
  return (
    <Space size={4} wrap>
      {reportStateTag(row.state)}
      {submissionTag(row.submission)}
    </Space>
  );
}

/** Straight to the unit's own report: to write it while it is open, else to read it. */
function OwnAction({ period, unitId }: { period: Period; unitId: string }) {
  const navigate = useNavigate();
  const { row } = useOwnRow(period, unitId);
  if (!row) return null;
  const writable = period.state === 'open' && ['none', 'draft', 'returned'].includes(row.state);
  return (
    <Button
      size="small"
      icon={<FormOutlined />}
      onClick={(e) => {
        e.stopPropagation();
        navigate(`/reporting/periods/${period.id}/units/${unitId}`);
      }}
      data-testid="own-report"
    >
      {writable ? 'Lập/xem báo cáo' : 'Xem báo cáo'}
    </Button>
  );
}

type AdHocValues = { regimeId: string; label: string; range: [Dayjs, Dayjs]; due: Dayjs };

function AdHocModal({ regimes, regimeId, onClose }: { regimes: ReportRegime[]; regimeId?: string; onClose: () => void }) {
  const [form] = Form.useForm<AdHocValues>();
  const write = useReportingWrite();
  const navigate = useNavigate();

  const { saving, submit } = useSubmit(form, async (values: AdHocValues) => {
    const period = await write<Period>('/api/periods', 'POST', {
      regimeId: values.regimeId,
      label: values.label,
      start: values.range[0].format('YYYY-MM-DD'),
      end: values.range[1].format('YYYY-MM-DD'),
      due: values.due.format('YYYY-MM-DD'),
    });
    showSuccess(`Đã mở kỳ báo cáo đột xuất "${period.label}".`);
    onClose();
    navigate(`/reporting/periods/${period.id}`);
  });

  return (
    <Modal
      open
      title="Thêm kỳ báo cáo đột xuất"
      okText="Mở kỳ báo cáo"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      width={560}
    >
      <Typography.Paragraph type="secondary">
        Kỳ đột xuất do Sở KH&CN ấn định ngày; các đơn vị của chế độ báo cáo phải gửi báo cáo trước hạn gửi.
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} disabled={saving} initialValues={{ regimeId }}>
        <Form.Item label="Chế độ báo cáo" name="regimeId" rules={[{ required: true, message: 'Hãy chọn chế độ báo cáo' }]}>
          <Select options={regimes.map((r) => ({ value: r.id, label: r.name }))} placeholder="Chọn chế độ đột xuất" />
        </Form.Item>
        <Form.Item
          label="Tên kỳ báo cáo"
          name="label"
          rules={[{ required: true, whitespace: true, message: 'Hãy nhập tên kỳ báo cáo' }, zodRule(AdHocPeriodCreate.shape.label)]}
        >
          <Input placeholder="VD: Báo cáo đột xuất phục vụ Đoàn kiểm tra tháng 5/2026" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item
            label="Số liệu từ ngày – đến ngày"
            name="range"
            style={{ flex: '1 1 280px' }}
            rules={[{ required: true, message: 'Hãy chọn khoảng thời gian lấy số liệu' }]}
          >
            <DatePicker.RangePicker format="DD/MM/YYYY" placeholder={['Từ ngày', 'Đến ngày']} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            label="Hạn gửi"
            name="due"
            style={{ flex: '0 0 160px' }}
            dependencies={['range']}
            rules={[
              { required: true, message: 'Hãy chọn hạn gửi' },
              ({ getFieldValue }) => ({
                validator: async (_, due?: Dayjs) => {
                  const range = getFieldValue('range') as [Dayjs, Dayjs] | undefined;
                  if (due && range?.[1] && !due.isAfter(range[1], 'day')) throw new Error('Hạn gửi phải sau ngày chốt số liệu.');
                },
              }),
            ]}
          >
            <DatePicker format="DD/MM/YYYY" placeholder="Chọn ngày" style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

export default function PeriodsPage() {
  const can = useCan();
  const me = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [addingAdHoc, setAddingAdHoc] = useState(false);
  const provinceWide = PROVINCE_WIDE_ROLES.includes(me.user.role);

  const regimes = useQuery({ queryKey: regimesKey, queryFn: fetchRegimes });
  const list = regimes.data ?? [];
  // The first active regime is the one most people want: 004's monthly report.
  const fallback = list.find((r) => r.active && r.frequency === 'monthly') ?? list.find((r) => r.active) ?? list[0];
  const regimeId = params.get('regimeId') ?? fallback?.id;
  const regime = list.find((r) => r.id === regimeId);
  const year = Number(params.get('year')) || THIS_YEAR;

  const periods = useQuery({
    queryKey: periodsKey(regimeId, year),
    queryFn: () => fetchPeriods(regimeId, year),
    enabled: Boolean(regimeId),
    placeholderData: keepPreviousData,
  });

  const set = (key: 'regimeId' | 'year', value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );

  const firstYear = regime ? Number(regime.activeFrom.slice(0, 4)) : THIS_YEAR - 1;
  const years = Array.from({ length: Math.max(THIS_YEAR + 1 - Math.min(firstYear, year) + 1, 1) }, (_, i) => THIS_YEAR + 1 - i);
  const adHocRegimes = list.filter((r) => r.frequency === 'ad_hoc' && r.active);
  const today = todayIso();

  const count = (n: number, color: string) =>
    n ? (
      <Typography.Text strong style={{ color }}>
        {n}
      </Typography.Text>
    ) : (
      <Typography.Text type="secondary">0</Typography.Text>
    );

  const columns: TableColumnsType<Period> = [
    {
      title: 'Kỳ báo cáo',
      dataIndex: 'label',
      width: 150,
      render: (label: string, p) => (
        <Flex gap={6} align="center" wrap>
          <Link to={`/reporting/periods/${p.id}`} style={{ fontWeight: 600, whiteSpace: 'nowrap' }} onClick={(e) => e.stopPropagation()}>
            {label}
          </Link>
          <Tag color={p.state === 'open' ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
            {PERIOD_STATE_LABELS[p.state]}
          </Tag>
        </Flex>
      ),
    },
    {
      title: 'Số liệu',
      key: 'range',
      width: 138,
      render: (_, p) => <span style={{ whiteSpace: 'nowrap' }}>{dateRange(p.start, p.end)}</span>,
    },
    {
      title: 'Hạn gửi',
      dataIndex: 'due',
      width: 105,
      render: (due: string, p) => (
        <Typography.Text type={p.state === 'open' && due < today ? 'danger' : undefined} strong={p.state === 'open' && due >= today}>
          {fmtDate(due)}
        </Typography.Text>
      ),
    },
    ...(provinceWide
      ? ([
          {
            title: 'Tỷ lệ gửi đủ',
            key: 'completeness',
            width: 132,
            render: (_, p) => <RateCell value={p.rates.completeness} count={p.rates.submitted} of={p.rates.expected} />,
          },
          {
            title: 'Tỷ lệ đúng hạn',
            key: 'timeliness',
            width: 132,
            render: (_, p) => <RateCell value={p.rates.timeliness} count={p.rates.onTime} of={p.rates.expected} color="#389e0d" />,
          },
          { title: 'Đúng hạn', key: 'onTime', width: 90, align: 'right', render: (_, p) => count(p.rates.onTime, '#389e0d') },
          { title: 'Muộn', key: 'late', width: 68, align: 'right', render: (_, p) => count(p.rates.late, '#d46b08') },
          {
            title: 'Chưa gửi',
            key: 'missing',
            width: 88,
            align: 'right',
            render: (_, p) => count(p.rates.missing, '#cf1322'),
          },
          {
            title: 'Chưa đến hạn',
            key: 'pending',
            width: 120,
            align: 'right',
            render: (_, p) => (p.rates.pending ? p.rates.pending : <Typography.Text type="secondary">0</Typography.Text>),
          },
        ] satisfies TableColumnsType<Period>)
      : ([
          {
            title: 'Báo cáo của đơn vị',
            key: 'own',
            width: 300,
            render: (_, p) => <OwnStatus period={p} unitId={me.user.unitId} />,
          },
          {
            title: '',
            key: 'action',
            width: 160,
            render: (_, p) => <OwnAction period={p} unitId={me.user.unitId} />,
          },
        ] satisfies TableColumnsType<Period>)),
  ];

  return (
    <div>
      <PageHeader
        title="Kỳ báo cáo"
        extra={
          can('manage:regime') &&
          adHocRegimes.length > 0 && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAddingAdHoc(true)} data-testid="adhoc-create">
              Thêm kỳ đột xuất
            </Button>
          )
        }
      >
        <Typography.Text type="secondary">
          {provinceWide
            ? 'Tình hình gửi báo cáo định kỳ của các đơn vị (Nghị định 09/2019/NĐ-CP: số liệu từ ngày 15 tháng trước đến ngày 14).'
            : `Báo cáo định kỳ của ${me.user.unitName}: cán bộ lập, lãnh đạo đơn vị ký gửi trước hạn.`}
        </Typography.Text>
      </PageHeader>

      <div style={{ background: '#fff', padding: 16, borderRadius: 8 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            value={regimeId}
            onChange={(v: string) => set('regimeId', v)}
            loading={regimes.isPending}
            placeholder="Chế độ báo cáo"
            style={{ width: 440 }}
            aria-label="Chế độ báo cáo"
            popupMatchSelectWidth={false}
            options={list.map((r) => ({
              value: r.id,
              label: (
                <span>
                  {r.name}
                  <Typography.Text type="secondary"> · {FREQUENCY_LABELS[r.frequency]}</Typography.Text>
                  {!r.active && <Typography.Text type="secondary"> (ngừng áp dụng)</Typography.Text>}
                </span>
              ),
            }))}
          />
          <Select
            value={year}
            onChange={(v: number) => set('year', String(v))}
            style={{ width: 120 }}
            aria-label="Năm"
            options={years.map((y) => ({ value: y, label: `Năm ${y}` }))}
          />
          {regime && (
            <Typography.Text type="secondary">
              {regime.source || `Hạn gửi: ngày ${regime.dueDay}; chốt số liệu ngày ${regime.cutoffDay}`}
            </Typography.Text>
          )}
        </Space>
        {regimes.isSuccess && list.length === 0 && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title="Chưa có chế độ báo cáo nào."
            description={
              can('manage:regime') ? <Link to="/regimes">Thiết lập chế độ báo cáo</Link> : 'Sở KH&CN chưa thiết lập lịch báo cáo.'
            }
          />
        )}
        <Table<Period>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={periods.data ?? []}
          loading={regimes.isPending || periods.isFetching}
          pagination={false}
          scroll={{ x: provinceWide ? 1020 : 900 }}
          onRow={(p) => ({
            onClick: () => navigate(`/reporting/periods/${p.id}`),
            style: { cursor: 'pointer' },
            'data-testid': 'period-row',
          })}
          locale={{
            emptyText: regimes.isPending || (periods.isPending && regimeId) ? 'Đang tải…' : `Không có kỳ báo cáo nào trong năm ${year}`,
          }}
        />
      </div>

      {addingAdHoc && (
        <AdHocModal
          regimes={adHocRegimes}
          regimeId={regime?.frequency === 'ad_hoc' ? regime.id : adHocRegimes[0]?.id}
          onClose={() => setAddingAdHoc(false)}
        />
      )}
    </div>
  );
}
