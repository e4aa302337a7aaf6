import { QuestionCircleOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Progress,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Document } from '#common/contracts/documents.ts';
import type { Dashboard, DashboardQuery, PlanFigures, TaskBrief } from '#common/contracts/reporting.ts';
import { addDays } from '#common/domain/iso-date.ts';
import { monthlyPeriod } from '#common/domain/period.ts';
import { TASK_STATUS_LABELS, TASK_STATUSES, type TaskStatus } from '#common/domain/status.ts';
import { Chart, type ChartClick, type ChartOption } from '../../components/chart.tsx';
import { FigureTile } from '../../components/figure-tile.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { LoadFailed } from '../../components/results.tsx';
import { UnitSelect } from '../../components/unit-select.tsx';
import { api } from '../../lib/api.ts';
import { useCan } from '../../lib/session.ts';
import type { Page } from '../../lib/types.ts';
import { ExplanationRequestModal, type RequestedTask } from '../explanations/explanation-request.tsx';
import { type Facets, fmtDate } from '../tasks/tasks-api.ts';
import { type Drill, dashboardKey, fetchDashboard, fmtNumber, fmtPercent, type Scope, STATUS_HEX, tasksHref } from './dashboard-api.ts';

/** What following a figure's link shows. */
const DRILL_TITLE = 'Xem danh sách nhiệm vụ';

const FILTER_KEYS = ['documentId', 'section', 'unitId', 'period'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

type RankRow = Dashboard['ranking'][number];
type TrendRow = Dashboard['trend'][number];

const TOP_UNITS = 15;
const DONE: TaskStatus[] = ['done_on_time', 'done_late'];
const OPEN: TaskStatus[] = ['not_started', 'in_progress_on_time'];
const AXIS_LABEL = { color: '#595f6b', fontSize: 12 };
const SPLIT_LINE = { lineStyle: { color: '#eef0f3' } };

const clamp2: React.CSSProperties = {
  display: '-webkit-box',
  WebkitLineClamp: 2,
  WebkitBoxOrient: 'vertical',
  overflow: 'hidden',
  whiteSpace: 'normal',
};

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);
const unitLabel = (u: { name: string; shortName: string }) => u.shortName || u.name;

/** A tooltip row: the series' colour dot, its name and its value. */
type TipParam = { marker?: string; seriesName?: string; value?: unknown; dataIndex: number; seriesIndex?: number };
const tipRows = (params: unknown, format: (p: TipParam) => string | null) =>
  (params as TipParam[])
    .map((p) => {
      const value = format(p);
      return value === null
        ? ''
        : `<div style="display:flex;gap:12px;justify-content:space-between">${p.marker ?? ''}<span style="flex:1">${esc(p.seriesName ?? '')}</span><b>${value}</b></div>`;
    })
    .join('');

// ——— Pieces of the page ———

function Panel({ title, extra, children, testId }: { title: ReactNode; extra?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Card
      size="small"
      title={title}
      extra={extra}
      style={{ height: '100%' }}
      styles={{ body: { padding: '8px 12px 12px' } }}
      data-testid={testId}
    >
      {children}
    </Card>
  );
}

