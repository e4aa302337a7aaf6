import { FileExcelOutlined, FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Grid,
  Progress,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useSearchParams } from 'react-router';
import { BUDGET_SOURCES, FUNDING_SOURCE_LABELS, FUNDING_SOURCES, type FundingSource } from '#common/domain/funding.ts';
import { FigureTile } from '../../components/figure-tile.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { LoadFailed } from '../../components/results.tsx';
import { AllocationModal } from './allocation-modal.tsx';
import { DisbursementModal } from './disbursement-modal.tsx';
import {
  type Allocation,
  defaultYear,
  type FundingSummary,
  fetchFunding,
  fmtDate,
  fmtDong,
  fmtMillions,
  fmtRate,
  fundingKey,
  reportHref,
  todayIso,
  useFundingScope,
  YEARS,
} from './funding-api.ts';

type Figures = { allocated: number; disbursed: number; rate: number };
type SourceRow = FundingSummary['bySource'][number] & { plan: number };
type UnitRow = FundingSummary['byUnit'][number];
type TaskRow = FundingSummary['byTask'][number];

const SOURCE_COLORS: Record<FundingSource, string> = {
  central: 'geekblue',
  provincial_investment: 'cyan',
  provincial_recurrent: 'blue',
  non_budget: 'purple',
};

/** Red under a third, amber under two thirds, green above: slow disbursement stands out. */
const rateColor = (rate: number) => (rate >= 66.7 ? '#389e0d' : rate >= 33.3 ? '#d48806' : '#cf1322');

function RateBar({ rate, allocated }: { rate: number; allocated: number }) {
  if (!allocated) return <Typography.Text type="secondary">—</Typography.Text>;
  const color = rateColor(rate);
  // Bar and figure laid out by hand: antd's inline label squeezes the bar in narrow cells.
  return (
    <Flex align="center" gap={8} style={{ whiteSpace: 'nowrap' }}>
      <Progress percent={Math.min(rate, 100)} showInfo={false} strokeColor={color} size={['100%', 8]} style={{ width: 64, margin: 0 }} />
      <span style={{ fontVariantNumeric: 'tabular-nums' }}>{fmtRate(rate)}</span>
    </Flex>
  );
}

/** A money cell in triệu đồng; the exact đồng on hover. */
function Money({ dong, strong }: { dong: number; strong?: boolean }) {
  return (
    <span
      title={`${fmtDong(dong)} đồng`}
      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap', fontWeight: strong ? 600 : undefined }}
    >
      {fmtMillions(dong)}
    </span>
  );
}

const unitLabel = (u: { name: string; shortName: string }) => u.shortName || u.name;

/** Money columns shared by the tables by source, unit and task. */
function figureColumns<T extends Figures>(sortable: boolean): TableColumnsType<T> {
  return [
    {
      title: 'Được giao',
      dataIndex: 'allocated',
      align: 'right',
      width: 130,
      render: (v: number) => <Money dong={v} />,
      sorter: sortable ? (a, b) => a.allocated - b.allocated : undefined,
    },
    {
      title: 'Đã giải ngân',
      dataIndex: 'disbursed',
      align: 'right',
      width: 130,
      render: (v: number) => <Money dong={v} />,
      sorter: sortable ? (a, b) => a.disbursed - b.disbursed : undefined,
    },
    {
      title: 'Tỷ lệ giải ngân',
      dataIndex: 'rate',
      width: 150,
      render: (_: number, r) => <RateBar rate={r.rate} allocated={r.allocated} />,
      sorter: sortable ? (a, b) => a.rate - b.rate : undefined,
    },
  ];
}

