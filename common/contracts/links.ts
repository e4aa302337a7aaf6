import { TaskSummary } from './tasks.ts';
import { Id, PageQuery, pageOf, z } from './z.ts';

/**
 * Cross-plan links (DESIGN.md rule 8): the system proposes that two tasks of different plans
 * are the same work, and the coordinator confirms or rejects. A rejected pair stays rejected.
 */
export const TASK_LINK_STATES = ['proposed', 'confirmed', 'rejected'] as const;
export const TASK_LINK_STATE_LABELS: Record<(typeof TASK_LINK_STATES)[number], string> = {
  proposed: 'Chờ xác nhận',
  confirmed: 'Đã xác nhận cùng nhiệm vụ',
  rejected: 'Đã bỏ qua',
};

export const TaskLink = z.object({
  id: Id,
  state: z.enum(TASK_LINK_STATES),
  /** text similarity of the pair, in percent */
  similarity: z.number().int(),
  proposedAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
  task: TaskSummary,
  otherTask: TaskSummary,
});
export type TaskLink = z.infer<typeof TaskLink>;

export const TaskLinkListQuery = PageQuery.extend({
  state: z.enum(TASK_LINK_STATES).default('proposed'),
});
export type TaskLinkListQuery = z.infer<typeof TaskLinkListQuery>;
export const TaskLinkPage = pageOf(TaskLink);

export const TaskLinkParams = z.strictObject({ id: Id });

export const ProposeLinksReply = z.object({
  /** new proposals recorded; pairs already proposed, confirmed or rejected are not counted */
  proposed: z.number().int(),
});
