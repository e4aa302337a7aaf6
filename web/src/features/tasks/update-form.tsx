import { MergeCellsOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, InputNumber, Select, Slider, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { StoredFile } from '#common/contracts/files.ts';
import { type Task, type TaskUpdate, UPDATE_CLAIM_LABELS, UPDATE_CLAIMS, UpdateSubmit } from '#common/contracts/tasks.ts';
import { EditDrawer } from '../../components/edit-drawer.tsx';
import { showSuccess } from '../../lib/feedback.ts';
import { useSubmit, zodRule } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.ts';
import { EvidenceUpload, FileLinks } from './evidence-upload.tsx';
import { fetchTask, fmtDate, taskKey, useTaskAction } from './tasks-api.ts';

type Values = {
  claim: TaskUpdate['claim'];
  percent: number;
  result: string;
  obstacles: string;
  proposals: string;
  files: StoredFile[];
};

const CLAIM_OPTIONS = UPDATE_CLAIMS.map((c) => ({ value: c, label: UPDATE_CLAIM_LABELS[c] }));

/** The caller's unit's update for the task's current period, if it has sent one (not one on a linked task). */
export function ownUpdate(task: Task, unitId: string): TaskUpdate | undefined {
  return task.updates.find((u) => u.taskId === task.id && u.period === task.currentPeriod.key && u.unit.id === unitId);
}

function toValues(task: Task, update: TaskUpdate | undefined): Values {
  if (!update) {
    return {
      claim: task.percent > 0 ? 'in_progress' : 'not_started',
      percent: task.percent,
      result: '',
      obstacles: '',
      proposals: '',
      files: [],
    };
  }
  return {
    claim: update.claim,
    percent: update.percent,
    result: update.result,
    obstacles: update.obstacles,
    proposals: update.proposals,
    files: update.files,
  };
}

/**
 * The monthly progress report of the lead unit, or the contribution of a support unit, for
 * the current reporting period (Decree 09/2019: data to the 14th, report before the 20th).
 * It can be edited while submitted or returned; once accepted it is locked.
 */
export function UpdateForm({ task, role, open, onClose }: { task: Task; role: 'lead' | 'support'; open: boolean; onClose: () => void }) {
  const me = useSession();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const act = useTaskAction();
  const [current, setCurrent] = useState(task);
  const [mergedIds, setMergedIds] = useState<string[]>([]);
  const existing = ownUpdate(current, me.user.unitId);
  const locked = existing?.state === 'accepted';
  const period = current.currentPeriod;
  const contributions =
    role === 'lead'
      ? current.updates.filter(
          (u) => u.taskId === current.id && u.period === period.key && u.role === 'support' && u.unit.id !== me.user.unitId,
        )
      : [];

  const load = (fresh: Task) => {
    const mine = ownUpdate(fresh, me.user.unitId);
    setCurrent(fresh);
    setMergedIds(mine?.mergedIds ?? []);
    form.resetFields();
    form.setFieldsValue(toValues(fresh, mine));
    setConflict(false);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: load the form when it opens, not on every refetch of the task
  useEffect(() => {
    if (open) load(task);
  }, [open]);

  const reload = async () => {
    load(await queryClient.fetchQuery({ queryKey: taskKey(task.id), queryFn: () => fetchTask(task.id), staleTime: 0 }));
  };

  const merge = (update: TaskUpdate) => {
    const text = update.result.trim();
    const before = (form.getFieldValue('result') as string | undefined)?.trim() ?? '';
    const line = `${update.unit.shortName || update.unit.name}: ${text}`;
    form.setFieldValue('result', before ? `${before}\n- ${line}` : `- ${line}`);
    setMergedIds((ids) => (ids.includes(update.id) ? ids : [...ids, update.id]));
  };

  const { saving, conflict, setConflict, submit } = useSubmit(form, async (values: Values) => {
    const body: UpdateSubmit = {
      ...(existing ? { version: existing.version } : {}),
      claim: values.claim,
      percent: values.percent ?? 0,
      result: values.result ?? '',
      obstacles: values.obstacles ?? '',
      proposals: values.proposals ?? '',
      fileIds: (values.files ?? []).map((f) => f.id),
      mergedIds,
    };
    await act(`/api/tasks/${task.id}/updates/${period.key}`, body, 'PUT');
    showSuccess(role === 'lead' ? `Đã gửi báo cáo tiến độ ${period.label}.` : `Đã gửi đóng góp ${period.label}.`);
    onClose();
  });

  const title = role === 'lead' ? 'Cập nhật tiến độ' : 'Đóng góp của đơn vị phối hợp';
  return (
    <EditDrawer
      title={`${title} · ${period.label}`}
      open={open}
      onClose={onClose}
      size={680}
      saving={saving}
      saveTestId="update-save"
      onSave={() => (locked ? onClose() : form.submit())}
      conflictTitle={conflict && 'Báo cáo này vừa được người khác sửa hoặc xem xét'}
      onReload={reload}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        Kỳ báo cáo {period.label}: số liệu từ {fmtDate(period.start)} đến {fmtDate(period.end)}, gửi trước {fmtDate(period.due)}.
      </Typography.Paragraph>
      {existing?.state === 'returned' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title="Sở KH&CN đã trả lại báo cáo này"
          description={existing.reviewComment || 'Không có ghi chú.'}
          data-testid="update-returned-comment"
        />
      )}
      {existing?.state === 'submitted' && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="Báo cáo kỳ này đã gửi, đang chờ tiếp nhận. Bạn vẫn có thể sửa." />
      )}
      {locked && (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} title="Báo cáo kỳ này đã được tiếp nhận nên không sửa được nữa." />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={saving || locked}
        onValuesChange={(changed: Partial<Values>) => {
          // Progress above 0% means the work has started; the server refuses the contradiction too.
          if (changed.percent && form.getFieldValue('claim') === 'not_started') form.setFieldValue('claim', 'in_progress');
        }}
      >
        <Flex gap={16} align="flex-start" wrap>
          <Form.Item
            label="Tình hình thực hiện"
            name="claim"
            rules={[{ required: true, message: 'Hãy chọn tình hình thực hiện' }]}
            style={{ flex: '0 0 220px' }}
          >
            <Select
              options={CLAIM_OPTIONS}
              data-testid="update-claim"
              onChange={(claim) => {
                if (claim === 'done') form.setFieldValue('percent', 100);
                if (claim === 'not_started') form.setFieldValue('percent', 0);
              }}
            />
          </Form.Item>
          <Form.Item label="Tỷ lệ hoàn thành (%)" style={{ flex: 1, minWidth: 260 }} required>
            <Flex gap={12} align="center">
              <Form.Item name="percent" noStyle>
                <Slider min={0} max={100} style={{ flex: 1 }} />
              </Form.Item>
              <Form.Item name="percent" noStyle rules={[{ required: true, message: 'Hãy nhập tỷ lệ' }]}>
                <InputNumber
                  min={0}
                  max={100}
                  precision={0}
                  suffix="%"
                  style={{ width: 90 }}
                  aria-label="Tỷ lệ hoàn thành"
                  data-testid="update-percent"
                />
              </Form.Item>
            </Flex>
          </Form.Item>
        </Flex>
        <Form.Item
          label={role === 'lead' ? 'Kết quả thực hiện' : 'Kết quả phối hợp'}
          name="result"
          rules={[{ required: true, whitespace: true, message: 'Hãy nêu kết quả thực hiện trong kỳ' }, zodRule(UpdateSubmit.shape.result)]}
        >
          <Input.TextArea
            autoSize={{ minRows: 4, maxRows: 14 }}
            placeholder="Việc đã làm trong kỳ, sản phẩm đạt được"
            data-testid="update-result"
          />
        </Form.Item>
        <Form.Item label="Khó khăn, vướng mắc" name="obstacles" rules={[zodRule(UpdateSubmit.shape.obstacles)]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
        <Form.Item label="Đề xuất, kiến nghị" name="proposals" rules={[zodRule(UpdateSubmit.shape.proposals)]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
        <Form.Item label="Tệp minh chứng" name="files">
          <EvidenceUpload testId="update-files" />
        </Form.Item>
      </Form>

      {role === 'lead' && (
        <Card size="small" title={`Đóng góp của đơn vị phối hợp · ${period.label}`} style={{ marginTop: 8 }}>
          {contributions.length === 0 ? (
            <Typography.Text type="secondary">Chưa có đơn vị phối hợp nào gửi đóng góp trong kỳ này.</Typography.Text>
          ) : (
            contributions.map((u) => (
              <div key={u.id} data-testid="support-contribution" style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
                <Flex justify="space-between" align="center" gap={8}>
                  <Typography.Text strong>{u.unit.name}</Typography.Text>
                  {mergedIds.includes(u.id) ? (
                    <Tag color="green">Đã gộp</Tag>
                  ) : (
                    <Button size="small" icon={<MergeCellsOutlined />} onClick={() => merge(u)} disabled={locked}>
                      Gộp vào báo cáo
                    </Button>
                  )}
                </Flex>
                <div style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>{u.result || '(không có nội dung)'}</div>
                {u.files.length > 0 && <FileLinks files={u.files} />}
              </div>
            ))
          )}
        </Card>
      )}
    </EditDrawer>
  );
}