function Summary({ data }: { data: FundingSummary }) {
  const planOf = (sources: readonly FundingSource[]) =>
    data.plan.filter((p) => sources.includes(p.source)).reduce((s, p) => s + p.amount, 0);
  const budget = planOf(BUDGET_SOURCES);
  const total = planOf(FUNDING_SOURCES);
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      <Col xs={24} sm={12} xl={6}>
        <FigureTile
          testId="funding-allocated"
          label={`Kinh phí được giao năm ${data.year}`}
          value={<Money dong={data.total.allocated} />}
          hint={`triệu đồng · ${data.allocations.length} khoản`}
          color="#0b5394"
        />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <FigureTile
          testId="funding-disbursed"
          label={`Đã giải ngân đến ${fmtDate(data.asOf)}`}
          value={<Money dong={data.total.disbursed} />}
          hint={`triệu đồng · chưa giải ngân ${fmtMillions(data.total.allocated - data.total.disbursed)}`}
          color="#389e0d"
        />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <FigureTile
          testId="funding-rate"
          label="Tỷ lệ giải ngân"
          value={data.total.allocated ? fmtRate(data.total.rate) : '—'}
          hint={
            <Progress
              percent={Math.min(data.total.rate, 100)}
              showInfo={false}
              size={['100%', 6]}
              strokeColor={rateColor(data.total.rate)}
              style={{ margin: '4px 0 0' }}
            />
          }
          color="#d48806"
        />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <FigureTile
          testId="funding-needs"
          label="Nhu cầu kinh phí Đề án 2026–2030"
          value={<Money dong={total} />}
          hint={
            <>
              <div>triệu đồng, trong đó:</div>
              <div>
                ngân sách nhà nước <b>{fmtMillions(budget)}</b>; ngoài ngân sách <b>{fmtMillions(total - budget)}</b>
              </div>
            </>
          }
          color="#722ed1"
        />
      </Col>
    </Row>
  );
}

function BySourceTable({ data }: { data: FundingSummary }) {
  const rows: SourceRow[] = data.bySource.map((s) => ({ ...s, plan: data.plan.find((p) => p.source === s.source)?.amount ?? 0 }));
  const columns: TableColumnsType<SourceRow> = [
    { title: 'Nguồn kinh phí', dataIndex: 'source', render: (s: FundingSource) => FUNDING_SOURCE_LABELS[s] },
    {
      title: 'Nhu cầu Đề án 2026–2030',
      dataIndex: 'plan',
      align: 'right',
      width: 150,
      render: (v: number) => <Money dong={v} />,
    },
    ...figureColumns<SourceRow>(false).map((c) =>
      'dataIndex' in c && c.dataIndex === 'allocated' ? { ...c, title: `Được giao năm ${data.year}` } : c,
    ),
  ];
  const plan = rows.reduce((s, r) => s + r.plan, 0);
  return (
    <Table<SourceRow>
      rowKey="source"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 760 }}
      data-testid="funding-by-source"
      summary={() => (
        <Table.Summary.Row style={{ background: '#fafbfc' }}>
          <Table.Summary.Cell index={0}>
            <b>Tổng cộng</b>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <Money dong={plan} strong />
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2} align="right">
            <Money dong={data.total.allocated} strong />
          </Table.Summary.Cell>
          <Table.Summary.Cell index={3} align="right">
            <Money dong={data.total.disbursed} strong />
          </Table.Summary.Cell>
          <Table.Summary.Cell index={4}>
            <RateBar rate={data.total.rate} allocated={data.total.allocated} />
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

function ByUnitTable({ rows }: { rows: UnitRow[] }) {
  const columns: TableColumnsType<UnitRow> = [
    {
      title: 'Đơn vị',
      key: 'unit',
      render: (_, r) => <span title={r.unit.name}>{r.unit.name}</span>,
      sorter: (a, b) => a.unit.name.localeCompare(b.unit.name, 'vi'),
    },
    ...figureColumns<UnitRow>(true),
  ];
  return (
    <Table<UnitRow>
      rowKey={(r) => r.unit.id}
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 680 }}
      showSorterTooltip={{ title: 'Bấm để sắp xếp' }}
      data-testid="funding-by-unit"
    />
  );
}

