import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Descriptions, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { FUNDING_SOURCE_LABELS } from '#common/domain/funding.ts';
import { ConflictAlert } from '../../components/conflict-alert.tsx';
import { showSuccess } from '../../lib/feedback.ts';
import { useSubmit } from '../../lib/forms.ts';
import {
  type Allocation,
  afterFundingChange,
  createDisbursement,
  type FundingSummary,
  fmtDate,
  fmtDong,
  fmtMillions,
  todayIso,
} from './funding-api.ts';
import { MoneyInput } from './money-input.tsx';

type Values = { on: Dayjs; amount: number | null; note?: string };

export function allocationTitle(a: Allocation): string {
  return a.task ? `${a.task.code} ${a.task.content}` : a.project;
}

/**
 * One payment out of an allocation. The version read with the row goes with it: if someone
 * paid out of the same allocation meanwhile, the server answers 409 and the user reloads.
 */
export function DisbursementModal({
  allocation,
  asOf,
  reload,
  onClose,
}: {
  allocation: Allocation;
  /** the day the page's figures run to: payments after it are not in `allocation.disbursed` */
  asOf: string;
  /** refetches the page's figures and returns the allocation as the server has it now */
  reload: () => Promise<FundingSummary | undefined>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState(allocation);
  const today = todayIso();
  // Only a page read up to today knows every payment; otherwise the server checks the rest.
  const complete = asOf >= today;
  const left = current.amount - current.disbursed;

  const { saving, conflict, setConflict, submit } = useSubmit(form, async (values: Values) => {
    await createDisbursement(current.id, {
      on: values.on.format('YYYY-MM-DD'),
      amount: values.amount as number,
      note: values.note?.trim() ?? '',
      version: current.version,
    });
    showSuccess('Đã ghi giải ngân');
    await afterFundingChange(queryClient);
    onClose();
  });

  const onReload = async () => {
    const fresh = (await reload())?.allocations.find((a) => a.id === current.id);
    if (fresh) setCurrent(fresh);
    setConflict(false);
  };

  return (
    <Modal
      open
      title="Ghi giải ngân"
      okText="Ghi giải ngân"
      okButtonProps={{ 'data-testid': 'disburse-save' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      width={560}
    >
      {conflict && (
        <ConflictAlert title="Khoản kinh phí này vừa được ghi giải ngân bởi người khác" onReload={onReload} testId="disburse-reload" />
      )}
      <Descriptions
        size="small"
        column={1}
        bordered
        style={{ marginBottom: 16 }}
        styles={{ label: { width: 150 } }}
        items={[
          { key: 'unit', label: 'Đơn vị', children: current.unit.name },
          { key: 'what', label: current.task ? 'Nhiệm vụ' : 'Dự án', children: allocationTitle(current) },
          { key: 'source', label: 'Nguồn', children: FUNDING_SOURCE_LABELS[current.source] },
          {
            key: 'amount',
            label: 'Được giao',
            children: `${fmtMillions(current.amount)} triệu đồng`,
          },
          {
            key: 'left',
            label: complete ? 'Còn lại' : `Còn lại đến ${fmtDate(asOf)}`,
            children: (
              <span>
                <Typography.Text strong>{fmtMillions(left)} triệu đồng</Typography.Text>{' '}
                <Typography.Text type="secondary">({fmtDong(left)} đồng)</Typography.Text>
              </span>
            ),
          },
        ]}
      />
      {left <= 0 && complete && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="Khoản này đã giải ngân hết số được giao." />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={saving}
        initialValues={{ on: dayjs(today), amount: null, note: '' }}
      >
        <Form.Item
          label="Ngày giải ngân"
          name="on"
          rules={[{ required: true, message: 'Hãy chọn ngày giải ngân' }]}
          tooltip="Ngày đã chi thực tế; không ghi trước khoản chưa chi."
        >
          <DatePicker
            format="DD/MM/YYYY"
            style={{ width: 200 }}
            allowClear={false}
            data-testid="disburse-on"
            disabledDate={(d) => d.isAfter(dayjs(today), 'day') || d.isBefore(dayjs(`${current.year}-01-01`), 'day')}
          />
        </Form.Item>
        <Form.Item
          label={
            <span>
              Số tiền giải ngân <Typography.Text type="secondary">(đồng)</Typography.Text>
            </span>
          }
          name="amount"
          extra={
            complete &&
            left > 0 && (
              <Button
                type="link"
                size="small"
                style={{ padding: 0 }}
                onClick={() => form.setFieldsValue({ amount: left })}
                data-testid="disburse-all"
              >
                Giải ngân toàn bộ số còn lại ({fmtDong(left)} đồng)
              </Button>
            )
          }
          rules={[
            { required: true, message: 'Hãy nhập số tiền (đồng)' },
            {
              validator: async (_, v?: number | null) => {
                if (v === null || v === undefined) return;
                if (!Number.isSafeInteger(v) || v <= 0) throw new Error('Số tiền phải là số đồng nguyên, lớn hơn 0.');
                if (complete && v > left) throw new Error(`Vượt số còn lại của khoản được giao (còn ${fmtMillions(left)} triệu đồng).`);
              },
            },
          ]}
        >
          <MoneyInput testId="disburse-amount" />
        </Form.Item>
        <Form.Item label="Ghi chú" name="note" rules={[{ max: 2000, message: 'Tối đa 2.000 ký tự' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder="VD: Thanh toán đợt 1 hợp đồng số 12/2026/HĐ" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