function StatusDonut({ data, onDrill }: { data: Dashboard; onDrill: (drill: Drill) => void }) {
  const option = useMemo<ChartOption>(() => {
    const slices = TASK_STATUSES.filter((s) => data.byStatus[s] > 0).map((s) => ({
      name: TASK_STATUS_LABELS[s],
      value: data.byStatus[s],
      status: s,
      itemStyle: { color: STATUS_HEX[s] },
    }));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const { name, value, percent } = p as { name: string; value: number; percent: number };
          return `${esc(name)}<br/><b>${fmtNumber(value)}</b> nhiệm vụ (${fmtPercent(percent)})`;
        },
      },
      legend: {
        bottom: 0,
        left: 'center',
        itemWidth: 12,
        itemHeight: 12,
        textStyle: { fontSize: 12 },
        formatter: (name: string) => {
          const s = TASK_STATUSES.find((x) => TASK_STATUS_LABELS[x] === name);
          return s ? `${name}  ${fmtNumber(data.byStatus[s])}` : name;
        },
      },
      series: [
        {
          type: 'pie',
          radius: ['44%', '66%'],
          center: ['50%', '42%'],
          avoidLabelOverlap: true,
          label: { show: false },
          itemStyle: { borderColor: '#fff', borderWidth: 2 },
          data: slices,
        },
      ],
    };
  }, [data]);
  return (
    <div style={{ position: 'relative' }}>
      <Chart
        option={option}
        height={320}
        label="Nhiệm vụ theo tình trạng"
        testId="chart-status"
        onClick={(e) => {
          const status = (e.data as { status?: TaskStatus } | undefined)?.status;
          if (status) onDrill({ statuses: [status] });
        }}
      />
      <div
        style={{
          position: 'absolute',
          left: '50%',
          top: '42%',
          transform: 'translate(-50%, -50%)',
          textAlign: 'center',
          pointerEvents: 'none',
        }}
      >
        <div style={{ fontSize: 24, fontWeight: 600, lineHeight: 1.1 }}>{fmtNumber(data.total)}</div>
        <div style={{ fontSize: 12, color: '#6b7280' }}>nhiệm vụ</div>
      </div>
    </div>
  );
}

function UnitBars({ data, onDrill }: { data: Dashboard; onDrill: (drill: Drill) => void }) {
  const [sort, setSort] = useState<'total' | 'overdue'>('total');
  const [all, setAll] = useState(false);
  const sorted = useMemo(() => {
    const rows = [...data.byUnit];
    if (sort === 'overdue') rows.sort((a, b) => b.counts.in_progress_overdue - a.counts.in_progress_overdue || b.total - a.total);
    else rows.sort((a, b) => b.total - a.total || b.counts.in_progress_overdue - a.counts.in_progress_overdue);
    return rows;
  }, [data.byUnit, sort]);
  const rows = useMemo(() => (all ? sorted : sorted.slice(0, TOP_UNITS)), [all, sorted]);
  const statuses = useMemo(() => TASK_STATUSES.filter((s) => data.byUnit.some((u) => u.counts[s] > 0)), [data.byUnit]);

  const option = useMemo<ChartOption>(() => {
    const byId = new Map(rows.map((r) => [r.unit.id, r]));
    return {
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 12, textStyle: { fontSize: 12 } },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const first = (params as TipParam[])[0];
          const row = first ? rows[first.dataIndex] : undefined;
          if (!row) return '';
          return `<b>${esc(row.unit.name)}</b>${row.unit.group ? ' <i>(nhóm)</i>' : ''}<br/>${tipRows(params, (p) => (Number(p.value) ? fmtNumber(Number(p.value)) : null))}<div style="margin-top:4px">Tổng: <b>${fmtNumber(row.total)}</b></div>`;
        },
      },
      xAxis: { type: 'value', minInterval: 1, axisLabel: AXIS_LABEL, splitLine: SPLIT_LINE },
      yAxis: {
        type: 'category',
        inverse: true,
        triggerEvent: true,
        data: rows.map((r) => r.unit.id),
        axisTick: { show: false },
        axisLabel: {
          ...AXIS_LABEL,
          width: 170,
          overflow: 'truncate',
          formatter: (id: string) => {
            const row = byId.get(id);
            if (!row) return '';
            return row.unit.group ? `{group|${unitLabel(row.unit)}}` : unitLabel(row.unit);
          },
          rich: { group: { fontStyle: 'italic', color: '#595f6b', fontSize: 12 } },
        },
      },
      series: statuses.map((s) => ({
        type: 'bar',
        name: TASK_STATUS_LABELS[s],
        stack: 'status',
        barMaxWidth: 18,
        itemStyle: { color: STATUS_HEX[s] },
        emphasis: { focus: 'series' },
        data: rows.map((r) => r.counts[s]),
      })),
    };
  }, [rows, statuses]);

  const click = (e: ChartClick) => {
    if (e.componentType === 'yAxis') {
      const row = sorted.find((r) => r.unit.id === String(e.value));
      if (row) onDrill({ lead: { id: row.unit.id, group: row.unit.group } });
      return;
    }
    const row = rows[e.dataIndex];
    const status = statuses[e.seriesIndex ?? -1];
    if (row && status) onDrill({ lead: { id: row.unit.id, group: row.unit.group }, statuses: [status] });
  };

  return (
    <Panel
      title="Nhiệm vụ theo đơn vị chủ trì"
      testId="panel-units"
      extra={
        <Segmented<'total' | 'overdue'>
          size="small"
          value={sort}
          onChange={setSort}
          options={[
            { value: 'total', label: 'Nhiều nhiệm vụ nhất' },
            { value: 'overdue', label: 'Quá hạn nhiều nhất' },
          ]}
        />
      }
    >
      {rows.length ? (
        <>
          <Chart
            option={option}
            height={Math.max(220, rows.length * 26 + 60)}
            onClick={click}
            label="Nhiệm vụ theo đơn vị chủ trì"
            testId="chart-units"
          />
          {sorted.length > TOP_UNITS && (
            <div style={{ textAlign: 'center' }}>
              <Button type="link" size="small" onClick={() => setAll(!all)} data-testid="units-toggle">
                {all ? `Chỉ xem ${TOP_UNITS} đơn vị đầu` : `Xem tất cả ${sorted.length} đơn vị`}
              </Button>
            </div>
          )}
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có nhiệm vụ" />
      )}
    </Panel>
  );
}

