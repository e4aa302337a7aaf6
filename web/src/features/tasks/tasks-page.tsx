import { BellOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  ConfigProvider,
  DatePicker,
  Input,
  Progress,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Typography,
  theme,
} from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { BULK_REMINDER_MAX } from '#common/contracts/reminders.ts';
import type { TaskSummary } from '#common/contracts/tasks.ts';
import { TASK_STATUS_LABELS, TASK_STATUSES } from '#common/domain/status.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitSelect } from '../../components/unit-select.tsx';
import { api, withQuery } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { useCan, useSession } from '../../lib/session.ts';
import { PAGE_SIZE_OPTIONS } from '../../lib/types.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { TaskForm } from './task-form.tsx';
import { DocumentSelect } from './task-selects.tsx';
import { DeadlineCell, StatusTag } from './task-status.tsx';
import { type Facets, type TaskPage, unitNames } from './tasks-api.ts';

/** The filters the address bar carries, so a filtered board can be shared as a link. */
const FILTER_KEYS = [
  'q',
  'unitId',
  'unitRole',
  'status',
  'documentId',
  'section',
  'tag',
  'dueFrom',
  'dueTo',
  'needsReview',
  'mine',
  'groupId',
  'asOf',
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

// Only coordinators open it: loaded when first asked for, so the board stays light for everyone.
const BulkRemindModal = lazy(() => import('./bulk-remind.tsx'));

/** A light tint of the brand blue: the theme's own selection colour is too heavy for a dense table. */
const SELECTED_BG = '#eef4fa';
const TABLE_THEME = { components: { Table: { rowSelectedBg: SELECTED_BG, rowSelectedHoverBg: '#e2ecf6' } } };

const STATUS_OPTIONS = TASK_STATUSES.map((s) => ({ value: s, label: TASK_STATUS_LABELS[s] }));
const clamp2: React.CSSProperties = {
  display: '-webkit-box',
  WebkitLineClamp: 2,
  WebkitBoxOrient: 'vertical',
  overflow: 'hidden',
  whiteSpace: 'normal',
};

export default function TasksPage() {
  const can = useCan();
  const me = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const get = (key: FilterKey) => params.get(key) ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const [search, setSearch] = useState(get('q') ?? '');
  const q = useDebounced(search.trim());
  const [creating, setCreating] = useState(false);
  const manage = can('manage:task');
  const { token } = theme.useToken();
  // The tasks picked for a bulk đôn đốc, by id: the selection survives paging and filtering.
  const [selected, setSelected] = useState<ReadonlyMap<string, TaskSummary>>(new Map());
  const [reminding, setReminding] = useState(false);

  /** Changes some filters and goes back to the first page; empty values leave the address. */
  const setFilters = (changes: Partial<Record<FilterKey | 'page' | 'pageSize', string | null | undefined>>) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (!('page' in changes)) next.delete('page');
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  };

  // Only the settled search text writes the address: one history entry per pause in typing.
  useEffect(() => {
    setParams(
      (prev) => {
        if ((prev.get('q') ?? '') === q) return prev;
        const next = new URLSearchParams(prev);
        if (q) next.set('q', q);
        else next.delete('q');
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  }, [q, setParams]);

  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, get(k)]).filter(([, v]) => v)) as Partial<Record<FilterKey, string>>;
  const list = useQuery({
    queryKey: ['tasks', 'list', filters, page, pageSize],
    queryFn: () => api<TaskPage>('/api/tasks', { query: { ...filters, page, pageSize } }),
    placeholderData: keepPreviousData,
  });
  const facets = useQuery({
    queryKey: ['tasks', 'facets'],
    queryFn: () => api<Facets>('/api/tasks/facets'),
    meta: { silent: true },
    staleTime: 5 * 60_000,
  });
  const items = list.data?.items ?? [];
  const statuses = get('status')?.split(',').filter(Boolean) ?? [];
  const provinceWide = ['admin', 'coordinator', 'leader'].includes(me.user.role);

  const columns: TableColumnsType<TaskSummary> = [
    {
      title: 'Mã',
      dataIndex: 'code',
      width: 90,
      render: (code: string, task) => <Link to={`/tasks/${task.id}`}>{code || '—'}</Link>,
    },
    {
      title: 'Nội dung',
      dataIndex: 'content',
      render: (content: string, task) => (
        <div>
          <Link to={`/tasks/${task.id}`} style={{ ...clamp2, color: 'inherit' }} title={content} data-testid="task-row-content">
            {content}
          </Link>
          {task.documents.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {task.documents.map((d) => d.symbol).join('; ')}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: 'Chủ trì', key: 'leads', width: 130, render: (_, task) => unitNames(task.leads) },
    {
      title: 'Phối hợp',
      key: 'supports',
      width: 150,
      // the column to drop first on a small laptop screen
      responsive: ['xl'],
      render: (_, task) => (
        <span style={clamp2} title={unitNames(task.supports, false)}>
          {unitNames(task.supports) || '—'}
        </span>
      ),
    },
    { title: 'Thời hạn', key: 'deadline', width: 150, render: (_, task) => <DeadlineCell task={task} /> },
    { title: 'Tình trạng', key: 'status', width: 170, render: (_, task) => <StatusTag task={task} /> },
    {
      title: '%',
      dataIndex: 'percent',
      width: 100,
      render: (percent: number) => <Progress percent={percent} size={[44, 6]} format={(p) => `${p}%`} style={{ margin: 0 }} />,
    },
  ];

  const exportHref = withQuery('/api/tasks/export.xlsx', filters);

  /** Picks every overdue task of the current filter (all pages), up to what one request may urge. */
  const selectOverdue = async () => {
    const overdue = 'in_progress_overdue';
    if (statuses.length && !statuses.includes(overdue)) {
      feedback.current?.message.info('Bộ lọc tình trạng hiện tại không gồm nhiệm vụ quá hạn.');
      return;
    }
    try {
      const found = await api<TaskPage>('/api/tasks', {
        query: { ...filters, status: overdue, page: 1, pageSize: BULK_REMINDER_MAX },
      });
      setSelected(new Map(found.items.map((t) => [t.id, t])));
      if (!found.items.length) feedback.current?.message.info('Không có nhiệm vụ quá hạn nào khớp bộ lọc.');
      else if (found.total > found.items.length)
        feedback.current?.message.warning(
          `Có ${found.total} nhiệm vụ quá hạn; đã chọn ${found.items.length} nhiệm vụ đầu (mỗi lần đôn đốc tối đa ${BULK_REMINDER_MAX}).`,
        );
    } catch (error) {
      showError(error);
    }
  };

  return (
    <div>
      <PageHeader
        title="Nhiệm vụ"
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={exportHref} download>
              Xuất Excel
            </Button>
            {can('manage:task') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="task-create">
                Thêm nhiệm vụ
              </Button>
            )}
          </>
        }
      >
        <Typography.Text type="secondary">
          {provinceWide
            ? 'Nhiệm vụ được giao cho các cơ quan, đơn vị, xã, phường trong tỉnh.'
            : 'Nhiệm vụ đơn vị của bạn chủ trì hoặc phối hợp thực hiện.'}
        </Typography.Text>
      </PageHeader>

      <div style={{ background: '#fff', padding: 16, borderRadius: 8 }}>
        {(get('asOf') || get('groupId')) && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="drill-note"
            title={[
              get('asOf') && `Tình trạng tính tại ngày chốt số liệu ${dayjs(get('asOf')).format('DD/MM/YYYY')} (từ bảng điều hành).`,
              get('groupId') && 'Chỉ các nhiệm vụ giao cho nhóm đơn vị đã chọn trên bảng điều hành.',
            ]
              .filter(Boolean)
              .join(' ')}
            action={
              <Button size="small" onClick={() => setFilters({ asOf: null, groupId: null })}>
                Xem hiện tại
              </Button>
            }
          />
        )}
        <Space wrap style={{ marginBottom: 12 }} data-testid="task-filters">
          <Input.Search
            allowClear
            placeholder="Tìm mã, nội dung, sản phẩm (không dấu cũng được)"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 320 }}
            aria-label="Tìm nhiệm vụ"
          />
          <Space.Compact>
            <UnitSelect
              placeholder="Đơn vị thực hiện"
              value={get('unitId') ?? null}
              onChange={(v) => setFilters({ unitId: v, unitRole: v ? get('unitRole') : null })}
              status="all"
              allowClear
              style={{ width: 220 }}
            />
            <Select
              value={get('unitRole') ?? ''}
              onChange={(v) => setFilters({ unitRole: v })}
              disabled={!get('unitId')}
              style={{ width: 170 }}
              aria-label="Vai trò của đơn vị"
              options={[
                { value: '', label: 'Chủ trì/phối hợp' },
                { value: 'lead', label: 'Chủ trì' },
                { value: 'support', label: 'Phối hợp' },
              ]}
              popupMatchSelectWidth={false}
            />
          </Space.Compact>
          <Select
            mode="multiple"
            allowClear
            placeholder="Tình trạng"
            value={statuses}
            onChange={(v: string[]) => setFilters({ status: v.join(',') })}
            options={STATUS_OPTIONS}
            maxTagCount="responsive"
            style={{ width: 240 }}
            aria-label="Tình trạng"
          />
          <DocumentSelect
            placeholder="Văn bản giao"
            value={get('documentId') ?? null}
            onChange={(v) => setFilters({ documentId: typeof v === 'string' ? v : null })}
            allowClear
            style={{ width: 220 }}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="Mục, nhóm nhiệm vụ"
            value={get('section')}
            onChange={(v?: string) => setFilters({ section: v })}
            options={(facets.data?.sections ?? []).map((s) => ({ value: s, label: s }))}
            style={{ width: 220 }}
            popupMatchSelectWidth={false}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="Nhãn"
            value={get('tag')}
            onChange={(v?: string) => setFilters({ tag: v })}
            options={(facets.data?.tags ?? []).map((t) => ({ value: t, label: t }))}
            style={{ width: 140 }}
          />
          <DatePicker.RangePicker
            format="DD/MM/YYYY"
            placeholder={['Hạn từ ngày', 'đến ngày']}
            allowEmpty={[true, true]}
            value={[get('dueFrom') ? dayjs(get('dueFrom')) : null, get('dueTo') ? dayjs(get('dueTo')) : null]}
            onChange={(range) =>
              setFilters({ dueFrom: range?.[0]?.format('YYYY-MM-DD') ?? null, dueTo: range?.[1]?.format('YYYY-MM-DD') ?? null })
            }
            style={{ width: 260 }}
          />
          <Checkbox checked={get('needsReview') === '1'} onChange={(e) => setFilters({ needsReview: e.target.checked ? '1' : null })}>
            Cần rà soát thời hạn
          </Checkbox>
          {!provinceWide && (
            <Checkbox checked={get('mine') === '1'} onChange={(e) => setFilters({ mine: e.target.checked ? '1' : null })}>
              Chỉ của đơn vị tôi
            </Checkbox>
          )}
          {Object.keys(filters).length > 0 && (
            <Button
              type="link"
              onClick={() => {
                setSearch('');
                setParams(new URLSearchParams(), { replace: true });
              }}
            >
              Xóa bộ lọc
            </Button>
          )}
        </Space>
        {selected.size > 0 && (
          <div
            data-testid="bulk-bar"
            style={{
              display: 'flex',
              alignItems: 'center',
              flexWrap: 'wrap',
              gap: 12,
              padding: '6px 12px',
              marginBottom: 12,
              background: SELECTED_BG,
              border: `1px solid ${token.colorBorderSecondary}`,
              borderLeft: `3px solid ${token.colorPrimary}`,
              borderRadius: token.borderRadius,
            }}
          >
            <span>
              Đã chọn <b>{selected.size}</b> nhiệm vụ
            </span>
            <Button
              type="primary"
              size="small"
              icon={<BellOutlined />}
              onClick={() => setReminding(true)}
              disabled={selected.size > BULK_REMINDER_MAX}
              data-testid="bulk-remind-open"
            >
              Đôn đốc
            </Button>
            <Button size="small" onClick={() => setSelected(new Map())} data-testid="bulk-clear">
              Bỏ chọn
            </Button>
            {selected.size > BULK_REMINDER_MAX && (
              <Typography.Text type="warning">Mỗi lần đôn đốc tối đa {BULK_REMINDER_MAX} nhiệm vụ. Hãy bỏ bớt.</Typography.Text>
            )}
          </div>
        )}
        <ConfigProvider theme={TABLE_THEME}>
          <Table<TaskSummary>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={items}
            loading={list.isFetching}
            scroll={{ x: 830 }}
            locale={{ emptyText: list.isPending ? 'Đang tải…' : 'Không có nhiệm vụ nào khớp bộ lọc' }}
            rowSelection={
              manage
                ? {
                    selectedRowKeys: [...selected.keys()],
                    preserveSelectedRowKeys: true,
                    columnWidth: 40,
                    onChange: (keys, rows) =>
                      setSelected((prev) => {
                        const next = new Map<string, TaskSummary>();
                        for (const key of keys) {
                          const id = String(key);
                          const row = rows.find((r) => r?.id === id) ?? prev.get(id);
                          if (row) next.set(id, row);
                        }
                        return next;
                      }),
                    selections: [{ key: 'overdue', text: 'Chọn mọi nhiệm vụ quá hạn theo bộ lọc', onSelect: selectOverdue }],
                  }
                : undefined
            }
            onRow={(task) => ({ 'data-testid': 'task-row', 'data-task-id': task.id }) as React.HTMLAttributes<HTMLElement>}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZE_OPTIONS,
              showTotal: (total) => `${total} nhiệm vụ`,
              onChange: (p, size) =>
                setFilters({ page: size === pageSize && p > 1 ? String(p) : null, pageSize: size === 20 ? null : String(size) }),
            }}
          />
        </ConfigProvider>
      </div>

      {reminding && (
        <Suspense fallback={null}>
          <BulkRemindModal
            tasks={[...selected.values()]}
            onClose={() => setReminding(false)}
            onDone={() => {
              setReminding(false);
              setSelected(new Map());
            }}
          />
        </Suspense>
      )}
      <TaskForm task={null} open={creating} onClose={() => setCreating(false)} onCreated={(task) => navigate(`/tasks/${task.id}`)} />
    </div>
  );
}
