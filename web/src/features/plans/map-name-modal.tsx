import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Modal, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { Unit } from '#common/contracts/units.ts';
import { UnitSelect } from '../../components/unit-select.tsx';
import { api } from '../../lib/api.ts';
import { useSubmit } from '../../lib/forms.ts';
import type { FileName, NameMapping } from './plans-api.ts';

type Group = { id: string; phrase: string };

export function useGroups() {
  return useQuery({
    queryKey: ['unit-groups'],
    queryFn: () => api<Group[]>('/api/unit-groups'),
    staleTime: 10 * 60_000,
  });
}

interface Props {
  name: FileName | null;
  current: NameMapping | null;
  onClose: () => void;
  onMap: (mapping: NameMapping | null) => void;
}

/**
 * "Gán đơn vị": a name of the file that the unit tree does not know (or only guessed) is
 * mapped to a unit or a group. Every row naming it follows, and at the commit the name becomes
 * an alias, so the next plan that writes it is understood.
 */
export function MapNameModal({ name, current, onClose, onMap }: Props) {
  const queryClient = useQueryClient();
  const groups = useGroups();
  const [kind, setKind] = useState<'unit' | 'group'>('unit');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [groupId, setGroupId] = useState<string | null>(null);

  useEffect(() => {
    if (!name) return;
    // What the person chose before, else the nearest entry the resolver found.
    const start = current ?? (name.suggestion ? { kind: name.suggestion.kind, id: name.suggestion.id } : null);
    setKind(start?.kind ?? 'unit');
    setUnitId(start?.kind === 'unit' ? start.id : null);
    setGroupId(start?.kind === 'group' ? start.id : null);
  }, [name, current]);

  const chosen = kind === 'unit' ? unitId : groupId;
  // The unit's name is fetched: a failure shows as a message, not a silent button.
  const { saving, submit: apply } = useSubmit(null, async () => {
    if (!name || !chosen) return;
    const label =
      kind === 'unit'
        ? (await queryClient.fetchQuery({ queryKey: ['units', 'one', chosen], queryFn: () => api<Unit>(`/api/units/${chosen}`) })).name
        : (groups.data?.find((g) => g.id === chosen)?.phrase ?? '');
    onMap({ text: name.text, kind, id: chosen, name: label });
  });

  return (
    <Modal
      title="Gán đơn vị cho tên trong kế hoạch"
      open={Boolean(name)}
      onCancel={onClose}
      destroyOnHidden
      width={620}
      footer={
        <Space>
          {current && (
            <Button danger onClick={() => onMap(null)} data-testid="map-clear">
              Bỏ gán
            </Button>
          )}
          <Button onClick={onClose}>Hủy</Button>
          <Button type="primary" disabled={!chosen} loading={saving} onClick={apply} data-testid="map-apply">
            Gán cho {name?.rows.length ?? 0} dòng
          </Button>
        </Space>
      }
    >
      {name && (
        <>
          <Typography.Paragraph>
            Tên trong tệp: <Typography.Text strong>“{name.text}”</Typography.Text>
            <br />
            <Typography.Text type="secondary">
              {name.kind === 'unknown'
                ? 'Chưa có đơn vị hay nhóm nào mang tên này.'
                : `Đang được hiểu là “${name.readAs}” nhưng chưa chắc chắn.`}{' '}
              Xuất hiện ở {name.rows.length} dòng; mọi dòng đó theo lựa chọn dưới đây.
            </Typography.Text>
          </Typography.Paragraph>
          {name.suggestion && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={`Gợi ý: ${name.suggestion.name} (giống ${Math.round(name.suggestion.confidence * 100)}%)`}
              data-testid="map-suggestion"
            />
          )}
          <Form layout="vertical">
            <Form.Item label="Là">
              <Radio.Group
                value={kind}
                onChange={(e) => setKind(e.target.value)}
                optionType="button"
                options={[
                  { value: 'unit', label: 'Một đơn vị' },
                  { value: 'group', label: 'Một nhóm đơn vị (theo kế hoạch)' },
                ]}
              />
            </Form.Item>
            {kind === 'unit' ? (
              <Form.Item label="Đơn vị" extra="Gõ một phần tên, có dấu hoặc không dấu.">
                <UnitSelect value={unitId} onChange={setUnitId} allowClear id="map-unit" style={{ width: '100%' }} />
              </Form.Item>
            ) : (
              <Form.Item label="Nhóm đơn vị">
                <Select<string>
                  id="map-group"
                  value={groupId ?? undefined}
                  onChange={(v) => setGroupId(v ?? null)}
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={groups.isFetching}
                  placeholder="VD: UBND các xã, phường"
                  options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.phrase }))}
                />
              </Form.Item>
            )}
          </Form>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            Khi ghi vào hệ thống, “{name.text}” được lưu làm tên gọi khác của đơn vị (nhóm) đã chọn, để các kế hoạch sau tự nhận ra.
          </Typography.Text>
        </>
      )}
    </Modal>
  );
}
