import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import type { FundingOptions } from '#common/contracts/funding.ts';
import { FUNDING_SOURCE_LABELS, FUNDING_SOURCES, type FundingSource } from '#common/domain/funding.ts';
import { showSuccess } from '../../lib/feedback.ts';
import { useSubmit } from '../../lib/forms.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { afterFundingChange, createAllocation, fetchFundingOptions, YEARS } from './funding-api.ts';
import { MoneyInput } from './money-input.tsx';

type Values = {
  year: number;
  source: FundingSource;
  unitId: string | null;
  taskId: string | null;
  project?: string;
  amount: number | null;
  note?: string;
};

/** The units and tasks an allocation may be for, matching the words typed (the server searches without diacritics). */
function useOptions(search: string) {
  const q = useDebounced(search.trim());
  return useQuery({
    queryKey: ['funding', 'options', q],
    queryFn: () => fetchFundingOptions(q),
    placeholderData: (previous) => previous,
    meta: { silent: true },
  });
}

type Choice = { id: string; label: string };

/** A searchable select over one list of the options; the chosen entry keeps its label while the user searches on. */
function OptionSelect({
  value,
  onChange,
  id,
  pick,
  placeholder,
  empty,
  testId,
}: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  id?: string;
  pick: (o: FundingOptions) => Choice[];
  placeholder: string;
  empty: string;
  testId: string;
}) {
  const [search, setSearch] = useState('');
  const options = useOptions(search);
  const [chosen, setChosen] = useState<Choice | null>(null);
  const items = options.data ? pick(options.data) : [];
  const all = chosen && chosen.id === value && !items.some((t) => t.id === chosen.id) ? [chosen, ...items] : items;
  return (
    <Select<string>
      id={id}
      value={value ?? undefined}
      onChange={(v) => {
        setChosen(all.find((t) => t.id === v) ?? null);
        onChange?.(v ?? null);
      }}
      allowClear
      placeholder={placeholder}
      loading={options.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onOpenChange={(open) => !open && setSearch('')}
      notFoundContent={options.isFetching ? 'Đang tìm…' : empty}
      data-testid={testId}
      options={all.map((t) => ({ value: t.id, label: t.label }))}
      optionRender={(option) => <div style={{ whiteSpace: 'normal' }}>{option.label}</div>}
    />
  );
}

const TaskSelect = (props: { value?: string | null; onChange?: (v: string | null) => void; id?: string }) => (
  <OptionSelect
    {...props}
    pick={(o) => o.tasks.map((t) => ({ id: t.id, label: t.code ? `${t.code}. ${t.content}` : t.content }))}
    placeholder="Gõ mã hoặc nội dung nhiệm vụ để tìm"
    empty="Không có nhiệm vụ phù hợp"
    testId="allocate-task"
  />
);

const UnitChoice = (props: { value?: string | null; onChange?: (v: string | null) => void; id?: string }) => (
  <OptionSelect
    {...props}
    pick={(o) => o.units.map((u) => ({ id: u.id, label: u.name }))}
    placeholder="Gõ tên đơn vị để tìm"
    empty="Không có đơn vị phù hợp"
    testId="allocate-unit"
  />
);

/**
 * A sum allocated to a unit for a year, for a task of the plans or a named project. Sở Tài
 * chính allocates to any unit; another unit records only what it was given itself.
 */
export function AllocationModal({
  year,
  scope,
  onClose,
}: {
  year: number;
  scope: { isFinance: boolean; unitId: string; unitName: string };
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();

  const { saving, submit } = useSubmit(form, async (values: Values) => {
    await createAllocation({
      year: values.year,
      source: values.source,
      unitId: scope.isFinance ? (values.unitId as string) : scope.unitId,
      taskId: values.taskId ?? null,
      project: values.project?.trim() ?? '',
      amount: values.amount as number,
      note: values.note?.trim() ?? '',
    });
    showSuccess('Đã ghi khoản kinh phí');
    await afterFundingChange(queryClient);
    onClose();
  });

  return (
    <Modal
      open
      title="Thêm khoản kinh phí"
      okText="Ghi khoản kinh phí"
      okButtonProps={{ 'data-testid': 'allocate-save' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">
        {scope.isFinance
          ? 'Sở Tài chính ghi kinh phí được giao cho từng đơn vị theo nguồn.'
          : `Ghi kinh phí được giao cho ${scope.unitName}; số liệu của đơn vị khác do Sở Tài chính nhập.`}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={saving}
        initialValues={{ year, source: undefined, unitId: scope.isFinance ? null : scope.unitId, taskId: null, amount: null }}
      >
        <Flex gap={12} wrap>
          <Form.Item label="Năm" name="year" style={{ flex: '0 0 120px' }} rules={[{ required: true, message: 'Hãy chọn năm' }]}>
            <Select options={YEARS.map((y) => ({ value: y, label: String(y) }))} data-testid="allocate-year" />
          </Form.Item>
          <Form.Item
            label="Nguồn kinh phí"
            name="source"
            style={{ flex: '1 1 300px' }}
            rules={[{ required: true, message: 'Hãy chọn nguồn kinh phí' }]}
          >
            <Select
              placeholder="Chọn nguồn"
              data-testid="allocate-source"
              options={FUNDING_SOURCES.map((s) => ({ value: s, label: FUNDING_SOURCE_LABELS[s] }))}
            />
          </Form.Item>
        </Flex>
        {scope.isFinance ? (
          <Form.Item label="Đơn vị được giao" name="unitId" rules={[{ required: true, message: 'Hãy chọn đơn vị' }]}>
            <UnitChoice />
          </Form.Item>
        ) : (
          <Form.Item label="Đơn vị được giao" tooltip="Đơn vị chỉ nhập kinh phí của chính mình.">
            <Input value={scope.unitName} disabled />
          </Form.Item>
        )}
        <Form.Item
          label="Nhiệm vụ của Đề án"
          name="taskId"
          tooltip="Chọn nhiệm vụ được cấp kinh phí; nếu khoản kinh phí cho một dự án riêng, để trống và ghi tên dự án."
        >
          <TaskSelect />
        </Form.Item>
        <Form.Item
          label="Tên dự án, nội dung chi"
          name="project"
          dependencies={['taskId']}
          rules={[
            { max: 500, message: 'Tối đa 500 ký tự' },
            ({ getFieldValue }) => ({
              validator: async (_, v?: string) => {
                if (!getFieldValue('taskId') && !v?.trim()) throw new Error('Hãy chọn nhiệm vụ hoặc ghi tên dự án.');
              },
            }),
          ]}
        >
          <Input placeholder="VD: Dự án nền tảng dữ liệu y tế tỉnh" data-testid="allocate-project" />
        </Form.Item>
        <Form.Item
          label={
            <span>
              Số tiền được giao <Typography.Text type="secondary">(đồng)</Typography.Text>
            </span>
          }
          name="amount"
          rules={[
            { required: true, message: 'Hãy nhập số tiền (đồng)' },
            {
              validator: async (_, v?: number | null) => {
                if (v !== null && v !== undefined && (!Number.isSafeInteger(v) || v <= 0))
                  throw new Error('Số tiền phải là số đồng nguyên, lớn hơn 0.');
              },
            },
          ]}
        >
          <MoneyInput testId="allocate-amount" />
        </Form.Item>
        <Form.Item label="Ghi chú" name="note" rules={[{ max: 2000, message: 'Tối đa 2.000 ký tự' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder="VD: Quyết định số 123/QĐ-UBND ngày 15/01/2026" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
