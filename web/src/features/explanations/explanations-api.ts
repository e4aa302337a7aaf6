import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import type { Explanation } from '#common/contracts/reporting.ts';
import { api } from '../../lib/api.ts';
import { DASHBOARD_KEY } from '../dashboard/dashboard-api.ts';
import { MY_WORK_KEY, TASKS_KEY } from '../tasks/tasks-api.ts';

export type ExplanationState = Explanation['state'];

export const EXPLANATIONS_KEY = ['explanations'] as const;
export const explanationsKey = (query: { state?: ExplanationState; taskId?: string }) => ['explanations', 'list', query] as const;

export function fetchExplanations(query: { state?: ExplanationState; taskId?: string }): Promise<Explanation[]> {
  return api<Explanation[]>('/api/explanations', { query });
}

/** After any write: the lists of requests, the dashboard (its "Đang chờ giải trình" tags) and the task views. */
export async function afterExplanationChange(queryClient: QueryClient) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: EXPLANATIONS_KEY }),
    queryClient.invalidateQueries({ queryKey: DASHBOARD_KEY }),
    queryClient.invalidateQueries({ queryKey: TASKS_KEY }),
    queryClient.invalidateQueries({ queryKey: MY_WORK_KEY }),
  ]);
}

export function useRequestExplanation() {
  const queryClient = useQueryClient();
  /** one request per lead unit: the reply is the task's requests */
  return async (taskId: string, body: { question: string; dueInWorkingDays: number }): Promise<Explanation[]> => {
    const list = await api<Explanation[]>(`/api/tasks/${taskId}/explanations`, { method: 'POST', body });
    queryClient.setQueryData(explanationsKey({ taskId }), list);
    await afterExplanationChange(queryClient);
    return list;
  };
}

export function useAnswerExplanation() {
  const queryClient = useQueryClient();
  /** the reply is the task's requests, this one answered */
  return async (explanation: Explanation, body: { answer: string; fileIds: string[] }): Promise<Explanation[]> => {
    const list = await api<Explanation[]>(`/api/explanations/${explanation.id}/answer`, {
      method: 'POST',
      body: { version: explanation.version, ...body },
    });
    queryClient.setQueryData(explanationsKey({ taskId: explanation.task.id }), list);
    await afterExplanationChange(queryClient);
    return list;
  };
}

/** The answer is late once its due day has passed. */
export const isPastDue = (explanation: Pick<Explanation, 'dueOn' | 'state'>, today: string) =>
  explanation.state === 'open' && explanation.dueOn < today;

/**
 * One request as the leader made it. The server files one request per lead unit (a group phrase
 * reaches each of its member units, a hundred communes), so the lists gather them back.
 */
export interface ExplanationBatch {
  key: string;
  task: Explanation['task'];
  question: string;
  dueOn: string;
  requestedByName: string;
  requestedAt: string;
  items: Explanation[];
}

/** Groups requests made together (same task, moment, question and due day), newest first. */
export function batchesOf(list: readonly Explanation[]): ExplanationBatch[] {
  const batches = new Map<string, ExplanationBatch>();
  for (const e of list) {
    const key = [e.task.id, e.requestedAt, e.dueOn, e.question].join('|');
    const batch = batches.get(key) ?? {
      key,
      task: e.task,
      question: e.question,
      dueOn: e.dueOn,
      requestedByName: e.requestedByName,
      requestedAt: e.requestedAt,
      items: [],
    };
    batch.items.push(e);
    batches.set(key, batch);
  }
  return [...batches.values()].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
}
