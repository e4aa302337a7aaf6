import { Alert, Form, Input, InputNumber, Modal, Typography } from 'antd';

import { showSuccess } from '../../lib/feedback.ts';
import { useSubmit } from '../../lib/forms.ts';
import { useRequestExplanation } from './explanations-api.ts';

/** The task an explanation is asked about, as the dashboard and the task page know it. */
export interface RequestedTask {
  id: string;
  code: string;
  content: string;
  /** the lead units' names: who will have to answer */
  leads: string[];
  due?: string | null;
  daysLate?: number;
}

type Values = { question: string; dueInWorkingDays: number };

const clamp3: React.CSSProperties = { display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden' };

/**
 * Yêu cầu giải trình: asks the lead unit of an overdue task why, with a deadline for the
 * answer in working days (the server counts them in the province's calendar).
 */
export function ExplanationRequestModal({ task, onClose }: { task: RequestedTask | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const request = useRequestExplanation();

  const close = () => {
    form.resetFields();
    onClose();
  };

  const { saving, submit } = useSubmit(form, async (values: Values) => {
    if (!task) return;
    await request(task.id, { question: values.question, dueInWorkingDays: values.dueInWorkingDays });
    showSuccess('Đã gửi yêu cầu giải trình tới đơn vị chủ trì.');
    close();
  });

  return (
    <Modal
      open={task !== null}
      title="Yêu cầu giải trình"
      onCancel={close}
      onOk={() => form.submit()}
      okText="Gửi yêu cầu"
      cancelText="Hủy"
      okButtonProps={{ loading: saving, 'data-testid': 'explanation-request-ok' }}
      destroyOnHidden
      width={600}
    >
      {task && (
        <div data-testid="explanation-request">
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={
              <span style={clamp3} title={task.content}>
                {task.code && <b>{task.code} · </b>}
                {task.content}
              </span>
            }
            description={
              <>
                <div>
                  <Typography.Text type="secondary">Đơn vị chủ trì: </Typography.Text>
                  {task.leads.join('; ') || '—'}
                </div>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 2 }}>
                  Mỗi đơn vị chủ trì, kể cả từng đơn vị thuộc nhóm (như "UBND các xã, phường"), nhận một yêu cầu riêng.
                </Typography.Text>
                {task.daysLate !== undefined && task.daysLate > 0 && (
                  <div>
                    <Typography.Text type="secondary">Quá hạn: </Typography.Text>
                    {task.daysLate} ngày
                  </div>
                )}
              </>
            }
          />
          <Form
            form={form}
            layout="vertical"
            onFinish={submit}
            disabled={saving}
            initialValues={{
              dueInWorkingDays: 5,
              question: 'Đề nghị đơn vị giải trình lý do nhiệm vụ chậm tiến độ, giải pháp khắc phục và thời gian dự kiến hoàn thành.',
            }}
          >
            <Form.Item
              label="Nội dung yêu cầu"
              name="question"
              rules={[
                { required: true, whitespace: true, message: 'Hãy nhập nội dung yêu cầu giải trình' },
                { max: 3000, message: 'Tối đa 3000 ký tự' },
              ]}
            >
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
            </Form.Item>
            <Form.Item
              label="Thời hạn giải trình"
              name="dueInWorkingDays"
              rules={[{ required: true, message: 'Hãy nhập số ngày làm việc' }]}
              extra="Tính theo ngày làm việc, không kể thứ Bảy, Chủ nhật và ngày nghỉ lễ."
            >
              <InputNumber min={1} max={30} precision={0} suffix="ngày làm việc" style={{ width: 220 }} />
            </Form.Item>
          </Form>
        </div>
      )}
    </Modal>
  );
}
