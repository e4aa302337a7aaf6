import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Col, Empty, Row, Skeleton, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import type { MyWork, TaskSummary } from '#common/contracts/tasks.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { api } from '../../lib/api.ts';
import { useCan } from '../../lib/session.ts';
import { StatusTag } from '../tasks/task-status.tsx';
import { fmtDate, fmtDateTime, MY_WORK_KEY, unitNames } from '../tasks/tasks-api.ts';

/** Rows shown before "Xem thêm": a long list stays cheap to draw on a slow laptop. */
const FIRST_ROWS = 8;

const REVIEW_KINDS: Record<MyWork['toReview'][number]['kind'], { label: string; color: string }> = {
  update: { label: 'Báo cáo tiến độ chờ tiếp nhận', color: 'blue' },
  adjustment: { label: 'Đề nghị điều chỉnh thời hạn', color: 'gold' },
  done: { label: 'Đề xuất hoàn thành', color: 'cyan' },
};

const clamp2: React.CSSProperties = { display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' };

function TaskRow({ task, children }: { task: TaskSummary; children?: ReactNode }) {
  return (
    <div data-testid="my-work-item" data-task-id={task.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
      <Link to={`/tasks/${task.id}`} style={{ ...clamp2, color: 'inherit' }} title={task.content}>
        {task.code && <Typography.Text strong>{task.code} · </Typography.Text>}
        {task.content}
      </Link>
      <div style={{ fontSize: 12, color: '#595959', marginTop: 4, display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
        <StatusTag task={task} />
        <span>{task.dueOn ? `Hạn ${fmtDate(task.dueOn)}` : task.deadline.text}</span>
        {task.leads.length > 0 && <span>· Chủ trì: {unitNames(task.leads)}</span>}
      </div>
      {children}
    </div>
  );
}

function Section<T>({
  title,
  testId,
  items,
  empty,
  tone,
  render,
}: {
  title: string;
  testId: string;
  items: T[];
  empty: string;
  tone: string;
  render: (item: T) => ReactNode;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, FIRST_ROWS);
  return (
    <Card
      size="small"
      data-testid={testId}
      title={
        <span>
          {title}{' '}
          <Badge
            count={items.length}
            showZero
            color={items.length ? tone : '#bfbfbf'}
            style={{ marginLeft: 4 }}
            data-testid={`${testId}-count`}
          />
        </span>
      }
      style={{ height: '100%' }}
      styles={{ body: { paddingTop: 0 } }}
    >
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} style={{ margin: '12px 0' }} />
      ) : (
        <>
          {shown.map(render)}
          {items.length > FIRST_ROWS && (
            <Button type="link" onClick={() => setAll(!all)} style={{ padding: 0, marginTop: 4 }}>
              {all ? 'Thu gọn' : `Xem thêm ${items.length - FIRST_ROWS}`}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}

export default function MyWorkPage() {
  const can = useCan();
  const reviewer = can('review:task');
  const reporter = can('update:task');
  const work = useQuery({ queryKey: MY_WORK_KEY, queryFn: () => api<MyWork>('/api/my-work') });

  if (work.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (!work.data) return <Empty description="Không tải được danh sách công việc. Hãy tải lại trang." />;
  const { period, overdue, dueSoon, toReport, returned, toReview } = work.data;

  return (
    <div style={{ maxWidth: 1280 }}>
      <PageHeader title="Việc của tôi">
        <Typography.Text type="secondary" data-testid="my-work-period">
          Kỳ báo cáo {period.label} — hạn {fmtDate(period.due)}
        </Typography.Text>
      </PageHeader>
      <Row gutter={[16, 16]}>
        {reviewer && (
          <Col xs={24}>
            <Section
              title="Chờ xem xét"
              testId="my-work-to-review"
              items={toReview}
              tone="#0b5394"
              empty="Không có báo cáo, đề nghị nào đang chờ xem xét."
              render={(item) => (
                <TaskRow key={`${item.kind}-${item.task.id}-${item.at}`} task={item.task}>
                  <div style={{ marginTop: 4 }}>
                    <Tag color={REVIEW_KINDS[item.kind].color}>{REVIEW_KINDS[item.kind].label}</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>
                      gửi lúc {fmtDateTime(item.at)}
                    </Typography.Text>
                  </div>
                </TaskRow>
              )}
            />
          </Col>
        )}
        <Col xs={24} lg={12}>
          <Section
            title="Quá hạn"
            testId="my-work-overdue"
            items={overdue}
            tone="#cf1322"
            empty="Không có nhiệm vụ nào quá hạn."
            render={(task) => <TaskRow key={task.id} task={task} />}
          />
        </Col>
        <Col xs={24} lg={12}>
          <Section
            title="Sắp đến hạn"
            testId="my-work-due-soon"
            items={dueSoon}
            tone="#d48806"
            empty="Không có nhiệm vụ nào sắp đến hạn."
            render={(task) => <TaskRow key={task.id} task={task} />}
          />
        </Col>
        {(reporter || toReport.length > 0) && (
          <Col xs={24} lg={12}>
            <Section
              title="Cần báo cáo kỳ này"
              testId="my-work-to-report"
              items={toReport}
              tone="#0b5394"
              empty={`Không còn nhiệm vụ nào phải báo cáo kỳ ${period.label}.`}
              render={(task) => <TaskRow key={task.id} task={task} />}
            />
          </Col>
        )}
        {(reporter || returned.length > 0) && (
          <Col xs={24} lg={12}>
            <Section
              title="Bị trả lại"
              testId="my-work-returned"
              items={returned}
              tone="#cf1322"
              empty="Không có báo cáo nào bị trả lại."
              render={({ task, update }) => (
                <TaskRow key={update.id} task={task}>
                  <div
                    style={{ marginTop: 6, padding: '6px 10px', background: '#fff1f0', borderRadius: 6, fontSize: 13 }}
                    data-testid="returned-comment"
                  >
                    <Typography.Text type="danger">Sở KH&amp;CN trả lại báo cáo {update.periodLabel}: </Typography.Text>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{update.reviewComment || '(không có ghi chú)'}</span>
                  </div>
                </TaskRow>
              )}
            />
          </Col>
        )}
      </Row>
    </div>
  );
}
