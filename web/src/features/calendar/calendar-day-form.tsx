import { DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { type CalendarDay, CalendarDayInput } from '#common/contracts/calendar.ts';
import { CALENDAR_DAY_KIND_LABELS, CALENDAR_DAY_KINDS, type CalendarDayKind } from '#common/domain/calendar.ts';
import { zodRule } from '../../lib/forms.ts';
import { isWeekend } from './calendar-days.ts';

type Values = { date: Dayjs | null; kind: CalendarDayKind; name: string };

const KIND_OPTIONS = CALENDAR_DAY_KINDS.map((k) => ({ value: k, label: CALENDAR_DAY_KIND_LABELS[k] }));

/** Adds or edits one day of the list being edited; nothing is saved until "Lưu" on the page. */
export function CalendarDayForm(props: {
  year: number;
  /** { day: null, date } adds (the date preset when picked on the grid); { day } edits */
  editing: { day: CalendarDay | null; date?: string } | null;
  days: CalendarDay[];
  onClose: () => void;
  onDone: (day: CalendarDay, replaces: string | null) => void;
}) {
  const { year, editing, days } = props;
  const [form] = Form.useForm<Values>();
  const original = editing?.day ?? null;

  useEffect(() => {
    if (!editing) return;
    const day = editing.day;
    form.setFieldsValue(
      day
        ? { date: dayjs(day.date), kind: day.kind, name: day.name }
        : {
            date: editing.date ? dayjs(editing.date) : null,
            kind: editing.date && isWeekend(editing.date) ? 'working-day' : 'day-off',
            name: '',
          },
    );
  }, [editing, form]);

  const submit = (values: Values) => {
    props.onDone(
      {
        date: (values.date as Dayjs).format('YYYY-MM-DD'),
        kind: values.kind,
        name: values.name.normalize('NFC').replace(/\s+/g, ' ').trim(),
      },
      original?.date ?? null,
    );
  };

  return (
    <Modal
      title={original ? 'Sửa ngày' : 'Thêm ngày nghỉ hoặc ngày làm bù'}
      open={Boolean(editing)}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={original ? 'Cập nhật' : 'Thêm'}
      cancelText="Hủy"
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          label="Ngày"
          name="date"
          dependencies={['kind']}
          rules={[
            { required: true, message: 'Hãy chọn ngày' },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: Dayjs | null) => {
                if (!value) return;
                const date = value.format('YYYY-MM-DD');
                if (value.year() !== year) throw new Error(`Ngày phải thuộc năm ${year}`);
                if (date !== original?.date && days.some((d) => d.date === date)) throw new Error('Ngày này đã có trong danh sách');
                if (getFieldValue('kind') === 'working-day' && !isWeekend(date)) {
                  throw new Error('Ngày làm bù phải là thứ Bảy hoặc Chủ nhật');
                }
              },
            }),
          ]}
        >
          <DatePicker
            format="DD/MM/YYYY"
            style={{ width: '100%' }}
            defaultPickerValue={dayjs(`${year}-01-01`)}
            disabledDate={(d) => d.year() !== year}
          />
        </Form.Item>
        <Form.Item
          label="Loại"
          name="kind"
          rules={[{ required: true, message: 'Hãy chọn loại ngày' }]}
          extra="Nghỉ bù: ngày lễ trùng ngày nghỉ hằng tuần (Điều 111 Bộ luật Lao động). Nghỉ hoán đổi và Làm bù: đổi ngày làm việc theo thông báo của Chính phủ."
        >
          <Select options={KIND_OPTIONS} />
        </Form.Item>
        <Form.Item
          label="Tên, lý do"
          name="name"
          rules={[{ required: true, message: 'Hãy nhập tên hoặc lý do' }, zodRule(CalendarDayInput.shape.name)]}
        >
          <Input placeholder="Ví dụ: Nghỉ bù Quốc khánh" maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
