import { CheckOutlined, LinkOutlined, RollbackOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Descriptions, Empty, Popconfirm, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  ADJUSTMENT_STATE_LABELS,
  type DeadlineAdjustment,
  type Task,
  type TaskUpdate,
  UPDATE_CLAIM_LABELS,
  UPDATE_STATE_LABELS,
} from '#common/contracts/tasks.ts';
import { type Deadline, formatDeadline } from '#common/domain/deadline.ts';
import { OCCURRENCE_RESULT_LABELS } from '#common/domain/status.ts';
import { api } from '../../lib/api.ts';
import { showSuccess } from '../../lib/feedback.ts';
import { applyApiError } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import { FileLinks } from './evidence-upload.tsx';
import type { TaskModal } from './task-actions.tsx';
import { fmtDate, fmtDateTime, type Timeline as TimelineData, timelineKey, useTaskAction } from './tasks-api.ts';

export const UPDATE_STATE_COLORS: Record<TaskUpdate['state'], string> = { submitted: 'blue', returned: 'red', accepted: 'green' };
const ADJUSTMENT_STATE_COLORS: Record<DeadlineAdjustment['state'], string> = { requested: 'gold', approved: 'green', rejected: 'default' };
const OCCURRENCE_COLORS = { done: 'green', late: 'orange', missing: 'red', pending: 'default' } as const;

const pre: React.CSSProperties = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' };
const orNone = (text: string) =>
  text.trim() ? <div style={pre}>{text}</div> : <Typography.Text type="secondary">Không có</Typography.Text>;

function Revisions({ update }: { update: TaskUpdate }) {
  if (update.revisions.length <= 1) return null;
  return (
    <Collapse
      size="small"
      ghost
      style={{ marginTop: 8 }}
      items={[
        {
          key: 'history',
          label: `Lịch sử báo cáo (${update.revisions.length} lần ghi nhận)`,
          children: (
            <Timeline
              items={[...update.revisions]
                .sort((a, b) => b.revision - a.revision)
                .map((r) => ({
                  key: `${r.revision}-${r.action}-${r.at}`,
                  color: UPDATE_STATE_COLORS[r.action],
                  content: (
                    <div data-testid="update-revision">
                      <Space size={6} wrap>
                        <Tag color={UPDATE_STATE_COLORS[r.action]}>
                          {r.action === 'submitted' ? 'Gửi báo cáo' : UPDATE_STATE_LABELS[r.action]}
                        </Tag>
                        <Typography.Text type="secondary">
                          Lần {r.revision} · {r.actorName} · {fmtDateTime(r.at)}
                        </Typography.Text>
                      </Space>
                      {r.comment && <div style={{ ...pre, marginTop: 4 }}>Nhận xét: {r.comment}</div>}
                      {r.action === 'submitted' && (
                        <div style={{ marginTop: 4, fontSize: 13 }}>
                          {UPDATE_CLAIM_LABELS[r.snapshot.claim]}, {r.snapshot.percent}% —{' '}
                          <span style={pre}>{r.snapshot.result || '(không có kết quả)'}</span>
                          {r.snapshot.fileIds.length > 0 && (
                            <Typography.Text type="secondary"> · {r.snapshot.fileIds.length} tệp</Typography.Text>
                          )}
                        </div>
                      )}
                    </div>
                  ),
                }))}
            />
          ),
        },
      ]}
    />
  );
}

