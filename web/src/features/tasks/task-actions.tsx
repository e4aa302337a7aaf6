import { useQueryClient } from '@tanstack/react-query';
import { Alert, Checkbox, DatePicker, Form, Input, Modal, Radio, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import type { StoredFile } from '#common/contracts/files.ts';
import type { DeadlineAdjustment, Task, TaskUpdate } from '#common/contracts/tasks.ts';
import { formatDeadline } from '#common/domain/deadline.ts';
import { api } from '../../lib/api.ts';
import { showSuccess } from '../../lib/feedback.ts';
import { useSubmit } from '../../lib/forms.ts';
import { DeadlinePreview, deadlineRule } from './deadline-input.tsx';
import { EvidenceUpload } from './evidence-upload.tsx';
import { fmtDate, taskKey, timelineKey, useTaskAction } from './tasks-api.ts';

export type TaskModal =
  | { kind: 'adjust-request' }
  | { kind: 'adjust-record' }
  | { kind: 'adjust-decide'; adjustment: DeadlineAdjustment }
  | { kind: 'propose-done' }
  | { kind: 'confirm-done' }
  | { kind: 'reject-done' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'cancel' }
  | { kind: 'remind' }
  | { kind: 'return-update'; update: TaskUpdate };

type Values = Record<string, unknown>;

/**
 * One modal form for an action on a task. A 409 (someone changed the task meanwhile) reloads
 * the task and says so; the user looks again and repeats the action on the fresh version.
 */
function ActionModal({
  task,
  title,
  okText,
  danger,
  testId,
  initialValues,
  onClose,
  run,
  success,
  children,
}: {
  task: Task;
  title: string;
  okText: string;
  danger?: boolean;
  testId: string;
  initialValues?: Values;
  onClose: () => void;
  run: (values: Values) => Promise<unknown>;
  success: string;
  children?: ReactNode;
}) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();

  const { saving, conflict, submit } = useSubmit(
    form,
    async (values: Values) => {
      await run(values);
      showSuccess(success);
      onClose();
    },
    () => queryClient.invalidateQueries({ queryKey: taskKey(task.id) }),
  );

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText}
      cancelText="Hủy"
      okButtonProps={{ loading: saving, danger, 'data-testid': `${testId}-ok` }}
      destroyOnHidden
      width={600}
    >
      <div data-testid={testId}>
        {conflict && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="Nhiệm vụ vừa được người khác thay đổi"
            description="Đã tải bản mới nhất. Hãy xem lại rồi thực hiện lại."
          />
        )}
        <Form form={form} layout="vertical" onFinish={submit} disabled={saving} initialValues={initialValues}>
          {children}
        </Form>
      </div>
    </Modal>
  );
}

const required = (message: string) => [{ required: true, whitespace: true, message }];
const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const noFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');

function DeadlineField({ documentDate, label = 'Thời hạn mới' }: { documentDate: string | null; label?: string }) {
  const text = Form.useWatch('deadlineText') as string | undefined;
  return (
    <Form.Item
      label={label}
      name="deadlineText"
      rules={[...required('Hãy nhập thời hạn mới'), deadlineRule(documentDate)]}
      extra={<DeadlinePreview text={text} documentDate={documentDate} />}
      validateDebounce={250}
    >
      <Input placeholder='VD: "Quý IV/2026", "Trước ngày 31/12/2026"' />
    </Form.Item>
  );
}

function DecidingFields({ requiredFields }: { requiredFields: boolean }) {
  return (
    <div style={{ display: 'flex', gap: 12 }}>
      <Form.Item
        label="Số, ký hiệu văn bản quyết định"
        name="decidingSymbol"
        style={{ flex: 1 }}
        rules={requiredFields ? required('Hãy nhập số, ký hiệu văn bản') : []}
      >
        <Input placeholder="VD: 125/UBND-KT" />
      </Form.Item>
      <Form.Item
        label="Ngày văn bản"
        name="decidingDate"
        style={{ flex: '0 0 180px' }}
        rules={requiredFields ? [{ required: true, message: 'Hãy chọn ngày văn bản' }] : []}
      >
        <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} disabledDate={noFuture} />
      </Form.Item>
    </div>
  );
}

function DecideFields() {
  const decision = Form.useWatch('decision') as string | undefined;
  return (
    <>
      <Form.Item name="decision" label="Quyết định">
        <Radio.Group
          options={[
            { value: 'approved', label: 'Chấp thuận' },
            { value: 'rejected', label: 'Không chấp thuận' },
          ]}
        />
      </Form.Item>
      <DecidingFields requiredFields={decision === 'approved'} />
      <Form.Item label="Ghi chú" name="note" rules={decision === 'rejected' ? required('Hãy nêu lý do không chấp thuận') : []}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
    </>
  );
}

