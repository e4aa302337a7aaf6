import { ArrowLeftOutlined, FileAddOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  Flex,
  Input,
  Result,
  Row,
  Segmented,
  Skeleton,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import {
  type ConsolidatedReport,
  PERIOD_STATE_LABELS,
  type PeriodUnit,
  SUBMISSION_STATE_LABELS,
  SUBMISSION_STATES,
  type SubmissionState,
} from '#common/contracts/reporting.ts';
import { FREQUENCY_LABELS } from '#common/domain/period.ts';
import { foldText, searchWords } from '#common/domain/text.ts';
import { ApiError } from '../../lib/api.ts';
import { showError, showSuccess } from '../../lib/feedback.ts';
import { useCan } from '../../lib/session.ts';
import { fetchPeriod, fmtDate, pct, periodKey, reportStateTag, submissionTag, todayIso, useReportingWrite } from './reporting-api.ts';

type UnitRow = z.infer<typeof PeriodUnit>;

export default function PeriodDetailPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const navigate = useNavigate();
  const write = useReportingWrite();
  const [filter, setFilter] = useState<SubmissionState | 'all'>('all');
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const query = useQuery({ queryKey: periodKey(id), queryFn: () => fetchPeriod(id), meta: { silent: true } });

  if (query.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (query.isError || !query.data) {
    const status = query.error instanceof ApiError ? query.error.status : 0;
    const missing = status === 403 || status === 404 || status === 400;
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? 'Không tìm thấy kỳ báo cáo' : 'Không tải được kỳ báo cáo'}
        subTitle={missing ? 'Kỳ báo cáo không tồn tại hoặc không thuộc phạm vi của bạn.' : (query.error?.message ?? 'Hãy thử lại sau.')}
        extra={
          <Link to="/reporting">
            <Button type="primary">Về danh sách kỳ báo cáo</Button>
          </Link>
        }
      />
    );
  }

  const period = query.data;
  const { rates } = period;
  const words = searchWords(search);
  const rows = period.units.filter(
    (u) => (filter === 'all' || u.submission === filter) && words.every((w) => foldText(`${u.unit.name} ${u.unit.shortName}`).includes(w)),
  );
  const count = (s: SubmissionState) => period.units.filter((u) => u.submission === s).length;
  const overdue = period.state === 'open' && period.due < todayIso();

  const consolidate = async () => {
    setCreating(true);
    try {
      const report = await write<ConsolidatedReport>('/api/consolidated-reports', 'POST', { periodId: period.id });
      showSuccess(report.state === 'draft' ? 'Đã mở dự thảo báo cáo tổng hợp.' : 'Đã mở báo cáo tổng hợp.');
      navigate(`/reports/${report.id}`);
    } catch (error) {
      showError(error);
    } finally {
      setCreating(false);
    }
  };

  const columns: TableColumnsType<UnitRow> = [
    { title: 'STT', key: 'index', width: 60, align: 'right', render: (_, __, i) => i + 1 },
    {
      title: 'Đơn vị',
      key: 'unit',
      render: (_, r) => (
        <Link to={`/reporting/periods/${period.id}/units/${r.unit.id}`} data-testid="unit-report-link">
          {r.unit.name}
        </Link>
      ),
    },
    { title: 'Báo cáo', dataIndex: 'state', width: 200, render: (s: UnitRow['state']) => reportStateTag(s) },
    { title: 'Thời hạn gửi', dataIndex: 'submission', width: 180, render: (s: SubmissionState) => submissionTag(s) },
    { title: 'Ngày gửi', dataIndex: 'submittedOn', width: 120, render: (d: string | null) => fmtDate(d) || '—' },
    {
      title: '',
      key: 'open',
      width: 110,
      render: (_, r) => <Link to={`/reporting/periods/${period.id}/units/${r.unit.id}`}>{r.state === 'none' ? 'Xem' : 'Xem báo cáo'}</Link>,
    },
  ];

  const stat = (title: string, value: number | string, color?: string) => (
    <Col xs={12} sm={8} lg={6} xl={3}>
      <Statistic title={title} value={value} styles={{ content: { color, fontSize: 22 } }} />
    </Col>
  );

  return (
    <div data-testid="period-detail" style={{ maxWidth: 1280 }}>
      <Link to="/reporting" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> Kỳ báo cáo
      </Link>
      <div className="page-header" style={{ alignItems: 'flex-start' }}>
        <div>
          <h1>
            {period.regimeName} · {period.label}
          </h1>
          <Flex gap={8} align="center" wrap style={{ marginTop: 6 }}>
            <Tag color={period.state === 'open' ? 'blue' : 'default'}>{PERIOD_STATE_LABELS[period.state]}</Tag>
            <Tag>{FREQUENCY_LABELS[period.frequency]}</Tag>
            <Typography.Text type="secondary">
              Số liệu từ {fmtDate(period.start)} đến {fmtDate(period.end)} · hạn gửi{' '}
              <Typography.Text type={overdue ? 'danger' : undefined} strong>
                {fmtDate(period.due)}
              </Typography.Text>
            </Typography.Text>
          </Flex>
        </div>
        {can('review:report') && (
          <Button type="primary" icon={<FileAddOutlined />} loading={creating} onClick={consolidate} data-testid="consolidate">
            Lập báo cáo tổng hợp
          </Button>
        )}
      </div>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[16, 12]}>
          {stat('Phải báo cáo', rates.expected)}
          {stat('Đã gửi', rates.submitted)}
          {stat('Đúng hạn', rates.onTime, '#389e0d')}
          {stat('Muộn', rates.late, '#d46b08')}
          {stat('Quá hạn chưa gửi', rates.missing, '#cf1322')}
          {stat('Chưa đến hạn', rates.pending)}
          {stat('Tỷ lệ đầy đủ', pct(rates.completeness))}
          {stat('Tỷ lệ đúng hạn', pct(rates.timeliness), '#389e0d')}
        </Row>
      </Card>

      <Card size="small">
        <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
          <Segmented<SubmissionState | 'all'>
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'all', label: `Tất cả (${period.units.length})` },
              ...SUBMISSION_STATES.map((s) => ({ value: s, label: `${SUBMISSION_STATE_LABELS[s]} (${count(s)})` })),
            ]}
            data-testid="submission-filter"
          />
          <Input.Search
            allowClear
            placeholder="Tìm đơn vị"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 240 }}
            aria-label="Tìm đơn vị"
          />
        </Flex>
        <Table<UnitRow>
          rowKey={(r) => r.unit.id}
          size="middle"
          columns={columns}
          dataSource={rows}
          scroll={{ x: 820 }}
          pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false, showTotal: (t) => `${t} đơn vị` } : false}
          onRow={() => ({ 'data-testid': 'period-unit-row' }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: period.units.length ? 'Không có đơn vị nào khớp bộ lọc' : 'Kỳ này không có đơn vị nào phải báo cáo' }}
        />
      </Card>
    </div>
  );
}
