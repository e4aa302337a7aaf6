import { CheckOutlined, CloseOutlined, SwapOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Flex, Pagination, Popconfirm, Progress, Row, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { TASK_LINK_STATE_LABELS, TASK_LINK_STATES, type TaskLink } from '#common/contracts/links.ts';
import type { TaskSummary } from '#common/contracts/tasks.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { api } from '../../lib/api.ts';
import { showError, showSuccess } from '../../lib/feedback.ts';
import type { Page } from '../../lib/types.ts';
import { DeadlineCell, StatusTag } from '../tasks/task-status.tsx';
import { documentLabel, fmtDateTime } from '../tasks/tasks-api.ts';
import { LINKS_KEY, taskSource, useLinkDecision } from './links-api.ts';

type State = (typeof TASK_LINK_STATES)[number];
const PAGE_SIZE = 10;
const pre: React.CSSProperties = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' };

/** Similarity as a colour: the closer to identical, the surer the proposal. */
const tone = (similarity: number) => (similarity >= 80 ? '#389e0d' : similarity >= 65 ? '#1677ff' : '#d48806');

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div style={{ display: 'flex', gap: 8, marginTop: 6, fontSize: 13 }}>
      <Typography.Text type="secondary" style={{ flex: '0 0 88px' }}>
        {label}
      </Typography.Text>
      <div style={{ minWidth: 0, flex: 1 }}>{children}</div>
    </div>
  );
}

/** One side of the pair: what a coordinator compares, the "5 rõ" and the plan the task comes from. */
function TaskSide({ task }: { task: TaskSummary }) {
  return (
    <div
      data-testid="link-side"
      style={{ height: '100%', padding: 12, background: '#fafbfc', border: '1px solid #edf0f4', borderRadius: 8 }}
    >
      <Typography.Text strong style={{ color: '#0b5394' }}>
        {taskSource(task) || 'Không thuộc kế hoạch nào'}
      </Typography.Text>
      <div style={{ marginTop: 4 }}>
        <Link to={`/tasks/${task.id}`} style={{ ...pre, color: 'inherit', fontWeight: 500 }}>
          {task.content}
        </Link>
      </div>
      {task.deliverable && (
        <Fact label="Sản phẩm">
          <span style={pre}>{task.deliverable}</span>
        </Fact>
      )}
      <Fact label="Chủ trì">{task.leads.map((u) => u.shortName || u.name).join('; ') || '—'}</Fact>
      <Fact label="Thời hạn">
        <DeadlineCell task={task} />
      </Fact>
      <Fact label="Văn bản giao">
        {task.documents.length ? (
          <Space orientation="vertical" size={0}>
            {task.documents.map((d) => (
              <Link key={d.id} to={`/documents/${d.id}`} title={d.title}>
                {documentLabel(d)}
              </Link>
            ))}
          </Space>
        ) : (
          '—'
        )}
      </Fact>
      <Fact label="Tiến độ">
        <Flex gap={8} align="center" wrap>
          <StatusTag task={task} markers={false} />
          <Progress percent={task.percent} size="small" style={{ width: 110, margin: 0 }} />
        </Flex>
      </Fact>
    </div>
  );
}

