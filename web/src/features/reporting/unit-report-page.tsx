import { ArrowLeftOutlined, CheckCircleOutlined, RollbackOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Progress,
  Result,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { z } from 'zod';
import { type GatheredUpdate, type TaskWithoutUpdate, type UnitReport, UnitReportDraft } from '#common/contracts/reporting.ts';
import { UPDATE_CLAIM_LABELS } from '#common/contracts/tasks.ts';
import { dayNumber, parseIsoDate } from '#common/domain/iso-date.ts';
import { PROVINCE_WIDE_ROLES } from '#common/permissions.ts';
import { ConflictAlert } from '../../components/conflict-alert.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { feedback, showSuccess } from '../../lib/feedback.ts';
import { applyApiError, useSubmit, zodRule } from '../../lib/forms.ts';
import { useCan, useSession } from '../../lib/session.ts';
import {
  afterReportingChange,
  fetchUnitReport,
  fmtDate,
  fmtDateTime,
  monthLabel,
  reportStateTag,
  submissionTag,
  todayIso,
  unitReportKey,
  unitReportPath,
} from './reporting-api.ts';

type Values = { summary: string; obstacles: string; proposals: string };
type Gap = z.infer<typeof TaskWithoutUpdate>;

const pre: React.CSSProperties = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' };
const EDITABLE: UnitReport['state'][] = ['none', 'draft', 'returned'];
const FIELDS: { name: keyof Values; label: string; placeholder: string; rows: number }[] = [
  {
    name: 'summary',
    label: 'Tóm tắt kết quả',
    placeholder: 'Kết quả nổi bật của đơn vị trong kỳ: nhiệm vụ đã hoàn thành, sản phẩm, số liệu chính',
    rows: 5,
  },
  { name: 'obstacles', label: 'Khó khăn, vướng mắc', placeholder: 'Khó khăn, vướng mắc và nguyên nhân', rows: 3 },
  { name: 'proposals', label: 'Kiến nghị, đề xuất', placeholder: 'Kiến nghị với UBND tỉnh, Sở KH&CN, các sở, ngành', rows: 3 },
];

const valuesOf = (r: UnitReport): Values => ({ summary: r.summary, obstacles: r.obstacles, proposals: r.proposals });
const days = (from: string, to: string) => {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  return a && b ? dayNumber(b.year, b.month, b.day) - dayNumber(a.year, a.month, a.day) : 0;
};

/** What sending today means for timeliness: the first submission is the one that counts. */
function timelinessNote(report: UnitReport, today: string): { late: boolean; text: string } {
  const first = report.firstSubmittedOn;
  if (first) {
    const late = first > report.period.due;
    return {
      late,
      text: `Báo cáo đã gửi lần đầu ngày ${fmtDate(first)} nên vẫn được tính ${late ? 'gửi muộn' : 'đúng hạn'} theo lần gửi đầu.`,
    };
  }
  if (today <= report.period.due)
    return { late: false, text: `Hạn gửi ${fmtDate(report.period.due)}: gửi hôm nay được ghi nhận đúng hạn.` };
  return {
    late: true,
    text: `Đã quá hạn gửi ${fmtDate(report.period.due)} ${days(report.period.due, today)} ngày: báo cáo sẽ được ghi nhận là gửi muộn.`,
  };
}

/** Lines "- code: text" from the tasks' updates, for the officer to start from. */
function gather(updates: GatheredUpdate[], field: 'obstacles' | 'proposals'): string {
  return updates
    .filter((u) => u[field].trim())
    .map((u) => `- ${u.taskCode ? `${u.taskCode}: ` : ''}${u[field].trim()}`)
    .join('\n');
}

function ReviewModal({
  report,
  decision,
  onClose,
  onConflict,
}: {
  report: UnitReport;
  decision: 'accept' | 'return';
  onClose: () => void;
  onConflict: () => void;
}) {
  const [form] = Form.useForm<{ comment: string }>();
  const queryClient = useQueryClient();
  const accept = decision === 'accept';

  const { saving, submit } = useSubmit(
    form,
    async ({ comment }: { comment?: string }) => {
      const reply = await api<UnitReport>(`${unitReportPath(report.period.id, report.unit.id)}/review`, {
        method: 'POST',
        body: { version: report.version, decision, comment: comment ?? '' },
      });
      queryClient.setQueryData(unitReportKey(report.period.id, report.unit.id), reply);
      await afterReportingChange(queryClient);
      showSuccess(accept ? `Đã tiếp nhận báo cáo của ${report.unit.name}.` : `Đã trả lại báo cáo cho ${report.unit.name}.`);
      onClose();
    },
    () => {
      onClose();
      onConflict();
    },
  );

  return (
    <Modal
      open
      title={accept ? 'Tiếp nhận báo cáo' : 'Trả lại báo cáo'}
      okText={accept ? 'Tiếp nhận' : 'Trả lại'}
      okButtonProps={{ danger: !accept, 'data-testid': 'review-ok' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {accept
          ? `Báo cáo ${report.period.label} của ${report.unit.name} được ghi nhận là đã tiếp nhận.`
          : `Báo cáo ${report.period.label} được trả về ${report.unit.name} để sửa và gửi lại. Thời hạn vẫn tính theo lần gửi đầu.`}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} disabled={saving}>
        <Form.Item
          label={accept ? 'Ý kiến (không bắt buộc)' : 'Lý do trả lại, nội dung cần sửa'}
          name="comment"
          rules={[
            ...(accept ? [] : [{ required: true, whitespace: true, message: 'Hãy nêu lý do trả lại để đơn vị biết cần sửa gì' }]),
            { max: 2000, message: 'Tối đa 2.000 ký tự' },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} data-testid="review-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function UnitReportPage() {
  const { periodId = '', unitId = '' } = useParams();
  const me = useSession();
  const can = useCan();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState<'draft' | 'submit' | null>(null);
  const [conflict, setConflict] = useState(false);
  const [reviewing, setReviewing] = useState<'accept' | 'return' | null>(null);
  const key = unitReportKey(periodId, unitId);
  const query = useQuery({ queryKey: key, queryFn: () => fetchUnitReport(periodId, unitId), meta: { silent: true } });
  const report = query.data;
  const watched = Form.useWatch([], form) as Partial<Values> | undefined;
  const loaded = useRef<string | null>(null);

  const own = me.user.unitId === unitId;
  const editable = Boolean(report && own && can('prepare:report') && report.period.state === 'open' && EDITABLE.includes(report.state));
  const dirty = Boolean(report && watched && FIELDS.some((f) => (watched[f.name] ?? '').trim() !== (report[f.name] ?? '').trim()));

  // Fill the form when a report (or a new version of it) arrives, but never over unsaved typing:
  // a version changed by someone else then surfaces as a 409 on save, with a reload.
  useEffect(() => {
    if (!report || !editable) return;
    const stamp = `${report.id}:${report.version}:${report.state}`;
    if (loaded.current === stamp) return;
    if (loaded.current !== null && form.isFieldsTouched() && dirty) return;
    loaded.current = stamp;
    form.setFieldsValue(valuesOf(report));
  }, [report, form, dirty, editable]);

  if (query.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (query.isError || !report) {
    const status = query.error instanceof ApiError ? query.error.status : 0;
    const missing = status === 403 || status === 404 || status === 400;
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? 'Không tìm thấy báo cáo' : 'Không tải được báo cáo'}
        subTitle={
          missing ? (query.error?.message ?? 'Báo cáo không thuộc phạm vi đơn vị của bạn.') : (query.error?.message ?? 'Hãy thử lại sau.')
        }
        extra={
          <Link to="/reporting">
            <Button type="primary">Về danh sách kỳ báo cáo</Button>
          </Link>
        }
      />
    );
  }

  const period = report.period;
  const today = todayIso();
  const canSubmit = editable && can('submit:report');
  const canReview = can('review:report') && report.state === 'submitted';
  const provinceWide = PROVINCE_WIDE_ROLES.includes(me.user.role);

  const reload = async () => {
    const fresh = await queryClient.fetchQuery({ queryKey: key, queryFn: () => fetchUnitReport(periodId, unitId), staleTime: 0 });
    loaded.current = `${fresh.id}:${fresh.version}:${fresh.state}`;
    form.resetFields();
    form.setFieldsValue(valuesOf(fresh));
    setConflict(false);
  };

  /** PUTs the draft; answers the saved report (the server's), so a submit can follow at its version. */
  const saveDraft = async (): Promise<UnitReport> => {
    const values = await form.validateFields();
    const body = {
      ...(report.id ? { version: report.version } : {}),
      summary: values.summary ?? '',
      obstacles: values.obstacles ?? '',
      proposals: values.proposals ?? '',
    };
    const saved = await api<UnitReport>(unitReportPath(periodId, unitId), { method: 'PUT', body });
    loaded.current = `${saved.id}:${saved.version}:${saved.state}`;
    queryClient.setQueryData(key, saved);
    form.setFieldsValue(valuesOf(saved));
    return saved;
  };

  const run = async (kind: 'draft' | 'submit', action: () => Promise<void>) => {
    setSaving(kind);
    try {
      await action();
      await afterReportingChange(queryClient);
    } catch (error) {
      // validateFields rejects with the form's own errors, already shown under the fields
      if (error && typeof error === 'object' && 'errorFields' in error) return;
      if (applyApiError(form, error).conflict) setConflict(true);
    } finally {
      setSaving(null);
    }
  };

  const onSaveDraft = () =>
    run('draft', async () => {
      await saveDraft();
      showSuccess('Đã lưu nháp báo cáo.');
    });

  const onSubmit = () => {
    const note = timelinessNote(report, today);
    feedback.current?.modal.confirm({
      title: `Gửi báo cáo ${period.label} của ${report.unit.name}?`,
      width: 520,
      content: (
        <div>
          <p>
            Sau khi gửi, báo cáo được <b>khóa</b>: đơn vị không sửa được nữa, trừ khi Sở KH&CN trả lại. Số liệu tiến độ nhiệm vụ được chốt
            như hiện tại.
          </p>
          <Alert type={note.late ? 'warning' : 'success'} showIcon title={note.text} style={{ marginBottom: 8 }} />
          {report.withoutUpdate.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={`Còn ${report.withoutUpdate.length} nhiệm vụ đơn vị chủ trì chưa cập nhật tiến độ kỳ này.`}
            />
          )}
        </div>
      ),
      okText: 'Gửi báo cáo',
      cancelText: 'Xem lại',
      okButtonProps: { 'data-testid': 'submit-ok' },
      onOk: () =>
        run('submit', async () => {
          // Unsaved text (or a report never saved) is saved first, then sent at the saved version.
          const base = dirty || !report.id ? await saveDraft() : report;
          const sent = await api<UnitReport>(`${unitReportPath(periodId, unitId)}/submit`, {
            method: 'POST',
            body: { version: base.version },
          });
          loaded.current = `${sent.id}:${sent.version}:${sent.state}`;
          queryClient.setQueryData(key, sent);
          showSuccess(`Đã gửi báo cáo ${period.label}.`);
        }),
    });
  };

  const onAccept = () => setReviewing('accept');

  const gapsAlert = report.withoutUpdate.length > 0 && (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="without-update"
      title={`${report.withoutUpdate.length} nhiệm vụ đơn vị chủ trì chưa có báo cáo tiến độ trong kỳ`}
      description={
        <div>
          {editable && (
            <div style={{ marginBottom: 4 }}>
              {today <= period.due
                ? 'Hãy cập nhật tiến độ các nhiệm vụ này trước khi gửi báo cáo kỳ.'
                : 'Kỳ này đã qua hạn cập nhật tiến độ: hãy nêu tình hình các nhiệm vụ này trong phần tóm tắt.'}
            </div>
          )}
          <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 240, overflow: 'auto' }}>
            {report.withoutUpdate.map((t: Gap) => (
              <li key={t.taskId}>
                <Link to={`/tasks/${t.taskId}`}>
                  {t.taskCode && <b>{t.taskCode} · </b>}
                  {t.taskContent.length > 160 ? `${t.taskContent.slice(0, 160)}…` : t.taskContent}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      }
    />
  );

  const columns: TableColumnsType<GatheredUpdate> = [
    {
      title: 'Nhiệm vụ',
      key: 'task',
      render: (_, u) => (
        <div>
          <Link to={`/tasks/${u.taskId}`} style={{ color: 'inherit' }}>
            <Typography.Paragraph ellipsis={{ rows: 3, tooltip: u.taskContent }} style={{ margin: 0 }}>
              {u.taskCode && <b style={{ color: '#0b5394' }}>{u.taskCode} · </b>}
              {u.taskContent}
            </Typography.Paragraph>
          </Link>
          <Flex gap={6} align="center" style={{ marginTop: 4 }}>
            <Tag color={u.role === 'lead' ? 'geekblue' : 'default'} style={{ marginInlineEnd: 0 }}>
              {u.role === 'lead' ? 'Chủ trì' : 'Phối hợp'}
            </Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {monthLabel(u.period)}
            </Typography.Text>
          </Flex>
        </div>
      ),
    },
    {
      title: 'Tình hình',
      key: 'claim',
      width: 130,
      render: (_, u) => (
        <div>
          <div>{UPDATE_CLAIM_LABELS[u.claim]}</div>
          <Progress percent={u.percent} size={[60, 6]} format={(p) => `${p}%`} style={{ margin: 0 }} />
        </div>
      ),
    },
    {
      title: 'Kết quả',
      dataIndex: 'result',
      width: 280,
      render: (t: string) => (
        <Typography.Paragraph
          ellipsis={{ rows: 3, expandable: 'collapsible', symbol: (e) => (e ? 'Thu gọn' : 'Xem thêm') }}
          style={{ ...pre, margin: 0 }}
        >
          {t || '—'}
        </Typography.Paragraph>
      ),
    },
    {
      title: 'Khó khăn, kiến nghị',
      key: 'obstacles',
      width: 220,
      render: (_, u) =>
        u.obstacles || u.proposals ? (
          <Typography.Paragraph
            ellipsis={{ rows: 3, expandable: 'collapsible', symbol: (e) => (e ? 'Thu gọn' : 'Xem thêm') }}
            style={{ ...pre, margin: 0 }}
          >
            {[u.obstacles, u.proposals && `Kiến nghị: ${u.proposals}`].filter(Boolean).join('\n')}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: 'Tệp',
      dataIndex: 'fileCount',
      width: 60,
      align: 'right',
      render: (n: number) => (n ? n : <Typography.Text type="secondary">0</Typography.Text>),
    },
  ];

  const people = [
    report.preparedByName && { key: 'prepared', label: 'Người lập', children: report.preparedByName },
    report.submittedByName && { key: 'submitted', label: 'Người gửi', children: report.submittedByName },
    report.submittedAt && { key: 'submittedAt', label: 'Gửi lúc', children: fmtDateTime(report.submittedAt) },
    report.firstSubmittedOn && {
      key: 'first',
      label: 'Gửi lần đầu',
      children: (
        <span>
          {fmtDate(report.firstSubmittedOn)}{' '}
          {report.firstSubmittedOn > period.due ? <Tag color="orange">muộn</Tag> : <Tag color="green">đúng hạn</Tag>}
        </span>
      ),
    },
    report.reviewedAt && {
      key: 'reviewed',
      label: report.state === 'returned' ? 'Trả lại lúc' : 'Xem xét lúc',
      children: fmtDateTime(report.reviewedAt),
    },
  ].filter(Boolean) as { key: string; label: string; children: React.ReactNode }[];

  const actions = (
    <Space wrap>
      {editable && (
        <Button
          icon={<SaveOutlined />}
          onClick={onSaveDraft}
          loading={saving === 'draft'}
          disabled={saving === 'submit'}
          data-testid="report-save"
        >
          Lưu nháp
        </Button>
      )}
      {canSubmit && (
        <Button
          type="primary"
          icon={<SendOutlined />}
          onClick={onSubmit}
          loading={saving === 'submit'}
          disabled={saving === 'draft'}
          data-testid="report-submit"
        >
          Gửi báo cáo
        </Button>
      )}
      {canReview && (
        <>
          <Button type="primary" icon={<CheckCircleOutlined />} onClick={onAccept} data-testid="report-accept">
            Tiếp nhận
          </Button>
          <Button danger icon={<RollbackOutlined />} onClick={() => setReviewing('return')} data-testid="report-return">
            Trả lại
          </Button>
        </>
      )}
    </Space>
  );

  return (
    <div data-testid="unit-report" style={{ maxWidth: 1280 }}>
      <Link to={provinceWide ? `/reporting/periods/${period.id}` : '/reporting'} style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> {provinceWide ? `${period.regimeName} · ${period.label}` : 'Kỳ báo cáo'}
      </Link>
      <div className="page-header" style={{ alignItems: 'flex-start' }}>
        <div style={{ minWidth: 0, flex: '1 1 420px' }}>
          <h1>
            Báo cáo {period.label} · {report.unit.name}
          </h1>
          <Flex gap={8} align="center" wrap style={{ marginTop: 6 }}>
            {reportStateTag(report.state)}
            {submissionTag(report.submission)}
            <Typography.Text type="secondary">
              {period.regimeName} · số liệu từ {fmtDate(period.start)} đến {fmtDate(period.end)} · hạn gửi{' '}
              <Typography.Text strong type={!report.firstSubmittedOn && today > period.due ? 'danger' : undefined}>
                {fmtDate(period.due)}
              </Typography.Text>
            </Typography.Text>
          </Flex>
        </div>
        {actions}
      </div>

      {conflict && <ConflictAlert title="Báo cáo này vừa được người khác sửa, gửi hoặc xem xét" onReload={reload} testId="report-reload" />}
      {report.state === 'returned' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="returned-comment"
          title={`Sở KH&CN đã trả lại báo cáo${report.reviewedAt ? ` lúc ${fmtDateTime(report.reviewedAt)}` : ''}`}
          description={<div style={{ ...pre, fontSize: 15 }}>{report.reviewComment || 'Không có ghi chú.'}</div>}
        />
      )}
      {report.state === 'submitted' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${report.submittedByName ? `${report.submittedByName} đã gửi` : 'Đã gửi'}${report.submittedAt ? ` lúc ${fmtDateTime(report.submittedAt)}` : ''}; chờ Sở KH&CN tiếp nhận. Báo cáo đã khóa.`}
        />
      )}
      {report.state === 'accepted' && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={`Sở KH&CN đã tiếp nhận báo cáo${report.reviewedAt ? ` lúc ${fmtDateTime(report.reviewedAt)}` : ''}.`}
          description={report.reviewComment ? <div style={pre}>{report.reviewComment}</div> : undefined}
        />
      )}
      {period.state === 'closed' && EDITABLE.includes(report.state) && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="Kỳ báo cáo đã khóa: không nhận thêm báo cáo của kỳ này." />
      )}
      {own && can('prepare:report') && !can('submit:report') && editable && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="Cán bộ lập và lưu nháp báo cáo; lãnh đạo đơn vị xem lại và gửi Sở KH&CN."
        />
      )}
      {gapsAlert}

      <Card
        size="small"
        title="Nội dung báo cáo"
        style={{ marginBottom: 16 }}
        extra={dirty && editable && <Tag color="gold">Chưa lưu</Tag>}
      >
        {editable ? (
          <Form form={form} layout="vertical" disabled={saving !== null} data-testid="report-form">
            {FIELDS.map((f) => (
              <Form.Item
                key={f.name}
                name={f.name}
                rules={[zodRule(UnitReportDraft.shape[f.name])]}
                label={
                  f.name !== 'summary' && gather(report.updates, f.name) ? (
                    <Space>
                      {f.label}
                      <Typography.Link
                        style={{ fontSize: 12 }}
                        onClick={() => {
                          const before = ((form.getFieldValue(f.name) as string | undefined) ?? '').trim();
                          const lines = gather(report.updates, f.name as 'obstacles' | 'proposals');
                          form.setFieldValue(f.name, before ? `${before}\n${lines}` : lines);
                        }}
                      >
                        Lấy từ báo cáo nhiệm vụ
                      </Typography.Link>
                    </Space>
                  ) : (
                    f.label
                  )
                }
              >
                <Input.TextArea autoSize={{ minRows: f.rows, maxRows: 20 }} placeholder={f.placeholder} data-testid={`report-${f.name}`} />
              </Form.Item>
            ))}
          </Form>
        ) : (
          <Descriptions
            bordered
            size="small"
            column={1}
            styles={{ label: { width: 200, fontWeight: 500 } }}
            items={FIELDS.map((f) => ({
              key: f.name,
              label: f.label,
              children: report[f.name] ? (
                <div style={pre}>{report[f.name]}</div>
              ) : (
                <Typography.Text type="secondary">{report.state === 'none' ? 'Đơn vị chưa lập báo cáo' : 'Không có'}</Typography.Text>
              ),
            }))}
          />
        )}
        {people.length > 0 && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }} items={people} style={{ marginTop: 12 }} data-testid="report-people" />
        )}
      </Card>

      <Card
        size="small"
        title={`Tiến độ nhiệm vụ trong kỳ (${report.updates.length})`}
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {EDITABLE.includes(report.state) ? 'Theo các báo cáo tiến độ hiện có' : 'Như khi đơn vị gửi báo cáo'}
          </Typography.Text>
        }
      >
        <Table<GatheredUpdate>
          rowKey={(u) => `${u.taskId}:${u.period}:${u.role}`}
          size="small"
          columns={columns}
          dataSource={report.updates}
          scroll={{ x: 960 }}
          pagination={report.updates.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          locale={{ emptyText: 'Chưa có báo cáo tiến độ nhiệm vụ nào trong kỳ' }}
        />
      </Card>

      {reviewing && (
        <ReviewModal report={report} decision={reviewing} onClose={() => setReviewing(null)} onConflict={() => setConflict(true)} />
      )}
    </div>
  );
}
