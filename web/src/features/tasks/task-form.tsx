import { useQuery, useQueryClient } from '@tanstack/react-query';
import { AutoComplete, Flex, Form, Input, InputNumber, Select } from 'antd';
import { useEffect, useState } from 'react';
import type { DocumentRef } from '#common/contracts/documents.ts';
import { type Task, TaskCreate } from '#common/contracts/tasks.ts';
import { EditDrawer } from '../../components/edit-drawer.tsx';
import { api } from '../../lib/api.ts';
import { showSuccess } from '../../lib/feedback.ts';
import { useRecordForm, zodRule } from '../../lib/forms.ts';
import { DeadlinePreview, deadlineRule } from './deadline-input.tsx';
import { DocumentSelect, GroupsSelect, TaskSelect, UnitsSelect } from './task-selects.tsx';
import { afterTaskChange, type Facets, fetchTask, TASKS_KEY, taskKey } from './tasks-api.ts';

type Values = {
  content: string;
  section: string;
  code: string;
  position: number;
  parentId: string | null;
  documentId: string | null;
  documentIds: string[];
  leadUnitIds: string[];
  supportUnitIds: string[];
  leadGroupIds: string[];
  supportGroupIds: string[];
  deliverable: string;
  deadlineText: string;
  responsiblePerson: string;
  tags: string[];
};

const EMPTY: Values = {
  content: '',
  section: '',
  code: '',
  position: 0,
  parentId: null,
  documentId: null,
  documentIds: [],
  leadUnitIds: [],
  leadGroupIds: [],
  supportGroupIds: [],
  supportUnitIds: [],
  deliverable: '',
  deadlineText: '',
  responsiblePerson: '',
  tags: [],
};

function toValues(task: Task): Values {
  return {
    content: task.content,
    section: task.section,
    code: task.code,
    position: task.position,
    parentId: task.parentId,
    documentId: task.documentId,
    documentIds: task.documents.map((d) => d.id),
    leadUnitIds: task.leads.filter((u) => !u.group).map((u) => u.id),
    supportUnitIds: task.supports.filter((u) => !u.group).map((u) => u.id),
    leadGroupIds: task.leads.filter((u) => u.group).map((u) => u.id),
    supportGroupIds: task.supports.filter((u) => u.group).map((u) => u.id),
    deliverable: task.deliverable,
    deadlineText: task.deadline.text,
    responsiblePerson: task.responsiblePerson,
    tags: task.tags,
  };
}

function toBody(values: Values): TaskCreate {
  return {
    content: values.content,
    section: values.section?.trim() ?? '',
    code: values.code?.trim() ?? '',
    position: values.position ?? 0,
    parentId: values.parentId ?? null,
    documentId: values.documentId ?? null,
    documentIds: values.documentIds ?? [],
    leadUnitIds: values.leadUnitIds ?? [],
    supportUnitIds: values.supportUnitIds ?? [],
    leadGroupIds: values.leadGroupIds ?? [],
    supportGroupIds: values.supportGroupIds ?? [],
    deliverable: values.deliverable?.trim() ?? '',
    deadlineText: values.deadlineText,
    responsiblePerson: values.responsiblePerson?.trim() ?? '',
    tags: values.tags ?? [],
  };
}

interface TaskFormProps {
  /** null: a new task; a task: edit it */
  task: Task | null;
  open: boolean;
  onClose: () => void;
  /** after a create, with the new task (the board opens it) */
  onCreated?: (task: Task) => void;
}

