import { FormOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Explanation } from '#common/contracts/reporting.ts';
import { fmtDate } from '../tasks/tasks-api.ts';
import { ExplanationAnswerModal, ExplanationAnswerView, ExplanationDue, ExplanationUnits, useCanAnswer } from './explanation-answer.tsx';
import { batchesOf, type ExplanationBatch, explanationsKey, fetchExplanations } from './explanations-api.ts';

const pre: React.CSSProperties = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' };
const SHOWN_ANSWERS = 3;

function StateTag({ batch }: { batch: ExplanationBatch }) {
  const answered = batch.items.filter((e) => e.state === 'answered').length;
  if (!answered)
    return (
      <Tag color="orange" style={{ marginInlineEnd: 0 }}>
        Chờ giải trình
      </Tag>
    );
  if (answered === batch.items.length)
    return (
      <Tag color="green" style={{ marginInlineEnd: 0 }}>
        Đã giải trình
      </Tag>
    );
  return (
    <Tag color="gold" style={{ marginInlineEnd: 0 }}>
      Đã giải trình {answered}/{batch.items.length}
    </Tag>
  );
}

function Batch({ batch, onAnswer }: { batch: ExplanationBatch; onAnswer: (e: Explanation) => void }) {
  const canAnswer = useCanAnswer();
  const [all, setAll] = useState(false);
  const mine = batch.items.find(canAnswer);
  const waiting = batch.items.filter((e) => e.state === 'open');
  const answers = batch.items.filter((e) => e.state === 'answered');
  const one = batch.items.length === 1 ? batch.items[0] : undefined;
  // the due day shown: the caller's own request, else one still waiting (it turns red when late)
  const shown = mine ?? waiting[0] ?? batch.items[0];
  return (
    <div data-testid="task-explanation" style={{ padding: '10px 0' }}>
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <div style={{ minWidth: 0, flex: '1 1 360px' }}>
          <Flex gap={8} align="center" wrap style={{ marginBottom: 4 }}>
            <StateTag batch={batch} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {batch.requestedByName} yêu cầu {one ? one.unit.shortName || one.unit.name : `${batch.items.length} đơn vị`} giải trình ngày{' '}
              {fmtDate(batch.requestedAt)}
            </Typography.Text>
          </Flex>
          <div style={pre}>{batch.question}</div>
          {!one && waiting.length > 0 && (
            <div style={{ marginTop: 4, fontSize: 13 }}>
              <Typography.Text type="secondary">Chưa giải trình ({waiting.length}): </Typography.Text>
              <ExplanationUnits items={waiting} max={6} />
            </div>
          )}
        </div>
        <Flex gap={12} align="flex-start">
          <div style={{ textAlign: 'right' }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              Hạn giải trình
            </Typography.Text>
            {shown && <ExplanationDue explanation={shown} />}
          </div>
          {mine && (
            <Button type="primary" icon={<FormOutlined />} onClick={() => onAnswer(mine)} data-testid="explanation-answer-open">
              Giải trình
            </Button>
          )}
        </Flex>
      </Flex>
      {(all ? answers : answers.slice(0, SHOWN_ANSWERS)).map((e) => (
        <div
          key={e.id}
          data-testid="explanation-answer-view"
          style={{ marginTop: 8, padding: '8px 12px', background: '#f6ffed', border: '1px solid #d9f7be', borderRadius: 6 }}
        >
          {!one && (
            <Typography.Text strong style={{ display: 'block', marginBottom: 2 }}>
              {e.unit.name}
            </Typography.Text>
          )}
          <ExplanationAnswerView explanation={e} />
        </div>
      ))}
      {answers.length > SHOWN_ANSWERS && (
        <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setAll(!all)}>
          {all ? 'Thu gọn' : `Xem tất cả ${answers.length} giải trình`}
        </Button>
      )}
    </div>
  );
}

/**
 * The explanation requests about one task, newest first, each as the leader made it (one
 * request may go to many units); the unit asked answers from here. Hidden while there are none.
 */
export function TaskExplanationsCard({ taskId }: { taskId: string }) {
  const list = useQuery({
    queryKey: explanationsKey({ taskId }),
    queryFn: () => fetchExplanations({ taskId }),
    meta: { silent: true },
  });
  const [answering, setAnswering] = useState<Explanation | null>(null);
  const batches = batchesOf(list.data ?? []);
  if (!batches.length) return null;

  return (
    <Card size="small" title={`Yêu cầu giải trình (${batches.length})`} style={{ marginBottom: 16 }} data-testid="task-explanations">
      {batches.map((b, i) => (
        <div key={b.key} style={{ borderTop: i ? '1px solid #f0f0f0' : undefined }}>
          <Batch batch={b} onAnswer={setAnswering} />
        </div>
      ))}
      <ExplanationAnswerModal explanation={answering} onClose={() => setAnswering(null)} />
    </Card>
  );
}
