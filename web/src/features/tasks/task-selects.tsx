import { useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { DocumentRef } from '#common/contracts/documents.ts';
import type { TaskSummary, UnitRef } from '#common/contracts/tasks.ts';
import type { Unit } from '#common/contracts/units.ts';
import { api } from '../../lib/api.ts';
import type { Page } from '../../lib/types.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { documentLabel } from './tasks-api.ts';

type Option = { id: string; label: string; hint?: string };

/**
 * Remembers the label of every option ever shown, so a chosen value keeps its name after the
 * search moves on (antd would otherwise show the raw id).
 */
function useLabels(known: Option[], found: Option[]) {
  const seen = useRef(new Map<string, Option>());
  for (const o of [...known, ...found]) seen.current.set(o.id, o);
  return seen.current;
}

function optionsFor(found: Option[], chosen: string[], seen: Map<string, Option>) {
  const missing = chosen.filter((id) => !found.some((o) => o.id === id)).map((id) => seen.get(id) ?? { id, label: '…' });
  return [...missing, ...found].map((o) => ({ value: o.id, label: o.label, hint: o.hint }));
}

const renderOption = (option: { data: { label?: unknown; hint?: string } }) => (
  <div style={{ maxWidth: 560, whiteSpace: 'normal' }}>
    <div>{option.data.label as string}</div>
    {option.data.hint && (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {option.data.hint}
      </Typography.Text>
    )}
  </div>
);

interface MultiProps {
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
  id?: string;
  style?: React.CSSProperties;
}

/** Group phrases of the province ("UBND các xã, phường"): a plan may name a group instead of units. */
export function GroupsSelect({ value = [], onChange, placeholder, id, style }: MultiProps) {
  const groups = useQuery({
    queryKey: ['unit-groups'],
    queryFn: () => api<{ id: string; phrase: string }[]>('/api/unit-groups'),
    staleTime: 10 * 60_000,
  });
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      value={value}
      onChange={(v) => onChange?.(v)}
      placeholder={placeholder ?? 'VD: UBND các xã, phường'}
      loading={groups.isFetching}
      optionFilterProp="label"
      options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.phrase }))}
      style={style}
    />
  );
}

/** Several units, searched on the server by any part of their name (diacritics optional). */
export function UnitsSelect({ value = [], onChange, placeholder, id, style, known = [] }: MultiProps & { known?: UnitRef[] }) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const list = useQuery({
    queryKey: ['units', 'options', q, 'active'],
    queryFn: () => api<Page<Unit>>('/api/units', { query: { q, status: 'active', pageSize: 30 } }),
    placeholderData: (previous) => previous,
  });
  const found = (list.data?.items ?? []).map((u) => ({ id: u.id, label: u.name, hint: u.code }));
  const seen = useLabels(
    known.map((u) => ({ id: u.id, label: u.name })),
    found,
  );
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      value={value}
      onChange={(v) => onChange?.(v)}
      placeholder={placeholder ?? 'Gõ tên đơn vị để tìm'}
      loading={list.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onOpenChange={(open) => !open && setSearch('')}
      notFoundContent={list.isFetching ? 'Đang tìm…' : 'Không có đơn vị phù hợp'}
      options={optionsFor(found, value, seen)}
      optionRender={renderOption}
      style={style}
    />
  );
}

interface DocumentSelectProps {
  value?: string | string[] | null;
  onChange?: (value: string | string[] | null) => void;
  multiple?: boolean;
  known?: DocumentRef[];
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  style?: React.CSSProperties;
}

/** One or several documents, found by symbol or title. */
export function DocumentSelect({ value, onChange, multiple, known = [], placeholder, allowClear, id, style }: DocumentSelectProps) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const list = useQuery({
    queryKey: ['documents', 'options', q],
    queryFn: () => api<Page<DocumentRef>>('/api/documents', { query: { q, pageSize: 20 } }),
    placeholderData: (previous) => previous,
    meta: { silent: true },
  });
  const chosen = value == null ? [] : Array.isArray(value) ? value : [value];
  const seenBefore = chosen.filter((v) => !known.some((d) => d.id === v) && !(list.data?.items ?? []).some((d) => d.id === v));
  // A value from the address bar: fetch it once to show its symbol.
  const single = useQuery({
    queryKey: ['documents', 'one', seenBefore[0]],
    queryFn: () => api<DocumentRef>(`/api/documents/${seenBefore[0]}`),
    enabled: seenBefore.length > 0,
    meta: { silent: true },
  });
  const toOption = (d: DocumentRef): Option => ({ id: d.id, label: documentLabel(d), hint: d.title });
  const found = (list.data?.items ?? []).map(toOption);
  const seen = useLabels([...known, ...(single.data ? [single.data] : [])].map(toOption), found);
  return (
    <Select<string | string[]>
      id={id}
      mode={multiple ? 'multiple' : undefined}
      value={multiple ? chosen : (chosen[0] ?? undefined)}
      onChange={(v) => onChange?.(v ?? (multiple ? [] : null))}
      placeholder={placeholder ?? 'Gõ số, ký hiệu hoặc trích yếu văn bản'}
      allowClear={allowClear}
      loading={list.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onOpenChange={(open) => !open && setSearch('')}
      notFoundContent={list.isFetching ? 'Đang tìm…' : 'Không có văn bản phù hợp'}
      options={optionsFor(found, chosen, seen)}
      optionRender={renderOption}
      popupMatchSelectWidth={false}
      style={style}
    />
  );
}

/** A task (the parent of a sub-task), found by code or content. */
export function TaskSelect({
  value,
  onChange,
  excludeId,
  known,
  id,
}: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  excludeId?: string;
  known?: TaskSummary | null;
  id?: string;
}) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const list = useQuery({
    queryKey: ['tasks', 'options', q],
    queryFn: () => api<Page<TaskSummary>>('/api/tasks', { query: { q, pageSize: 20 } }),
    placeholderData: (previous) => previous,
    meta: { silent: true },
  });
  const toOption = (t: TaskSummary): Option => ({
    id: t.id,
    label: [t.code, t.content.length > 90 ? `${t.content.slice(0, 90)}…` : t.content].filter(Boolean).join(' · '),
  });
  const found = (list.data?.items ?? []).filter((t) => t.id !== excludeId).map(toOption);
  const seen = useLabels(known ? [toOption(known)] : [], found);
  return (
    <Select<string>
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      placeholder="Gõ mã hoặc nội dung nhiệm vụ"
      allowClear
      loading={list.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onOpenChange={(open) => !open && setSearch('')}
      notFoundContent={list.isFetching ? 'Đang tìm…' : 'Không có nhiệm vụ phù hợp'}
      options={optionsFor(found, value ? [value] : [], seen)}
      popupMatchSelectWidth={false}
    />
  );
}
