import { PROVINCE_WIDE_ROLES } from '#common/permissions.ts';
import type { Actor } from '../../kernel/auth/guard.ts';

/**
 * Row rules for tasks (DESIGN.md "Who uses it"): the province-wide roles see every task of
 * their province; a unit's people see the tasks their unit (or a unit below it) leads or
 * supports. Only a lead unit updates the status; support units add contributions.
 */
export type TaskRole = 'lead' | 'support';

export function seesWholeProvince(actor: Actor): boolean {
  return PROVINCE_WIDE_ROLES.includes(actor.role);
}

/** A unit or a group phrase a task names; `mine` when it includes the caller's unit. */
export interface Participant {
  taskId: string;
  id: string;
  role: string;
  name: string;
  shortName: string;
  group: boolean;
  mine: boolean;
}

/** The caller's unit's part in a task, directly or through a group of its kind. */
export function roleIn(participants: readonly Participant[]): TaskRole | null {
  const mine = participants.filter((p) => p.mine);
  if (mine.some((p) => p.role === 'lead')) return 'lead';
  return mine.length ? 'support' : null;
}
