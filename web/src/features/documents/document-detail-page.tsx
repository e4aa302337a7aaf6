import { ArrowLeftOutlined, DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Empty, Result, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { DocumentRef } from '#common/contracts/documents.ts';
import type { TaskSummary } from '#common/contracts/tasks.ts';
import { TASK_STATUS_LABELS, type TaskStatus } from '#common/domain/status.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { PageLoading } from '../../components/results.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { useCan } from '../../lib/session.ts';
import type { Page } from '../../lib/types.ts';
import { DocumentForm } from './document-form.tsx';
import { fileSize, issuerOf, refLabel, useDocument, vnDate } from './documents-api.ts';

const STATUS_COLORS: Record<TaskStatus, string> = {
  not_started: 'default',
  in_progress_on_time: 'processing',
  in_progress_overdue: 'error',
  done_on_time: 'success',
  done_late: 'warning',
  paused: 'default',
  cancelled: 'default',
};

function RefList({ refs, empty = 'Không có' }: { refs: DocumentRef[]; empty?: string }) {
  if (!refs.length) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingLeft: 18 }}>
      {refs.map((ref) => (
        <li key={ref.id}>
          <Link to={`/documents/${ref.id}`} style={{ fontWeight: 500 }}>
            {refLabel(ref)}
          </Link>
          <span style={{ color: '#595959' }}> — {ref.title}</span>
        </li>
      ))}
    </ul>
  );
}

function DocumentTasks({ documentId, taskCount }: { documentId: string; taskCount: number }) {
  const tasks = useQuery({
    queryKey: ['tasks', 'list', { documentId, pageSize: 200 }],
    queryFn: () => api<Page<TaskSummary>>('/api/tasks', { query: { documentId, pageSize: 200 } }),
    meta: { silent: true },
  });
  const columns: TableColumnsType<TaskSummary> = [
    { title: 'Mã', dataIndex: 'code', width: 90, render: (code: string, task) => <Link to={`/tasks/${task.id}`}>{code || '—'}</Link> },
    {
      title: 'Nội dung',
      dataIndex: 'content',
      render: (content: string, task) => (
        <Link to={`/tasks/${task.id}`} style={{ color: 'inherit' }}>
          <Typography.Paragraph ellipsis={{ rows: 3, tooltip: content }} style={{ margin: 0 }}>
            {content}
          </Typography.Paragraph>
        </Link>
      ),
    },
    { title: 'Chủ trì', key: 'leads', width: 200, render: (_, task) => task.leads.map((u) => u.shortName).join(', ') },
    { title: 'Thời hạn', key: 'deadline', width: 170, render: (_, task) => task.deadline.text },
    {
      title: 'Tình trạng',
      dataIndex: 'status',
      width: 190,
      render: (status: TaskStatus) => <Tag color={STATUS_COLORS[status]}>{TASK_STATUS_LABELS[status]}</Tag>,
    },
  ];
  const total = tasks.data?.total ?? 0;
  return (
    <Card
      title={`Nhiệm vụ${tasks.data ? ` (${total})` : ''}`}
      size="small"
      style={{ marginTop: 16 }}
      extra={
        tasks.data &&
        total < taskCount && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            Văn bản giao {taskCount} nhiệm vụ; bạn xem được các nhiệm vụ có đơn vị mình tham gia.
          </Typography.Text>
        )
      }
    >
      {tasks.isError ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={`Chưa tải được danh sách nhiệm vụ${tasks.error instanceof ApiError ? `: ${tasks.error.message}` : '.'}`}
        />
      ) : (
        <Table<TaskSummary>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={tasks.data?.items ?? []}
          loading={tasks.isPending}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{
            emptyText: taskCount ? 'Đơn vị của bạn không tham gia nhiệm vụ nào của văn bản này' : 'Văn bản này chưa giao nhiệm vụ nào',
          }}
          footer={
            total > (tasks.data?.items.length ?? 0) ? () => `Đang hiện ${tasks.data?.items.length} trên ${total} nhiệm vụ.` : undefined
          }
        />
      )}
    </Card>
  );
}

export default function DocumentDetailPage() {
  const { id } = useParams();
  const can = useCan();
  const [editing, setEditing] = useState(false);
  const query = useDocument(id);
  const doc = query.data;

  if (query.isPending) return <PageLoading />;
  if (!doc) {
    return (
      <Result
        status="404"
        title="Không tìm thấy văn bản"
        subTitle="Văn bản này không có trong hệ thống của tỉnh, hoặc đường dẫn chưa đúng."
        extra={
          <Link to="/documents">
            <Button type="primary">Về danh sách văn bản</Button>
          </Link>
        }
      />
    );
  }

  return (
    <div style={{ maxWidth: 1200 }}>
      <Link to="/documents" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> Danh sách văn bản
      </Link>
      <PageHeader
        title={`${doc.typeLabel || 'Văn bản'} ${doc.symbol}`}
        extra={
          can('manage:document') && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              Sửa
            </Button>
          )
        }
      >
        <Typography.Text type="secondary">
          {[doc.issuedOn ? `Ban hành ngày ${vnDate(doc.issuedOn)}` : 'Chưa có ngày ban hành', issuerOf(doc)].filter(Boolean).join(' · ')}
        </Typography.Text>
      </PageHeader>

      <Card size="small">
        <Descriptions
          column={{ xs: 1, md: 2 }}
          size="small"
          items={[
            {
              key: 'symbol',
              label: 'Số, ký hiệu',
              children: doc.number === null ? `${doc.symbol} (dự thảo, chưa có số)` : doc.symbol,
            },
            { key: 'type', label: 'Loại văn bản', children: doc.typeLabel || '—' },
            { key: 'issuedOn', label: 'Ngày ban hành', children: vnDate(doc.issuedOn) || '—' },
            { key: 'issuer', label: 'Cơ quan ban hành', children: issuerOf(doc) || '—' },
            { key: 'title', label: 'Trích yếu', span: 'filled', children: doc.title },
            {
              key: 'file',
              label: 'Tệp văn bản',
              span: 'filled',
              children: doc.file ? (
                <a href={`/api/files/${doc.file.id}`} download={doc.file.name} data-testid="document-download">
                  <DownloadOutlined /> {doc.file.name} <Typography.Text type="secondary">({fileSize(doc.file.size)})</Typography.Text>
                </a>
              ) : (
                <Typography.Text type="secondary">Chưa có tệp</Typography.Text>
              ),
            },
          ]}
        />
      </Card>

      <Card title="Văn bản liên quan" size="small" style={{ marginTop: 16 }}>
        <Descriptions
          column={1}
          size="small"
          styles={{ label: { width: 220 } }}
          items={[
            { key: 'implements', label: 'Thực hiện văn bản', children: <RefList refs={doc.implements} /> },
            { key: 'implementedBy', label: 'Được thực hiện bởi', children: <RefList refs={doc.implementedBy} /> },
            { key: 'replaces', label: 'Thay thế văn bản', children: <RefList refs={doc.replaces} /> },
            { key: 'replacedBy', label: 'Bị thay thế bởi', children: <RefList refs={doc.replacedBy} /> },
          ]}
        />
      </Card>

      <DocumentTasks documentId={doc.id} taskCount={doc.taskCount} />

      <DocumentForm open={editing} document={doc} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
    </div>
  );
}
