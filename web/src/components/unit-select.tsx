import { useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { useState } from 'react';
import type { Unit } from '#common/contracts/units.ts';
import { UNIT_KIND_LABELS } from '#common/domain/units.ts';
import { api } from '../lib/api.ts';
import type { Page } from '../lib/types.ts';
import { useDebounced } from '../lib/use-debounced.ts';

interface UnitSelectProps {
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  /** a unit that may not be chosen (itself, as its own parent or successor) */
  excludeId?: string;
  /** which units to offer; inactive ones only make sense in filters */
  status?: 'active' | 'all';
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
}

/** Picks one unit by typing part of its name, with or without diacritics; the server does the search. */
export function UnitSelect({ value, onChange, placeholder, excludeId, status = 'active', allowClear, style, id }: UnitSelectProps) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const options = useQuery({
    queryKey: ['units', 'options', q, status],
    queryFn: () => api<Page<Unit>>('/api/units', { query: { q, status, pageSize: 30 } }),
    placeholderData: (previous) => previous,
  });
  const items = (options.data?.items ?? []).filter((u) => u.id !== excludeId);
  // The chosen unit may not be among the search results: fetch it to show its name.
  const chosen = useQuery({
    queryKey: ['units', 'one', value],
    queryFn: () => api<Unit>(`/api/units/${value}`),
    enabled: Boolean(value) && !items.some((u) => u.id === value),
    meta: { silent: true },
  });
  const all = chosen.data && !items.some((u) => u.id === chosen.data.id) ? [chosen.data, ...items] : items;

  return (
    <Select<string>
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      placeholder={placeholder ?? 'Gõ tên đơn vị để tìm'}
      allowClear={allowClear}
      loading={options.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onOpenChange={(open) => !open && setSearch('')}
      notFoundContent={options.isFetching ? 'Đang tìm…' : 'Không có đơn vị phù hợp'}
      style={style}
      popupMatchSelectWidth={false}
      options={all.map((u) => ({ value: u.id, label: u.name, unit: u }))}
      optionRender={(option) => {
        const unit = (option.data as { unit: Unit }).unit;
        return (
          <div style={{ maxWidth: 520, whiteSpace: 'normal' }}>
            <div>{unit.name}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {unit.code} · {UNIT_KIND_LABELS[unit.kind]}
              {!unit.active && ' · ngừng hoạt động'}
            </Typography.Text>
          </div>
        );
      }}
    />
  );
}
