import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDay } from '#common/domain/iso-date.ts';
import { currentPeriod } from '#common/domain/period.ts';
import { hasPermission, PROVINCE_WIDE_ROLES, PUBLIC, ROLES, type Role } from '#common/permissions.ts';
import { explanations } from './features/explanations/explanations.table.ts';
import { fundingAllocations } from './features/funding/funding.table.ts';
import { indicators, indicatorValues } from './features/indicators/indicators.table.ts';
import { notifications } from './features/reminders/reminders.table.ts';
import { deadlineAdjustments, taskLinks, taskUpdates } from './features/tasks/tasks.table.ts';
import { units } from './features/units/units.table.ts';
import { users } from './features/users/users.table.ts';
import type { RouteEntry } from './kernel/auth/guard.ts';
import { multipart, type Session, startTestApp, type TestApp } from './testing/harness.ts';

/**
 * The authorisation matrix, generated from the route table: every route × every role
 * (and no login) × a resource of the caller's own unit or of another unit. A new route
 * without a fixture for its path parameter fails this test until one is added here.
 */
const DEMO: Record<Role, string> = {
  admin: 'admin',
  coordinator: 'coordinator',
  unit_officer: 'commune',
  unit_head: 'head',
  leader: 'leader',
};

let t: TestApp;
const unitOf: Record<string, string> = {};
const otherUnitOf: Record<string, string> = {};
const fileOfUnit: Record<string, string> = {};
const userOfUnit: Record<string, string> = {};
const notificationOfUser: Record<string, string> = {};
const ownNotification: Record<string, string> = {};
let documentId = '';
let planImportId = '';
const taskOfUnit: Record<string, string> = {};
const updateOfUnit: Record<string, string> = {};
const adjustmentOfUnit: Record<string, string> = {};
const linkOfUnit: Record<string, string> = {};
const PERIOD = currentPeriod(vietnamDay()).key;
let regimeId = '';
const periodOfUnit: Record<string, string> = {};
let consolidatedId = '';
const explanationOfUnit: Record<string, string> = {};
const indicatorOfUnit: Record<string, string> = {};
const valueOfUnit: Record<string, string> = {};
const allocationOfUnit: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  const rows = await t.db
    .select()
    .from(units)
    .where(inArray(units.code, ['SKHCN', 'SYT', 'XA_TAN_CUONG', 'VPUBND']));
  const id = (code: string) => rows.find((r) => r.code === code)?.id as string;
  for (const role of ROLES) {
    const [u] = await t.db.select().from(users).where(eq(users.username, DEMO[role]));
    unitOf[role] = u?.unitId as string;
    otherUnitOf[role] = u?.unitId === id('SYT') ? id('XA_TAN_CUONG') : id('SYT');
    userOfUnit[u?.unitId as string] = u?.id as string;
  }
  // one stored file per unit, uploaded by someone of that unit
  for (const username of ['admin', 'officer', 'commune']) {
    const s = await t.as(username);
    const res = await s.request('POST', { url: '/api/files', ...multipart('a.pdf', Buffer.from(`%PDF-1.4\n% ${username}\n%%EOF\n`)) });
    fileOfUnit[s.me.user.unitId] = res.json().id;
  }
  fileOfUnit[id('VPUBND')] = fileOfUnit[id('SKHCN')] as string; // the leader uploads nothing; any file will do
  const doc = await (await t.as('coordinator')).post('/api/documents', {
    symbol: '901/KH-SKHCN',
    issuedOn: '2026-04-10',
    title: 'Kế hoạch',
  });
  documentId = doc.json().id;
  // one plan import: imports are the coordinator's and province-wide (no unit owns one)
  const planImport = await (await t.as('coordinator')).request('POST', {
    url: '/api/plan-imports',
    ...multipart(
      'ke-hoach.txt',
      Buffer.from('STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tThời hạn\n1.\tNhiệm vụ thử\tSở Y tế\tQuý III/2026\n'),
    ),
  });
  planImportId = planImport.json().id;
  // one task led by each unit, with an update of that unit and an adjustment request
  const coordinator = await t.as('coordinator');
  for (const unitId of new Set([...Object.values(unitOf), ...Object.values(otherUnitOf)])) {
    const task = await coordinator.post('/api/tasks', {
      content: `Nhiệm vụ thử ${unitId}`,
      deadlineText: 'Quý III/2026',
      leadUnitIds: [unitId],
    });
    const taskId = task.json().id as string;
    taskOfUnit[unitId] = taskId;
    const [row] = await t.db
      .insert(taskUpdates)
      .values({ provinceId: rows[0]?.provinceId as string, taskId, unitId, role: 'lead', period: PERIOD })
      .returning();
    updateOfUnit[unitId] = row?.id as string;
    const deadline = task.json().deadline;
    const [adjustment] = await t.db
      .insert(deadlineAdjustments)
      .values({ provinceId: rows[0]?.provinceId as string, taskId, fromDeadline: deadline, toDeadline: deadline, reason: 'thử', unitId })
      .returning();
    adjustmentOfUnit[unitId] = adjustment?.id as string;
    // a proposed cross-plan link between the unit's task and a second task of the unit
    const twin = await coordinator.post('/api/tasks', {
      content: `Nhiệm vụ thử ${unitId}`,
      deadlineText: 'Quý III/2026',
      leadUnitIds: [unitId],
    });
    const [a, b] = [taskId, twin.json().id as string].sort();
    const [link] = await t.db
      .insert(taskLinks)
      .values({ provinceId: rows[0]?.provinceId as string, taskId: a as string, otherTaskId: b as string, similarity: 100 })
      .returning();
    linkOfUnit[unitId] = link?.id as string;
  }
  // one monthly regime per unit, so each unit has a period of its own (and none of the other's);
  // a draft consolidated report; one explanation request to each unit
  for (const unitId of Object.keys(taskOfUnit)) {
    const regime = await coordinator.post('/api/report-regimes', {
      code: `r-${unitId.slice(0, 8)}`,
      name: `Báo cáo tháng ${unitId}`,
      frequency: 'monthly',
      dueDay: 20,
      activeFrom: vietnamDay(),
      unitIds: [unitId],
    });
    regimeId = regime.json().id;
    const [period] = (await coordinator.get(`/api/periods?regimeId=${regimeId}`)).json();
    periodOfUnit[unitId] = period.id;
    const [explanation] = await t.db
      .insert(explanations)
      .values({
        provinceId: rows[0]?.provinceId as string,
        taskId: taskOfUnit[unitId] as string,
        unitId,
        question: 'Vì sao chậm?',
        dueOn: vietnamDay(),
        requestedBy: userOfUnit[unitOf.leader as string] as string,
      })
      .returning();
    explanationOfUnit[unitId] = explanation?.id as string;
    // an indicator the unit owns, with a value of the unit
    const [indicator] = await t.db
      .insert(indicators)
      .values({
        provinceId: rows[0]?.provinceId as string,
        code: `T-${unitId.slice(0, 8)}`,
        name: 'Chỉ tiêu thử',
        group: 'resources',
        measure: '%',
        kind: 'percent',
        direction: 'higher',
        target2030: 100,
        ownerUnitId: unitId,
        frequency: 'quarterly',
        aggregation: 'latest',
      })
      .returning();
    indicatorOfUnit[unitId] = indicator?.id as string;
    const [value] = await t.db
      .insert(indicatorValues)
      .values({
        provinceId: rows[0]?.provinceId as string,
        indicatorId: indicator?.id as string,
        periodKey: '2026-Q3',
        periodEnd: '2026-09-14',
        unitId,
        value: 50,
      })
      .returning();
    valueOfUnit[unitId] = value?.id as string;
    const [allocation] = await t.db
      .insert(fundingAllocations)
      .values({
        provinceId: rows[0]?.provinceId as string,
        year: 2026,
        fundingSource: 'central',
        unitId,
        project: 'Dự án thử',
        amount: 1_000_000,
      })
      .returning();
    allocationOfUnit[unitId] = allocation?.id as string;
  }
  consolidatedId = (await coordinator.post('/api/consolidated-reports', { periodId: Object.values(periodOfUnit)[0] })).json().id;
  // one notification per demo user, for the personal notifications routes
  const demoUsers = await t.db
    .select()
    .from(users)
    .where(inArray(users.username, Object.values(DEMO)));
  for (const u of demoUsers) {
    const [n] = await t.db
      .insert(notifications)
      .values({ provinceId: u.provinceId, userId: u.id, kind: 'manual', title: 'Thử' })
      .returning();
    notificationOfUser[u.id] = n?.id as string;
  }
  for (const role of ROLES)
    ownNotification[role] = notificationOfUser[demoUsers.find((u) => u.username === DEMO[role])?.id as string] as string;
});
afterAll(() => t.close());