export function TaskForm({ task, open, onClose, onCreated }: TaskFormProps) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const [knownDocs, setKnownDocs] = useState<DocumentRef[]>([]);
  const { current, conflict, saving, reload, submit } = useRecordForm({
    form,
    record: task,
    open,
    toValues,
    toBody,
    empty: EMPTY,
    fetch: fetchTask,
    onClose,
    save: async ({ body, patch, current }) => {
      if (current && patch) {
        const saved = await api<Task>(`/api/tasks/${current.id}`, { method: 'PATCH', body: { version: current.version, ...patch } });
        await afterTaskChange(queryClient, saved);
        showSuccess('Đã lưu thay đổi của nhiệm vụ.');
        onClose();
      } else {
        const created = await api<Task>('/api/tasks', { method: 'POST', body });
        await queryClient.invalidateQueries({ queryKey: TASKS_KEY });
        showSuccess('Đã giao nhiệm vụ mới.');
        onClose();
        onCreated?.(created);
      }
    },
  });
  const deadlineText = Form.useWatch('deadlineText', form);
  const documentId = Form.useWatch('documentId', form);

  const facets = useQuery({
    queryKey: ['tasks', 'facets'],
    queryFn: () => api<Facets>('/api/tasks/facets'),
    enabled: open,
    meta: { silent: true },
  });
  // "Quý III" takes the year of the main plan: preview it the way the server will read it.
  const plan = useQuery({
    queryKey: ['documents', 'one', documentId],
    queryFn: () => api<DocumentRef>(`/api/documents/${documentId}`),
    enabled: open && Boolean(documentId) && !knownDocs.some((d) => d.id === documentId),
    meta: { silent: true },
  });
  const parentId = current?.parentId;
  const parent = useQuery({
    queryKey: taskKey(parentId ?? ''),
    queryFn: () => fetchTask(parentId ?? ''),
    enabled: open && Boolean(parentId),
    meta: { silent: true },
  });
  const documentDate = (knownDocs.find((d) => d.id === documentId) ?? plan.data)?.issuedOn ?? null;

  useEffect(() => {
    if (open) setKnownDocs(task ? [...(task.document ? [task.document] : []), ...task.documents] : []);
  }, [open, task]);

  const sectionOptions = (facets.data?.sections ?? []).map((s) => ({ value: s }));
  const tagOptions = (facets.data?.tags ?? []).map((t) => ({ value: t, label: t }));

  return (
    <EditDrawer
      title={current ? `Sửa nhiệm vụ${current.code ? ` ${current.code}` : ''}` : 'Thêm nhiệm vụ'}
      open={open}
      onClose={onClose}
      size={720}
      saving={saving}
      saveTestId="task-save"
      onSave={() => form.submit()}
      conflictTitle={conflict && 'Nhiệm vụ này vừa được người khác sửa'}
      onReload={reload}
    >
      <Form form={form} layout="vertical" onFinish={submit} disabled={saving} initialValues={EMPTY}>
        <Form.Item
          label="Nội dung nhiệm vụ (rõ việc)"
          name="content"
          rules={[{ required: true, whitespace: true, message: 'Hãy nhập nội dung nhiệm vụ' }, zodRule(TaskCreate.shape.content)]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} placeholder="Việc phải làm, như văn bản giao" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item label="Mã" name="code" style={{ flex: '0 0 22%' }} tooltip="Số thứ tự trong phụ lục, ví dụ 1.2">
            <Input placeholder="VD: 1.2" />
          </Form.Item>
          <Form.Item label="Mục, nhóm nhiệm vụ" name="section" style={{ flex: 1 }}>
            <AutoComplete options={sectionOptions} placeholder="VD: I. Hoàn thiện thể chế" filterOption allowClear />
          </Form.Item>
          <Form.Item label="Thứ tự" name="position" style={{ flex: '0 0 16%' }}>
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item
          label="Kế hoạch, văn bản chính"
          name="documentId"
          extra="Văn bản chứa nhiệm vụ; năm của văn bản dùng cho thời hạn như &quot;Quý III&quot;."
        >
          <DocumentSelect known={knownDocs} allowClear />
        </Form.Item>
        <Form.Item label="Các văn bản giao nhiệm vụ" name="documentIds" extra="Một nhiệm vụ có thể được nhiều văn bản cùng giao.">
          <DocumentSelect multiple known={knownDocs} />
        </Form.Item>
        <Form.Item label="Thuộc nhiệm vụ (nhiệm vụ cha)" name="parentId">
          <TaskSelect excludeId={current?.id} known={parent.data ?? null} />
        </Form.Item>
        <Form.Item
          label="Cơ quan chủ trì (rõ trách nhiệm)"
          name="leadUnitIds"
          dependencies={['leadGroupIds']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string[] | undefined) => {
                if (!value?.length && !getFieldValue('leadGroupIds')?.length) throw new Error('Hãy chọn ít nhất một cơ quan chủ trì.');
              },
            }),
          ]}
        >
          <UnitsSelect known={current?.leads.filter((u) => !u.group)} />
        </Form.Item>
        <Form.Item label="hoặc nhóm chủ trì theo kế hoạch" name="leadGroupIds">
          <GroupsSelect />
        </Form.Item>
        <Form.Item label="Cơ quan phối hợp" name="supportUnitIds">
          <UnitsSelect known={current?.supports.filter((u) => !u.group)} />
        </Form.Item>
        <Form.Item label="hoặc nhóm phối hợp theo kế hoạch" name="supportGroupIds">
          <GroupsSelect placeholder="VD: Các sở, ban, ngành, địa phương" />
        </Form.Item>
        <Form.Item label="Sản phẩm, kết quả (rõ sản phẩm)" name="deliverable">
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} placeholder="VD: Quyết định phê duyệt, báo cáo, phần mềm…" />
        </Form.Item>
        <Form.Item
          label="Thời hạn (rõ thời gian)"
          name="deadlineText"
          rules={[{ required: true, whitespace: true, message: 'Hãy nhập thời hạn' }, deadlineRule(documentDate)]}
          extra={<DeadlinePreview text={deadlineText} documentDate={documentDate} />}
          validateDebounce={250}
        >
          <Input placeholder='VD: "Quý III/2026", "Trước ngày 10/4/2026", "Thường xuyên"' data-testid="task-deadline" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item label="Người chịu trách nhiệm (rõ người)" name="responsiblePerson" style={{ flex: 1 }}>
            <Input placeholder="VD: Phó Giám đốc phụ trách" />
          </Form.Item>
          <Form.Item label="Nhãn" name="tags" style={{ flex: 1 }}>
            <Select mode="tags" options={tagOptions} placeholder="VD: CĐS, ĐMST" tokenSeparators={[';', ',']} />
          </Form.Item>
        </Flex>
      </Form>
    </EditDrawer>
  );
}
