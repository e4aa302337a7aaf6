import { useQueryClient } from '@tanstack/react-query';
import { Checkbox, Form, Input, Modal, Typography } from 'antd';
import { createElement } from 'react';
import type { BulkReminderCreate, BulkReminderReply } from '#common/contracts/reminders.ts';
import type { TaskSummary } from '#common/contracts/tasks.ts';
import { api } from '../../lib/api.ts';
import { feedback } from '../../lib/feedback.ts';
import { useSubmit } from '../../lib/forms.ts';

export const DEFAULT_BULK_MESSAGE = 'Đề nghị quý đơn vị khẩn trương thực hiện và báo cáo tiến độ các nhiệm vụ được giao.';

type Values = Pick<BulkReminderCreate, 'message' | 'includeSupport'>;

const label = (t: Pick<TaskSummary, 'code' | 'content'> | undefined) => {
  if (!t) return 'Nhiệm vụ';
  const content = t.content.length > 90 ? `${t.content.slice(0, 89).trimEnd()}…` : t.content;
  return t.code ? `${t.code} — ${content}` : content;
};

/** The server skips these; the modal says so beforehand, so the count sent is no surprise. */
const skippable = (t: TaskSummary) => t.state === 'done' || t.state === 'cancelled' || t.leads.length === 0;

/**
 * Đôn đốc many tasks from the board in one request (POST /api/reminders): each task's lead
 * units (and support units if asked) are notified and mailed. The server answers what it sent
 * and which tasks it skipped, and why; the user sees both.
 */
export default function BulkRemindModal({ tasks, onClose, onDone }: { tasks: TaskSummary[]; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const leadUnits = new Set(tasks.filter((t) => !skippable(t)).flatMap((t) => t.leads.map((u) => u.id)));
  const willSkip = tasks.filter(skippable).length;
  const hasSupports = tasks.some((t) => t.supports.length > 0);

  const { saving, submit } = useSubmit(form, async (values: Values) => {
    const body: BulkReminderCreate = {
      taskIds: tasks.map((t) => t.id),
      message: values.message,
      includeSupport: Boolean(values.includeSupport),
    };
    const result = await api<BulkReminderReply>('/api/reminders', { method: 'POST', body });
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const title = `Đã đôn đốc ${result.sent} nhiệm vụ`;
    if (result.skipped.length === 0) feedback.current?.message.success(`${title} (${result.reminders} lượt gửi tới đơn vị).`);
    else
      feedback.current?.notification.warning({
        title,
        description: createElement(
          'div',
          null,
          `Bỏ qua ${result.skipped.length} nhiệm vụ:`,
          createElement(
            'ul',
            { style: { margin: '4px 0 0', paddingLeft: 18, maxHeight: 240, overflow: 'auto' }, 'data-testid': 'bulk-remind-skipped' },
            result.skipped.map((s) => createElement('li', { key: s.taskId }, `${label(byId.get(s.taskId))}: ${s.reason}`)),
          ),
        ),
        duration: 0,
      });
    await queryClient.invalidateQueries({ queryKey: ['tasks', 'timeline'] });
    onDone();
  });

  return (
    <Modal
      open
      title={`Đôn đốc ${tasks.length} nhiệm vụ`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="Gửi đôn đốc"
      cancelText="Hủy"
      okButtonProps={{ loading: saving, 'data-testid': 'bulk-remind-ok' }}
      destroyOnHidden
      width={640}
    >
      <div data-testid="bulk-remind">
        <Typography.Paragraph style={{ marginBottom: 8 }}>
          Gửi thông báo và thư điện tử tới <b>{leadUnits.size}</b> đơn vị chủ trì của các nhiệm vụ đã chọn.
          {willSkip > 0 && (
            <Typography.Text type="secondary">
              {' '}
              {willSkip} nhiệm vụ đã hoàn thành, đã hủy hoặc chưa có đơn vị chủ trì sẽ được bỏ qua.
            </Typography.Text>
          )}
        </Typography.Paragraph>
        <ul
          style={{
            maxHeight: 132,
            overflow: 'auto',
            margin: '0 0 16px',
            padding: '6px 10px 6px 26px',
            background: '#fafafa',
            border: '1px solid #f0f0f0',
            borderRadius: 6,
            fontSize: 13,
          }}
        >
          {tasks.map((t) => (
            <li key={t.id} style={skippable(t) ? { color: 'rgba(0,0,0,0.45)' } : undefined}>
              {label(t)}
            </li>
          ))}
        </ul>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          disabled={saving}
          initialValues={{ message: DEFAULT_BULK_MESSAGE, includeSupport: false }}
        >
          <Form.Item
            label="Nội dung đôn đốc"
            name="message"
            rules={[
              { required: true, whitespace: true, message: 'Hãy nhập nội dung đôn đốc' },
              { max: 2000, message: 'Nội dung đôn đốc tối đa 2000 ký tự' },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
          <Form.Item name="includeSupport" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Checkbox disabled={!hasSupports}>Gửi cả đơn vị phối hợp</Checkbox>
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