/**
 * A plan's name on an axis: its symbol, with the start of its title when the symbol has no
 * number ("/KH-UBND", a draft) or is shared with another plan.
 */
function planLabels(plans: PlanFigures[]): string[] {
  return plans.map((p) => {
    if (!p.symbol) return 'Không thuộc kế hoạch';
    const shared = plans.filter((x) => x.symbol === p.symbol).length > 1;
    return shared || p.symbol.startsWith('/') ? `${p.symbol} ${p.title}` : p.symbol;
  });
}

/** Plans: their tasks by status, and the mean progress on the right. */
function PlanBars({ plans, onDrill }: { plans: PlanFigures[]; onDrill: (drill: Drill) => void }) {
  const parts = useMemo(
    () =>
      [
        { key: 'doneOnTime', status: 'done_on_time' },
        { key: 'doneLate', status: 'done_late' },
        { key: 'overdue', status: 'in_progress_overdue' },
        { key: 'inProgress', status: 'in_progress_on_time' },
        { key: 'notStarted', status: 'not_started' },
      ] as const,
    [],
  );
  const labels = useMemo(() => planLabels(plans), [plans]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 12, textStyle: { fontSize: 12 } },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const first = (params as TipParam[])[0];
          const plan = first ? plans[first.dataIndex] : undefined;
          if (!plan) return '';
          return `<b>${esc(plan.symbol || 'Không thuộc kế hoạch')}</b><div style="max-width:320px;white-space:normal;color:#6b7280">${esc(plan.title)}</div>${tipRows(params, (p) => (Number(p.value) ? fmtNumber(Number(p.value)) : null))}<div style="margin-top:4px">Tổng: <b>${fmtNumber(plan.total)}</b> · tiến độ bình quân <b>${fmtPercent(plan.percent)}</b></div>`;
        },
      },
      xAxis: { type: 'value', minInterval: 1, axisLabel: AXIS_LABEL, splitLine: SPLIT_LINE },
      yAxis: [
        {
          type: 'category',
          inverse: true,
          triggerEvent: true,
          data: plans.map((_, i) => String(i)),
          axisTick: { show: false },
          axisLabel: { ...AXIS_LABEL, width: 170, overflow: 'truncate', formatter: (i: string) => labels[Number(i)] ?? '' },
        },
        {
          type: 'category',
          inverse: true,
          data: plans.map((p) => fmtPercent(p.percent)),
          axisTick: { show: false },
          axisLine: { show: false },
          axisLabel: { ...AXIS_LABEL, fontWeight: 600, color: '#0b5394' },
        },
      ],
      series: parts.map((part) => ({
        type: 'bar',
        name: TASK_STATUS_LABELS[part.status],
        stack: 'plan',
        barMaxWidth: 18,
        itemStyle: { color: STATUS_HEX[part.status] },
        emphasis: { focus: 'series' },
        data: plans.map((p) => p[part.key]),
      })),
    }),
    [plans, parts, labels],
  );
  const click = (e: ChartClick) => {
    const index = e.componentType === 'yAxis' ? Number(e.value) : e.dataIndex;
    const plan = plans[index];
    if (!plan?.documentId) return;
    const status = e.componentType === 'series' ? parts[e.seriesIndex ?? -1]?.status : undefined;
    onDrill({ documentId: plan.documentId, statuses: status ? [status] : undefined });
  };
  return plans.length ? (
    <Chart
      option={option}
      height={Math.max(240, plans.length * 34 + 80)}
      onClick={click}
      label="Tiến độ theo kế hoạch"
      testId="chart-plans"
    />
  ) : (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có kế hoạch" />
  );
}

