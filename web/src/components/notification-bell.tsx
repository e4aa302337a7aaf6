import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Popover, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Notification, NotificationList } from '#common/contracts/reminders.ts';
import { api } from '../lib/api.ts';
import { showError } from '../lib/feedback.ts';

dayjs.extend(relativeTime);

const KEY = ['notifications'] as const;

/**
 * The bell in the header: the unread count (polled every minute) and the latest
 * notifications; opening one marks it read and goes where it points.
 */
export function NotificationBell() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const query = useQuery({
    queryKey: KEY,
    queryFn: () => api<NotificationList>('/api/notifications', { query: { limit: 20 } }),
    refetchInterval: 60_000,
    meta: { silent: true },
  });
  const items = query.data?.items ?? [];
  const unread = query.data?.unread ?? 0;

  const openOne = async (n: Notification) => {
    setOpen(false);
    if (!n.readAt) {
      try {
        await api(`/api/notifications/${n.id}/read`, { method: 'POST' });
      } catch (error) {
        showError(error);
      }
      await queryClient.invalidateQueries({ queryKey: KEY });
    }
    if (n.link) navigate(n.link);
  };

  const readAll = async () => {
    try {
      await api('/api/notifications/read-all', { method: 'POST' });
    } catch (error) {
      showError(error);
    }
    await queryClient.invalidateQueries({ queryKey: KEY });
  };

  const content = (
    <div style={{ width: 380, maxWidth: 'calc(100vw - 32px)' }} data-testid="notification-list">
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          padding: '4px 4px 8px',
          borderBottom: '1px solid #f0f0f0',
        }}
      >
        <Typography.Text strong>Thông báo</Typography.Text>
        <Button type="link" size="small" disabled={!unread} onClick={readAll} style={{ paddingInline: 0 }}>
          Đánh dấu đã đọc tất cả
        </Button>
      </div>
      {query.isPending ? (
        <div style={{ padding: 24, textAlign: 'center' }}>
          <Spin />
        </div>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có thông báo" style={{ margin: '20px 0' }} />
      ) : (
        <div style={{ maxHeight: 420, overflowY: 'auto', margin: '0 -4px' }}>
          {items.map((n) => (
            <button
              key={n.id}
              type="button"
              onClick={() => openOne(n)}
              style={{
                display: 'flex',
                gap: 10,
                width: '100%',
                padding: '10px 8px',
                border: 0,
                borderBottom: '1px solid #f5f5f5',
                background: n.readAt ? 'transparent' : '#f0f6fc',
                textAlign: 'left',
                font: 'inherit',
                cursor: 'pointer',
              }}
            >
              <span
                aria-hidden
                style={{
                  flex: 'none',
                  width: 8,
                  height: 8,
                  marginTop: 7,
                  borderRadius: 4,
                  background: n.readAt ? 'transparent' : '#0b5394',
                }}
              />
              <span style={{ minWidth: 0, flex: 1 }}>
                <Typography.Text strong={!n.readAt} style={{ display: 'block' }} ellipsis={{ tooltip: n.title }}>
                  {n.title}
                </Typography.Text>
                {n.body && (
                  <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '2px 0' }} ellipsis={{ rows: 2 }}>
                    {n.body}
                  </Typography.Paragraph>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }} title={dayjs(n.createdAt).format('HH:mm DD/MM/YYYY')}>
                  {dayjs(n.createdAt).fromNow()}
                </Typography.Text>
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      placement="bottomRight"
      arrow={false}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) void query.refetch();
      }}
    >
      <Button
        type="text"
        shape="circle"
        size="large"
        data-testid="notification-bell"
        aria-label={unread ? `Thông báo: ${unread} chưa đọc` : 'Thông báo'}
        style={{ marginRight: 8 }}
        icon={
          <Badge count={unread} size="small" overflowCount={99} offset={[2, -2]}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
    </Popover>
  );
}
