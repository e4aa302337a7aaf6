import { useQueryClient } from '@tanstack/react-query';
import type { TaskLink } from '#common/contracts/links.ts';
import type { TaskSummary } from '#common/contracts/tasks.ts';
import { api } from '../../lib/api.ts';
import { MY_WORK_KEY, TASKS_KEY } from '../tasks/tasks-api.ts';

export const LINKS_KEY = ['task-links'] as const;

/** "PL II.35 · 95/KH-UBND": a task as a link names it; the plan it comes from tells the two apart. */
export function taskSource(task: Pick<TaskSummary, 'code' | 'documentId' | 'documents'>): string {
  const plan = task.documents.find((d) => d.id === task.documentId) ?? task.documents[0];
  return [task.code, plan?.symbol].filter(Boolean).join(' · ');
}

/**
 * Confirms or rejects a proposal. The tasks of a confirmed pair change (documents, progress,
 * links), so every task page and list refetches, with the proposals.
 */
export function useLinkDecision() {
  const queryClient = useQueryClient();
  return async (linkId: string, decision: 'confirm' | 'reject'): Promise<TaskLink> => {
    try {
      return await api<TaskLink>(`/api/task-links/${linkId}/${decision}`, { method: 'POST' });
    } finally {
      // a 409 (decided meanwhile) also means what is shown is stale
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: LINKS_KEY }),
        queryClient.invalidateQueries({ queryKey: TASKS_KEY }),
        queryClient.invalidateQueries({ queryKey: MY_WORK_KEY }),
      ]);
    }
  };
}
