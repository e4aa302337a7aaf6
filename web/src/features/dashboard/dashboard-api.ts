import type { Dashboard, DashboardQuery } from '#common/contracts/reporting.ts';
import type { TaskStatus } from '#common/domain/status.ts';
import { api, withQuery } from '../../lib/api.ts';
import { STATUS_COLORS } from '../tasks/tasks-api.ts';

export const DASHBOARD_KEY = ['dashboard'] as const;
export const dashboardKey = (query: DashboardQuery) => ['dashboard', query] as const;

export function fetchDashboard(query: DashboardQuery): Promise<Dashboard> {
  return api<Dashboard>('/api/dashboard', { query });
}

/** The dashboard's own filters that a drill-down carries to the task board. */
export type Scope = Pick<DashboardQuery, 'documentId' | 'section' | 'unitId'> & { asOf?: string };

/** What a click on a chart narrows the task board to. */
export interface Drill {
  statuses?: readonly TaskStatus[];
  /** a lead unit, or a group phrase ("UBND các xã, phường") when `group` */
  lead?: { id: string; group: boolean };
  documentId?: string;
  dueFrom?: string;
  dueTo?: string;
}

/**
 * The task board's address for a drill-down: the dashboard's plan, section and unit, narrowed
 * by what was clicked. A unit is always taken as lead unit: the dashboard counts tasks by lead.
 */
export function tasksHref(scope: Scope, drill: Drill = {}): string {
  const unitId = drill.lead && !drill.lead.group ? drill.lead.id : scope.unitId;
  return withQuery('/tasks', {
    documentId: drill.documentId ?? scope.documentId,
    section: scope.section,
    unitId,
    groupId: drill.lead?.group ? drill.lead.id : undefined,
    unitRole: unitId || drill.lead?.group ? 'lead' : undefined,
    asOf: scope.asOf,
    status: drill.statuses?.join(','),
    dueFrom: drill.dueFrom,
    dueTo: drill.dueTo,
  });
}

/** Chart colours per status: the hues of the status tags (STATUS_COLORS), at chart strength. */
const HUES: Record<string, string> = {
  blue: '#1677ff',
  red: '#e8362d',
  green: '#52c41a',
  orange: '#fa8c16',
  gold: '#d4b106',
};
export const STATUS_HEX: Record<TaskStatus, string> = Object.fromEntries(
  Object.entries(STATUS_COLORS).map(([status, color]) => [status, HUES[color] ?? (status === 'cancelled' ? '#d9d9d9' : '#a3acb9')]),
) as Record<TaskStatus, string>;

const PERCENT = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
/** 85,5% */
export const fmtPercent = (value: number): string => `${PERCENT.format(value)}%`;
export const fmtNumber = (value: number): string => value.toLocaleString('vi-VN');
