import { Alert, Button, Descriptions, Drawer, Form, Input, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { PLAN_FIELD_LABELS } from '#common/contracts/plans.ts';
import { parseDeadline } from '#common/domain/deadline.ts';
import { DeadlinePreview, UNREADABLE_DEADLINE } from '../tasks/deadline-input.tsx';
import { GroupsSelect, UnitsSelect } from '../tasks/task-selects.tsx';
import type { ChosenParties, EffectiveRow, Party, RowReview } from './plans-api.ts';

type Values = {
  skip: boolean;
  content: string;
  deadlineText: string;
  adjustedText: string;
  leadUnitIds: string[];
  leadGroupIds: string[];
  supportUnitIds: string[];
  supportGroupIds: string[];
};

const ids = (parties: Party[], kind: 'unit' | 'group') => parties.filter((p) => p.kind === kind && p.id).map((p) => p.id as string);
const known = (parties: Party[]) =>
  parties.filter((p) => p.kind === 'unit' && p.id).map((p) => ({ id: p.id as string, name: p.name ?? p.text, shortName: '' }));
const same = (a: string[], b: string[]) => [...a].sort().join('|') === [...b].sort().join('|');

/**
 * A deadline the person types must be understood now: nobody reviews it after the commit
 * (plans.service typedDeadline). The file's own words, left as they are, stay as read.
 */
function typedRule(documentDate: string | null, original: string, allowEmpty: boolean) {
  return ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: async (_rule: unknown, value: string | undefined) => {
      const text = value?.trim() ?? '';
      if (getFieldValue('skip') || text === original) return;
      if (!text) {
        if (allowEmpty) return;
        throw new Error('Hãy nhập thời hạn');
      }
      const d = parseDeadline(text, { documentDate });
      if (d.kind === 'unparsed') throw new Error(UNREADABLE_DEADLINE);
      if (d.needsReview) {
        throw new Error(
          'Thời hạn này chưa xác định được ngày hết hạn. Hãy ghi cụ thể hơn, ví dụ "Quý III/2026" hoặc "Trước ngày 30/6/2026".',
        );
      }
    },
  });
}

interface Props {
  row: EffectiveRow | null;
  documentDate: string | null;
  onClose: () => void;
  onSave: (review: RowReview) => void;
}

/**
 * One row of the preview, corrected before the commit: the content (a row split by a page
 * break may need its words put back), the deadline with the live reading the task form shows,
 * the adjusted deadline, the lead and support units and groups, or skip the row. Only what
 * changed goes to the commit; saving also marks the row as looked at.
 */
