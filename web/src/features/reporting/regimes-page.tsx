import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Popover,
  Select,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { RegimeCreate, type ReportRegime } from '#common/contracts/reporting.ts';
import type { Unit } from '#common/contracts/units.ts';
import { addDays } from '#common/domain/iso-date.ts';
import { FREQUENCIES, FREQUENCY_LABELS, type Frequency, periodsBetween } from '#common/domain/period.ts';
import { foldText } from '#common/domain/text.ts';
import { UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind } from '#common/domain/units.ts';
import { EditDrawer } from '../../components/edit-drawer.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { api } from '../../lib/api.ts';
import { showSuccess } from '../../lib/feedback.ts';
import { useRecordForm, zodRule } from '../../lib/forms.ts';
import type { Page } from '../../lib/types.ts';
import { afterReportingChange, fetchRegime, fetchRegimes, fmtDate, regimesKey, shortDate, todayIso } from './reporting-api.ts';

type Values = {
  code: string;
  name: string;
  frequency: Frequency;
  cutoffDay: number;
  dueDay: number;
  source: string;
  activeFrom: Dayjs | null;
  closeAfterDays: number;
  unitIds: string[];
  active: boolean;
};

const FREQUENCY_OPTIONS = FREQUENCIES.map((f) => ({ value: f, label: FREQUENCY_LABELS[f] }));
/** Quick picks: the provincial agencies, and the communes and wards. */
const AGENCY_KINDS: UnitKind[] = ['party', 'council', 'committee', 'department', 'board', 'sector'];
const LOCAL_KINDS: UnitKind[] = ['commune', 'ward'];

const toValues = (r: ReportRegime): Values => ({
  code: r.code,
  name: r.name,
  frequency: r.frequency,
  cutoffDay: r.cutoffDay,
  dueDay: r.dueDay,
  source: r.source,
  activeFrom: dayjs(r.activeFrom),
  closeAfterDays: r.closeAfterDays,
  unitIds: r.units.map((u) => u.id),
  active: r.active,
});

const toBody = (v: Values) => ({
  code: (v.code ?? '').trim(),
  name: v.name,
  frequency: v.frequency,
  cutoffDay: v.cutoffDay,
  dueDay: v.dueDay,
  source: (v.source ?? '').trim(),
  activeFrom: v.activeFrom ? v.activeFrom.format('YYYY-MM-DD') : '',
  closeAfterDays: v.closeAfterDays,
  unitIds: v.unitIds ?? [],
  active: v.active ?? true,
});

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * The period a regime's units report for next, as people would read it: "Kỳ tháng 4/2026: số
 * liệu 15/3/2026 – 14/4/2026, hạn gửi 20/4/2026" (Decree 09/2019 Art. 12 cut-offs).
 */
function previewLine(frequency: Frequency | undefined, cutoffDay?: number | null, dueDay?: number | null, activeFrom?: string): string {
  if (!frequency) return '';
  if (frequency === 'ad_hoc') return 'Kỳ đột xuất: Sở KH&CN ấn định ngày lấy số liệu và hạn gửi khi mở từng kỳ.';
  if (!cutoffDay || !dueDay || cutoffDay < 1 || cutoffDay > 28 || dueDay < 1 || dueDay > 28) return '';
  if (dueDay <= cutoffDay) return '';
  // the first period the units will report for: due from today on, and opened by activeFrom
  const today = todayIso();
  const from = activeFrom && activeFrom > today ? activeFrom : today;
  const rules = { cutoffDay, dueDay };
  const next = periodsBetween(frequency, addDays(from, -400), addDays(from, 400), rules).find(
    (p) => p.due >= today && (!activeFrom || p.end >= activeFrom),
  );
  if (!next) return '';
  return `Kỳ ${lowerFirst(next.label)}: số liệu ${shortDate(next.start)} – ${shortDate(next.end)}, hạn gửi ${shortDate(next.due)}`;
}

