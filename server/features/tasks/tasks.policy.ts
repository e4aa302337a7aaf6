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

/** The caller's unit's part in a task, from its lead and support units. */
export function roleIn(actor: Actor, taskUnits: readonly { unitId: string; role: string }[]): TaskRole | null {
  const mine = taskUnits.filter((u) => u.unitId === actor.unitId);
  if (mine.some((u) => u.role === 'lead')) return 'lead';
  return mine.length ? 'support' : null;
}
