import { FormOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Input, Table, type TableColumnsType, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { EXPLANATION_STATE_LABELS, type Explanation } from '#common/contracts/reporting.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useSession } from '../../lib/session.ts';
import { fmtDate } from '../tasks/tasks-api.ts';
import {
  ExplanationAnswerModal,
  ExplanationAnswerView,
  ExplanationDue,
  ExplanationTask,
  ExplanationUnits,
  useCanAnswer,
} from './explanation-answer.tsx';
import { batchesOf, type ExplanationBatch, type ExplanationState, explanationsKey, fetchExplanations } from './explanations-api.ts';

/** Lower case without diacritics: "so y te" finds "Sở Y tế". */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

const matches = (e: Explanation, q: string) =>
  !q || fold([e.task.code, e.task.content, e.task.documentSymbol, e.unit.name, e.unit.shortName].join(' ')).includes(q);

function Question({ question, by, at }: { question: string; by: string; at: string }) {
  return (
    <div>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 2 }} ellipsis={{ rows: 3, tooltip: question }}>
        {question}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {by} · {fmtDate(at)}
      </Typography.Text>
    </div>
  );
}

export default function ExplanationsPage() {
  const [params, setParams] = useSearchParams();
  const state: ExplanationState = params.get('state') === 'answered' ? 'answered' : 'open';
  const canAnswer = useCanAnswer();
  const me = useSession();
  const [answering, setAnswering] = useState<Explanation | null>(null);
  const [search, setSearch] = useState('');
  const q = fold(search.trim());
  const provinceWide = ['admin', 'coordinator', 'leader'].includes(me.user.role);

  const open = useQuery({ queryKey: explanationsKey({ state: 'open' }), queryFn: () => fetchExplanations({ state: 'open' }) });
  const answered = useQuery({
    queryKey: explanationsKey({ state: 'answered' }),
    queryFn: () => fetchExplanations({ state: 'answered' }),
    enabled: state === 'answered',
  });
  const list = state === 'open' ? open : answered;
  // Open requests are shown as the leader made them: one row for all the units a request went to.
  const batches = useMemo(() => batchesOf(open.data ?? []), [open.data]);
  const shownBatches = batches.filter((b) => b.items.some((e) => matches(e, q)));
  const shownAnswers = (answered.data ?? []).filter((e) => matches(e, q));
  const mineIn = (batch: ExplanationBatch) => batch.items.find(canAnswer);

  const task = { title: 'Nhiệm vụ', key: 'task' };
  const openColumns: TableColumnsType<ExplanationBatch> = [
    { ...task, render: (_, b) => <ExplanationTask task={b.task} /> },
    { title: 'Đơn vị giải trình', key: 'unit', width: 190, render: (_, b) => <ExplanationUnits items={b.items} /> },
    {
      title: 'Nội dung yêu cầu',
      key: 'question',
      width: 270,
      render: (_, b) => <Question question={b.question} by={b.requestedByName} at={b.requestedAt} />,
    },
    { title: 'Hạn giải trình', key: 'due', width: 120, render: (_, b) => b.items[0] && <ExplanationDue explanation={b.items[0]} /> },
    ...(batches.some(mineIn)
      ? [
          {
            title: '',
            key: 'actions',
            width: 120,
            render: (_: unknown, b: ExplanationBatch) => {
              const mine = mineIn(b);
              return (
                mine && (
                  <Button
                    type="primary"
                    size="small"
                    icon={<FormOutlined />}
                    onClick={() => setAnswering(mine)}
                    data-testid="explanation-answer-open"
                  >
                    Giải trình
                  </Button>
                )
              );
            },
          },
        ]
      : []),
  ];
  const answeredColumns: TableColumnsType<Explanation> = [
    { ...task, render: (_, e) => <ExplanationTask task={e.task} /> },
    {
      title: 'Đơn vị giải trình',
      key: 'unit',
      width: 140,
      render: (_, e) => <span title={e.unit.name}>{e.unit.shortName || e.unit.name}</span>,
    },
    {
      title: 'Nội dung yêu cầu',
      key: 'question',
      width: 230,
      // the question is mostly the standard sentence: the first column to give up on a small screen
      responsive: ['xl'],
      render: (_, e) => <Question question={e.question} by={e.requestedByName} at={e.requestedAt} />,
    },
    { title: 'Hạn giải trình', key: 'due', width: 115, render: (_, e) => <ExplanationDue explanation={e} /> },
    { title: 'Giải trình', key: 'answer', width: 340, render: (_, e) => <ExplanationAnswerView explanation={e} /> },
  ];

  const emptyText = list.isPending
    ? 'Đang tải…'
    : q
      ? 'Không có yêu cầu nào khớp từ khóa'
      : state === 'open'
        ? 'Không có yêu cầu nào đang chờ giải trình'
        : 'Chưa có giải trình nào';
  const pagination = { pageSize: 20, hideOnSinglePage: true, showSizeChanger: false, showTotal: (total: number) => `${total} yêu cầu` };

  return (
    <div>
      <PageHeader title="Yêu cầu giải trình">
        <Typography.Text type="secondary">
          {provinceWide
            ? 'Các yêu cầu giải trình gửi đơn vị chủ trì nhiệm vụ chậm tiến độ.'
            : 'Các yêu cầu giải trình gửi đơn vị của bạn về nhiệm vụ chậm tiến độ.'}
        </Typography.Text>
      </PageHeader>

      <div style={{ background: '#fff', padding: '4px 16px 16px', borderRadius: 8 }}>
        <Tabs
          activeKey={state}
          onChange={(key) => setParams(key === 'answered' ? { state: key } : {}, { replace: true })}
          tabBarExtraContent={
            <Input.Search
              allowClear
              size="small"
              placeholder="Tìm nhiệm vụ, đơn vị"
              aria-label="Tìm yêu cầu giải trình"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              style={{ width: 240 }}
            />
          }
          items={[
            {
              key: 'open',
              label: (
                <span data-testid="explanations-tab-open">
                  {EXPLANATION_STATE_LABELS.open}{' '}
                  <Badge count={batches.length} showZero={false} color="#cf1322" size="small" overflowCount={999} />
                </span>
              ),
            },
            { key: 'answered', label: <span data-testid="explanations-tab-answered">{EXPLANATION_STATE_LABELS.answered}</span> },
          ]}
        />
        {state === 'open' ? (
          <Table<ExplanationBatch>
            rowKey="key"
            size="middle"
            columns={openColumns}
            dataSource={shownBatches}
            loading={open.isFetching}
            scroll={{ x: 840 }}
            onRow={(b) => ({ 'data-testid': 'explanation-row', 'data-task-id': b.task.id }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText }}
            pagination={pagination}
          />
        ) : (
          <Table<Explanation>
            rowKey="id"
            size="middle"
            columns={answeredColumns}
            dataSource={shownAnswers}
            loading={answered.isFetching}
            scroll={{ x: 820 }}
            onRow={(e) => ({ 'data-testid': 'explanation-row', 'data-explanation-id': e.id }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText }}
            pagination={pagination}
          />
        )}
      </div>

      <ExplanationAnswerModal explanation={answering} onClose={() => setAnswering(null)} />
    </div>
  );
}