/** The last 12 months: tasks completed and fallen due (left axis), reporting rates in percent (right axis). */
function TrendLines({ trend, onDrill }: { trend: TrendRow[]; onDrill: (drill: Drill) => void }) {
  const option = useMemo<ChartOption>(() => {
    const line = (name: string, color: string, values: number[], percent = false) => ({
      type: 'line' as const,
      name,
      data: values,
      yAxisIndex: percent ? 1 : 0,
      smooth: false,
      symbolSize: 6,
      itemStyle: { color },
      lineStyle: { color, width: 2, type: percent ? ('dashed' as const) : ('solid' as const) },
    });
    return {
      grid: { left: 8, right: 8, top: 32, bottom: 56, containLabel: true },
      legend: { bottom: 0, left: 0, itemWidth: 16, itemHeight: 8, textStyle: { fontSize: 12 } },
      tooltip: {
        trigger: 'axis',
        formatter: (params: unknown) => {
          const first = (params as TipParam[])[0];
          const row = first ? trend[first.dataIndex] : undefined;
          if (!row) return '';
          return `<b>${esc(row.label)}</b>${tipRows(params, (p) => ((p.seriesIndex ?? 0) >= 3 ? fmtPercent(Number(p.value)) : fmtNumber(Number(p.value))))}`;
        },
      },
      xAxis: {
        type: 'category',
        data: trend.map((t) => {
          const [year, month] = t.key.split('-');
          return `${month}/${year?.slice(2)}`;
        }),
        axisLabel: AXIS_LABEL,
        axisTick: { alignWithLabel: true },
      },
      yAxis: [
        { type: 'value', name: 'Nhiệm vụ', minInterval: 1, axisLabel: AXIS_LABEL, nameTextStyle: AXIS_LABEL, splitLine: SPLIT_LINE },
        {
          type: 'value',
          name: 'Tỷ lệ báo cáo',
          min: 0,
          max: 100,
          axisLabel: { ...AXIS_LABEL, formatter: '{value}%' },
          nameTextStyle: AXIS_LABEL,
          splitLine: { show: false },
        },
      ],
      series: [
        line(
          'Hoàn thành',
          STATUS_HEX.done_on_time,
          trend.map((t) => t.completed),
        ),
        line(
          'Hoàn thành quá hạn',
          STATUS_HEX.done_late,
          trend.map((t) => t.completedLate),
        ),
        line(
          'Đến hạn',
          '#5b6b82',
          trend.map((t) => t.fellDue),
        ),
        line(
          'Báo cáo đầy đủ (%)',
          '#13a8a8',
          trend.map((t) => t.completeness),
          true,
        ),
        line(
          'Báo cáo đúng hạn (%)',
          '#722ed1',
          trend.map((t) => t.timeliness),
          true,
        ),
      ],
    };
  }, [trend]);
  const click = (e: ChartClick) => {
    const row = trend[e.dataIndex];
    const period = row ? monthlyPeriod(row.key) : null;
    if (!period) return;
    const statuses = e.seriesIndex === 0 ? DONE : e.seriesIndex === 1 ? (['done_late'] as TaskStatus[]) : undefined;
    onDrill({ dueFrom: period.start, dueTo: period.end, statuses });
  };
  return trend.length ? (
    <Chart option={option} height={400} onClick={click} label="Diễn biến 12 kỳ báo cáo gần nhất" testId="chart-trend" />
  ) : (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có số liệu theo kỳ" />
  );
}