function ByTaskTable({ rows }: { rows: TaskRow[] }) {
  const columns: TableColumnsType<TaskRow> = [
    {
      title: 'Nhiệm vụ',
      key: 'task',
      render: (_, r) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.task.content }} style={{ margin: 0 }}>
          <Typography.Text strong>{r.task.code}</Typography.Text> {r.task.content}
        </Typography.Paragraph>
      ),
    },
    ...figureColumns<TaskRow>(true),
  ];
  return (
    <Table<TaskRow>
      rowKey={(r) => r.task.id}
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 760 }}
      data-testid="funding-by-task"
    />
  );
}

function Disbursements({ allocation }: { allocation: Allocation }) {
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      style={{ maxWidth: 720 }}
      dataSource={allocation.disbursements}
      data-testid="disbursement-list"
      columns={[
        { title: 'Ngày giải ngân', dataIndex: 'on', width: 130, render: (d: string) => fmtDate(d) },
        {
          title: 'Số tiền (triệu đồng)',
          dataIndex: 'amount',
          width: 170,
          align: 'right',
          render: (v: number) => <Money dong={v} />,
        },
        { title: 'Ghi chú', dataIndex: 'note', render: (n: string) => n || <Typography.Text type="secondary">—</Typography.Text> },
      ]}
    />
  );
}

