import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { z } from 'zod';
import type { DocumentRef } from '#common/contracts/documents.ts';
import type { Task, TaskSummary, TimelineEvent, UnitRef } from '#common/contracts/tasks.ts';
import type { TaskStatus } from '#common/domain/status.ts';
import { api } from '../../lib/api.ts';
import type { Page } from '../../lib/types.ts';

export type Timeline = z.infer<typeof TimelineEvent>[];
export type TaskPage = Page<TaskSummary>;
export type Facets = { sections: string[]; tags: string[] };

export const TASKS_KEY = ['tasks'] as const;
export const taskKey = (id: string) => ['tasks', 'one', id] as const;
export const timelineKey = (id: string) => ['tasks', 'timeline', id] as const;
export const MY_WORK_KEY = ['my-work'] as const;

export function fetchTask(id: string): Promise<Task> {
  return api<Task>(`/api/tasks/${id}`);
}

/** Antd tag colours per status: red for overdue, green for done, neutral for what has not begun. */
export const STATUS_COLORS: Record<TaskStatus, string> = {
  not_started: 'default',
  in_progress_on_time: 'blue',
  in_progress_overdue: 'red',
  done_on_time: 'green',
  done_late: 'orange',
  paused: 'gold',
  cancelled: 'default',
};

/** Dates in the UI read dd/mm/yyyy; '' for none. */
export const fmtDate = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('DD/MM/YYYY') : '');
export const fmtDateTime = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('HH:mm DD/MM/YYYY') : '');

export const unitNames = (units: UnitRef[], short = true): string => units.map((u) => (short ? u.shortName || u.name : u.name)).join('; ');

export const documentLabel = (d: Pick<DocumentRef, 'symbol' | 'issuedOn' | 'title'>): string =>
  [d.symbol, d.issuedOn && `ngày ${fmtDate(d.issuedOn)}`].filter(Boolean).join(' ');

/**
 * Every task action answers with the whole updated task: put it in the cache, and let the
 * lists, the timeline and "Việc của tôi" refetch.
 */
export async function afterTaskChange(queryClient: QueryClient, task: Task) {
  queryClient.setQueryData(taskKey(task.id), task);
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: TASKS_KEY, predicate: (q) => q.queryKey[1] !== 'one' || q.queryKey[2] !== task.id }),
    queryClient.invalidateQueries({ queryKey: MY_WORK_KEY }),
  ]);
}

/** POSTs (or PUTs) an action on a task and refreshes what shows it. */
export function useTaskAction() {
  const queryClient = useQueryClient();
  return async (path: string, body: unknown, method: 'POST' | 'PUT' | 'PATCH' = 'POST'): Promise<Task> => {
    const task = await api<Task>(path, { method, body });
    await afterTaskChange(queryClient, task);
    return task;
  };
}