export function RowDrawer({ row, documentDate, onClose, onSave }: Props) {
  const [form] = Form.useForm<Values>();
  const deadlineText = Form.useWatch('deadlineText', form);
  const adjustedText = Form.useWatch('adjustedText', form);
  const skip = Form.useWatch('skip', form);

  useEffect(() => {
    if (!row) return;
    form.setFieldsValue({
      skip: row.skip,
      content: row.content,
      deadlineText: row.review?.deadlineText ?? row.row.deadline.text,
      adjustedText: row.review?.adjustedText ?? row.row.adjusted?.text ?? '',
      leadUnitIds: ids(row.leads, 'unit'),
      leadGroupIds: ids(row.leads, 'group'),
      supportUnitIds: ids(row.supports, 'unit'),
      supportGroupIds: ids(row.supports, 'group'),
    });
  }, [row, form]);

  const save = (v: Values) => {
    if (!row) return;
    const original = row.row;
    const next: RowReview = { reviewed: true };
    if (v.skip) next.skip = true;
    const content = v.content?.replace(/\s+/g, ' ').trim() ?? '';
    if (content && content !== original.content.replace(/\s+/g, ' ').trim()) next.content = content;
    const deadline = v.deadlineText?.trim() ?? '';
    if (deadline !== original.deadline.text.trim()) next.deadlineText = deadline;
    const adjusted = v.adjustedText?.trim() ?? '';
    if (adjusted !== (original.adjusted?.text ?? '').trim()) next.adjustedText = adjusted;
    const role = (units: string[] = [], groups: string[] = [], before: Party[]): ChosenParties | undefined => {
      const wasChosen = before.some((p) => p.chosen);
      if (!wasChosen && same(units, ids(before, 'unit')) && same(groups, ids(before, 'group'))) return undefined;
      return { unitIds: units, groupIds: groups };
    };
    const lead = role(v.leadUnitIds, v.leadGroupIds, row.leads);
    const support = role(v.supportUnitIds, v.supportGroupIds, row.supports);
    if (lead) next.lead = lead;
    if (support) next.support = support;
    onSave(next);
  };

  const original = row?.row;
  return (
    <Drawer
      title={original ? `Sửa dòng ${original.code || `không số (dòng ${original.line})`}` : ''}
      open={Boolean(row)}
      onClose={onClose}
      size={720}
      destroyOnHidden={false}
      extra={
        <Space>
          <Button onClick={onClose}>Hủy</Button>
          <Button type="primary" onClick={() => form.submit()} data-testid="row-save">
            Lưu dòng
          </Button>
        </Space>
      }
    >
      {row && original && (
        <>
          {row.issues.length > 0 && (
            <Alert
              type={row.open.length ? 'warning' : 'success'}
              showIcon
              style={{ marginBottom: 16 }}
              title={row.open.length ? 'Các ô cần kiểm tra' : 'Đã xử lý các ô cần kiểm tra'}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="row-issues">
                  {row.issues.map((i) => (
                    <li
                      key={`${i.field}|${i.message}`}
                      style={i.resolved ? { color: '#8c8c8c', textDecoration: 'line-through' } : undefined}
                    >
                      <b>{PLAN_FIELD_LABELS[i.field] ?? i.field}:</b> {i.message}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} ellipsis={{ rows: 2, tooltip: true }}>
            Dòng {original.line} của tệp · {[original.appendix, original.section].filter(Boolean).join(' › ') || 'Bảng nhiệm vụ'}
          </Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={save}>
            <Form.Item
              label="Nội dung nhiệm vụ"
              name="content"
              dependencies={['skip']}
              rules={[{ required: !skip, whitespace: true, message: 'Hãy nhập nội dung nhiệm vụ' }]}
            >
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} disabled={skip} />
            </Form.Item>
            <Form.Item
              label="Thời hạn"
              name="deadlineText"
              dependencies={['skip']}
              rules={[typedRule(documentDate, original.deadline.text.trim(), false)]}
              extra={<DeadlinePreview text={deadlineText} documentDate={documentDate} />}
              validateDebounce={250}
            >
              <Input placeholder='VD: "Quý III/2026", "Trước ngày 10/4/2026", "Thường xuyên"' disabled={skip} data-testid="row-deadline" />
            </Form.Item>
            <Form.Item
              label="Tiến độ điều chỉnh"
              name="adjustedText"
              dependencies={['skip']}
              rules={[typedRule(documentDate, (original.adjusted?.text ?? '').trim(), true)]}
              extra={
                adjustedText?.trim() ? (
                  <DeadlinePreview text={adjustedText} documentDate={documentDate} />
                ) : (
                  'Để trống nếu kế hoạch không điều chỉnh thời hạn của nhiệm vụ này.'
                )
              }
              validateDebounce={250}
            >
              <Input placeholder='VD: "Quý II/2026"' disabled={skip} />
            </Form.Item>
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} styles={{ label: { width: 150 } }}>
              <Descriptions.Item label="Ô chủ trì trong tệp">{original.leadText || '—'}</Descriptions.Item>
              <Descriptions.Item label="Ô phối hợp trong tệp">{original.supportText || '—'}</Descriptions.Item>
            </Descriptions>
            <Form.Item
              label="Cơ quan chủ trì"
              name="leadUnitIds"
              dependencies={['leadGroupIds', 'skip']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_rule, value: string[] | undefined) => {
                    if (getFieldValue('skip')) return;
                    if (!value?.length && !getFieldValue('leadGroupIds')?.length)
                      throw new Error('Hãy chọn ít nhất một cơ quan chủ trì, hoặc bỏ qua dòng này.');
                  },
                }),
              ]}
            >
              <UnitsSelect known={known(row.leads)} />
            </Form.Item>
            <Form.Item label="hoặc nhóm chủ trì theo kế hoạch" name="leadGroupIds">
              <GroupsSelect />
            </Form.Item>
            <Form.Item label="Cơ quan phối hợp" name="supportUnitIds">
              <UnitsSelect known={known(row.supports)} />
            </Form.Item>
            <Form.Item label="hoặc nhóm phối hợp theo kế hoạch" name="supportGroupIds">
              <GroupsSelect placeholder="VD: Các sở, ban, ngành, địa phương" />
            </Form.Item>
            <Form.Item name="skip" valuePropName="checked" label="Bỏ qua dòng này (không tạo, không cập nhật nhiệm vụ)">
              <Switch data-testid="row-skip" />
            </Form.Item>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              Tên chưa nhận ra trong ô vẫn được giữ nguyên như văn bản viết; chọn đơn vị ở đây chỉ áp dụng cho dòng này. Muốn áp dụng cho
              mọi dòng cùng tên, dùng “Gán đơn vị”.
            </Typography.Text>
          </Form>
        </>
      )}
    </Drawer>
  );
}