function LinkCard({ link }: { link: TaskLink }) {
  const decideLink = useLinkDecision();
  const [busy, setBusy] = useState<'confirm' | 'reject' | null>(null);
  const decide = async (decision: 'confirm' | 'reject') => {
    setBusy(decision);
    try {
      await decideLink(link.id, decision);
      showSuccess(
        decision === 'confirm'
          ? 'Đã xác nhận: hai nhiệm vụ dùng chung văn bản giao và tiến độ.'
          : 'Đã bỏ qua đề xuất; hệ thống sẽ không đề xuất lại cặp này.',
      );
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card size="small" data-testid="link-proposal" data-link-id={link.id} style={{ marginBottom: 12 }}>
      <Row gutter={[12, 12]} align="stretch">
        <Col xs={24} lg={10}>
          <TaskSide task={link.task} />
        </Col>
        <Col xs={24} lg={4}>
          <Flex vertical align="center" justify="center" gap={10} style={{ height: '100%', textAlign: 'center' }}>
            <Progress
              type="circle"
              size={72}
              percent={link.similarity}
              strokeColor={tone(link.similarity)}
              format={(p) => `${p}%`}
              aria-label={`Giống nhau ${link.similarity}%`}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <SwapOutlined /> độ giống nội dung
            </Typography.Text>
            {link.state === 'proposed' ? (
              <Space orientation="vertical" size={6} style={{ width: '100%', maxWidth: 170 }}>
                <Popconfirm
                  title="Xác nhận là cùng một nhiệm vụ?"
                  description="Hai nhiệm vụ sẽ dùng chung văn bản giao và tiến độ báo cáo."
                  okText="Xác nhận"
                  cancelText="Hủy"
                  onConfirm={() => decide('confirm')}
                >
                  <Button type="primary" block icon={<CheckOutlined />} loading={busy === 'confirm'} data-testid="link-confirm">
                    Xác nhận
                  </Button>
                </Popconfirm>
                <Button
                  block
                  icon={<CloseOutlined />}
                  loading={busy === 'reject'}
                  onClick={() => decide('reject')}
                  data-testid="link-reject"
                >
                  Bỏ qua
                </Button>
              </Space>
            ) : (
              <div>
                <Tag color={link.state === 'confirmed' ? 'green' : 'default'}>{TASK_LINK_STATE_LABELS[link.state]}</Tag>
                <div style={{ fontSize: 12, color: '#595959', marginTop: 4 }}>
                  {link.decidedByName} · {fmtDateTime(link.decidedAt)}
                </div>
              </div>
            )}
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <TaskSide task={link.otherTask} />
        </Col>
      </Row>
    </Card>
  );
}

/**
 * "Đề xuất liên kết nhiệm vụ": the pairs of tasks of different plans the system finds alike
 * (DESIGN.md rule 8), side by side, for the coordinator to confirm or reject.
 */
export default function LinksPage() {
  const [state, setState] = useState<State>('proposed');
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: [...LINKS_KEY, { state, page }],
    queryFn: () => api<Page<TaskLink>>('/api/task-links', { query: { state, page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;

  return (
    <div style={{ maxWidth: 1400 }}>
      <PageHeader
        title="Đề xuất liên kết nhiệm vụ"
        extra={
          <Segmented<State>
            value={state}
            onChange={(v) => {
              setState(v);
              setPage(1);
            }}
            options={TASK_LINK_STATES.map((s) => ({ value: s, label: TASK_LINK_STATE_LABELS[s] }))}
            data-testid="link-state"
          />
        }
      >
        <Typography.Text type="secondary">
          Cùng một nhiệm vụ được nhiều kế hoạch giao. Xác nhận để nhiệm vụ hiển thị đủ các văn bản giao và một tiến độ chung; bỏ qua nếu là
          hai việc khác nhau.
        </Typography.Text>
      </PageHeader>

      {list.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : items.length === 0 ? (
        <Card>
          <Empty
            description={
              state === 'proposed'
                ? 'Không có đề xuất nào chờ xác nhận. Đề xuất mới xuất hiện sau mỗi lần nhập kế hoạch.'
                : state === 'confirmed'
                  ? 'Chưa có liên kết nào được xác nhận'
                  : 'Chưa bỏ qua đề xuất nào'
            }
          />
        </Card>
      ) : (
        <>
          <Typography.Paragraph type="secondary" data-testid="link-total">
            {total} {state === 'proposed' ? 'cặp nhiệm vụ chờ xác nhận, giống nhau nhất trước' : 'cặp nhiệm vụ'}
          </Typography.Paragraph>
          {items.map((link) => (
            <LinkCard key={link.id} link={link} />
          ))}
          {total > PAGE_SIZE && (
            <Pagination align="end" current={page} pageSize={PAGE_SIZE} total={total} onChange={setPage} showSizeChanger={false} />
          )}
        </>
      )}
    </div>
  );
}
