/**
 * Permission strings and the role → permission table (DESIGN.md "Who uses it").
 * Every route declares exactly one permission; row rules (own unit, workflow state)
 * live in the features' *.policy.ts files.
 */
export const ROLES = ['admin', 'coordinator', 'unit_officer', 'unit_head', 'leader'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Quản trị hệ thống',
  coordinator: 'Cán bộ đầu mối (Sở KH&CN)',
  unit_officer: 'Cán bộ đơn vị',
  unit_head: 'Lãnh đạo đơn vị',
  leader: 'Lãnh đạo tỉnh, Ban Chỉ đạo',
};

export const PERMISSIONS = [
  'read:unit',
  'manage:unit',
  'read:user',
  'manage:user',
  'read:audit',
  'upload:file',
  'read:file',
  'manage:own-account',
  'read:document',
  'manage:document',
  'read:task',
  /** create, edit, pause and cancel tasks; send reminders by hand */
  'manage:task',
  /** a unit's own work on a task: progress updates, contributions, adjustment requests, proposing done */
  'update:task',
  /** accept or return updates, decide adjustments, confirm completion */
  'review:task',
  'read:calendar',
  'manage:calendar',
  'read:notification',
  /** upload a plan's appendix, review its preview, commit it as tasks */
  'import:plan',
  /** reporting periods and unit reports, within the unit scope */
  'read:report',
  /** a unit's officer drafts its periodic report */
  'prepare:report',
  /** the unit head submits (and so locks) the unit's report */
  'submit:report',
  /** accept or return unit reports; draft and issue the consolidated report */
  'review:report',
  /** the reporting calendar: regimes, their units, ad hoc periods */
  'manage:regime',
  /** the leaders' dashboard and the register of consolidated reports */
  'read:dashboard',
  /** ask the lead unit of an overdue task to explain (yêu cầu giải trình) */
  'request:explanation',
  /** the 2030 targets and their values, within the unit scope */
  'read:indicator',
  /** a unit's officer enters the values of the indicators it owns (or, a commune, reports on) */
  'enter:indicator',
  /** the unit head submits the values */
  'submit:indicator',
  /** approve, return or un-approve values */
  'review:indicator',
  /** the catalogue: import, and the tasks that drive an indicator */
  'manage:indicator',
  /** allocations, disbursements and the monthly budget report, within the unit scope (Sở Tài chính: every unit) */
  'read:funding',
  /** a unit's own allocations and disbursements; Sở Tài chính's people, every unit's */
  'enter:funding',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** A route open to anyone, logged in or not (health, login, the public portal). */
export const PUBLIC = 'public' as const;
export type RoutePermission = Permission | typeof PUBLIC;

const everyone: Permission[] = [
  'read:unit',
  'read:file',
  'manage:own-account',
  'read:document',
  'read:task',
  'read:calendar',
  'read:notification',
  'read:report',
  'read:indicator',
  'read:funding',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    ...everyone,
    'manage:unit',
    'read:user',
    'manage:user',
    'read:audit',
    'upload:file',
    'manage:calendar',
    'manage:regime',
    'read:dashboard',
    'manage:indicator',
  ],
  coordinator: [
    ...everyone,
    'read:user',
    'upload:file',
    'manage:document',
    'manage:task',
    'review:task',
    'import:plan',
    'review:report',
    'manage:regime',
    'read:dashboard',
    'request:explanation',
    'review:indicator',
    'manage:indicator',
  ],
  unit_officer: [...everyone, 'upload:file', 'update:task', 'prepare:report', 'enter:indicator', 'enter:funding'],
  unit_head: [
    ...everyone,
    'upload:file',
    'update:task',
    'prepare:report',
    'submit:report',
    'enter:indicator',
    'submit:indicator',
    'enter:funding',
  ],
  leader: [...everyone, 'read:user', 'read:dashboard', 'request:explanation'],
};

/** Roles whose unit scope is the whole province: they see every unit's work. */
export const PROVINCE_WIDE_ROLES: readonly Role[] = ['admin', 'coordinator', 'leader'];

export function hasPermission(role: Role, permission: RoutePermission): boolean {
  return permission === PUBLIC || ROLE_PERMISSIONS[role].includes(permission);
}
