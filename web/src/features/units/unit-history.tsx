import { useQuery } from '@tanstack/react-query';
import { Drawer, Empty, Skeleton, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Unit } from '#common/contracts/units.ts';
import { UNIT_KIND_LABELS, type UnitKind } from '#common/domain/units.ts';
import { api } from '../../lib/api.ts';
import { useUnitNames } from './units-api.ts';

type Entry = { seq: number; at: string; actorName: string | null; action: string; before: unknown; after: unknown };
type Row = Record<string, unknown>;

const ACTIONS: Record<string, { label: string; color: string }> = {
  'unit.create': { label: 'Tạo mới', color: 'green' },
  'unit.update': { label: 'Sửa thông tin', color: 'blue' },
  'unit.deactivate': { label: 'Ngừng hoạt động', color: 'red' },
  'unit.activate': { label: 'Hoạt động trở lại', color: 'green' },
  'province.load': { label: 'Nạp dữ liệu tỉnh', color: 'gray' },
};

const FIELDS: Record<string, string> = {
  code: 'Mã',
  name: 'Tên đầy đủ',
  shortName: 'Tên viết tắt',
  kind: 'Loại',
  parentId: 'Cấp trên',
  aliases: 'Tên gọi khác',
  active: 'Trạng thái',
  validFrom: 'Hiệu lực từ',
  validTo: 'Hiệu lực đến',
  successorId: 'Đơn vị kế thừa',
  sortOrder: 'Thứ tự',
};

const asRow = (value: unknown): Row => (value && typeof value === 'object' ? (value as Row) : {});

function changedFields(before: Row, after: Row): string[] {
  return Object.keys(FIELDS).filter((k) => k in after && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

export function UnitHistory({ unit, onClose }: { unit: Unit | null; onClose: () => void }) {
  const history = useQuery({
    queryKey: ['units', 'history', unit?.id],
    queryFn: () => api<Entry[]>(`/api/units/${unit?.id}/history`),
    enabled: Boolean(unit),
  });
  const ids = (history.data ?? []).flatMap((e) => [asRow(e.before), asRow(e.after)]).flatMap((r) => [r.parentId, r.successorId]);
  const names = useUnitNames(ids as (string | null)[]);

  const show = (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '(trống)';
    if (key === 'kind') return UNIT_KIND_LABELS[value as UnitKind] ?? String(value);
    if (key === 'active') return value ? 'Đang hoạt động' : 'Ngừng hoạt động';
    if (key === 'parentId' || key === 'successorId') return names.get(String(value)) ?? String(value);
    if (key === 'validFrom' || key === 'validTo') return dayjs(String(value)).format('DD/MM/YYYY');
    if (Array.isArray(value)) return value.length ? value.join('; ') : '(trống)';
    return String(value);
  };

  return (
    <Drawer title={`Lịch sử thay đổi: ${unit?.name ?? ''}`} open={Boolean(unit)} onClose={onClose} size={600} destroyOnHidden>
      {history.isPending ? (
        <Skeleton active />
      ) : !history.data?.length ? (
        <Empty description="Chưa có thay đổi nào được ghi lại" />
      ) : (
        <Timeline
          items={[...history.data].reverse().map((entry) => {
            const action = ACTIONS[entry.action] ?? { label: entry.action, color: 'gray' };
            const before = asRow(entry.before);
            const after = asRow(entry.after);
            const fields = entry.action === 'unit.create' ? [] : changedFields(before, after);
            return {
              key: entry.seq,
              color: action.color,
              content: (
                <div data-testid="history-entry">
                  <div>
                    <Tag color={action.color}>{action.label}</Tag>
                    <Typography.Text type="secondary">
                      {dayjs(entry.at).format('HH:mm DD/MM/YYYY')} · {entry.actorName ?? 'hệ thống'}
                    </Typography.Text>
                  </div>
                  {fields.length > 0 && (
                    <ul style={{ margin: '6px 0 0', paddingLeft: 18 }}>
                      {fields.map((k) => (
                        <li key={k}>
                          {FIELDS[k]}: <Typography.Text delete>{show(k, before[k])}</Typography.Text> →{' '}
                          <Typography.Text strong>{show(k, after[k])}</Typography.Text>
                        </li>
                      ))}
                    </ul>
                  )}
                  {entry.action === 'unit.create' && (
                    <div style={{ marginTop: 6 }}>
                      {show('code', after.code)} · {show('name', after.name)}
                    </div>
                  )}
                </div>
              ),
            };
          })}
        />
      )}
    </Drawer>
  );
}