/** A unit's rate in a ranking; null when it had nothing due (it is not ranked). */
const rateOf = (kind: 'onTime' | 'reports', r: RankRow): number | null =>
  kind === 'onTime' ? (r.due ? r.onTimeRate : null) : r.reportsExpected ? r.timeliness : null;

function RankTable({ title, rows, kind, scope }: { title: string; rows: RankRow[]; kind: 'onTime' | 'reports'; scope: Scope }) {
  const [worst, setWorst] = useState(false);
  const rate = (r: RankRow) => rateOf(kind, r);
  const ranked = useMemo(() => {
    const scored = rows.filter((r) => rateOf(kind, r) !== null);
    scored.sort((a, b) => ((rateOf(kind, b) ?? 0) - (rateOf(kind, a) ?? 0)) * (worst ? -1 : 1));
    return scored;
  }, [rows, worst, kind]);
  const columns: TableColumnsType<RankRow> = [
    { title: '#', key: 'rank', width: 40, render: (_, __, i) => <Typography.Text type="secondary">{i + 1}</Typography.Text> },
    {
      title: 'Đơn vị',
      key: 'unit',
      render: (_, r) => (
        <Link to={tasksHref(scope, { lead: { id: r.unit.id, group: false } })} title={r.unit.name} style={{ color: 'inherit' }}>
          {unitLabel(r.unit)}
        </Link>
      ),
    },
    kind === 'onTime'
      ? { title: 'Đúng hạn / đến hạn', key: 'n', width: 130, align: 'right', render: (_, r) => `${r.doneOnTime} / ${r.due}` }
      : {
          title: 'Đúng hạn / phải gửi',
          key: 'n',
          width: 130,
          align: 'right',
          render: (_, r) => `${r.reportsOnTime} / ${r.reportsExpected}`,
        },
    {
      title: 'Tỷ lệ',
      key: 'rate',
      width: 150,
      render: (_, r) => {
        const value = rate(r) ?? 0;
        return (
          <Flex align="center" gap={8}>
            <Progress
              percent={value}
              showInfo={false}
              size={[70, 6]}
              strokeColor={value >= 80 ? STATUS_HEX.done_on_time : value >= 50 ? STATUS_HEX.done_late : STATUS_HEX.in_progress_overdue}
              style={{ margin: 0 }}
            />
            <span style={{ minWidth: 44, textAlign: 'right' }}>{fmtPercent(value)}</span>
          </Flex>
        );
      },
    },
  ];
  return (
    <Panel
      title={title}
      testId={`rank-${kind}`}
      extra={
        <Segmented<'best' | 'worst'>
          size="small"
          value={worst ? 'worst' : 'best'}
          onChange={(v) => setWorst(v === 'worst')}
          options={[
            { value: 'best', label: 'Cao nhất' },
            { value: 'worst', label: 'Thấp nhất' },
          ]}
        />
      }
    >
      <Table<RankRow>
        rowKey={(r) => r.unit.id}
        size="small"
        columns={columns}
        dataSource={ranked}
        pagination={ranked.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        locale={{ emptyText: kind === 'onTime' ? 'Chưa có nhiệm vụ đến hạn' : 'Chưa có kỳ báo cáo đến hạn' }}
      />
    </Panel>
  );
}

function TaskList({ rows, kind, onAsk }: { rows: TaskBrief[]; kind: 'overdue' | 'dueSoon'; onAsk?: (task: TaskBrief) => void }) {
  const columns: TableColumnsType<TaskBrief> = [
    { title: 'Mã', dataIndex: 'code', width: 72, render: (code: string, t) => <Link to={`/tasks/${t.id}`}>{code || '—'}</Link> },
    {
      title: 'Nội dung',
      dataIndex: 'content',
      render: (content: string, t) => (
        <Link to={`/tasks/${t.id}`} style={{ ...clamp2, color: 'inherit' }} title={content} data-testid="dashboard-task">
          {content}
        </Link>
      ),
    },
    { title: 'Kế hoạch', dataIndex: 'documentSymbol', width: 120, responsive: ['xl'] },
    {
      title: 'Chủ trì',
      key: 'leads',
      width: 160,
      render: (_, t) => (
        <span style={clamp2} title={t.leads.join('; ')}>
          {t.leads.join('; ') || '—'}
        </span>
      ),
    },
    { title: 'Hạn', dataIndex: 'due', width: 96, render: (due: string) => fmtDate(due) },
    {
      title: kind === 'overdue' ? 'Quá hạn' : 'Còn lại',
      dataIndex: 'days',
      width: 84,
      align: 'right',
      render: (days: number) =>
        kind === 'overdue' ? (
          <Typography.Text type="danger" strong>
            {days} ngày
          </Typography.Text>
        ) : (
          <Typography.Text type={days <= 7 ? 'warning' : undefined}>{days} ngày</Typography.Text>
        ),
    },
    ...(kind === 'overdue' && (onAsk || rows.some((t) => t.openExplanation))
      ? [
          {
            title: '',
            key: 'explain',
            width: 170,
            render: (_: unknown, t: TaskBrief) =>
              t.openExplanation ? (
                <Tag color="orange" data-testid="explanation-pending">
                  Đang chờ giải trình
                </Tag>
              ) : (
                onAsk && (
                  <Button size="small" icon={<QuestionCircleOutlined />} onClick={() => onAsk(t)} data-testid="explanation-request-open">
                    Yêu cầu giải trình
                  </Button>
                )
              ),
          },
        ]
      : []),
  ];
  return (
    <Table<TaskBrief>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={rows}
      scroll={{ x: 760 }}
      pagination={rows.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
      onRow={(t) => ({ 'data-testid': `${kind}-row`, 'data-task-id': t.id }) as React.HTMLAttributes<HTMLElement>}
      locale={{ emptyText: kind === 'overdue' ? 'Không có nhiệm vụ quá hạn' : 'Không có nhiệm vụ đến hạn trong 30 ngày tới' }}
    />
  );
}

// ——— The page ———

export default function DashboardPage() {
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const get = (key: FilterKey) => params.get(key) || undefined;
  const query: DashboardQuery = Object.fromEntries(FILTER_KEYS.map((k) => [k, get(k)]).filter(([, v]) => v));
  const [asking, setAsking] = useState<RequestedTask | null>(null);

  const setFilters = (changes: Partial<Record<FilterKey, string | null | undefined>>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  const dashboard = useQuery({
    queryKey: dashboardKey(query),
    queryFn: () => fetchDashboard(query),
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
  const documents = useQuery({
    queryKey: ['documents', 'all-options'],
    queryFn: () => api<Page<Document>>('/api/documents', { query: { pageSize: 200 } }),
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });
  const facets = useQuery({
    queryKey: ['tasks', 'facets'],
    queryFn: () => api<Facets>('/api/tasks/facets'),
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });

  const data = dashboard.data;
  // A period's dashboard counts statuses at its cut-off: the board it drills into does too.
  const scope: Scope = {
    documentId: query.documentId,
    section: query.section,
    unitId: query.unitId,
    asOf: query.period ? data?.asOf : undefined,
  };
  const drill = (d: Drill) => navigate(tasksHref(scope, d));

  const filterBar = (
    <Space wrap style={{ marginBottom: 16 }} data-testid="dashboard-filters">
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="Tất cả kế hoạch"
        aria-label="Kế hoạch"
        value={get('documentId')}
        onChange={(v?: string) => setFilters({ documentId: v })}
        loading={documents.isFetching}
        style={{ width: 230 }}
        popupMatchSelectWidth={false}
        options={(documents.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.symbol} ${d.title}`.trim(), title: d.title }))}
        optionRender={(o) => (
          <div style={{ maxWidth: 480, whiteSpace: 'normal' }}>
            <div>{documents.data?.items.find((d) => d.id === o.value)?.symbol || '—'}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {(o.data as { title: string }).title}
            </Typography.Text>
          </div>
        )}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="Tất cả mục, nhóm nhiệm vụ"
        aria-label="Mục, nhóm nhiệm vụ"
        value={get('section')}
        onChange={(v?: string) => setFilters({ section: v })}
        options={(facets.data?.sections ?? []).map((s) => ({ value: s, label: s }))}
        style={{ width: 230 }}
        popupMatchSelectWidth={false}
      />
      <UnitSelect
        placeholder="Tất cả đơn vị"
        value={get('unitId') ?? null}
        onChange={(v) => setFilters({ unitId: v })}
        status="all"
        allowClear
        style={{ width: 230 }}
      />
      <DatePicker
        picker="month"
        format="[Kỳ] MM/YYYY"
        placeholder="Kỳ hiện tại"
        aria-label="Kỳ báo cáo"
        value={get('period') ? dayjs(`${get('period')}-01`) : null}
        onChange={(d) => setFilters({ period: d ? d.format('YYYY-MM') : null })}
        disabledDate={(d) => d.isAfter(dayjs(), 'month')}
        style={{ width: 160 }}
      />
      {Object.keys(query).length > 0 && (
        <Button type="link" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
          Xóa bộ lọc
        </Button>
      )}
    </Space>
  );

  let body: ReactNode;
  if (dashboard.isPending) body = <Skeleton active paragraph={{ rows: 12 }} />;
  else if (!data) body = <LoadFailed title="Không tải được bảng điều hành" error={dashboard.error} onRetry={() => dashboard.refetch()} />;
  else {
    const s = data.byStatus;
    const share = (n: number) => (data.total ? `${fmtPercent((n / data.total) * 100)} tổng số` : '');
    const plans = data.plans.filter((p) => p.total > 0);
    body = (
      <div style={{ opacity: dashboard.isPlaceholderData ? 0.6 : 1, transition: 'opacity 0.2s' }}>
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          <Col xs={12} md={8} xl={4}>
            <FigureTile
              title={DRILL_TITLE}
              testId="tile-total"
              label="Tổng số nhiệm vụ"
              value={fmtNumber(data.total)}
              hint={[
                `${fmtNumber(s.not_started)} chưa thực hiện`,
                s.paused + s.cancelled ? `${fmtNumber(s.paused + s.cancelled)} dừng, hủy` : '',
              ]
                .filter(Boolean)
                .join(' · ')}
              color="#0b5394"
              to={tasksHref(scope)}
            />
          </Col>
          {(
            [
              ['done_on_time', 'tile-done-on-time', 'Hoàn thành đúng hạn', share(s.done_on_time)],
              ['done_late', 'tile-done-late', 'Hoàn thành quá hạn', share(s.done_late)],
              ['in_progress_overdue', 'tile-overdue', 'Đang quá hạn', share(s.in_progress_overdue)],
              ['in_progress_on_time', 'tile-in-progress', 'Đang thực hiện', `trong hạn · ${share(s.in_progress_on_time) || '0%'}`],
            ] as const
          ).map(([status, testId, label, hint]) => (
            <Col xs={12} md={8} xl={4} key={status}>
              <FigureTile
                title={DRILL_TITLE}
                testId={testId}
                label={label}
                value={
                  status === 'in_progress_overdue' ? (
                    <span style={{ color: s[status] ? '#cf1322' : undefined }}>{fmtNumber(s[status])}</span>
                  ) : (
                    fmtNumber(s[status])
                  )
                }
                hint={hint}
                color={STATUS_HEX[status]}
                to={tasksHref(scope, { statuses: [status] })}
              />
            </Col>
          ))}
          <Col xs={12} md={8} xl={4}>
            <FigureTile
              testId="tile-as-of"
              label="Số liệu tính đến ngày"
              value={
                <span data-testid="dashboard-as-of" style={{ fontSize: 24 }}>
                  {fmtDate(data.asOf)}
                </span>
              }
              hint={data.period ? (data.asOf < data.period.end ? `${data.period.label}, đến hôm nay` : data.period.label) : 'Hôm nay'}
              color="#8c96a5"
            />
          </Col>
        </Row>

        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          <Col xs={24} lg={10} xl={9}>
            <Panel title="Theo tình trạng" testId="panel-status">
              {data.total ? (
                <StatusDonut data={data} onDrill={drill} />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có nhiệm vụ" />
              )}
            </Panel>
          </Col>
          <Col xs={24} lg={14} xl={15}>
            <Panel
              title="Tiến độ theo kế hoạch"
              extra={<Typography.Text type="secondary">tiến độ bình quân</Typography.Text>}
              testId="panel-plans"
            >
              <PlanBars plans={plans} onDrill={drill} />
            </Panel>
          </Col>
        </Row>

        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          <Col xs={24} xl={12}>
            <UnitBars data={data} onDrill={drill} />
          </Col>
          <Col xs={24} xl={12}>
            <Panel title="Diễn biến 12 kỳ báo cáo" testId="panel-trend">
              <TrendLines trend={data.trend} onDrill={drill} />
            </Panel>
          </Col>
        </Row>

        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          <Col xs={24} xl={12}>
            <RankTable title="Xếp hạng hoàn thành nhiệm vụ đúng hạn" rows={data.ranking} kind="onTime" scope={scope} />
          </Col>
          <Col xs={24} xl={12}>
            <RankTable title="Xếp hạng báo cáo đúng hạn" rows={data.ranking} kind="reports" scope={scope} />
          </Col>
        </Row>

        <Card
          size="small"
          style={{ marginBottom: 12 }}
          data-testid="panel-overdue"
          title={
            <span>
              Nhiệm vụ quá hạn <Tag color="red">{fmtNumber(data.overdueTotal)}</Tag>
            </span>
          }
          extra={
            data.overdueTotal > 0 && (
              <Link to={tasksHref(scope, { statuses: ['in_progress_overdue'] })}>Xem tất cả trên danh sách nhiệm vụ</Link>
            )
          }
        >
          <TaskList
            rows={data.overdue}
            kind="overdue"
            onAsk={
              can('request:explanation')
                ? (t) => setAsking({ id: t.id, code: t.code, content: t.content, leads: t.leads, due: t.due, daysLate: t.days })
                : undefined
            }
          />
        </Card>

        <Card
          size="small"
          data-testid="panel-due-soon"
          title={
            <span>
              Đến hạn trong 30 ngày <Tag color="blue">{fmtNumber(data.dueSoonTotal)}</Tag>
            </span>
          }
          extra={
            data.dueSoonTotal > 0 && (
              <Link to={tasksHref(scope, { statuses: OPEN, dueFrom: addDays(data.asOf, 1), dueTo: addDays(data.asOf, 30) })}>
                Xem tất cả trên danh sách nhiệm vụ
              </Link>
            )
          }
        >
          <TaskList rows={data.dueSoon} kind="dueSoon" />
        </Card>
      </div>
    );
  }

  return (
    <div data-testid="dashboard">
      <PageHeader title="Bảng điều hành">
        <Typography.Text type="secondary">
          Tình hình thực hiện nhiệm vụ của các cơ quan, đơn vị. Bấm vào biểu đồ để xem danh sách nhiệm vụ tương ứng
          {data?.period ? '; danh sách hiển thị tình trạng hiện tại.' : '.'}
        </Typography.Text>
      </PageHeader>
      {filterBar}
      {body}
      <ExplanationRequestModal task={asking} onClose={() => setAsking(null)} />
    </div>
  );
}
