import { CheckOutlined, CloseOutlined, LinkOutlined, SearchOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Popconfirm, Progress, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { LinkedTask, Task } from '#common/contracts/tasks.ts';
import { api } from '../../lib/api.ts';
import { showError, showSuccess } from '../../lib/feedback.ts';
import { useCan } from '../../lib/session.ts';
import { StatusTag } from '../tasks/task-status.tsx';
import { LINKS_KEY, taskSource, useLinkDecision } from './links-api.ts';

const clamp2: React.CSSProperties = { display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' };

function LinkedRow({ link, decide }: { link: LinkedTask; decide?: (d: 'confirm' | 'reject') => Promise<void> }) {
  const [busy, setBusy] = useState<'confirm' | 'reject' | null>(null);
  const run = (d: 'confirm' | 'reject') => async () => {
    setBusy(d);
    try {
      await decide?.(d);
    } finally {
      setBusy(null);
    }
  };
  const { task } = link;
  return (
    <div
      data-testid="linked-task"
      data-state={link.state}
      data-task-id={task.id}
      style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}
    >
      <Flex gap={12} align="flex-start" justify="space-between" wrap>
        <div style={{ flex: '1 1 360px', minWidth: 0 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {taskSource(task) || 'Nhiệm vụ không thuộc kế hoạch nào'}
          </Typography.Text>
          <Link to={`/tasks/${task.id}`} style={{ ...clamp2, color: 'inherit' }} title={task.content}>
            {task.content}
          </Link>
          <Flex gap={8} align="center" wrap style={{ marginTop: 4, fontSize: 12, color: '#595959' }}>
            <StatusTag task={task} markers={false} />
            <Progress percent={task.percent} size="small" style={{ width: 120, margin: 0 }} />
            {task.leads.length > 0 && <span>Chủ trì: {task.leads.map((u) => u.shortName || u.name).join('; ')}</span>}
          </Flex>
        </div>
        {link.state === 'proposed' && decide && (
          <Space size={6} wrap>
            <Tooltip title="Độ giống nhau của nội dung nhiệm vụ">
              <Tag color="gold">giống {link.similarity}%</Tag>
            </Tooltip>
            <Popconfirm
              title="Xác nhận là cùng một nhiệm vụ?"
              description="Hai nhiệm vụ sẽ dùng chung văn bản giao và tiến độ báo cáo."
              okText="Xác nhận"
              cancelText="Hủy"
              onConfirm={run('confirm')}
            >
              <Button size="small" type="primary" icon={<CheckOutlined />} loading={busy === 'confirm'} data-testid="link-confirm">
                Xác nhận
              </Button>
            </Popconfirm>
            <Button size="small" icon={<CloseOutlined />} loading={busy === 'reject'} onClick={run('reject')} data-testid="link-reject">
              Bỏ qua
            </Button>
          </Space>
        )}
      </Flex>
    </div>
  );
}

/**
 * "Cùng nhiệm vụ tại kế hoạch khác" (DESIGN.md rule 8): the confirmed links, whose documents
 * and progress this task shows as its own, and, for coordinators, the proposals to decide.
 */
export function LinkedTasksCard({ task }: { task: Task }) {
  const can = useCan();
  const manager = can('manage:task');
  const decideLink = useLinkDecision();
  const queryClient = useQueryClient();
  const [searching, setSearching] = useState(false);
  const confirmed = task.linked.filter((l) => l.state === 'confirmed');
  const proposed = task.linked.filter((l) => l.state === 'proposed');
  if (!task.linked.length && !manager) return null;

  const decide = (link: LinkedTask) => async (d: 'confirm' | 'reject') => {
    try {
      await decideLink(link.linkId, d);
      showSuccess(d === 'confirm' ? 'Đã xác nhận cùng một nhiệm vụ.' : 'Đã bỏ qua đề xuất; hệ thống sẽ không đề xuất lại cặp này.');
    } catch (error) {
      showError(error);
    }
  };

  const search = async () => {
    setSearching(true);
    try {
      const { proposed: found } = await api<{ proposed: number }>(`/api/tasks/${task.id}/propose-links`, { method: 'POST' });
      showSuccess(found ? `Tìm thấy ${found} nhiệm vụ giống ở kế hoạch khác.` : 'Không tìm thấy nhiệm vụ mới nào giống ở kế hoạch khác.');
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['tasks', 'one', task.id] }),
        queryClient.invalidateQueries({ queryKey: LINKS_KEY }),
      ]);
    } catch (error) {
      showError(error);
    } finally {
      setSearching(false);
    }
  };

  return (
    <Card
      size="small"
      data-testid="linked-tasks"
      title={
        <Space size={8}>
          <LinkOutlined />
          <span>Cùng nhiệm vụ tại kế hoạch khác</span>
          {confirmed.length > 0 && <Tag color="green">{confirmed.length} đã liên kết</Tag>}
          {proposed.length > 0 && <Tag color="gold">{proposed.length} đề xuất</Tag>}
        </Space>
      }
      extra={
        manager && (
          <Button size="small" icon={<SearchOutlined />} loading={searching} onClick={search} data-testid="link-search">
            Tìm nhiệm vụ giống
          </Button>
        )
      }
      style={{ marginBottom: 16 }}
      styles={{ body: { paddingTop: 4 } }}
    >
      {confirmed.length > 0 && (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
            Văn bản giao và báo cáo tiến độ của các nhiệm vụ này được hiển thị chung với nhiệm vụ hiện tại.
          </Typography.Paragraph>
          {confirmed.map((l) => (
            <LinkedRow key={l.linkId} link={l} />
          ))}
        </>
      )}
      {proposed.length > 0 && (
        <>
          <Typography.Text strong style={{ display: 'block', marginTop: confirmed.length ? 12 : 4 }}>
            Đề xuất chờ xác nhận
          </Typography.Text>
          {proposed.map((l) => (
            <LinkedRow key={l.linkId} link={l} decide={decide(l)} />
          ))}
        </>
      )}
      {!task.linked.length && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa thấy nhiệm vụ này ở kế hoạch khác" style={{ margin: '8px 0' }} />
      )}
    </Card>
  );
}
