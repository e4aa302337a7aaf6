import { useQueryClient } from '@tanstack/react-query';
import { DatePicker, Flex, Form, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type Unit, UnitCreate } from '#common/contracts/units.ts';
import { UNIT_KIND_LABELS, UNIT_KINDS } from '#common/domain/units.ts';
import { EditDrawer } from '../../components/edit-drawer.tsx';
import { UnitSelect } from '../../components/unit-select.tsx';
import { api } from '../../lib/api.ts';
import { showSuccess } from '../../lib/feedback.ts';
import { useRecordForm, zodRule } from '../../lib/forms.ts';
import { fetchUnit } from './units-api.ts';

type Values = {
  parentId: string | null;
  code: string;
  kind: Unit['kind'];
  name: string;
  shortName: string;
  aliases: string[];
  validFrom: Dayjs | null;
  sortOrder: number;
};

const KIND_OPTIONS = UNIT_KINDS.filter((k) => k !== 'province').map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }));

function toValues(unit: Unit): Values {
  return {
    parentId: unit.parentId,
    code: unit.code,
    kind: unit.kind,
    name: unit.name,
    shortName: unit.shortName,
    aliases: unit.aliases,
    validFrom: unit.validFrom ? dayjs(unit.validFrom) : null,
    sortOrder: unit.sortOrder,
  };
}

function toBody(values: Values) {
  return {
    parentId: values.parentId,
    code: values.code.trim().toUpperCase(),
    kind: values.kind,
    name: values.name,
    shortName: values.shortName?.trim() ? values.shortName : values.name,
    aliases: values.aliases ?? [],
    validFrom: values.validFrom ? values.validFrom.format('YYYY-MM-DD') : null,
    sortOrder: values.sortOrder ?? 0,
  };
}

interface UnitFormProps {
  /** null: a new unit; a unit: edit it */
  unit: Unit | null;
  open: boolean;
  onClose: () => void;
}

export function UnitForm({ unit, open, onClose }: UnitFormProps) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const { current, conflict, saving, reload, submit } = useRecordForm({
    form,
    record: unit,
    open,
    toValues,
    toBody,
    fetch: fetchUnit,
    onClose,
    save: async ({ body, patch, current }) => {
      if (current && patch) {
        // The province itself has no parent and keeps its kind.
        if (current.kind === 'province') {
          delete patch.parentId;
          delete patch.kind;
          if (Object.keys(patch).length === 0) return onClose();
        }
        await api<Unit>(`/api/units/${current.id}`, { method: 'PATCH', body: { version: current.version, ...patch } });
        showSuccess(`Đã lưu thay đổi của "${body.name}".`);
      } else {
        await api<Unit>('/api/units', { method: 'POST', body });
        showSuccess(`Đã tạo đơn vị "${body.name}".`);
      }
      await queryClient.invalidateQueries({ queryKey: ['units'] });
      onClose();
    },
  });
  const isRoot = current?.kind === 'province';

  return (
    <EditDrawer
      title={current ? `Sửa đơn vị: ${current.name}` : 'Thêm đơn vị'}
      open={open}
      onClose={onClose}
      size={560}
      saving={saving}
      saveTestId="unit-save"
      onSave={() => form.submit()}
      conflictTitle={conflict && 'Đơn vị này vừa được người khác sửa'}
      onReload={reload}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={saving}
        initialValues={{ aliases: [], sortOrder: 0, validFrom: null, parentId: null }}
      >
        {!isRoot && (
          <Form.Item label="Đơn vị cấp trên" name="parentId" rules={[{ required: true, message: 'Hãy chọn đơn vị cấp trên' }]}>
            <UnitSelect excludeId={current?.id} />
          </Form.Item>
        )}
        <Flex gap={12}>
          <Form.Item
            label="Mã đơn vị"
            name="code"
            style={{ flex: '0 0 40%' }}
            rules={[{ required: true, message: 'Hãy nhập mã đơn vị' }, zodRule(UnitCreate.shape.code)]}
            normalize={(v: string) => v?.toUpperCase()}
            tooltip="Chữ in hoa không dấu, số, dấu gạch. Ví dụ: SKHCN, XA_TAN_CUONG"
          >
            <Input placeholder="VD: SKHCN" />
          </Form.Item>
          {!isRoot && (
            <Form.Item label="Loại đơn vị" name="kind" style={{ flex: 1 }} rules={[{ required: true, message: 'Hãy chọn loại đơn vị' }]}>
              <Select options={KIND_OPTIONS} placeholder="Chọn loại" showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          )}
        </Flex>
        <Form.Item
          label="Tên đầy đủ"
          name="name"
          rules={[{ required: true, message: 'Hãy nhập tên đơn vị' }, zodRule(UnitCreate.shape.name)]}
        >
          <Input placeholder="VD: Sở Khoa học và Công nghệ" />
        </Form.Item>
        <Form.Item
          label="Tên viết tắt"
          name="shortName"
          rules={[zodRule(UnitCreate.shape.shortName)]}
          extra="Để trống thì dùng tên đầy đủ."
        >
          <Input placeholder="VD: Sở KH&CN" />
        </Form.Item>
        <Form.Item
          label="Tên gọi khác"
          name="aliases"
          extra="Các cách viết khác trong văn bản, để hệ thống nhận ra đơn vị khi nhập kế hoạch. Nhấn Enter sau mỗi tên."
        >
          <Select mode="tags" open={false} suffixIcon={null} placeholder="VD: Sở KHCN, Sở Khoa học & Công nghệ" tokenSeparators={[';']} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item label="Hiệu lực từ ngày" name="validFrom" style={{ flex: 1 }}>
            <DatePicker format="DD/MM/YYYY" placeholder="Chọn ngày" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label="Thứ tự sắp xếp" name="sortOrder" style={{ flex: 1 }} tooltip="Số nhỏ đứng trước trong danh sách và báo cáo.">
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
      </Form>
    </EditDrawer>
  );
}