type Target = 'own' | 'other';

/**
 * A resource of the given unit for each path parameter, keyed by the path's second segment
 * and the parameter's name. A route whose parameter has no entry fails the matrix.
 */
const FIXTURES: Record<string, (unitId: string, role: Role) => string | undefined> = {
  'units:id': (u) => u,
  'users:id': (u) => userOfUnit[u],
  'files:id': (u) => fileOfUnit[u],
  'tasks:id': (u) => taskOfUnit[u],
  'tasks:updateId': (u) => updateOfUnit[u],
  'tasks:adjustmentId': (u) => adjustmentOfUnit[u],
  'tasks:period': () => PERIOD,
  'calendar:year': () => '2026',
  'documents:id': () => documentId,
  'plan-imports:id': () => planImportId,
  'task-links:id': (u) => linkOfUnit[u],
  'report-regimes:id': () => regimeId,
  'periods:id': (u) => periodOfUnit[u],
  'periods:periodId': (u) => periodOfUnit[u],
  'periods:unitId': (u) => u,
  'consolidated-reports:id': () => consolidatedId,
  'explanations:id': (u) => explanationOfUnit[u],
  'indicators:id': (u) => indicatorOfUnit[u],
  'indicators:period': () => '2026-Q3',
  'indicator-values:id': (u) => valueOfUnit[u],
  'funding:id': (u) => allocationOfUnit[u],
  // own: the caller's own notification; other: one of a person of the other unit
  'notifications:id': (u, role) => (u === unitOf[role] ? ownNotification[role] : notificationOfUser[userOfUnit[u] as string]),
};

