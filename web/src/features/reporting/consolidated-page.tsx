import {
  ArrowLeftOutlined,
  FileExcelOutlined,
  FileWordOutlined,
  ReloadOutlined,
  SafetyCertificateOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Progress,
  Result,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { z } from 'zod';
import {
  type ConsolidatedReport,
  NARRATIVE_LABELS,
  NARRATIVE_PARTS,
  type Narrative,
  type OverdueTask,
  type PlanFigures,
  type SectionFigures,
  type UnitNote,
} from '#common/contracts/reporting.ts';
import { ConflictAlert } from '../../components/conflict-alert.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { feedback, showSuccess } from '../../lib/feedback.ts';
import { applyApiError, changedFields } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import {
  afterReportingChange,
  consolidatedKey,
  consolidatedTag,
  docxHref,
  fetchConsolidated,
  fmtDate,
  pct,
  xlsxHref,
} from './reporting-api.ts';

type Section = z.infer<typeof SectionFigures>;
type Note = z.infer<typeof UnitNote>;
type DueNext = Omit<OverdueTask, 'daysLate' | 'reason'>;
type Values = {
  summary: string;
  narrative: Narrative;
  recipients: string;
  signer: ConsolidatedReport['signer'];
};
type Body = { summary: string; narrative: Narrative; recipients: string[]; signer: ConsolidatedReport['signer'] };

const pre: React.CSSProperties = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' };
const GREEN = '#389e0d';
const ORANGE = '#d46b08';
const RED = '#cf1322';

const toValues = (r: ConsolidatedReport): Values => ({
  summary: r.summary,
  narrative: r.narrative,
  recipients: r.recipients.join('\n'),
  signer: r.signer,
});

/** One recipient a line; the "- " and ";" of Decree 30's layout are the document's, not the data's. */
const toBody = (v: Values): Body => ({
  summary: (v.summary ?? '').trim(),
  narrative: Object.fromEntries(NARRATIVE_PARTS.map((p) => [p, (v.narrative?.[p] ?? '').trim()])) as Narrative,
  recipients: (v.recipients ?? '')
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/^[-–•]\s*/, '')
        .replace(/;$/, '')
        .trim(),
    )
    .filter(Boolean),
  signer: { authority: v.signer?.authority?.trim() ?? '', title: v.signer?.title?.trim() ?? '', name: v.signer?.name?.trim() ?? '' },
});

/** A count that matters when it is not zero (overdue): red and bold, else a quiet 0. */
function alarm(n: number) {
  return n ? <b style={{ color: RED }}>{n}</b> : <Typography.Text type="secondary">0</Typography.Text>;
}

function taskLink(t: { taskId: string; code: string }) {
  return <Link to={`/tasks/${t.taskId}`}>{t.code || 'Xem'}</Link>;
}

function clamp(text: string, rows = 2) {
  return (
    <Typography.Paragraph ellipsis={{ rows, tooltip: text }} style={{ margin: 0 }}>
      {text}
    </Typography.Paragraph>
  );
}

