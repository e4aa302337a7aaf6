import { ArrowLeftOutlined, CheckCircleOutlined, RollbackOutlined, SaveOutlined, SendOutlined, UndoOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Result,
  Row,
  Select,
  Skeleton,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { IndicatorDetail, IndicatorValue } from '#common/contracts/indicators.ts';
import { attainment, expectedOn, INDICATOR_GROUP_LABELS, VALUE_STATE_LABELS } from '#common/domain/indicator.ts';
import { FREQUENCY_LABELS, periodOf } from '#common/domain/period.ts';
import { ConflictAlert } from '../../components/conflict-alert.tsx';
import { ApiError, fieldName } from '../../lib/api.ts';
import { showError, showSuccess } from '../../lib/feedback.ts';
import { useCan } from '../../lib/session.ts';
import { IndicatorTasks } from './indicator-tasks.tsx';
import {
  ACTION_LABELS,
  fetchTarget,
  fmtDateTime,
  formatValue,
  saveValue,
  stepValue,
  targetKey,
  useTargetsWrite,
  VALUE_STATE_COLORS,
  type ValueStep,
} from './targets-api.ts';
import { TrackStatusTag } from './track-status-tag.tsx';

// ECharts is the heaviest part of the page: its chunk loads after the figures are on screen.
const IndicatorChart = lazy(() => import('./indicator-chart.tsx'));

type Event = IndicatorValue['history'][number];
type EntryValues = { value: number | null; comment: string };

const pre: React.CSSProperties = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' };
const LOCKED: IndicatorValue['state'][] = ['submitted', 'approved'];
const percent = (x: number) => `${Math.round(x * 100).toLocaleString('vi-VN')}%`;

/** The row's test id: the period, and for a by-commune indicator the commune too (several per period). */
const rowTestId = (d: IndicatorDetail, v: IndicatorValue) =>
  d.byCommune ? `value-row-${v.periodKey}-${v.unit.shortName}` : `value-row-${v.periodKey}`;

function ValueStateTag({ state }: { state: IndicatorValue['state'] }) {
  return (
    <Tag color={VALUE_STATE_COLORS[state]} data-testid="value-state" style={{ marginInlineEnd: 0 }}>
      {VALUE_STATE_LABELS[state]}
    </Tag>
  );
}

// ——— Entry ———

function EntryCard({ indicator: d }: { indicator: IndicatorDetail }) {
  const [form] = Form.useForm<EntryValues>();
  const queryClient = useQueryClient();
  const write = useTargetsWrite();
  const can = useCan();
  const [period, setPeriod] = useState(d.openPeriods[0]?.key);
  const [version, setVersion] = useState<number | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const unit = d.entryUnits[0];
  const existing = d.values.find((v) => v.periodKey === period && v.unit.id === unit?.id);
  const locked = Boolean(existing && LOCKED.includes(existing.state));
  const stamp = `${period}|${existing?.id ?? ''}|${existing?.version ?? 0}`;
  const loaded = useRef<{ stamp: string; period?: string } | null>(null);

  // Fill the form from the value already entered for the period (draft, returned), with the
  // version read. A change by someone else to the period being typed in keeps the typing: the
  // save then meets a 409 and offers a reload.
  useEffect(() => {
    if (loaded.current?.stamp === stamp) return;
    if (loaded.current?.period === period && form.isFieldsTouched()) return;
    loaded.current = { stamp, period };
    form.resetFields();
    form.setFieldsValue({ value: existing?.value ?? null, comment: existing?.comment ?? '' });
    setVersion(existing?.version);
    setError(null);
  }, [stamp, period, existing, form]);

  const periodEnd = period ? periodOf(d.frequency, period)?.end : undefined;
  // A commune's value is only one part of the province's: the province's path is no measure of it.
  const expected = periodEnd && !d.byCommune ? expectedOn(d, periodEnd) : null;
  const label = d.openPeriods.find((p) => p.key === period)?.label ?? '';

  const submit = async (values: EntryValues) => {
    if (!period || values.value === null) return;
    setSaving(true);
    setError(null);
    setConflict(null);
    try {
      await write(() =>
        saveValue(d.id, period, {
          value: values.value as number,
          comment: (values.comment ?? '').trim(),
          unitId: unit?.id,
          ...(version ? { version } : {}),
        }),
      );
      // The refreshed detail brings the new version: let it refill the form.
      loaded.current = null;
      showSuccess('Đã lưu số liệu');
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const onForm = e.details
          .map((x) => ({ ...x, field: fieldName(x.field) }))
          .filter((x) => x.field === 'value' || x.field === 'comment');
        form.setFields(onForm.map((x) => ({ name: x.field as keyof EntryValues, errors: [x.message] })));
        setError(e.message);
      } else if (e instanceof ApiError && e.status === 409) setConflict(e.message);
      else showError(e);
    } finally {
      setSaving(false);
    }
  };

  const reload = async () => {
    await queryClient.invalidateQueries({ queryKey: targetKey(d.id) });
    loaded.current = null;
    setConflict(null);
  };

  return (
    <Card
      size="small"
      title={d.byCommune && unit ? `Nhập số liệu · ${unit.name}` : 'Nhập số liệu'}
      style={{ height: '100%' }}
      data-testid="value-entry"
    >
      {conflict && <ConflictAlert title={conflict} onReload={reload} testId="value-reload" />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="value-error" />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={saving}
        onValuesChange={() => setError(null)}
        requiredMark={false}
        style={{ maxWidth: 640 }}
      >
        <Form.Item label="Kỳ số liệu" required>
          <Select
            value={period}
            onChange={(key: string) => {
              setPeriod(key);
              setConflict(null);
            }}
            options={d.openPeriods.map((p) => ({ value: p.key, label: p.label }))}
            data-testid="value-period"
          />
        </Form.Item>
        {existing && (
          <Flex gap={8} align="center" wrap style={{ marginTop: -12, marginBottom: 12, fontSize: 12 }}>
            <ValueStateTag state={existing.state} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {locked
                ? existing.state === 'approved'
                  ? 'Số liệu kỳ này đã được duyệt và khóa; Sở KH&CN có thể bỏ duyệt nếu cần sửa.'
                  : 'Số liệu kỳ này đã gửi, đang chờ Sở KH&CN duyệt.'
                : `Đã nhập ${formatValue(existing.value, d.measure, d.kind)}; sửa rồi lưu lại nếu cần.`}
            </Typography.Text>
          </Flex>
        )}
        {existing?.state === 'returned' && existing.reviewComment && (
          <Alert
            type="warning"
            showIcon
            title={<div style={pre}>Lý do trả lại: {existing.reviewComment}</div>}
            style={{ marginBottom: 12 }}
          />
        )}
        <Form.Item
          label="Giá trị"
          name="value"
          rules={[{ required: true, message: 'Hãy nhập giá trị của kỳ' }]}
          extra={expected !== null && `Lộ trình kỳ vọng (${label}): ${formatValue(Math.round(expected * 100) / 100, d.measure, d.kind)}`}
        >
          <InputNumber
            style={{ width: '100%' }}
            decimalSeparator=","
            suffix={d.measure === 'có/không' ? '1 = có, 0 = không' : d.measure}
            disabled={locked || saving}
            data-testid="value-input"
          />
        </Form.Item>
        <Form.Item
          label="Giải trình"
          name="comment"
          extra="Bắt buộc khi giá trị thấp hơn lộ trình hoặc thay đổi nhiều so với kỳ trước."
          rules={[{ max: 2000, message: 'Tối đa 2.000 ký tự' }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 8 }}
            placeholder="Nguồn số liệu, lý do tăng giảm"
            disabled={locked || saving}
            data-testid="value-comment"
          />
        </Form.Item>
        <Flex gap={12} align="center" wrap>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} disabled={locked} data-testid="value-save">
            Lưu số liệu
          </Button>
          {!can('submit:indicator') && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              Lãnh đạo đơn vị gửi số liệu để Sở KH&CN duyệt.
            </Typography.Text>
          )}
        </Flex>
      </Form>
    </Card>
  );
}

