import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission, PROVINCE_WIDE_ROLES, PUBLIC, ROLES, type Role } from '#common/permissions.ts';
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
});
afterAll(() => t.close());

type Target = 'own' | 'other';

/**
 * A resource of the given unit for each path parameter, keyed by the path's second segment
 * and the parameter's name. A route whose parameter has no entry fails the matrix.
 */
const FIXTURES: Record<string, (unitId: string) => string | undefined> = {
  'units:id': (u) => u,
  'users:id': (u) => userOfUnit[u],
  'files:id': (u) => fileOfUnit[u],
};

function fill(route: RouteEntry, role: Role, target: Target): string {
  const unitId = (target === 'own' ? unitOf[role] : otherUnitOf[role]) as string;
  const resource = route.url.split('/')[2];
  return route.url.replace(/:(\w+)/g, (_, param: string) => {
    const value = FIXTURES[`${resource}:${param}`]?.(unitId);
    if (!value) throw new Error(`authz matrix: no fixture for :${param} of ${route.method} ${route.url}; add one to FIXTURES`);
    return value;
  });
}

const DENIED = [401, 403];

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
        for (const target of route.url.includes(':') ? (['own', 'other'] as const) : (['own'] as const)) {
          const session: Session = await t.as(DEMO[role]);
          const res = await session.request(route.method as 'GET', {
            url: fill(route, role, target),
            ...(route.method === 'GET' ? {} : { payload: {} }),
          });
          const label = `${role} ${route.method} ${route.url} (${target}) → ${res.statusCode}`;
          rows.push(label);
          if (!hasPermission(role, route.permission)) {
            expect(res.statusCode, label).toBe(403);
          } else if (target === 'other' && !PROVINCE_WIDE_ROLES.includes(role)) {
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