function UnitsPicker({
  value,
  onChange,
  units,
  extra,
}: {
  value?: string[];
  onChange?: (v: string[]) => void;
  units: Unit[];
  extra: { id: string; name: string }[];
}) {
  const chosen = value ?? [];
  const known = new Set(units.map((u) => u.id));
  const groups = UNIT_KINDS.filter((k) => k !== 'province')
    .map((kind) => ({
      label: UNIT_KIND_LABELS[kind],
      title: UNIT_KIND_LABELS[kind],
      options: units
        .filter((u) => u.kind === kind)
        .map((u) => ({ value: u.id, label: u.name, search: foldText(`${u.name} ${u.shortName} ${u.code}`) })),
    }))
    .filter((g) => g.options.length > 0);
  // Units of the regime that are no longer offered (inactive) keep their names.
  const stale = extra
    .filter((u) => !known.has(u.id))
    .map((u) => ({ value: u.id, label: `${u.name} (ngừng hoạt động)`, search: foldText(u.name) }));
  const pick = (kinds: UnitKind[]) =>
    onChange?.([...new Set([...chosen, ...units.filter((u) => kinds.includes(u.kind)).map((u) => u.id)])]);

  return (
    <div>
      <Select
        mode="multiple"
        value={chosen}
        onChange={onChange}
        placeholder="Gõ tên đơn vị để tìm và chọn"
        maxTagCount="responsive"
        showSearch={{
          filterOption: (input, option) =>
            foldText(input)
              .split(' ')
              .every((w) => String((option as { search?: string })?.search ?? '').includes(w)),
        }}
        options={[...groups, ...(stale.length ? [{ label: 'Khác', title: 'Khác', options: stale }] : [])]}
        style={{ width: '100%' }}
        data-testid="regime-units"
      />
      <Flex gap={8} wrap align="center" style={{ marginTop: 6 }}>
        <Typography.Text type="secondary">Đã chọn {chosen.length} đơn vị.</Typography.Text>
        <Button size="small" type="link" onClick={() => pick(AGENCY_KINDS)}>
          + Các sở, ban, ngành
        </Button>
        <Button size="small" type="link" onClick={() => pick(LOCAL_KINDS)}>
          + Các xã, phường
        </Button>
        {chosen.length > 0 && (
          <Button size="small" type="link" danger onClick={() => onChange?.([])}>
            Bỏ chọn tất cả
          </Button>
        )}
      </Flex>
    </div>
  );
}

