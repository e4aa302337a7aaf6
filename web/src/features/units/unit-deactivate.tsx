import { useQueryClient } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import type { Unit } from '#common/contracts/units.ts';
import { UnitSelect } from '../../components/unit-select.tsx';
import { api } from '../../lib/api.ts';
import { showSuccess } from '../../lib/feedback.ts';
import { useSubmit } from '../../lib/forms.ts';

type Values = { validTo: Dayjs; successorId: string | null };

/** Ends a unit's validity (dissolved, or merged into a successor); its history stays. */
export function UnitDeactivate({ unit, onClose }: { unit: Unit | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();

  const { saving, conflict, setConflict, submit } = useSubmit(form, async (values: Values) => {
    if (!unit) return;
    await api<Unit>(`/api/units/${unit.id}/deactivate`, {
      method: 'POST',
      body: { version: unit.version, validTo: values.validTo.format('YYYY-MM-DD'), successorId: values.successorId ?? null },
    });
    showSuccess(`Đã ngừng hoạt động "${unit.name}".`);
    await queryClient.invalidateQueries({ queryKey: ['units'] });
    onClose();
  });

  useEffect(() => {
    if (unit) {
      form.resetFields();
      setConflict(false);
    }
  }, [unit, form, setConflict]);

  return (
    <Modal
      title="Ngừng hoạt động đơn vị"
      open={Boolean(unit)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="Ngừng hoạt động"
      okButtonProps={{ danger: true, loading: saving }}
      cancelText="Hủy"
      destroyOnHidden
    >
      <Typography.Paragraph>
        <b>{unit?.name}</b> sẽ không còn được chọn khi giao nhiệm vụ mới. Lịch sử, nhiệm vụ và báo cáo cũ vẫn được giữ nguyên.
      </Typography.Paragraph>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="Đơn vị này vừa được người khác sửa. Hãy đóng hộp thoại, tải lại danh sách rồi thực hiện lại."
        />
      )}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ validTo: dayjs(), successorId: null }}>
        <Form.Item label="Hết hiệu lực từ ngày" name="validTo" rules={[{ required: true, message: 'Hãy chọn ngày hết hiệu lực' }]}>
          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="Sáp nhập vào (đơn vị kế thừa)" name="successorId" extra="Để trống nếu đơn vị giải thể, không có đơn vị kế thừa.">
          <UnitSelect excludeId={unit?.id} allowClear />
        </Form.Item>
      </Form>
    </Modal>
  );
}
