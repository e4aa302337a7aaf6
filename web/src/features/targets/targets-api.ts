import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { IndicatorDetail, IndicatorSummary, IndicatorValue, ValueEntry } from '#common/contracts/indicators.ts';
import { formatNumber, type TrackStatus, type ValueState } from '#common/domain/indicator.ts';
import { api } from '../../lib/api.ts';

// Every key starts with 'targets', so one invalidation refreshes the tiles and the open indicator.
export const TARGETS_KEY = ['targets'] as const;
export const targetsListKey = ['targets', 'list'] as const;
export const targetKey = (id: string) => ['targets', 'one', id] as const;

export const fetchTargets = () => api<IndicatorSummary[]>('/api/indicators');
export const fetchTarget = (id: string) => api<IndicatorDetail>(`/api/indicators/${id}`);
export const EXPORT_HREF = '/api/indicators/export.xlsx';

export type ValueStep = 'submit' | 'approve' | 'return' | 'unapprove';

// The body as sent (defaults left to the server), not as parsed.
export const saveValue = (indicatorId: string, periodKey: string, body: z.input<typeof ValueEntry>) =>
  api<IndicatorValue>(`/api/indicators/${indicatorId}/values/${encodeURIComponent(periodKey)}`, { method: 'PUT', body });

export const stepValue = (valueId: string, step: ValueStep, body: { version: number; comment?: string }) =>
  api<IndicatorValue>(`/api/indicator-values/${valueId}/${step}`, { method: 'POST', body });

/** After a value moves: an approval changes the province's series, the status and the tiles. */
export async function afterTargetsChange(queryClient: QueryClient) {
  await queryClient.invalidateQueries({ queryKey: TARGETS_KEY });
}

/** Runs one write and refreshes what shows its effect. */
export function useTargetsWrite() {
  const queryClient = useQueryClient();
  return async <T>(write: () => Promise<T>): Promise<T> => {
    const reply = await write();
    await afterTargetsChange(queryClient);
    return reply;
  };
}

// ——— How values and statuses look ———

/** Tag colours and the matching strong hue (tile border, chart) per status. */
export const STATUS_TAG_COLORS: Record<TrackStatus, string> = {
  on_track: 'green',
  at_risk: 'gold',
  off_track: 'red',
  no_data: 'default',
};
export const STATUS_HEX: Record<TrackStatus, string> = {
  on_track: '#389e0d',
  at_risk: '#d48806',
  off_track: '#cf1322',
  no_data: '#a3acb9',
};
/** A faint tint of the hue, so a tile reads at a glance without shouting. */
export const STATUS_TINT: Record<TrackStatus, string> = {
  on_track: '#f6ffed',
  at_risk: '#fffbe6',
  off_track: '#fff1f0',
  no_data: '#ffffff',
};

export const VALUE_STATE_COLORS: Record<ValueState, string> = {
  draft: 'blue',
  submitted: 'gold',
  approved: 'green',
  returned: 'volcano',
};

/** What the history's actions say in Vietnamese. */
export const ACTION_LABELS: Record<string, string> = {
  enter: 'Nhập',
  submit: 'Gửi',
  approve: 'Duyệt',
  return: 'Trả lại',
  unapprove: 'Bỏ duyệt',
};

/**
 * A value as people read it with its measure: "92 %", "1.800 người", "hạng 10", "Có".
 * A yes/no indicator stores 1 or 0; a rank reads before its number.
 */
export function formatValue(value: number | null | undefined, measure: string, kind?: string): string {
  if (value === null || value === undefined) return '—';
  if (measure === 'có/không') return value >= 1 ? 'Có' : 'Không';
  if (kind === 'rank') return `hạng ${formatNumber(value)}`;
  return `${formatNumber(value)} ${measure}`;
}

/** A timestamp in the province's zone (UTC+7, whatever the browser's): "18/04/2026 08:30". */
export function fmtDateTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}