// ——— Review ———

const REASON_STEPS = {
  return: { title: 'Trả lại số liệu', ok: 'Trả lại', label: 'Lý do trả lại, nội dung cần sửa', done: 'Đã trả lại' },
  unapprove: { title: 'Bỏ duyệt số liệu', ok: 'Bỏ duyệt', label: 'Lý do bỏ duyệt', done: 'Đã bỏ duyệt' },
} as const;

function ReasonModal({
  value,
  step,
  onClose,
  onConflict,
  measure,
  kind,
}: {
  value: IndicatorValue;
  step: 'return' | 'unapprove';
  measure: string;
  kind: string;
  onClose: () => void;
  onConflict: (message: string) => void;
}) {
  const [form] = Form.useForm<{ comment: string }>();
  const write = useTargetsWrite();
  const [saving, setSaving] = useState(false);
  const text = REASON_STEPS[step];

  const submit = async ({ comment }: { comment: string }) => {
    setSaving(true);
    try {
      await write(() => stepValue(value.id, step, { version: value.version, comment: comment.trim() }));
      showSuccess(text.done);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        onClose();
        onConflict(e.message);
      } else if (e instanceof ApiError && e.details.some((x) => fieldName(x.field) === 'comment'))
        form.setFields([{ name: 'comment', errors: [e.details.find((x) => fieldName(x.field) === 'comment')?.message ?? e.message] }]);
      else showError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={text.title}
      okText={text.ok}
      okButtonProps={{ danger: true, 'data-testid': 'review-ok' } as React.ComponentProps<typeof Button>}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {value.periodLabel} · {value.unit.name}: <b>{formatValue(value.value, measure, kind)}</b>. Số liệu được trả về đơn vị để sửa và gửi
        lại; lịch sử được giữ.
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} disabled={saving}>
        <Form.Item
          label={text.label}
          name="comment"
          rules={[
            { required: true, whitespace: true, message: 'Hãy ghi lý do để đơn vị biết cần sửa gì' },
            { max: 2000, message: 'Tối đa 2.000 ký tự' },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} data-testid="review-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function History({ events, indicator: d }: { events: Event[]; indicator: IndicatorDetail }) {
  const columns: TableColumnsType<Event> = [
    {
      title: 'Thời điểm',
      dataIndex: 'at',
      width: 140,
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{fmtDateTime(at)}</span>,
    },
    { title: 'Người thực hiện', dataIndex: 'by', width: 260 },
    { title: 'Thao tác', dataIndex: 'action', width: 90, render: (a: string) => ACTION_LABELS[a] ?? a },
    { title: 'Giá trị', dataIndex: 'value', width: 110, align: 'right', render: (v: number) => formatValue(v, d.measure, d.kind) },
    { title: 'Ghi chú', dataIndex: 'comment', render: (c: string) => (c ? <div style={pre}>{c}</div> : '—') },
  ];
  return (
    <Table<Event>
      rowKey={(e) => `${e.at}|${e.action}`}
      size="small"
      columns={columns}
      dataSource={events}
      pagination={false}
      data-testid="value-history"
      style={{ margin: '4px 0' }}
    />
  );
}

function ValuesCard({ indicator: d }: { indicator: IndicatorDetail }) {
  const can = useCan();
  const queryClient = useQueryClient();
  const write = useTargetsWrite();
  const [busy, setBusy] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ value: IndicatorValue; step: 'return' | 'unapprove' } | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);

  const run = async (v: IndicatorValue, step: ValueStep, done: string) => {
    setBusy(`${v.id}:${step}`);
    setConflict(null);
    try {
      await write(() => stepValue(v.id, step, { version: v.version }));
      showSuccess(done);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict(e.message);
      else showError(e);
    } finally {
      setBusy(null);
    }
  };

  const actions = (v: IndicatorValue) => {
    const buttons = [];
    if (can('submit:indicator') && (v.state === 'draft' || v.state === 'returned'))
      buttons.push(
        <Button
          key="submit"
          size="small"
          type="primary"
          icon={<SendOutlined />}
          loading={busy === `${v.id}:submit`}
          onClick={() => run(v, 'submit', 'Đã gửi số liệu')}
          data-testid="value-submit"
        >
          Gửi số liệu
        </Button>,
      );
    if (can('review:indicator') && v.state === 'submitted')
      buttons.push(
        <Button
          key="approve"
          size="small"
          type="primary"
          icon={<CheckCircleOutlined />}
          loading={busy === `${v.id}:approve`}
          onClick={() => run(v, 'approve', 'Đã duyệt số liệu')}
          data-testid="value-approve"
        >
          Duyệt
        </Button>,
        <Button
          key="return"
          size="small"
          danger
          icon={<RollbackOutlined />}
          onClick={() => setAsking({ value: v, step: 'return' })}
          data-testid="value-return"
        >
          Trả lại
        </Button>,
      );
    if (can('review:indicator') && v.state === 'approved')
      buttons.push(
        <Button
          key="unapprove"
          size="small"
          icon={<UndoOutlined />}
          onClick={() => setAsking({ value: v, step: 'unapprove' })}
          data-testid="value-unapprove"
        >
          Bỏ duyệt
        </Button>,
      );
    // Stacked: the column stays narrow and the comments keep their room at 1024 px.
    return buttons.length ? (
      <Flex vertical gap={6} align="flex-start">
        {buttons}
      </Flex>
    ) : null;
  };

  const columns: TableColumnsType<IndicatorValue> = [
    { title: 'Kỳ', dataIndex: 'periodLabel', width: 105, render: (l: string) => <span style={{ whiteSpace: 'nowrap' }}>{l}</span> },
    { title: 'Đơn vị', key: 'unit', width: 110, render: (_, v) => <span title={v.unit.name}>{v.unit.shortName || v.unit.name}</span> },
    {
      title: 'Giá trị',
      dataIndex: 'value',
      width: 115,
      align: 'right',
      render: (value: number) => <Typography.Text strong>{formatValue(value, d.measure, d.kind)}</Typography.Text>,
    },
    { title: 'Trạng thái', dataIndex: 'state', width: 100, render: (s: IndicatorValue['state']) => <ValueStateTag state={s} /> },
    {
      title: 'Giải trình',
      dataIndex: 'comment',
      render: (c: string) => (c ? <div style={pre}>{c}</div> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: 'Ý kiến duyệt',
      dataIndex: 'reviewComment',
      render: (c: string) => (c ? <div style={pre}>{c}</div> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { title: 'Thao tác', key: 'actions', width: 120, render: (_, v) => actions(v) },
  ];

  return (
    <Card size="small" title={`Số liệu theo kỳ (${d.values.length})`} style={{ marginBottom: 16 }} data-testid="values-card">
      {conflict && (
        <ConflictAlert
          title={conflict}
          onReload={async () => {
            await queryClient.invalidateQueries({ queryKey: targetKey(d.id) });
            setConflict(null);
          }}
          testId="values-reload"
        />
      )}
      <Table<IndicatorValue>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={d.values}
        scroll={{ x: 860 }}
        tableLayout="fixed"
        pagination={d.values.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: 'Chưa có số liệu nào' }}
        onRow={(v) => ({ 'data-testid': rowTestId(d, v) }) as React.HTMLAttributes<HTMLElement>}
        expandable={{
          rowExpandable: (v) => v.history.length > 0,
          expandedRowRender: (v) => <History events={v.history} indicator={d} />,
        }}
      />
      {asking && (
        <ReasonModal
          value={asking.value}
          step={asking.step}
          measure={d.measure}
          kind={d.kind}
          onClose={() => setAsking(null)}
          onConflict={(message) => setConflict(message)}
        />
      )}
    </Card>
  );
}

// ——— The page ———

export default function IndicatorPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const query = useQuery({ queryKey: targetKey(id), queryFn: () => fetchTarget(id), meta: { silent: true } });
  const d = query.data;

  if (query.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (query.isError || !d) {
    const status = query.error instanceof ApiError ? query.error.status : 0;
    const missing = status === 400 || status === 403 || status === 404;
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? 'Không tìm thấy chỉ tiêu' : 'Không tải được chỉ tiêu'}
        subTitle={query.error?.message ?? 'Hãy thử lại sau.'}
        extra={
          <Link to="/targets">
            <Button type="primary">Về danh sách mục tiêu 2030</Button>
          </Link>
        }
      />
    );
  }

  const fmt = (v: number | null | undefined) => formatValue(v, d.measure, d.kind);
  const entry = d.entryUnits.length > 0 && can('enter:indicator');
  const reached = d.latest && d.expected !== null ? attainment(d.direction, d.latest.value, d.expected) : null;

  return (
    <div data-testid="indicator-page" style={{ maxWidth: 1400 }}>
      <Link to="/targets" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> Mục tiêu 2030
      </Link>
      <div className="page-header" style={{ alignItems: 'flex-start' }}>
        <div style={{ minWidth: 0, flex: '1 1 480px' }}>
          <h1 style={{ overflowWrap: 'anywhere' }}>
            <span style={{ color: '#0b5394' }}>{d.code}</span> · {d.name}
          </h1>
          <Flex gap={8} align="center" wrap style={{ marginTop: 6 }}>
            <TrackStatusTag status={d.status} testId="indicator-status" />
            <Typography.Text type="secondary">
              {INDICATOR_GROUP_LABELS[d.group]} · chủ trì: {d.owner.name} · {FREQUENCY_LABELS[d.frequency].toLowerCase()}
              {d.byCommune ? ' · số liệu theo xã, phường' : ''}
            </Typography.Text>
          </Flex>
        </div>
      </div>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            {
              key: 'latest',
              label: 'Số liệu mới nhất',
              children: d.latest ? (
                <span>
                  <Typography.Text strong>{fmt(d.latest.value)}</Typography.Text> ({d.latest.periodLabel})
                  {reached !== null && <Typography.Text type="secondary"> · đạt {percent(reached)} kỳ vọng</Typography.Text>}
                </span>
              ) : (
                <Typography.Text type="secondary">Chưa có số liệu được duyệt</Typography.Text>
              ),
            },
            { key: 'expected', label: 'Kỳ vọng theo lộ trình', children: fmt(d.expected) },
            { key: 'forecast', label: 'Dự báo 2030', children: fmt(d.forecast) },
            {
              key: 'baseline',
              label: 'Hiện trạng',
              children: d.baseline ? `${fmt(d.baseline.value)} (năm ${d.baseline.year})` : 'Không nêu',
            },
            {
              key: 'yearly',
              label: 'Mục tiêu theo năm',
              children: d.yearly.length ? d.yearly.map((y) => `${y.year}: ${fmt(y.value)}`).join('; ') : 'Không quy định',
            },
            { key: 'target', label: 'Mục tiêu 2030', children: <Typography.Text strong>{fmt(d.target2030)}</Typography.Text> },
            { key: 'owner', label: 'Đơn vị chủ trì', children: d.owner.name },
            { key: 'frequency', label: 'Tần suất', children: FREQUENCY_LABELS[d.frequency] },
            { key: 'measure', label: 'Đơn vị tính', children: d.measure },
          ]}
        />
        {(d.source || d.quote) && (
          <Collapse
            ghost
            size="small"
            style={{ marginTop: 4 }}
            items={[
              {
                key: 'source',
                label: <span>Nguồn: {d.source || 'không ghi'}</span>,
                children: d.quote ? (
                  <blockquote style={{ ...pre, margin: 0, paddingLeft: 12, borderLeft: '3px solid #d9dde4', color: '#3d4451' }}>
                    {d.quote}
                  </blockquote>
                ) : (
                  <Typography.Text type="secondary">Không có trích dẫn.</Typography.Text>
                ),
              },
            ]}
            data-testid="indicator-source"
          />
        )}
      </Card>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={entry ? 15 : 24}>
          <Card size="small" title="Diễn biến so với lộ trình đến 2030" style={{ height: '100%' }}>
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 320 }} />}>
              <IndicatorChart indicator={d} />
            </Suspense>
            {d.series.length === 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                Chưa có số liệu được duyệt: biểu đồ chỉ có lộ trình kỳ vọng.
              </Typography.Text>
            )}
          </Card>
        </Col>
        {entry && (
          <Col xs={24} xl={9}>
            {d.openPeriods.length ? (
              <EntryCard key={d.id} indicator={d} />
            ) : (
              <Card size="small" title="Nhập số liệu" style={{ height: '100%' }}>
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Hiện không có kỳ nào đang mở để nhập số liệu." />
              </Card>
            )}
          </Col>
        )}
      </Row>

      <ValuesCard indicator={d} />

      <IndicatorTasks indicator={d} />
    </div>
  );
}