function fill(route: RouteEntry, role: Role, target: Target): string {
  const unitId = (target === 'own' ? unitOf[role] : otherUnitOf[role]) as string;
  const resource = route.url.split('/')[2];
  return route.url.replace(/:(\w+)/g, (_, param: string) => {
    const value = FIXTURES[`${resource}:${param}`]?.(unitId, role);
    if (!value) throw new Error(`authz matrix: no fixture for :${param} of ${route.method} ${route.url}; add one to FIXTURES`);
    return value;
  });
}

const DENIED = [401, 403];

/** Resources shared by the whole province (a plan is read by every unit it assigns): no other unit's copy to be refused. */
const PROVINCE_SHARED = new Set(['documents', 'calendar', 'plan-imports', 'report-regimes', 'consolidated-reports']);
/** Personal resources (one user's notifications): nobody else reads them, whatever their role's scope. */
const PERSONAL = new Set(['notifications']);

describe('authorisation matrix', () => {
  it('covers every route, and every route declares a permission', () => {
    expect(t.app.routeTable.length).toBeGreaterThan(20);
    for (const r of t.app.routeTable) expect(r.permission, `${r.method} ${r.url}`).toBeTruthy();
  });

  it('refuses every non-public route without a login', async () => {
    for (const route of t.app.routeTable) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: fill(route, 'admin', 'own'),
        payload: route.method === 'GET' ? undefined : {},
      });
      if (route.permission === PUBLIC) expect(DENIED, `${route.method} ${route.url}`).not.toContain(res.statusCode);
      else expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  for (const role of ROLES) {
    it(`applies ${role}'s permissions and unit scope to every route`, async () => {
      // logout ends the session, so it goes last
      const routes = [...t.app.routeTable].sort((a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')));
      const rows: string[] = [];
      for (const route of routes) {
        const perUnit = route.url.includes(':') && !PROVINCE_SHARED.has(route.url.split('/')[2] ?? '');
        for (const target of perUnit ? (['own', 'other'] as const) : (['own'] as const)) {
          const session: Session = await t.as(DEMO[role]);
          const res = await session.request(route.method as 'GET', {
            url: fill(route, role, target),
            ...(route.method === 'GET' ? {} : { payload: {} }),
          });
          const label = `${role} ${route.method} ${route.url} (${target}) → ${res.statusCode}`;
          rows.push(label);
          if (!hasPermission(role, route.permission)) {
            expect(res.statusCode, label).toBe(403);
          } else if (target === 'other' && (PERSONAL.has(route.url.split('/')[2] ?? '') || !PROVINCE_WIDE_ROLES.includes(role))) {
            expect(res.statusCode, label).toBe(404);
          } else {
            expect([...DENIED, 404], label).not.toContain(res.statusCode);
          }
          if (route.url.endsWith('/logout')) t.forget(DEMO[role]);
        }
      }
      expect(rows.length).toBeGreaterThan(t.app.routeTable.length);
    });
  }
});