function UpdateCard({ task, update, onModal }: { task: Task; update: TaskUpdate; onModal: (m: TaskModal) => void }) {
  const can = useCan();
  const act = useTaskAction();
  const [accepting, setAccepting] = useState(false);
  const merged = task.updates.filter((u) => update.mergedIds.includes(u.id));
  // A confirmed linked task's report is this task's progress too (DESIGN.md rule 8); it is
  // reviewed on its own task's page.
  const linked = update.taskId === task.id ? null : (task.linked.find((l) => l.task.id === update.taskId)?.task ?? null);
  const foreign = update.taskId !== task.id;

  const accept = async () => {
    setAccepting(true);
    try {
      await act(`/api/tasks/${task.id}/updates/${update.id}/review`, { version: update.version, decision: 'accept', comment: '' });
      showSuccess(`Đã tiếp nhận báo cáo ${update.periodLabel} của ${update.unit.shortName || update.unit.name}.`);
    } catch (error) {
      applyApiError(null, error);
    } finally {
      setAccepting(false);
    }
  };

  return (
    <Card
      size="small"
      data-testid="update-card"
      data-state={update.state}
      data-role={update.role}
      title={
        <Space size={8} wrap>
          <span>{update.unit.name}</span>
          <Tag>{update.role === 'lead' ? 'Chủ trì' : 'Phối hợp'}</Tag>
          <Tag color={UPDATE_STATE_COLORS[update.state]} data-testid="update-state">
            {UPDATE_STATE_LABELS[update.state]}
          </Tag>
          {foreign && (
            <Link to={`/tasks/${update.taskId}`} data-testid="update-linked-task">
              <Tag icon={<LinkOutlined />} color="purple" style={{ cursor: 'pointer' }}>
                Báo cáo tại{' '}
                {linked
                  ? [linked.code, linked.documents.find((d) => d.id === linked.documentId)?.symbol].filter(Boolean).join(' · ') ||
                    'nhiệm vụ liên kết'
                  : 'nhiệm vụ liên kết'}
              </Tag>
            </Link>
          )}
        </Space>
      }
      extra={
        can('review:task') &&
        !foreign &&
        update.state === 'submitted' && (
          <Space>
            <Popconfirm title="Tiếp nhận báo cáo này?" okText="Tiếp nhận" cancelText="Hủy" onConfirm={accept}>
              <Button size="small" type="primary" icon={<CheckOutlined />} loading={accepting} data-testid="update-accept">
                Tiếp nhận
              </Button>
            </Popconfirm>
            <Button
              size="small"
              danger
              icon={<RollbackOutlined />}
              onClick={() => onModal({ kind: 'return-update', update })}
              data-testid="update-return"
            >
              Trả lại
            </Button>
          </Space>
        )
      }
      style={{ marginBottom: 12 }}
    >
      {update.reviewComment && (
        <Alert
          type={update.state === 'returned' ? 'error' : 'success'}
          showIcon
          style={{ marginBottom: 12 }}
          title={update.state === 'returned' ? 'Sở KH&CN trả lại' : 'Nhận xét của Sở KH&CN'}
          description={<span style={pre}>{update.reviewComment}</span>}
        />
      )}
      <Descriptions
        size="small"
        column={1}
        styles={{ label: { width: 170 } }}
        items={[
          {
            key: 'claim',
            label: 'Tình hình',
            children: (
              <span>
                {UPDATE_CLAIM_LABELS[update.claim]} · <b>{update.percent}%</b>
              </span>
            ),
          },
          { key: 'result', label: 'Kết quả', children: orNone(update.result) },
          { key: 'obstacles', label: 'Khó khăn, vướng mắc', children: orNone(update.obstacles) },
          { key: 'proposals', label: 'Đề xuất, kiến nghị', children: orNone(update.proposals) },
          { key: 'files', label: 'Minh chứng', children: <FileLinks files={update.files} /> },
          ...(merged.length
            ? [{ key: 'merged', label: 'Đã gộp đóng góp của', children: merged.map((u) => u.unit.shortName || u.unit.name).join('; ') }]
            : []),
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        Gửi bởi {update.submittedByName} lúc {fmtDateTime(update.submittedAt)}
        {update.reviewedAt && ` · xem xét lúc ${fmtDateTime(update.reviewedAt)}`}
        {update.revision > 1 && ` · sửa lần ${update.revision}`}
      </Typography.Text>
      <Revisions update={update} />
    </Card>
  );
}

export function UpdatesTab({ task, onModal }: { task: Task; onModal: (m: TaskModal) => void }) {
  if (!task.updates.length) return <Empty description="Chưa có báo cáo tiến độ nào" />;
  const periods = [...new Set(task.updates.map((u) => u.period))];
  return (
    <div data-testid="updates-tab">
      {periods.map((period) => {
        const updates = task.updates
          .filter((u) => u.period === period)
          .sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1));
        return (
          <section key={period} style={{ marginBottom: 16 }}>
            <Typography.Title level={3} style={{ fontSize: 16, margin: '4px 0 10px' }}>
              Kỳ {updates[0]?.periodLabel ?? period}
              {period === task.currentPeriod.key && <Tag style={{ marginLeft: 8 }}>kỳ hiện tại</Tag>}
            </Typography.Title>
            {updates.map((u) => (
              <UpdateCard key={u.id} task={task} update={u} onModal={onModal} />
            ))}
          </section>
        );
      })}
    </div>
  );
}