function AllocationsTable({
  data,
  canEnter,
  showUnit,
  onDisburse,
}: {
  data: FundingSummary;
  canEnter: boolean;
  showUnit: boolean;
  onDisburse: (a: Allocation) => void;
}) {
  const units = [...new Map(data.allocations.map((a) => [a.unit.id, a.unit])).values()];
  // Below 1200 px the source moves under the title: the money and the button stay in view.
  const wide = Grid.useBreakpoint().xl ?? true;
  const sourceTag = (s: FundingSource) => (
    <Tag color={SOURCE_COLORS[s]} style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}>
      {FUNDING_SOURCE_LABELS[s]}
    </Tag>
  );
  const columns: TableColumnsType<Allocation> = [
    ...(showUnit
      ? ([
          {
            title: 'Đơn vị',
            key: 'unit',
            width: 120,
            render: (_, a) => <span title={a.unit.name}>{unitLabel(a.unit)}</span>,
            filters: units.length > 1 ? units.map((u) => ({ text: u.name, value: u.id })) : undefined,
            onFilter: (value, a) => a.unit.id === value,
          },
        ] satisfies TableColumnsType<Allocation>)
      : []),
    {
      title: 'Nhiệm vụ / dự án',
      key: 'what',
      render: (_, a) => (
        <div>
          <Typography.Paragraph
            ellipsis={{ rows: 2, tooltip: a.task ? a.task.content : a.project }}
            style={{ margin: 0 }}
            data-testid="allocation-title"
          >
            {a.task ? (
              <>
                <Typography.Text strong>{a.task.code}</Typography.Text> {a.task.content}
              </>
            ) : (
              a.project
            )}
          </Typography.Paragraph>
          {a.task && a.project && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.project}
            </Typography.Text>
          )}
          {a.note && (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 1, tooltip: a.note }} style={{ margin: 0, fontSize: 12 }}>
              {a.note}
            </Typography.Paragraph>
          )}
          {!wide && <div style={{ marginTop: 4 }}>{sourceTag(a.source)}</div>}
        </div>
      ),
    },
    ...(wide
      ? ([
          {
            title: 'Nguồn',
            dataIndex: 'source',
            width: 140,
            render: (s: FundingSource) => sourceTag(s),
            filters: FUNDING_SOURCES.map((s) => ({ text: FUNDING_SOURCE_LABELS[s], value: s })),
            onFilter: (value, a) => a.source === value,
          },
        ] satisfies TableColumnsType<Allocation>)
      : []),
    {
      title: 'Được giao',
      dataIndex: 'amount',
      align: 'right',
      width: 112,
      render: (v: number) => <Money dong={v} />,
      sorter: (a, b) => a.amount - b.amount,
    },
    {
      title: 'Đã giải ngân',
      dataIndex: 'disbursed',
      align: 'right',
      width: 110,
      render: (v: number, a) => (
        <div>
          <Money dong={v} />
          {a.disbursements.length > 0 && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {a.disbursements.length} lần
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      title: 'Tỷ lệ',
      dataIndex: 'rate',
      width: 130,
      render: (_: number, a) => <RateBar rate={a.rate} allocated={a.amount} />,
      sorter: (a, b) => a.rate - b.rate,
    },
    ...(canEnter
      ? ([
          {
            title: '',
            key: 'action',
            width: 124,
            // Kept in view when the table scrolls sideways on a narrow screen.
            fixed: 'right',
            render: (_, a) => (
              <Button size="small" onClick={() => onDisburse(a)} data-testid="disburse" disabled={a.disbursed >= a.amount}>
                Ghi giải ngân
              </Button>
            ),
          },
        ] satisfies TableColumnsType<Allocation>)
      : []),
  ];
  return (
    <Table<Allocation>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={data.allocations}
      pagination={data.allocations.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      scroll={{ x: 48 + (showUnit ? 120 : 0) + 220 + (wide ? 140 : 0) + 112 + 110 + 130 + (canEnter ? 124 : 0) }}
      onRow={() => ({ 'data-testid': 'allocation-row' }) as React.HTMLAttributes<HTMLElement>}
      expandable={{
        rowExpandable: (a) => a.disbursements.length > 0,
        expandedRowRender: (a) => <Disbursements allocation={a} />,
      }}
      data-testid="funding-allocations"
    />
  );
}

export default function FundingPage() {
  const scope = useFundingScope();
  const [params, setParams] = useSearchParams();
  const today = todayIso();
  const year = Number(params.get('year')) || defaultYear();
  const asOf = params.get('asOf') ?? today;
  const [month, setMonth] = useState(() => dayjs(today).format('YYYY-MM'));
  const [allocating, setAllocating] = useState(false);
  const [disbursing, setDisbursing] = useState<Allocation | null>(null);

  const summary = useQuery({
    queryKey: fundingKey(year, asOf),
    queryFn: () => fetchFunding(year, asOf),
    placeholderData: keepPreviousData,
  });
  const data = summary.data;

  const set = (key: 'year' | 'asOf', value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const toolbar = (
    <Flex gap={12} wrap align="center" justify="space-between" style={{ marginBottom: 16 }}>
      <Space wrap>
        <Select
          value={year}
          onChange={(v: number) => set('year', String(v))}
          style={{ width: 120 }}
          aria-label="Năm"
          data-testid="funding-year"
          options={YEARS.map((y) => ({ value: y, label: `Năm ${y}` }))}
        />
        <Space size={6}>
          <Typography.Text type="secondary">Số liệu đến ngày</Typography.Text>
          <DatePicker
            value={dayjs(asOf)}
            format="DD/MM/YYYY"
            allowClear={false}
            aria-label="Số liệu đến ngày"
            data-testid="funding-as-of"
            onChange={(d) => set('asOf', d && d.format('YYYY-MM-DD') !== today ? d.format('YYYY-MM-DD') : null)}
            style={{ width: 140 }}
          />
        </Space>
      </Space>
      <Space wrap size={6}>
        <Typography.Text type="secondary">Báo cáo tháng</Typography.Text>
        <DatePicker
          picker="month"
          format="MM/YYYY"
          allowClear={false}
          aria-label="Tháng báo cáo"
          data-testid="report-month"
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
          disabledDate={(d) => d.isAfter(dayjs(today), 'month')}
          style={{ width: 120 }}
        />
        <Button icon={<FileWordOutlined />} href={reportHref('docx', month)} download data-testid="report-docx">
          Báo cáo tháng (DOCX)
        </Button>
        <Button icon={<FileExcelOutlined />} href={reportHref('xlsx', month)} download data-testid="report-xlsx">
          Số liệu (XLSX)
        </Button>
      </Space>
    </Flex>
  );

  let body: ReactNode;
  if (summary.isPending) body = <Skeleton active paragraph={{ rows: 10 }} />;
  else if (!data) body = <LoadFailed title="Không tải được số liệu kinh phí" error={summary.error} onRetry={() => summary.refetch()} />;
  else {
    const empty = data.allocations.length === 0;
    // A unit that sees only itself gets nothing from a one-row table by unit.
    const showUnits = scope.seesAll || data.byUnit.length > 1;
    body = (
      <div style={{ opacity: summary.isPlaceholderData ? 0.6 : 1, transition: 'opacity 0.2s' }}>
        <Summary data={data} />
        <Card size="small" title="Theo nguồn kinh phí (triệu đồng)" style={{ marginBottom: 16 }}>
          <BySourceTable data={data} />
        </Card>
        {empty ? (
          <Card size="small" title="Các khoản kinh phí">
            <Empty
              data-testid="funding-empty"
              description={
                <>
                  <div>Chưa có khoản kinh phí nào trong năm {data.year}.</div>
                  {scope.canEnter && (
                    <Typography.Text type="secondary">
                      {scope.isFinance
                        ? 'Sở Tài chính ghi kinh phí được giao cho các đơn vị bằng nút "Thêm khoản kinh phí".'
                        : 'Ghi kinh phí đơn vị được giao bằng nút "Thêm khoản kinh phí".'}
                    </Typography.Text>
                  )}
                </>
              }
            />
          </Card>
        ) : (
          <>
            {(showUnits || data.byTask.length > 0) && (
              <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
                {showUnits && (
                  <Col xs={24} xxl={data.byTask.length > 0 ? 12 : 24}>
                    <Card size="small" title="Theo đơn vị (triệu đồng)" style={{ height: '100%' }}>
                      <ByUnitTable rows={data.byUnit} />
                    </Card>
                  </Col>
                )}
                {data.byTask.length > 0 && (
                  <Col xs={24} xxl={showUnits ? 12 : 24}>
                    <Card size="small" title="Theo nhiệm vụ (triệu đồng)" style={{ height: '100%' }}>
                      <ByTaskTable rows={data.byTask} />
                    </Card>
                  </Col>
                )}
              </Row>
            )}
            <Card
              size="small"
              title="Các khoản kinh phí (triệu đồng)"
              extra={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  Bấm dấu + để xem các lần giải ngân
                </Typography.Text>
              }
            >
              <AllocationsTable data={data} canEnter={scope.canEnter} showUnit={showUnits} onDisburse={setDisbursing} />
            </Card>
          </>
        )}
      </div>
    );
  }

  return (
    <div>
      <PageHeader
        title="Kinh phí"
        extra={
          scope.canEnter && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setAllocating(true)}
              loading={!scope.ready}
              data-testid="allocate"
            >
              Thêm khoản kinh phí
            </Button>
          )
        }
      >
        <Typography.Text type="secondary">
          {scope.seesAll
            ? 'Kinh phí thực hiện Đề án được giao cho các đơn vị theo nguồn và tình hình giải ngân; số tiền tính bằng triệu đồng.'
            : `Kinh phí được giao cho ${scope.unitName} và tình hình giải ngân; số tiền tính bằng triệu đồng.`}
        </Typography.Text>
      </PageHeader>
      {toolbar}
      {body}
      {allocating && <AllocationModal year={year} scope={scope} onClose={() => setAllocating(false)} />}
      {disbursing && (
        <DisbursementModal
          allocation={disbursing}
          asOf={asOf}
          reload={async () => (await summary.refetch()).data}
          onClose={() => setDisbursing(null)}
        />
      )}
    </div>
  );
}
