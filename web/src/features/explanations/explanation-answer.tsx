import { useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Popover, Typography } from 'antd';
import { Link } from 'react-router';
import type { StoredFile } from '#common/contracts/files.ts';
import type { Explanation } from '#common/contracts/reporting.ts';
import { vietnamDay } from '#common/domain/iso-date.ts';
import { showSuccess } from '../../lib/feedback.ts';
import { useSubmit } from '../../lib/forms.ts';
import { useCan, useSession } from '../../lib/session.ts';
import { EvidenceUpload, FileLinks } from '../tasks/evidence-upload.tsx';
import { fmtDate, fmtDateTime } from '../tasks/tasks-api.ts';
import { EXPLANATIONS_KEY, isPastDue, useAnswerExplanation } from './explanations-api.ts';

type Values = { answer: string; files: StoredFile[] };

const pre: React.CSSProperties = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' };

/** The lead unit answers a request: its explanation and at least one evidence file. */
export function ExplanationAnswerModal({ explanation, onClose }: { explanation: Explanation | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const answer = useAnswerExplanation();
  const queryClient = useQueryClient();

  const close = () => {
    form.resetFields();
    setConflict(false);
    onClose();
  };

  const { saving, conflict, setConflict, submit } = useSubmit(
    form,
    async (values: Values) => {
      if (!explanation) return;
      await answer(explanation, { answer: values.answer, fileIds: values.files.map((f) => f.id) });
      showSuccess('Đã gửi giải trình.');
      close();
    },
    () => queryClient.invalidateQueries({ queryKey: EXPLANATIONS_KEY }),
  );

  const late = explanation ? isPastDue(explanation, vietnamDay()) : false;

  return (
    <Modal
      open={explanation !== null}
      title="Giải trình"
      onCancel={close}
      onOk={() => form.submit()}
      okText="Gửi giải trình"
      cancelText="Hủy"
      okButtonProps={{ loading: saving, 'data-testid': 'explanation-answer-ok' }}
      destroyOnHidden
      width={640}
    >
      {explanation && (
        <div data-testid="explanation-answer">
          {conflict && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title="Yêu cầu vừa được thay đổi"
              description="Có thể người khác trong đơn vị đã giải trình. Hãy đóng hộp thoại và xem lại danh sách."
            />
          )}
          <div style={{ marginBottom: 16, padding: 12, background: '#fafbfc', border: '1px solid #edf0f4', borderRadius: 8 }}>
            <Typography.Paragraph strong style={{ marginBottom: 0 }} ellipsis={{ rows: 3, tooltip: explanation.task.content }}>
              {explanation.task.code && `${explanation.task.code} · `}
              {explanation.task.content}
            </Typography.Paragraph>
            <div style={{ ...pre, marginTop: 8 }}>{explanation.question}</div>
            <Typography.Text type={late ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              {explanation.requestedByName} yêu cầu · hạn giải trình {fmtDate(explanation.dueOn)}
              {late && ' (đã quá hạn)'}
            </Typography.Text>
          </div>
          <Form form={form} layout="vertical" onFinish={submit} disabled={saving} initialValues={{ files: [] }}>
            <Form.Item
              label="Nội dung giải trình"
              name="answer"
              rules={[
                { required: true, whitespace: true, message: 'Hãy nhập nội dung giải trình' },
                { max: 10000, message: 'Tối đa 10000 ký tự' },
              ]}
            >
              <Input.TextArea
                autoSize={{ minRows: 5, maxRows: 14 }}
                placeholder="Lý do chậm tiến độ, giải pháp khắc phục, thời gian dự kiến hoàn thành…"
              />
            </Form.Item>
            <Form.Item
              label="Tệp minh chứng"
              name="files"
              rules={[
                {
                  validator: async (_rule, value: StoredFile[] | undefined) => {
                    if (!value?.length) throw new Error('Hãy đính kèm ít nhất một tệp minh chứng.');
                  },
                },
              ]}
            >
              <EvidenceUpload testId="explanation-evidence" />
            </Form.Item>
          </Form>
        </div>
      )}
    </Modal>
  );
}

const clamp2: React.CSSProperties = {
  display: '-webkit-box',
  WebkitLineClamp: 2,
  WebkitBoxOrient: 'vertical',
  overflow: 'hidden',
  whiteSpace: 'normal',
};

/** The task a request is about: code, content (to the task page) and its plan. */
export function ExplanationTask({ task }: { task: Explanation['task'] }) {
  return (
    <div>
      <Link to={`/tasks/${task.id}`} style={{ ...clamp2, color: 'inherit' }} title={task.content} data-testid="explanation-task">
        {task.code && <span style={{ color: '#0b5394' }}>{task.code} · </span>}
        {task.content}
      </Link>
      {task.documentSymbol && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {task.documentSymbol}
        </Typography.Text>
      )}
    </div>
  );
}

/** The due day of the answer; red once it has passed without one. */
export function ExplanationDue({ explanation }: { explanation: Explanation }) {
  const late = isPastDue(explanation, vietnamDay());
  const answeredLate = explanation.answeredAt !== null && vietnamDay(new Date(explanation.answeredAt)) > explanation.dueOn;
  return (
    <div>
      <Typography.Text type={late ? 'danger' : undefined} strong={late} data-testid="explanation-due">
        {fmtDate(explanation.dueOn)}
      </Typography.Text>
      {(late || answeredLate) && (
        <div>
          <Typography.Text type={late ? 'danger' : 'warning'} style={{ fontSize: 12 }}>
            {late ? 'đã quá hạn' : 'giải trình muộn'}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}

/** The answer: its text (long ones fold), evidence files, who answered and when. */
export function ExplanationAnswerView({ explanation }: { explanation: Explanation }) {
  return (
    <div>
      <Typography.Paragraph
        style={{ whiteSpace: 'pre-wrap', marginBottom: 6 }}
        ellipsis={{ rows: 3, expandable: 'collapsible', symbol: (expanded) => (expanded ? 'thu gọn' : 'xem thêm') }}
      >
        {explanation.answer}
      </Typography.Paragraph>
      <FileLinks files={explanation.files} />
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {explanation.answeredByName} · {fmtDateTime(explanation.answeredAt)}
        </Typography.Text>
      </div>
    </div>
  );
}

/** May the logged-in user answer this request: an officer of the unit asked. */
export function useCanAnswer(): (explanation: Explanation) => boolean {
  const can = useCan();
  const me = useSession();
  return (explanation) => explanation.state === 'open' && can('update:task') && explanation.unit.id === me.user.unitId;
}

/** The units asked in one request: a few names, and all of them on hover when there are many. */
export function ExplanationUnits({ items, max = 3 }: { items: Explanation[]; max?: number }) {
  const names = items.map((e) => e.unit.shortName || e.unit.name).sort((a, b) => a.localeCompare(b, 'vi'));
  if (names.length <= max) return <span title={items.map((e) => e.unit.name).join('; ')}>{names.join('; ')}</span>;
  return (
    <Popover
      title={`${names.length} đơn vị`}
      content={<div style={{ maxWidth: 440, maxHeight: 320, overflow: 'auto' }}>{names.join('; ')}</div>}
    >
      <span data-testid="explanation-units">
        {names.slice(0, max).join('; ')} <Typography.Link>và {names.length - max} đơn vị khác</Typography.Link>
      </span>
    </Popover>
  );
}