function DeadlineText({ deadline }: { deadline: Deadline }) {
  const label = formatDeadline(deadline);
  return (
    <div>
      <div>{deadline.text}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {deadline.due ? `hạn ${fmtDate(deadline.due)}` : label !== deadline.text ? label : ''}
      </Typography.Text>
    </div>
  );
}

export function AdjustmentsTab({ task, onModal }: { task: Task; onModal: (m: TaskModal) => void }) {
  const can = useCan();
  if (!task.adjustments.length) return <Empty description="Thời hạn chưa được điều chỉnh lần nào" />;
  return (
    <Table<DeadlineAdjustment>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={task.adjustments}
      scroll={{ x: 900 }}
      onRow={() => ({ 'data-testid': 'adjustment-row' }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: 'Đề nghị',
          key: 'requested',
          width: 160,
          render: (_, a) => (
            <div>
              <div>{a.unit?.shortName || a.unit?.name || a.requestedByName}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {fmtDateTime(a.requestedAt)}
              </Typography.Text>
            </div>
          ),
        },
        { title: 'Thời hạn cũ', key: 'from', width: 150, render: (_, a) => <DeadlineText deadline={a.fromDeadline} /> },
        { title: 'Thời hạn mới', key: 'to', width: 150, render: (_, a) => <DeadlineText deadline={a.toDeadline} /> },
        { title: 'Lý do', dataIndex: 'reason', render: (reason: string) => <span style={pre}>{reason}</span> },
        {
          title: 'Văn bản quyết định',
          key: 'deciding',
          width: 170,
          render: (_, a) =>
            a.decidingSymbol ? (
              <div>
                <div>{a.decidingSymbol}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a.decidingDate && `ngày ${fmtDate(a.decidingDate)}`}
                </Typography.Text>
              </div>
            ) : (
              '—'
            ),
        },
        {
          title: 'Trạng thái',
          key: 'state',
          width: 170,
          render: (_, a) => (
            <div>
              <Tag color={ADJUSTMENT_STATE_COLORS[a.state]}>{ADJUSTMENT_STATE_LABELS[a.state]}</Tag>
              {a.decidedByName && (
                <div style={{ fontSize: 12, color: '#595959', marginTop: 2 }}>
                  {a.decidedByName} · {fmtDate(a.decidedAt)}
                </div>
              )}
              {a.decisionNote && <div style={{ fontSize: 12, ...pre }}>{a.decisionNote}</div>}
              {a.state === 'requested' && can('review:task') && (
                <Button size="small" type="link" style={{ padding: 0 }} onClick={() => onModal({ kind: 'adjust-decide', adjustment: a })}>
                  Quyết định
                </Button>
              )}
            </div>
          ),
        },
      ]}
    />
  );
}

export function TimelineTab({ taskId }: { taskId: string }) {
  const timeline = useQuery({ queryKey: timelineKey(taskId), queryFn: () => api<TimelineData>(`/api/tasks/${taskId}/timeline`) });
  if (timeline.isPending) return <Skeleton active />;
  if (!timeline.data?.length) return <Empty description="Chưa có sự kiện nào" />;
  return (
    <Timeline
      data-testid="task-timeline"
      items={timeline.data.map((e) => ({
        key: e.id,
        content: (
          <div data-testid="timeline-event" data-kind={e.kind}>
            <div style={pre}>{e.summary}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {fmtDateTime(e.at)} · {e.actorName}
              {e.unitName && ` (${e.unitName})`}
            </Typography.Text>
          </div>
        ),
      }))}
    />
  );
}

export function OccurrencesTab({ task }: { task: Task }) {
  if (!task.occurrences.length) return <Empty description="Chưa có kỳ nào đến hạn" />;
  return (
    <Table
      rowKey="start"
      size="small"
      pagination={false}
      dataSource={[...task.occurrences].reverse()}
      columns={[
        { title: 'Kỳ', key: 'period', render: (_, o) => `${fmtDate(o.start)} – ${fmtDate(o.end)}` },
        { title: 'Hạn báo cáo', dataIndex: 'due', width: 140, render: (d: string) => fmtDate(d) },
        {
          title: 'Kết quả',
          dataIndex: 'result',
          width: 200,
          render: (r: keyof typeof OCCURRENCE_COLORS) => <Tag color={OCCURRENCE_COLORS[r]}>{OCCURRENCE_RESULT_LABELS[r]}</Tag>,
        },
        { title: 'Ngày báo cáo', dataIndex: 'reportedOn', width: 140, render: (d: string | null) => fmtDate(d) || '—' },
      ]}
    />
  );
}
