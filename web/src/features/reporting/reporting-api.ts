import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { Tag, type TagProps } from 'antd';
import { createElement } from 'react';
import type { z } from 'zod';
import type {
  ConsolidatedReport,
  ConsolidatedSummary,
  Period,
  PeriodDetail,
  ReportRegime,
  SubmissionState,
  UNIT_REPORT_STATES,
  UnitReport,
} from '#common/contracts/reporting.ts';
import { CONSOLIDATED_STATE_LABELS, SUBMISSION_STATE_LABELS, UNIT_REPORT_STATE_LABELS } from '#common/contracts/reporting.ts';
import { api } from '../../lib/api.ts';

export type UnitReportState = (typeof UNIT_REPORT_STATES)[number];
export type ConsolidatedItem = z.infer<typeof ConsolidatedSummary>;
export type ConsolidatedState = ConsolidatedReport['state'];

// Every key starts with 'reporting', so one invalidation refreshes every page of the feature.
export const REPORTING_KEY = ['reporting'] as const;
export const regimesKey = ['reporting', 'regimes'] as const;
export const periodsKey = (regimeId: string | undefined, year: number | undefined) => ['reporting', 'periods', regimeId, year] as const;
export const periodKey = (id: string) => ['reporting', 'period', id] as const;
export const unitReportKey = (periodId: string, unitId: string) => ['reporting', 'unit-report', periodId, unitId] as const;
export const consolidatedListKey = ['reporting', 'consolidated', 'list'] as const;
export const consolidatedKey = (id: string) => ['reporting', 'consolidated', 'one', id] as const;

export const fetchRegimes = () => api<ReportRegime[]>('/api/report-regimes');
/** One regime as the server has it now (after a 409): the list is short, so it is read whole. */
export async function fetchRegime(id: string): Promise<ReportRegime> {
  const regime = (await fetchRegimes()).find((r) => r.id === id);
  if (!regime) throw new Error(`regime ${id} is gone`);
  return regime;
}
export const fetchPeriods = (regimeId: string | undefined, year: number | undefined) =>
  api<Period[]>('/api/periods', { query: { regimeId, year } });
export const fetchPeriod = (id: string) => api<PeriodDetail>(`/api/periods/${id}`);
export const unitReportPath = (periodId: string, unitId: string) => `/api/periods/${periodId}/units/${unitId}/report`;
export const fetchUnitReport = (periodId: string, unitId: string) => api<UnitReport>(unitReportPath(periodId, unitId));
export const fetchConsolidatedList = () => api<ConsolidatedItem[]>('/api/consolidated-reports');
export const fetchConsolidated = (id: string) => api<ConsolidatedReport>(`/api/consolidated-reports/${id}`);

export const docxHref = (id: string) => `/api/consolidated-reports/${id}/report.docx`;
export const xlsxHref = (id: string) => `/api/consolidated-reports/${id}/appendix.xlsx`;

/**
 * After any write: the periods' rates, the unit rows, the reports and the register all move
 * together (a submission changes the period's timeliness), and so do the leaders' dashboard
 * figures built on them.
 */
export async function afterReportingChange(queryClient: QueryClient) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: REPORTING_KEY }),
    queryClient.invalidateQueries({ queryKey: ['dashboard'] }),
    queryClient.invalidateQueries({ queryKey: ['my-work'] }),
  ]);
}

/** Sends one write and refreshes what shows its effect. */
export function useReportingWrite() {
  const queryClient = useQueryClient();
  return async <T>(path: string, method: 'POST' | 'PUT' | 'PATCH', body: unknown): Promise<T> => {
    const reply = await api<T>(path, { method, body });
    await afterReportingChange(queryClient);
    return reply;
  };
}

/** Dates read dd/mm/yyyy; '' for none. */
export const fmtDate = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10).split('-').reverse().join('/') : '');

/** Dates as officials write them in prose: 15/3/2026. */
export const shortDate = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}/${Number(m)}/${y}`;
};

/** A timestamp as read in the province (UTC+7, whatever the browser's zone): "08:30 18/04/2026". */
export const fmtDateTime = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} ${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};

/** Today in UTC+7, the province's calendar day, as an ISO date. */
export function todayIso(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** Percentages the Vietnamese way: 87,5%. */
export const pct = (value: number): string => `${String(Math.round(value * 10) / 10).replace('.', ',')}%`;

export const SUBMISSION_COLORS: Record<SubmissionState, string> = {
  on_time: 'green',
  late: 'orange',
  missing: 'red',
  pending: 'default',
};

export const REPORT_STATE_COLORS: Record<UnitReportState, string> = {
  none: 'default',
  draft: 'blue',
  submitted: 'gold',
  returned: 'volcano',
  accepted: 'green',
};

export const CONSOLIDATED_COLORS: Record<ConsolidatedState, string> = { draft: 'gold', issued: 'green' };

export const submissionTag = (state: SubmissionState) =>
  createElement(Tag, { color: SUBMISSION_COLORS[state], 'data-testid': 'submission-tag' } as TagProps, SUBMISSION_STATE_LABELS[state]);

export const reportStateTag = (state: UnitReportState) =>
  createElement(Tag, { color: REPORT_STATE_COLORS[state], 'data-testid': 'report-state-tag' } as TagProps, UNIT_REPORT_STATE_LABELS[state]);

export const consolidatedTag = (state: ConsolidatedState) =>
  createElement(
    Tag,
    { color: CONSOLIDATED_COLORS[state], 'data-testid': 'consolidated-state' } as TagProps,
    CONSOLIDATED_STATE_LABELS[state],
  );

/** A monthly period key as people read it: "2026-04" → "Tháng 4/2026"; other keys unchanged. */
export function monthLabel(key: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  return m ? `Tháng ${Number(m[2])}/${m[1]}` : key;
}