export function TaskActionModal({ task, modal, onClose }: { task: Task; modal: TaskModal | null; onClose: () => void }) {
  const act = useTaskAction();
  const queryClient = useQueryClient();
  const documentDate = task.document?.issuedOn ?? null;
  const base = `/api/tasks/${task.id}`;

  if (!modal) return null;
  const common = { task, onClose };

  switch (modal.kind) {
    case 'adjust-request':
      return (
        <ActionModal
          {...common}
          title="Đề nghị điều chỉnh thời hạn"
          okText="Gửi đề nghị"
          testId="adjust-request"
          success="Đã gửi đề nghị điều chỉnh thời hạn tới Sở KH&CN."
          run={(v) => act(`${base}/adjustments`, { deadlineText: v.deadlineText, reason: v.reason })}
        >
          <Typography.Paragraph>
            Thời hạn hiện tại: <b>{task.deadline.text}</b> ({formatDeadline(task.deadline)})
          </Typography.Paragraph>
          <DeadlineField documentDate={documentDate} />
          <Form.Item label="Lý do" name="reason" rules={required('Hãy nêu lý do đề nghị điều chỉnh')}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
        </ActionModal>
      );
    case 'adjust-record':
      return (
        <ActionModal
          {...common}
          title="Ghi nhận điều chỉnh thời hạn theo văn bản"
          okText="Ghi nhận"
          testId="adjust-record"
          success="Đã ghi nhận thời hạn mới."
          run={(v) =>
            act(`${base}/deadline`, {
              deadlineText: v.deadlineText,
              reason: v.reason,
              decidingSymbol: v.decidingSymbol,
              decidingDate: iso(v.decidingDate as Dayjs),
            })
          }
        >
          <Typography.Paragraph>
            Thời hạn hiện tại: <b>{task.deadline.text}</b> ({formatDeadline(task.deadline)})
          </Typography.Paragraph>
          <DeadlineField documentDate={documentDate} />
          <Form.Item label="Lý do, nội dung điều chỉnh" name="reason" rules={required('Hãy nêu lý do điều chỉnh')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
          <DecidingFields requiredFields />
        </ActionModal>
      );
    case 'adjust-decide': {
      const a = modal.adjustment;
      return (
        <ActionModal
          {...common}
          title="Quyết định đề nghị điều chỉnh thời hạn"
          okText="Lưu quyết định"
          testId="adjust-decide"
          initialValues={{ decision: 'approved' }}
          success="Đã lưu quyết định."
          run={(v) =>
            act(`${base}/adjustments/${a.id}/decide`, {
              decision: v.decision,
              note: v.note ?? '',
              decidingSymbol: v.decidingSymbol ?? '',
              decidingDate: iso(v.decidingDate as Dayjs | null),
            })
          }
        >
          <Typography.Paragraph>
            {a.unit?.name ?? a.requestedByName} đề nghị đổi thời hạn từ <b>{a.fromDeadline.text}</b> sang <b>{a.toDeadline.text}</b>
            {a.toDeadline.due && ` (hạn ${fmtDate(a.toDeadline.due)})`}.
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">Lý do: {a.reason}</Typography.Paragraph>
          <DecideFields />
        </ActionModal>
      );
    }
    case 'propose-done':
      return (
        <ActionModal
          {...common}
          title="Đề xuất hoàn thành nhiệm vụ"
          okText="Gửi đề xuất"
          testId="propose-done"
          initialValues={{ completedOn: dayjs(), files: [] }}
          success="Đã gửi đề xuất hoàn thành tới Sở KH&CN."
          run={(v) =>
            act(`${base}/propose-done`, {
              version: task.version,
              completedOn: iso(v.completedOn as Dayjs),
              note: v.note ?? '',
              fileIds: (v.files as StoredFile[]).map((f) => f.id),
            })
          }
        >
          <Typography.Paragraph type="secondary">
            Sở KH&amp;CN sẽ xem minh chứng rồi xác nhận. Nhiệm vụ hoàn thành đúng hạn khi ngày hoàn thành không muộn hơn thời hạn
            {task.dueOn ? ` (${fmtDate(task.dueOn)})` : ''}.
          </Typography.Paragraph>
          <Form.Item label="Ngày hoàn thành" name="completedOn" rules={[{ required: true, message: 'Hãy chọn ngày hoàn thành' }]}>
            <DatePicker format="DD/MM/YYYY" disabledDate={noFuture} style={{ width: 200 }} data-testid="propose-done-date" />
          </Form.Item>
          <Form.Item label="Kết quả, sản phẩm đã hoàn thành" name="note">
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
          <Form.Item
            label="Minh chứng"
            name="files"
            rules={[{ type: 'array', min: 1, required: true, message: 'Hãy đính kèm ít nhất một tệp minh chứng.' }]}
          >
            <EvidenceUpload testId="propose-done-files" />
          </Form.Item>
        </ActionModal>
      );
    case 'confirm-done':
      return (
        <ActionModal
          {...common}
          title="Xác nhận hoàn thành"
          okText="Xác nhận hoàn thành"
          testId="confirm-done"
          success="Đã xác nhận nhiệm vụ hoàn thành."
          run={() => act(`${base}/confirm-done`, { version: task.version })}
        >
          <Typography.Paragraph>
            Đơn vị chủ trì đề xuất hoàn thành ngày <b>{fmtDate(task.proposedDoneOn)}</b>
            {task.dueOn && (
              <>
                {' '}
                (thời hạn {fmtDate(task.dueOn)}: {task.proposedDoneOn && task.proposedDoneOn <= task.dueOn ? 'đúng hạn' : 'quá hạn'})
              </>
            )}
            . Xác nhận nhiệm vụ đã hoàn thành?
          </Typography.Paragraph>
        </ActionModal>
      );
    case 'reject-done':
      return (
        <ActionModal
          {...common}
          title="Không xác nhận hoàn thành"
          okText="Trả lại đề xuất"
          danger
          testId="reject-done"
          success="Đã trả lại đề xuất hoàn thành."
          run={(v) => act(`${base}/reject-done`, { version: task.version, comment: v.comment })}
        >
          <Form.Item label="Lý do, yêu cầu bổ sung" name="comment" rules={required('Hãy nêu lý do để đơn vị bổ sung')}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
        </ActionModal>
      );
    case 'pause':
    case 'resume':
    case 'cancel': {
      const labels = {
        pause: { title: 'Tạm dừng nhiệm vụ', ok: 'Tạm dừng', done: 'Đã tạm dừng nhiệm vụ.' },
        resume: { title: 'Tiếp tục thực hiện nhiệm vụ', ok: 'Tiếp tục', done: 'Nhiệm vụ đã được tiếp tục theo dõi.' },
        cancel: { title: 'Hủy nhiệm vụ', ok: 'Hủy nhiệm vụ', done: 'Đã hủy nhiệm vụ.' },
      }[modal.kind];
      return (
        <ActionModal
          {...common}
          title={labels.title}
          okText={labels.ok}
          danger={modal.kind === 'cancel'}
          testId={`task-${modal.kind}`}
          success={labels.done}
          run={(v) => act(`${base}/${modal.kind}`, { version: task.version, reason: v.reason ?? '' })}
        >
          {modal.kind === 'cancel' && (
            <Typography.Paragraph>Nhiệm vụ đã hủy không còn được đôn đốc; lịch sử và báo cáo cũ vẫn được giữ.</Typography.Paragraph>
          )}
          <Form.Item label="Lý do, căn cứ" name="reason" rules={modal.kind === 'resume' ? [] : required('Hãy nêu lý do')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </ActionModal>
      );
    }
    case 'remind':
      return (
        <ActionModal
          {...common}
          title="Đôn đốc đơn vị thực hiện"
          okText="Gửi đôn đốc"
          testId="task-remind"
          success="Đã gửi đôn đốc tới đơn vị chủ trì."
          initialValues={{
            message: `Đề nghị ${task.leads.map((u) => u.name).join(', ')} khẩn trương thực hiện và báo cáo tiến độ nhiệm vụ "${task.content.slice(0, 120)}${task.content.length > 120 ? '…' : ''}" (thời hạn: ${task.deadline.text}).`,
          }}
          run={async (v) => {
            await api(`${base}/reminders`, { method: 'POST', body: { message: v.message, includeSupport: Boolean(v.includeSupport) } });
            await queryClient.invalidateQueries({ queryKey: timelineKey(task.id) });
          }}
        >
          <Form.Item label="Nội dung đôn đốc" name="message" rules={required('Hãy nhập nội dung đôn đốc')}>
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} />
          </Form.Item>
          {task.supports.length > 0 && (
            <Form.Item name="includeSupport" valuePropName="checked" style={{ marginBottom: 0 }}>
              <Checkbox>Gửi cả các đơn vị phối hợp</Checkbox>
            </Form.Item>
          )}
        </ActionModal>
      );
    case 'return-update': {
      const u = modal.update;
      return (
        <ActionModal
          {...common}
          title={`Trả lại báo cáo ${u.periodLabel} của ${u.unit.shortName || u.unit.name}`}
          okText="Trả lại"
          danger
          testId="return-update"
          success="Đã trả lại báo cáo để đơn vị bổ sung."
          run={(v) => act(`${base}/updates/${u.id}/review`, { version: u.version, decision: 'return', comment: v.comment })}
        >
          <Form.Item label="Nhận xét, yêu cầu bổ sung" name="comment" rules={required('Hãy nêu điều đơn vị cần bổ sung')}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="return-update-comment" />
          </Form.Item>
        </ActionModal>
      );
    }
  }
}