function RegimeForm({ regime, open, onClose }: { regime: ReportRegime | null; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const units = useQuery({
    queryKey: ['units', 'all-active'],
    queryFn: () => api<Page<Unit>>('/api/units', { query: { status: 'active', pageSize: 500 } }),
    enabled: open,
    staleTime: 5 * 60_000,
  });
  const { current, conflict, saving, reload, submit } = useRecordForm({
    form,
    record: regime,
    open,
    toValues,
    toBody,
    fetch: fetchRegime,
    onClose,
    empty: {
      frequency: 'monthly',
      cutoffDay: 14,
      dueDay: 20,
      closeAfterDays: 30,
      unitIds: [],
      active: true,
      source: '',
      activeFrom: dayjs(todayIso()),
    },
    save: async ({ body, current }) => {
      const { code, ...fields } = body;
      if (current) {
        await api<ReportRegime>(`/api/report-regimes/${current.id}`, { method: 'PATCH', body: { version: current.version, ...fields } });
        showSuccess(`Đã lưu chế độ báo cáo "${body.name}".`);
      } else {
        const { active: _active, ...create } = fields;
        await api<ReportRegime>('/api/report-regimes', { method: 'POST', body: { code, ...create } });
        showSuccess(`Đã tạo chế độ báo cáo "${body.name}"; các kỳ báo cáo được mở theo lịch.`);
      }
      await afterReportingChange(queryClient);
      onClose();
    },
  });
  const frequency = Form.useWatch('frequency', form);
  const cutoffDay = Form.useWatch('cutoffDay', form);
  const dueDay = Form.useWatch('dueDay', form);
  const activeFrom = Form.useWatch('activeFrom', form) as Dayjs | null | undefined;
  const preview = previewLine(frequency, cutoffDay, dueDay, activeFrom?.format('YYYY-MM-DD'));
  const adHoc = frequency === 'ad_hoc';

  return (
    <EditDrawer
      title={current ? `Sửa chế độ báo cáo: ${current.name}` : 'Thêm chế độ báo cáo'}
      open={open}
      onClose={onClose}
      size={640}
      saving={saving}
      saveTestId="regime-save"
      onSave={() => form.submit()}
      conflictTitle={conflict && 'Chế độ báo cáo này vừa được người khác sửa'}
      onReload={reload}
    >
      <Form form={form} layout="vertical" onFinish={submit} disabled={saving}>
        <Flex gap={12}>
          <Form.Item
            label="Mã"
            name="code"
            style={{ flex: '0 0 200px' }}
            tooltip="Chữ thường không dấu, số, dấu gạch ngang. Không đổi được sau khi tạo."
            rules={current ? [] : [{ required: true, message: 'Hãy nhập mã' }, zodRule(RegimeCreate.shape.code)]}
          >
            <Input placeholder="VD: kh35-thang" disabled={Boolean(current)} />
          </Form.Item>
          <Form.Item
            label="Tên chế độ báo cáo"
            name="name"
            style={{ flex: 1 }}
            rules={[{ required: true, whitespace: true, message: 'Hãy nhập tên' }, zodRule(RegimeCreate.shape.name)]}
          >
            <Input placeholder="VD: Báo cáo tháng thực hiện KH 35/KH-UBND" />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item
            label="Tần suất"
            name="frequency"
            style={{ flex: '1 1 150px' }}
            rules={[{ required: true, message: 'Hãy chọn tần suất' }]}
          >
            <Select options={FREQUENCY_OPTIONS} />
          </Form.Item>
          <Form.Item
            label="Chốt số liệu"
            name="cutoffDay"
            style={{ flex: '1 1 120px' }}
            tooltip="Nghị định 09/2019/NĐ-CP: số liệu tính đến ngày 14 của tháng cuối kỳ."
            rules={[{ required: true, message: 'Hãy nhập ngày' }]}
          >
            <InputNumber min={1} max={28} precision={0} prefix="ngày" style={{ width: '100%' }} disabled={adHoc} />
          </Form.Item>
          <Form.Item
            label="Hạn gửi"
            name="dueDay"
            style={{ flex: '1 1 120px' }}
            dependencies={['cutoffDay']}
            rules={[
              { required: true, message: 'Hãy nhập ngày' },
              ({ getFieldValue }) => ({
                validator: async (_, v?: number) => {
                  const cutoff = getFieldValue('cutoffDay') as number | undefined;
                  if (v && cutoff && v <= cutoff) throw new Error('Hạn gửi phải sau ngày chốt số liệu (Nghị định 09/2019/NĐ-CP, Điều 12).');
                },
              }),
            ]}
          >
            <InputNumber min={1} max={28} precision={0} prefix="ngày" style={{ width: '100%' }} disabled={adHoc} />
          </Form.Item>
          <Form.Item
            label="Khóa kỳ sau"
            name="closeAfterDays"
            style={{ flex: '1 1 120px' }}
            tooltip="Sau hạn gửi chừng này ngày thì kỳ khóa; trước đó vẫn nhận báo cáo gửi muộn."
            rules={[{ required: true, message: 'Hãy nhập số ngày' }]}
          >
            <InputNumber min={0} max={366} precision={0} suffix="ngày" style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        {preview && <Alert type="info" showIcon title={preview} style={{ marginBottom: 16 }} data-testid="regime-preview" />}
        <Flex gap={12} wrap>
          <Form.Item
            label="Áp dụng từ ngày"
            name="activeFrom"
            style={{ flex: '0 0 180px' }}
            tooltip="Các kỳ kết thúc từ ngày này trở đi được mở."
            rules={[{ required: true, message: 'Hãy chọn ngày' }]}
          >
            <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
          </Form.Item>
          {current && (
            <Form.Item label="Đang áp dụng" name="active" valuePropName="checked" style={{ flex: '0 0 120px' }}>
              <Switch />
            </Form.Item>
          )}
        </Flex>
        <Form.Item label="Căn cứ" name="source" rules={[{ max: 500, message: 'Tối đa 500 ký tự' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder="VD: KH 35/KH-UBND §III.2: trước ngày 20 hằng tháng" />
        </Form.Item>
        <Form.Item
          label="Đơn vị phải báo cáo"
          name="unitIds"
          rules={[{ required: true, type: 'array', min: 1, message: 'Hãy chọn ít nhất một đơn vị phải báo cáo.' }]}
        >
          <UnitsPicker units={units.data?.items ?? []} extra={current?.units ?? []} />
        </Form.Item>
        {current && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            Thay đổi đơn vị chỉ áp dụng cho các kỳ mở sau này; các kỳ đã mở giữ danh sách đơn vị như khi mở.
          </Typography.Text>
        )}
      </Form>
    </EditDrawer>
  );
}

export default function RegimesPage() {
  const [editing, setEditing] = useState<{ regime: ReportRegime | null } | null>(null);
  const list = useQuery({ queryKey: regimesKey, queryFn: fetchRegimes });

  const columns: TableColumnsType<ReportRegime> = [
    {
      title: 'Chế độ báo cáo',
      key: 'name',
      render: (_, r) => (
        <div>
          <Typography.Link onClick={() => setEditing({ regime: r })} strong>
            {r.name}
          </Typography.Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.code}
              {r.active && r.frequency !== 'ad_hoc' && ` · ${previewLine(r.frequency, r.cutoffDay, r.dueDay, r.activeFrom)}`}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: 'Tần suất', dataIndex: 'frequency', width: 95, render: (f: Frequency) => FREQUENCY_LABELS[f] },
    {
      title: 'Chốt, hạn gửi',
      key: 'days',
      width: 130,
      render: (_, r) =>
        r.frequency === 'ad_hoc' ? (
          <Typography.Text type="secondary">Theo từng kỳ</Typography.Text>
        ) : (
          <div style={{ whiteSpace: 'nowrap' }}>
            <div>Chốt: ngày {r.cutoffDay}</div>
            <div>Hạn gửi: ngày {r.dueDay}</div>
          </div>
        ),
    },
    {
      title: 'Căn cứ',
      dataIndex: 'source',
      width: 200,
      render: (s: string) =>
        s ? (
          <Typography.Paragraph ellipsis={{ rows: 3, tooltip: s }} style={{ margin: 0 }}>
            {s}
          </Typography.Paragraph>
        ) : (
          '—'
        ),
    },
    {
      title: 'Áp dụng từ',
      dataIndex: 'activeFrom',
      width: 125,
      render: (d: string, r) => (
        <div>
          <div>{fmtDate(d)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            khóa kỳ sau hạn {r.closeAfterDays} ngày
          </Typography.Text>
        </div>
      ),
    },
    {
      title: 'Đơn vị',
      key: 'units',
      width: 70,
      align: 'right',
      render: (_, r) => (
        <Popover
          title={`${r.units.length} đơn vị phải báo cáo`}
          content={
            <div style={{ maxHeight: 320, overflow: 'auto', maxWidth: 420 }}>
              {r.units.map((u) => (
                <div key={u.id}>{u.name}</div>
              ))}
            </div>
          }
        >
          <Typography.Link>{r.units.length}</Typography.Link>
        </Popover>
      ),
    },
    {
      title: 'Trạng thái',
      dataIndex: 'active',
      width: 95,
      render: (a: boolean) => (a ? <Tag color="green">Áp dụng</Tag> : <Tag>Ngừng</Tag>),
    },
    {
      title: '',
      key: 'edit',
      width: 56,
      render: (_, r) => (
        <Button size="small" icon={<EditOutlined />} aria-label={`Sửa ${r.name}`} onClick={() => setEditing({ regime: r })} />
      ),
    },
  ];

  return (
    <div>
      <PageHeader
        title="Chế độ báo cáo"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ regime: null })} data-testid="regime-create">
            Thêm chế độ báo cáo
          </Button>
        }
      >
        <Typography.Text type="secondary">
          Lịch báo cáo định kỳ theo Nghị định 09/2019/NĐ-CP và hạn gửi kế hoạch quy định; các kỳ được mở và khóa tự động.
        </Typography.Text>
      </PageHeader>
      <div style={{ background: '#fff', padding: 16, borderRadius: 8 }}>
        <Table<ReportRegime>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data ?? []}
          loading={list.isFetching}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: list.isPending ? 'Đang tải…' : 'Chưa có chế độ báo cáo nào' }}
        />
      </div>
      <RegimeForm regime={editing?.regime ?? null} open={editing !== null} onClose={() => setEditing(null)} />
    </div>
  );
}
