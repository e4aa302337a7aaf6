import { PROVINCE_WIDE_ROLES } from '#common/permissions.ts';
import type { Actor } from '../../kernel/auth/guard.ts';

/**
 * Unit scope (DESIGN.md "Who uses it"): the province-wide roles see every unit of their
 * province; a unit's people see their own unit and the units below it.
 */
export type UnitScope = { kind: 'province'; provinceId: string } | { kind: 'subtree'; provinceId: string; rootId: string };

export function unitScope(actor: Actor): UnitScope {
  return PROVINCE_WIDE_ROLES.includes(actor.role)
    ? { kind: 'province', provinceId: actor.provinceId }
    : { kind: 'subtree', provinceId: actor.provinceId, rootId: actor.unitId };
}