function Figures({ report }: { report: ConsolidatedReport }) {
  const { data } = report;
  const planColumns: TableColumnsType<PlanFigures> = [
    {
      title: 'Kế hoạch',
      key: 'plan',
      render: (_, p) => (
        <div>
          {p.documentId ? <Link to={`/documents/${p.documentId}`}>{p.symbol || 'Văn bản'}</Link> : <b>{p.symbol || '—'}</b>}
          {p.title && clamp(p.title, 2)}
        </div>
      ),
    },
    { title: 'Tổng số', dataIndex: 'total', width: 80, align: 'right' },
    { title: 'Đến hạn', dataIndex: 'due', width: 80, align: 'right' },
    {
      title: 'HT đúng hạn',
      dataIndex: 'doneOnTime',
      width: 95,
      align: 'right',
      render: (n: number) => <span style={{ color: GREEN }}>{n}</span>,
    },
    {
      title: 'HT muộn',
      dataIndex: 'doneLate',
      width: 80,
      align: 'right',
      render: (n: number) => <span style={{ color: ORANGE }}>{n}</span>,
    },
    {
      title: 'Quá hạn',
      dataIndex: 'overdue',
      width: 80,
      align: 'right',
      render: alarm,
    },
    { title: 'Đang thực hiện', dataIndex: 'inProgress', width: 105, align: 'right' },
    { title: 'Chưa triển khai', dataIndex: 'notStarted', width: 110, align: 'right' },
    {
      title: 'Tiến độ',
      dataIndex: 'percent',
      width: 130,
      render: (p: number) => <Progress percent={Math.round(p)} size={[70, 6]} format={() => pct(p)} style={{ margin: 0 }} />,
    },
  ];
  const t = data.totals;

  const sectionColumns: TableColumnsType<Section> = [
    {
      title: 'Văn bản',
      dataIndex: 'symbol',
      width: 130,
      // unnumbered plans share a symbol ("/KH-UBND"): the plan's title tells them apart
      render: (symbol: string, s) => (
        <Tooltip title={data.plans.find((p) => p.documentId && p.documentId === s.documentId)?.title}>
          <span>{symbol || '—'}</span>
        </Tooltip>
      ),
    },
    { title: 'Mục, nhóm nhiệm vụ', dataIndex: 'section', render: (s: string) => clamp(s || '(không phân mục)') },
    { title: 'Tổng số', dataIndex: 'total', width: 80, align: 'right' },
    { title: 'Hoàn thành', dataIndex: 'done', width: 95, align: 'right' },
    {
      title: 'Quá hạn',
      dataIndex: 'overdue',
      width: 80,
      align: 'right',
      render: alarm,
    },
    {
      title: 'Tiến độ',
      dataIndex: 'percent',
      width: 130,
      render: (p: number) => <Progress percent={Math.round(p)} size={[70, 6]} format={() => pct(p)} style={{ margin: 0 }} />,
    },
  ];

  const overdueColumns: TableColumnsType<OverdueTask> = [
    { title: 'Mã', key: 'code', width: 80, render: (_, o) => taskLink(o) },
    { title: 'Nội dung', dataIndex: 'content', render: (c: string) => clamp(c, 3) },
    { title: 'Văn bản', dataIndex: 'documentSymbol', width: 120 },
    { title: 'Chủ trì', dataIndex: 'leads', width: 170, render: (l: string[]) => clamp(l.join('; ')) },
    { title: 'Hạn', dataIndex: 'due', width: 100, render: (d: string) => fmtDate(d) },
    { title: 'Quá hạn', dataIndex: 'daysLate', width: 85, align: 'right', render: (n: number) => <b style={{ color: RED }}>{n} ngày</b> },
    {
      title: 'Lý do (khó khăn đơn vị nêu)',
      dataIndex: 'reason',
      width: 260,
      render: (r: string) => (r ? clamp(r, 3) : <Typography.Text type="secondary">Đơn vị chưa nêu</Typography.Text>),
    },
  ];

  const dueNextColumns: TableColumnsType<DueNext> = [
    { title: 'Mã', key: 'code', width: 80, render: (_, o) => taskLink(o) },
    { title: 'Nội dung', dataIndex: 'content', render: (c: string) => clamp(c, 2) },
    { title: 'Văn bản', dataIndex: 'documentSymbol', width: 120 },
    { title: 'Chủ trì', dataIndex: 'leads', width: 200, render: (l: string[]) => clamp(l.join('; ')) },
    { title: 'Hạn', dataIndex: 'due', width: 100, render: (d: string) => fmtDate(d) },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title="Kết quả thực hiện theo kế hoạch">
        <Table<PlanFigures>
          rowKey={(p) => p.documentId ?? p.symbol}
          size="small"
          columns={planColumns}
          dataSource={data.plans}
          pagination={false}
          scroll={{ x: 980 }}
          data-testid="plan-figures"
          summary={() =>
            data.plans.length > 1 && (
              <Table.Summary.Row style={{ fontWeight: 600, background: '#fafafa' }}>
                <Table.Summary.Cell index={0}>Tổng cộng</Table.Summary.Cell>
                {(['total', 'due', 'doneOnTime', 'doneLate', 'overdue', 'inProgress', 'notStarted'] as const).map((key, i) => (
                  <Table.Summary.Cell key={key} index={i + 1} align="right">
                    {t[key]}
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={8}>{pct(t.percent)}</Table.Summary.Cell>
              </Table.Summary.Row>
            )
          }
        />
      </Card>
      <Card size="small" title={`Nhiệm vụ chậm tiến độ (${data.overdue.length})`}>
        <Table<OverdueTask>
          rowKey="taskId"
          size="small"
          columns={overdueColumns}
          dataSource={data.overdue}
          pagination={pagedOver20(data.overdue.length)}
          scroll={{ x: 1000 }}
          locale={{ emptyText: 'Không có nhiệm vụ quá hạn' }}
          data-testid="overdue-figures"
        />
      </Card>
      <Card size="small" title="Theo mục, nhóm nhiệm vụ">
        <Table<Section>
          rowKey={(s) => `${s.documentId}:${s.section}`}
          size="small"
          columns={sectionColumns}
          dataSource={data.sections}
          pagination={pagedOver20(data.sections.length)}
          scroll={{ x: 760 }}
        />
      </Card>
      <Card size="small" title={`Nhiệm vụ đến hạn trong 30 ngày tới (${data.dueNext.length})`}>
        <Table<DueNext>
          rowKey="taskId"
          size="small"
          columns={dueNextColumns}
          dataSource={data.dueNext}
          pagination={pagedOver20(data.dueNext.length)}
          scroll={{ x: 800 }}
          locale={{ emptyText: 'Không có nhiệm vụ đến hạn trong 30 ngày tới' }}
        />
      </Card>
    </Space>
  );
}

/** Long lists page by 20; short ones show whole. */
const pagedOver20 = (rows: number) => (rows > 20 ? { pageSize: 20, showSizeChanger: false } : false);

function NotesList({ title, notes }: { title: string; notes: Note[] }) {
  return (
    <Card size="small" title={`${title} (${notes.length})`}>
      {notes.length ? (
        <List
          size="small"
          dataSource={notes}
          renderItem={(n) => (
            <List.Item style={{ display: 'block' }}>
              <Typography.Text strong>{n.unit}: </Typography.Text>
              <span style={pre}>{n.text}</span>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Không có" />
      )}
    </Card>
  );
}

function Reporting({ report }: { report: ConsolidatedReport }) {
  const { rates, missingUnits, lateUnits, obstacles, proposals } = report.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title="Tình hình gửi báo cáo của các đơn vị">
        <Row gutter={[16, 12]}>
          <Col xs={12} md={6} xl={3}>
            <Statistic title="Phải báo cáo" value={rates.expected} />
          </Col>
          <Col xs={12} md={6} xl={3}>
            <Statistic title="Đã gửi" value={rates.submitted} />
          </Col>
          <Col xs={12} md={6} xl={3}>
            <Statistic title="Đúng hạn" value={rates.onTime} styles={{ content: { color: GREEN } }} />
          </Col>
          <Col xs={12} md={6} xl={3}>
            <Statistic title="Muộn" value={rates.late} styles={{ content: { color: ORANGE } }} />
          </Col>
          <Col xs={12} md={6} xl={3}>
            <Statistic title="Chưa gửi" value={rates.missing + rates.pending} styles={{ content: { color: RED } }} />
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Statistic title="Tỷ lệ đầy đủ" value={pct(rates.completeness)} />
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Statistic title="Tỷ lệ đúng hạn" value={pct(rates.timeliness)} styles={{ content: { color: GREEN } }} />
          </Col>
        </Row>
        <Descriptions
          size="small"
          column={1}
          style={{ marginTop: 12 }}
          styles={{ label: { width: 170 } }}
          items={[
            {
              key: 'missing',
              label: `Chưa gửi (${missingUnits.length})`,
              children: missingUnits.length ? (
                <Flex wrap gap={4}>
                  {missingUnits.map((u) => (
                    <Tag key={u} color="red">
                      {u}
                    </Tag>
                  ))}
                </Flex>
              ) : (
                'Không có'
              ),
            },
            {
              key: 'late',
              label: `Gửi muộn (${lateUnits.length})`,
              children: lateUnits.length ? (
                <Flex wrap gap={4}>
                  {lateUnits.map((u) => (
                    <Tag key={u} color="orange">
                      {u}
                    </Tag>
                  ))}
                </Flex>
              ) : (
                'Không có'
              ),
            },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <NotesList title="Khó khăn, vướng mắc các đơn vị nêu" notes={obstacles} />
        </Col>
        <Col xs={24} lg={12}>
          <NotesList title="Kiến nghị, đề xuất của các đơn vị" notes={proposals} />
        </Col>
      </Row>
    </Space>
  );
}

/** The issued (or read-only) text, laid out as the document reads. */
function ReadOnlyText({ report }: { report: ConsolidatedReport }) {
  return (
    <div style={{ maxWidth: 900 }} data-testid="consolidated-text">
      <Typography.Title level={5} style={{ textAlign: 'center', marginTop: 0 }}>
        BÁO CÁO
        <br />
        {report.summary}
      </Typography.Title>
      {NARRATIVE_PARTS.map((p) => (
        <div key={p} style={{ marginBottom: 16 }}>
          <Typography.Text strong>{NARRATIVE_LABELS[p]}</Typography.Text>
          <div style={{ ...pre, marginTop: 4, textAlign: 'justify' }}>{report.narrative[p] || '—'}</div>
        </div>
      ))}
      <Row gutter={24} style={{ marginTop: 24 }}>
        <Col xs={24} md={12}>
          <Typography.Text strong italic>
            Nơi nhận:
          </Typography.Text>
          <div style={{ fontSize: 13 }}>
            {report.recipients.map((r, i) => (
              <div key={r}>
                - {r}
                {i === report.recipients.length - 1 ? '.' : ';'}
              </div>
            ))}
          </div>
        </Col>
        <Col xs={24} md={12} style={{ textAlign: 'center' }}>
          <div style={{ fontWeight: 600 }}>{report.signer.authority}</div>
          <div style={{ fontWeight: 600 }}>{report.signer.title}</div>
          <div style={{ height: 48 }} />
          <div style={{ fontWeight: 600 }}>{report.signer.name}</div>
        </Col>
      </Row>
    </div>
  );
}

function EditText({ disabled }: { disabled: boolean }) {
  return (
    <div style={{ maxWidth: 980 }}>
      <Form.Item
        label="Trích yếu"
        name="summary"
        rules={[{ required: true, whitespace: true, message: 'Hãy nhập trích yếu của báo cáo' }, { max: 500 }]}
      >
        <Input placeholder="VD: Kết quả thực hiện nhiệm vụ tháng 4/2026" data-testid="consolidated-summary" />
      </Form.Item>
      {NARRATIVE_PARTS.map((p) => (
        <Form.Item key={p} label={NARRATIVE_LABELS[p]} name={['narrative', p]} rules={[{ max: 20000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 24 }} data-testid={`narrative-${p}`} disabled={disabled} />
        </Form.Item>
      ))}
      <Row gutter={24}>
        <Col xs={24} md={12}>
          <Form.Item
            label="Nơi nhận"
            name="recipients"
            extra="Mỗi nơi nhận một dòng; dòng cuối thường là “Lưu: VT, …”."
            rules={[
              {
                validator: async (_, v?: string) => {
                  if (!(v ?? '').split('\n').some((line) => line.trim())) throw new Error('Hãy nhập ít nhất một nơi nhận');
                },
              },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} data-testid="consolidated-recipients" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label="Thẩm quyền ký" name={['signer', 'authority']} rules={[{ max: 100 }]}>
            <Input placeholder="VD: KT. GIÁM ĐỐC" />
          </Form.Item>
          <Form.Item label="Chức vụ người ký" name={['signer', 'title']} rules={[{ max: 100 }]}>
            <Input placeholder="VD: PHÓ GIÁM ĐỐC" />
          </Form.Item>
          <Form.Item label="Họ và tên người ký" name={['signer', 'name']} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
    </div>
  );
}

export default function ConsolidatedPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState<'save' | 'refresh' | 'issue' | null>(null);
  const [conflict, setConflict] = useState(false);
  const [tab, setTab] = useState('text');
  const key = consolidatedKey(id);
  const query = useQuery({ queryKey: key, queryFn: () => fetchConsolidated(id), meta: { silent: true } });
  const report = query.data;
  const editable = Boolean(report && report.state === 'draft' && can('review:report'));
  const watched = Form.useWatch([], form) as Values | undefined;
  const loaded = useRef<string | null>(null);
  const dirty = Boolean(
    editable && report && watched?.narrative && Object.keys(changedFields(toBody(toValues(report)), toBody(watched))).length > 0,
  );

  // Fill the form for each new version of the draft, never over unsaved edits (a 409 tells).
  useEffect(() => {
    if (!report || !editable) return;
    const stamp = `${report.id}:${report.version}`;
    if (loaded.current === stamp || (loaded.current !== null && dirty)) return;
    loaded.current = stamp;
    form.setFieldsValue(toValues(report));
  }, [report, editable, dirty, form]);

  if (query.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (query.isError || !report) {
    const status = query.error instanceof ApiError ? query.error.status : 0;
    const missing = status === 403 || status === 404 || status === 400;
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? 'Không tìm thấy báo cáo tổng hợp' : 'Không tải được báo cáo tổng hợp'}
        subTitle={missing ? 'Báo cáo không tồn tại hoặc đã bị xóa.' : (query.error?.message ?? 'Hãy thử lại sau.')}
        extra={
          <Link to="/reports">
            <Button type="primary">Về sổ báo cáo tổng hợp</Button>
          </Link>
        }
      />
    );
  }

  const { period, data } = report;
  const t = data.totals;

  const take = (next: ConsolidatedReport) => {
    loaded.current = `${next.id}:${next.version}`;
    queryClient.setQueryData(key, next);
    if (next.state === 'draft') {
      form.resetFields();
      form.setFieldsValue(toValues(next));
    }
  };

  const reload = async () => {
    const fresh = await queryClient.fetchQuery({ queryKey: key, queryFn: () => fetchConsolidated(id), staleTime: 0 });
    loaded.current = null;
    take(fresh);
    setConflict(false);
  };

  const run = async (kind: 'save' | 'refresh' | 'issue', action: () => Promise<void>) => {
    setBusy(kind);
    try {
      await action();
      await afterReportingChange(queryClient);
    } catch (error) {
      if (error && typeof error === 'object' && 'errorFields' in error) {
        setTab('text');
        return;
      }
      if (applyApiError(form, error).conflict) setConflict(true);
    } finally {
      setBusy(null);
    }
  };

  /** PATCHes what changed; answers the report at its (possibly new) version. */
  const save = async (): Promise<ConsolidatedReport> => {
    const values = await form.validateFields();
    const patch = changedFields(toBody(toValues(report)), toBody({ ...form.getFieldsValue(true), ...values }));
    if (Object.keys(patch).length === 0) return report;
    const saved = await api<ConsolidatedReport>(`/api/consolidated-reports/${report.id}`, {
      method: 'PATCH',
      body: { version: report.version, ...patch },
    });
    take(saved);
    return saved;
  };

  const onSave = () =>
    run('save', async () => {
      await save();
      showSuccess('Đã lưu dự thảo báo cáo.');
    });

  const onRefresh = () =>
    feedback.current?.modal.confirm({
      title: 'Cập nhật số liệu và soạn lại báo cáo?',
      width: 520,
      content: (
        <div>
          <p>
            Số liệu được tính lại theo tình hình hiện tại, và các phần I–V được soạn lại từ số liệu mới:{' '}
            <b>nội dung bạn đã sửa ở các phần này sẽ được thay thế.</b>
          </p>
          {dirty && <Alert type="warning" showIcon title="Có thay đổi chưa lưu; các thay đổi này sẽ mất." />}
        </div>
      ),
      okText: 'Cập nhật số liệu',
      cancelText: 'Hủy',
      okButtonProps: { 'data-testid': 'refresh-ok' },
      onOk: () =>
        run('refresh', async () => {
          const fresh = await api<ConsolidatedReport>(`/api/consolidated-reports/${report.id}/refresh`, {
            method: 'POST',
            body: { version: report.version },
          });
          loaded.current = null;
          take(fresh);
          showSuccess(`Đã cập nhật số liệu đến ngày ${fmtDate(fresh.data.asOf)}.`);
        }),
    });

  const onIssue = () =>
    feedback.current?.modal.confirm({
      title: 'Ban hành báo cáo?',
      width: 520,
      content: (
        <div>
          <p>
            Báo cáo được cấp số theo sổ văn bản của Sở (…/BC-SKHCN), ghi ngày ban hành hôm nay và <b>khóa vĩnh viễn</b>: không sửa, không
            cập nhật số liệu được nữa. Tệp DOCX và XLSX được lưu như khi ban hành.
          </p>
          {dirty && <p>Các thay đổi chưa lưu sẽ được lưu trước khi ban hành.</p>}
          {!(form.getFieldValue(['signer', 'name']) as string | undefined)?.trim() && (
            <Alert type="warning" showIcon title="Chưa nhập họ và tên người ký: văn bản ban hành sẽ để trống dòng này." />
          )}
        </div>
      ),
      okText: 'Ban hành',
      cancelText: 'Xem lại',
      okButtonProps: { 'data-testid': 'issue-ok' },
      onOk: () =>
        run('issue', async () => {
          const base = dirty ? await save() : report;
          const issued = await api<ConsolidatedReport>(`/api/consolidated-reports/${report.id}/issue`, {
            method: 'POST',
            body: { version: base.version },
          });
          take(issued);
          showSuccess(`Đã ban hành báo cáo số ${issued.symbol}.`);
        }),
    });

  const draftNote = report.state === 'draft' ? ' (dự thảo)' : '';
  const actions = (
    <Space wrap>
      <Button
        icon={<FileWordOutlined />}
        href={docxHref(report.id)}
        download
        data-testid="download-docx"
        title={dirty ? 'Tệp tải về theo bản đã lưu' : undefined}
      >
        DOCX{draftNote}
      </Button>
      <Button icon={<FileExcelOutlined />} href={xlsxHref(report.id)} download data-testid="download-xlsx">
        XLSX{draftNote}
      </Button>
      {editable && (
        <>
          <Button
            icon={<ReloadOutlined />}
            onClick={onRefresh}
            loading={busy === 'refresh'}
            disabled={busy !== null && busy !== 'refresh'}
            data-testid="consolidated-refresh"
          >
            Cập nhật số liệu
          </Button>
          <Button
            icon={<SaveOutlined />}
            onClick={onSave}
            loading={busy === 'save'}
            disabled={busy !== null && busy !== 'save'}
            data-testid="consolidated-save"
          >
            Lưu
          </Button>
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            onClick={onIssue}
            loading={busy === 'issue'}
            disabled={busy !== null && busy !== 'issue'}
            data-testid="consolidated-issue"
          >
            Ban hành
          </Button>
        </>
      )}
    </Space>
  );

  const stat = (title: string, value: number | string, color?: string) => (
    <Col xs={12} sm={8} md={6} xl={3}>
      <Statistic title={title} value={value} styles={{ content: { color, fontSize: 22 } }} />
    </Col>
  );

  return (
    <div data-testid="consolidated" style={{ maxWidth: 1280 }}>
      <Link to="/reports" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> Báo cáo tổng hợp
      </Link>
      <div className="page-header" style={{ alignItems: 'flex-start' }}>
        <div style={{ minWidth: 0, flex: '1 1 420px' }}>
          <h1 data-testid="consolidated-title">{report.state === 'issued' ? `Báo cáo số ${report.symbol}` : 'Dự thảo báo cáo tổng hợp'}</h1>
          <Flex gap={8} align="center" wrap style={{ marginTop: 6 }}>
            {consolidatedTag(report.state)}
            <Link to={`/reporting/periods/${period.id}`}>
              {period.regimeName} · {period.label}
            </Link>
            <Typography.Text type="secondary">
              số liệu từ {fmtDate(period.start)} đến {fmtDate(period.end)}; tính đến ngày {fmtDate(data.asOf)}
            </Typography.Text>
          </Flex>
          {report.state === 'issued' && (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }} data-testid="issued-line">
              Ban hành ngày {fmtDate(report.issuedOn)}
              {report.issuedByName && ` · ${report.issuedByName}`}
            </Typography.Text>
          )}
        </div>
        {actions}
      </div>

      {conflict && (
        <ConflictAlert
          title="Báo cáo này vừa được người khác sửa, cập nhật số liệu hoặc ban hành"
          onReload={reload}
          testId="consolidated-reload"
        />
      )}
      {report.state === 'draft' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            editable
              ? `Dự thảo soạn từ số liệu ngày ${fmtDate(data.generatedOn)}. Xem lại các phần, sửa nếu cần rồi ban hành; tệp tải về khi còn dự thảo có dấu “DỰ THẢO”.`
              : 'Báo cáo đang ở dạng dự thảo, chưa ban hành.'
          }
        />
      )}

      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[16, 12]}>
          {stat('Tổng số nhiệm vụ', t.total)}
          {stat('Đến hạn', t.due)}
          {stat('HT đúng hạn', t.doneOnTime, GREEN)}
          {stat('HT muộn', t.doneLate, ORANGE)}
          {stat('Quá hạn', t.overdue, RED)}
          {stat('Đang thực hiện', t.inProgress)}
          {stat('Chưa triển khai', t.notStarted)}
          {stat('Tiến độ chung', pct(t.percent))}
        </Row>
      </Card>

      <Card size="small">
        <Form form={form} layout="vertical" disabled={busy !== null} component={editable ? 'form' : false}>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              {
                key: 'text',
                label: (
                  <span>
                    Nội dung báo cáo{' '}
                    {dirty && (
                      <Tag color="gold" style={{ marginLeft: 4 }}>
                        Chưa lưu
                      </Tag>
                    )}
                  </span>
                ),
                children: editable ? <EditText disabled={busy !== null} /> : <ReadOnlyText report={report} />,
              },
              { key: 'figures', label: `Số liệu nhiệm vụ (${t.total})`, children: <Figures report={report} /> },
              {
                key: 'units',
                label: `Báo cáo của đơn vị (${data.rates.submitted}/${data.rates.expected})`,
                children: <Reporting report={report} />,
              },
            ]}
          />
        </Form>
      </Card>
    </div>
  );
}
