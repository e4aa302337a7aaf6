import { Tag, Tooltip, Typography } from 'antd';
import type { TaskSummary } from '#common/contracts/tasks.ts';
import { formatDeadline } from '#common/domain/deadline.ts';
import { TASK_STATUS_LABELS } from '#common/domain/status.ts';
import { fmtDate, STATUS_COLORS } from './tasks-api.ts';

type StatusFields = Pick<TaskSummary, 'status' | 'state' | 'lateAgainstOriginal' | 'needsReview'>;

/** The status tag, with the markers a reader must not miss: late against the first deadline, a deadline to review. */
export function StatusTag({ task, markers = true }: { task: StatusFields; markers?: boolean }) {
  return (
    <span data-testid="task-status" style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4, alignItems: 'center' }}>
      <Tag color={STATUS_COLORS[task.status]} style={{ marginInlineEnd: 0 }} data-testid="task-status-label">
        {TASK_STATUS_LABELS[task.status]}
      </Tag>
      {markers && task.state === 'done_proposed' && (
        <Tag color="cyan" style={{ marginInlineEnd: 0 }}>
          chờ xác nhận hoàn thành
        </Tag>
      )}
      {markers && task.lateAgainstOriginal && (
        <Tooltip title="Đã quá thời hạn được giao ban đầu, trước khi được điều chỉnh">
          <Tag color="volcano" style={{ marginInlineEnd: 0, fontSize: 11 }} data-testid="late-original">
            trễ so với hạn ban đầu
          </Tag>
        </Tooltip>
      )}
      {markers && task.needsReview && (
        <Tooltip title="Hệ thống chưa đọc chắc chắn được thời hạn này: cần người rà soát">
          <Tag color="purple" style={{ marginInlineEnd: 0, fontSize: 11 }}>
            cần rà soát
          </Tag>
        </Tooltip>
      )}
    </span>
  );
}

/** The deadline as the plan wrote it, and under it the day it falls due. */
export function DeadlineCell({ task }: { task: Pick<TaskSummary, 'deadline' | 'dueOn'> }) {
  const { deadline } = task;
  const label = formatDeadline(deadline);
  return (
    <div>
      <div>{deadline.text || label}</div>
      {task.dueOn ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          hạn {fmtDate(task.dueOn)}
        </Typography.Text>
      ) : (
        deadline.text !== label && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {label}
          </Typography.Text>
        )
      )}
    </div>
  );
}
