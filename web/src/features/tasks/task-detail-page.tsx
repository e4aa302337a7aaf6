import {
  ArrowLeftOutlined,
  BellOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  CloseCircleOutlined,
  EditOutlined,
  FileDoneOutlined,
  FormOutlined,
  MoreOutlined,
  QuestionCircleOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Dropdown,
  Flex,
  type MenuProps,
  Progress,
  Result,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { TASK_STATE_LABELS, type Task } from '#common/contracts/tasks.ts';
import { DEADLINE_KIND_LABELS } from '#common/domain/deadline.ts';
import { ApiError } from '../../lib/api.ts';
import { useCan, useSession } from '../../lib/session.ts';
import { ExplanationRequestModal, type RequestedTask } from '../explanations/explanation-request.tsx';
import { explanationsKey, fetchExplanations } from '../explanations/explanations-api.ts';
import { TaskExplanationsCard } from '../explanations/task-explanations-card.tsx';
import { LinkedTasksCard } from '../links/linked-tasks-card.tsx';
import { deadlineMeaning } from './deadline-input.tsx';
import { FileLinks } from './evidence-upload.tsx';
import { TaskActionModal, type TaskModal } from './task-actions.tsx';
import { TaskForm } from './task-form.tsx';
import { StatusTag } from './task-status.tsx';
import { AdjustmentsTab, OccurrencesTab, TimelineTab, UpdatesTab } from './task-tabs.tsx';
import { documentLabel, fetchTask, fmtDate, taskKey } from './tasks-api.ts';
import { ownUpdate, UpdateForm } from './update-form.tsx';

const pre: React.CSSProperties = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' };
const clamp2: React.CSSProperties = { display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' };
const none = <Typography.Text type="secondary">Chưa xác định</Typography.Text>;

function TimeFacts({ task }: { task: Task }) {
  const adjusted = task.originalDeadline.text !== task.deadline.text || task.originalDeadline.due !== task.deadline.due;
  return (
    <div data-testid="task-deadline">
      <div>
        <b>{task.deadline.text}</b>
        <Typography.Text type="secondary"> · {DEADLINE_KIND_LABELS[task.deadline.kind]}</Typography.Text>
      </div>
      <div>{deadlineMeaning(task.deadline)}</div>
      {adjusted && (
        <div style={{ marginTop: 4 }}>
          <Typography.Text type="secondary">Thời hạn ban đầu: </Typography.Text>
          {task.originalDeadline.text}
          {task.originalDeadline.due && <Typography.Text type="secondary"> (hạn {fmtDate(task.originalDeadline.due)})</Typography.Text>}
          {task.lateAgainstOriginal && (
            <Tag color="volcano" style={{ marginLeft: 8 }}>
              trễ so với hạn ban đầu
            </Tag>
          )}
        </div>
      )}
      {task.deadline.needsReview && (
        <Tag color="purple" style={{ marginTop: 4 }}>
          cần rà soát thời hạn
        </Tag>
      )}
    </div>
  );
}

function ParentLink({ parentId }: { parentId: string }) {
  const parent = useQuery({ queryKey: taskKey(parentId), queryFn: () => fetchTask(parentId), meta: { silent: true } });
  return (
    <Link to={`/tasks/${parentId}`}>
      {parent.data ? [parent.data.code, parent.data.content.slice(0, 120)].filter(Boolean).join(' · ') : 'Nhiệm vụ cha'}
    </Link>
  );
}

export default function TaskDetailPage() {
  const { id = '' } = useParams();
  const me = useSession();
  const can = useCan();
  const query = useQuery({ queryKey: taskKey(id), queryFn: () => fetchTask(id), meta: { silent: true } });
  const [modal, setModal] = useState<TaskModal | null>(null);
  const [updating, setUpdating] = useState<'lead' | 'support' | null>(null);
  const [editing, setEditing] = useState(false);
  const [tab, setTab] = useState('updates');
  const [asking, setAsking] = useState<RequestedTask | null>(null);
  // one open request at a time: the card below shows it
  const explanations = useQuery({
    queryKey: explanationsKey({ taskId: id }),
    queryFn: () => fetchExplanations({ taskId: id }),
    enabled: can('request:explanation'),
    meta: { silent: true },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the page's dialogs when another task opens
  useEffect(() => {
    setModal(null);
    setUpdating(null);
    setEditing(false);
    setTab('updates');
    setAsking(null);
  }, [id]);

  if (query.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (query.isError || !query.data) {
    const status = query.error instanceof ApiError ? query.error.status : 0;
    return (
      <Result
        status={status === 403 ? '403' : status === 404 || status === 400 ? '404' : 'error'}
        title={status === 403 || status === 404 || status === 400 ? 'Không tìm thấy nhiệm vụ' : 'Không tải được nhiệm vụ'}
        subTitle={
          status === 403 || status === 404 || status === 400
            ? 'Nhiệm vụ không tồn tại hoặc không thuộc phạm vi đơn vị của bạn.'
            : (query.error?.message ?? 'Hãy thử lại sau.')
        }
        extra={
          <Link to="/tasks">
            <Button type="primary">Về danh sách nhiệm vụ</Button>
          </Link>
        }
      />
    );
  }

  const task = query.data;
  const open = task.state === 'open';
  const mine = ownUpdate(task, me.user.unitId);
  const isLead = can('update:task') && task.myRole === 'lead';
  const isSupport = can('update:task') && task.myRole === 'support';
  const reviewer = can('review:task');
  const manager = can('manage:task');
  const pendingUpdates = task.updates.filter((u) => u.taskId === task.id && u.state === 'submitted').length;
  const confirmedLinks = task.linked.filter((l) => l.state === 'confirmed');
  const pendingAdjustments = task.adjustments.filter((a) => a.state === 'requested');

  const more: MenuProps['items'] = manager
    ? [
        {
          key: 'record',
          icon: <ClockCircleOutlined />,
          label: 'Ghi nhận điều chỉnh theo văn bản',
          onClick: () => setModal({ kind: 'adjust-record' }),
        },
        { type: 'divider' },
        ...(open ? [{ key: 'pause', label: 'Tạm dừng', onClick: () => setModal({ kind: 'pause' }) }] : []),
        ...(task.state === 'paused' ? [{ key: 'resume', label: 'Tiếp tục thực hiện', onClick: () => setModal({ kind: 'resume' }) }] : []),
        ...(task.state !== 'cancelled' && task.state !== 'done'
          ? [{ key: 'cancel', danger: true, label: 'Hủy nhiệm vụ', onClick: () => setModal({ kind: 'cancel' }) }]
          : []),
      ]
    : [];

  const actions = (
    <Space wrap>
      {isLead && open && mine?.state !== 'accepted' && (
        <Button type="primary" icon={<FormOutlined />} onClick={() => setUpdating('lead')} data-testid="action-update">
          {mine ? `Sửa báo cáo ${task.currentPeriod.label}` : 'Cập nhật tiến độ'}
        </Button>
      )}
      {isLead && open && (
        <Button icon={<ClockCircleOutlined />} onClick={() => setModal({ kind: 'adjust-request' })} data-testid="action-adjust">
          Đề nghị điều chỉnh thời hạn
        </Button>
      )}
      {isLead && open && (
        <Button icon={<FileDoneOutlined />} onClick={() => setModal({ kind: 'propose-done' })} data-testid="action-propose-done">
          Đề xuất hoàn thành
        </Button>
      )}
      {isSupport && open && mine?.state !== 'accepted' && (
        <Button type="primary" icon={<TeamOutlined />} onClick={() => setUpdating('support')} data-testid="action-contribute">
          Đóng góp của đơn vị phối hợp
        </Button>
      )}
      {reviewer && task.state === 'done_proposed' && (
        <>
          <Button
            type="primary"
            icon={<CheckCircleOutlined />}
            onClick={() => setModal({ kind: 'confirm-done' })}
            data-testid="action-confirm-done"
          >
            Xác nhận hoàn thành
          </Button>
          <Button danger icon={<CloseCircleOutlined />} onClick={() => setModal({ kind: 'reject-done' })} data-testid="action-reject-done">
            Không xác nhận
          </Button>
        </>
      )}
      {manager && (open || task.state === 'done_proposed') && (
        <Button icon={<BellOutlined />} onClick={() => setModal({ kind: 'remind' })} data-testid="action-remind">
          Đôn đốc
        </Button>
      )}
      {can('request:explanation') &&
        task.status === 'in_progress_overdue' &&
        explanations.isSuccess &&
        !explanations.data.some((e) => e.state === 'open') && (
          <Button
            icon={<QuestionCircleOutlined />}
            onClick={() => setAsking({ ...task, leads: task.leads.map((u) => u.name), due: task.dueOn })}
            data-testid="action-request-explanation"
          >
            Yêu cầu giải trình
          </Button>
        )}
      {manager && (
        <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="action-edit">
          Sửa
        </Button>
      )}
      {manager && (
        <Dropdown menu={{ items: more }} trigger={['click']}>
          <Button icon={<MoreOutlined />} aria-label="Thao tác khác" data-testid="action-more" />
        </Dropdown>
      )}
    </Space>
  );

  const tabs = [
    { key: 'updates', label: `Báo cáo tiến độ (${task.updates.length})`, children: <UpdatesTab task={task} onModal={setModal} /> },
    {
      key: 'adjustments',
      label: `Điều chỉnh thời hạn (${task.adjustments.length})`,
      children: <AdjustmentsTab task={task} onModal={setModal} />,
    },
    { key: 'timeline', label: 'Dòng thời gian', children: <TimelineTab taskId={task.id} /> },
    ...(task.deadline.kind === 'recurring' ? [{ key: 'occurrences', label: 'Theo kỳ', children: <OccurrencesTab task={task} /> }] : []),
  ];

  return (
    <div data-testid="task-detail" data-task-id={task.id} style={{ maxWidth: 1280 }}>
      <Link to="/tasks" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> Danh sách nhiệm vụ
      </Link>
      <div className="page-header" style={{ alignItems: 'flex-start' }}>
        <div style={{ minWidth: 0, flex: '1 1 420px' }}>
          <h1 data-testid="task-title" style={{ ...clamp2, fontSize: 20, lineHeight: 1.4 }} title={task.content}>
            {task.code && <span style={{ color: '#0b5394' }}>{task.code} · </span>}
            {task.content}
          </h1>
          <Flex gap={8} align="center" wrap style={{ marginTop: 6 }}>
            <StatusTag task={task} markers={false} />
            {task.state !== 'open' && <Tag data-testid="task-state">{TASK_STATE_LABELS[task.state]}</Tag>}
            {task.myRole && <Tag color="geekblue">Đơn vị bạn {task.myRole === 'lead' ? 'chủ trì' : 'phối hợp'}</Tag>}
            {task.section && <Typography.Text type="secondary">{task.section}</Typography.Text>}
          </Flex>
        </div>
        {actions}
      </div>

      {reviewer && (pendingUpdates > 0 || pendingAdjustments.length > 0) && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="pending-review"
          title="Đang chờ Sở KH&CN xem xét"
          description={
            <Space orientation="vertical" size={2}>
              {pendingUpdates > 0 && (
                <Typography.Link onClick={() => setTab('updates')}>{pendingUpdates} báo cáo tiến độ chờ tiếp nhận</Typography.Link>
              )}
              {pendingAdjustments.length > 0 && (
                <Typography.Link onClick={() => setTab('adjustments')}>
                  {pendingAdjustments.length} đề nghị điều chỉnh thời hạn chờ quyết định
                </Typography.Link>
              )}
            </Space>
          }
        />
      )}
      {(isLead || isSupport) && mine?.state === 'returned' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="returned-alert"
          title={`Báo cáo ${mine.periodLabel} bị trả lại`}
          description={<span style={pre}>{mine.reviewComment}</span>}
          action={
            open && (
              <Button size="small" onClick={() => setUpdating(isLead ? 'lead' : 'support')}>
                Sửa và gửi lại
              </Button>
            )
          }
        />
      )}
      {(isLead || isSupport) && open && !mine && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`Đơn vị chưa báo cáo kỳ ${task.currentPeriod.label} (hạn ${fmtDate(task.currentPeriod.due)}).`}
        />
      )}
      {(task.state === 'done_proposed' || task.state === 'done') && (task.proposedDoneOn || task.completedOn) && (
        <Alert
          type={task.state === 'done' ? 'success' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="done-proposal"
          title={
            task.state === 'done'
              ? `Đã xác nhận hoàn thành ngày ${fmtDate(task.completedOn)}`
              : `Đơn vị chủ trì đề xuất hoàn thành ngày ${fmtDate(task.proposedDoneOn)}, chờ Sở KH&CN xác nhận`
          }
          description={
            <div>
              {task.doneNote && <div style={{ ...pre, marginBottom: 6 }}>{task.doneNote}</div>}
              <FileLinks files={task.doneFiles} />
            </div>
          }
        />
      )}

      <Card size="small" title="5 rõ" style={{ marginBottom: 16 }}>
        <Descriptions
          bordered
          size="small"
          column={1}
          styles={{ label: { width: 180, fontWeight: 500 } }}
          items={[
            {
              key: 'work',
              label: 'Rõ việc',
              children: (
                <div style={pre} data-testid="task-content">
                  {task.content}
                </div>
              ),
            },
            { key: 'person', label: 'Rõ người', children: task.responsiblePerson || none },
            {
              key: 'units',
              label: 'Rõ trách nhiệm',
              children: (
                <div data-testid="task-units">
                  <div>
                    <Typography.Text type="secondary">Chủ trì: </Typography.Text>
                    {task.leads.map((u) => u.name).join('; ') || task.leadText || '—'}
                  </div>
                  <div>
                    <Typography.Text type="secondary">Phối hợp: </Typography.Text>
                    {task.supports.map((u) => u.name).join('; ') || task.supportText || '—'}
                  </div>
                </div>
              ),
            },
            { key: 'deliverable', label: 'Rõ sản phẩm', children: task.deliverable ? <div style={pre}>{task.deliverable}</div> : none },
            { key: 'time', label: 'Rõ thời gian', children: <TimeFacts task={task} /> },
          ]}
        />
      </Card>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'status', label: 'Tình trạng', children: <StatusTag task={task} /> },
            {
              key: 'percent',
              label: 'Tiến độ',
              children: (
                <div>
                  <Progress percent={task.percent} size="small" style={{ width: 200, margin: 0 }} data-testid="task-percent" />
                  {confirmedLinks.length > 0 && (
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="linked-percent">
                      Cùng nhiệm vụ tại kế hoạch khác:{' '}
                      {confirmedLinks.map((l) => `${l.task.code || 'nhiệm vụ liên kết'} ${l.task.percent}%`).join('; ')}
                    </Typography.Text>
                  )}
                </div>
              ),
            },
            {
              key: 'documents',
              label: 'Văn bản giao',
              children: task.documents.length ? (
                <Space orientation="vertical" size={0}>
                  {task.documents.map((d) => (
                    <Link key={d.id} to={`/documents/${d.id}`} title={d.title}>
                      {documentLabel(d)}
                    </Link>
                  ))}
                </Space>
              ) : (
                '—'
              ),
            },
            ...(task.document && !task.documents.some((d) => d.id === task.document?.id)
              ? [
                  {
                    key: 'plan',
                    label: 'Kế hoạch',
                    children: (
                      <Link to={`/documents/${task.document.id}`} title={task.document.title}>
                        {documentLabel(task.document)}
                      </Link>
                    ),
                  },
                ]
              : []),
            ...(task.parentId ? [{ key: 'parent', label: 'Thuộc nhiệm vụ', children: <ParentLink parentId={task.parentId} /> }] : []),
            ...(task.completedOn ? [{ key: 'completed', label: 'Ngày hoàn thành', children: fmtDate(task.completedOn) }] : []),
            ...(task.tags.length ? [{ key: 'tags', label: 'Nhãn', children: task.tags.map((t) => <Tag key={t}>{t}</Tag>) }] : []),
          ]}
        />
        {task.children.length > 0 && (
          <div style={{ marginTop: 8 }}>
            <Typography.Text strong>Nhiệm vụ con ({task.children.length})</Typography.Text>
            <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
              {task.children.map((c) => (
                <li key={c.id}>
                  <Link to={`/tasks/${c.id}`}>{[c.code, c.content].filter(Boolean).join(' · ')}</Link>{' '}
                  <StatusTag task={c} markers={false} />
                </li>
              ))}
            </ul>
          </div>
        )}
      </Card>

      <LinkedTasksCard task={task} />
      <TaskExplanationsCard taskId={task.id} />

      <Card size="small">
        <Tabs activeKey={tab} onChange={setTab} items={tabs} />
      </Card>

      <TaskActionModal task={task} modal={modal} onClose={() => setModal(null)} />
      {updating && <UpdateForm task={task} role={updating} open onClose={() => setUpdating(null)} />}
      <TaskForm task={task} open={editing} onClose={() => setEditing(false)} />
      <ExplanationRequestModal task={asking} onClose={() => setAsking(null)} />
    </div>
  );
}
