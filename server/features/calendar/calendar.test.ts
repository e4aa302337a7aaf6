import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDay } from '#common/domain/calendar.ts';
import { auditLog } from '../../kernel/audit/audit.table.ts';
import { type Session, startTestApp, type TestApp } from '../../testing/harness.ts';
import { workingCalendarFor } from './calendar.service.ts';
import { calendarDays } from './calendar.table.ts';

let t: TestApp;
let admin: Session;
let provinceId: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as('admin');
  provinceId = admin.me.user.provinceId;
});
afterAll(() => t.close());

const put = (s: Session, year: number, payload: unknown) => s.request('PUT', { url: `/api/calendar/${year}`, payload });
const del = (s: Session, year: number, payload: unknown) => s.request('DELETE', { url: `/api/calendar/${year}`, payload });

// Swap: Friday 2/1 off, Saturday 10/1 worked instead; and a compensatory Friday after Quốc khánh.
const SWAPS: CalendarDay[] = [
  { date: '2026-01-02', kind: 'day-off', name: 'Nghỉ hoán đổi sau Tết Dương lịch' },
  { date: '2026-01-10', kind: 'working-day', name: 'Làm bù cho ngày 02/01/2026' },
  { date: '2026-09-04', kind: 'compensatory', name: 'Nghỉ bù Quốc khánh' },
];

describe('the working-day calendar', () => {
  it('gives every role the statutory list of a year nobody has edited, Tết included', async () => {
    const officer = await t.as('officer');
    const res = await officer.get('/api/calendar/2026');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ year: 2026, isDefault: true, version: 0 });
    const dates = body.days.map((d: CalendarDay) => d.date);
    expect(body.days).toContainEqual({ date: '2026-02-17', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' });
    expect(dates).toContain('2026-09-02');
    expect(dates).toContain('2026-01-01');
  });

  it('refuses years outside 1990–2100 with a Vietnamese message', async () => {
    for (const year of ['1989', '2101', 'abc']) {
      const res = await admin.get(`/api/calendar/${year}`);
      expect(res.statusCode, year).toBe(400);
      expect(JSON.stringify(res.json().error.details)).toContain('Năm phải trong khoảng 1990–2100');
    }
  });

  it('saves an edited year, and workingCalendarFor honours its swaps and compensatory days', async () => {
    const before = await workingCalendarFor(t.db, provinceId, [2026]);
    expect(before.isWorkingDay('2026-01-02')).toBe(true);
    expect(before.isWorkingDay('2026-01-10')).toBe(false);
    expect(before.isWorkingDay('2026-09-04')).toBe(true);

    const current = (await admin.get('/api/calendar/2026')).json();
    const res = await put(admin, 2026, { version: current.version, days: [...current.days, ...SWAPS] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ year: 2026, isDefault: false, version: 1 });

    const again = (await (await t.as('officer')).get('/api/calendar/2026')).json();
    expect(again.isDefault).toBe(false);
    expect(again.days).toHaveLength(current.days.length + 3);
    expect(again.days.map((d: CalendarDay) => d.date)).toEqual([...again.days.map((d: CalendarDay) => d.date)].sort());

    const cal = await workingCalendarFor(t.db, provinceId, [2025, 2026, 2027]);
    expect(cal.isWorkingDay('2026-01-02')).toBe(false);
    expect(cal.isWorkingDay('2026-01-10')).toBe(true);
    expect(cal.isWorkingDay('2026-09-04')).toBe(false);
    expect(cal.isWorkingDay('2026-02-17')).toBe(false);
    expect(cal.addWorkingDays('2026-01-09', 1)).toBe('2026-01-10');
    expect(cal.addWorkingDays('2026-09-01', 1)).toBe('2026-09-07');
    // the year next to it is still the default
    expect(cal.isWorkingDay('2027-01-01')).toBe(false);

    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'calendar.update'), eq(auditLog.entityId, '2026')));
    expect(audit?.actorName).toBe('admin');
  });

  it('lets only admins change the calendar', async () => {
    const coordinator = await t.as('coordinator');
    expect((await put(coordinator, 2026, { version: 1, days: [] })).statusCode).toBe(403);
    expect((await del(coordinator, 2026, { version: 1 })).statusCode).toBe(403);
  });

  it('refuses a stale version with 409', async () => {
    const res = await put(admin, 2026, { version: 0, days: SWAPS });
    expect(res.statusCode).toBe(409);
    expect((await admin.get('/api/calendar/2026')).json().version).toBe(1);
  });

  it('refuses a day outside the year or a repeated day, and writes nothing', async () => {
    const stored = async () => t.db.select().from(calendarDays).where(eq(calendarDays.provinceId, provinceId));
    const rowsBefore = await stored();
    const outside = await put(admin, 2026, {
      version: 1,
      days: [...SWAPS, { date: '2027-01-01', kind: 'holiday', name: 'Tết Dương lịch' }],
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.details).toContainEqual({ field: 'days.3.date', message: 'Ngày 2027-01-01 không thuộc năm 2026' });
    const repeated = await put(admin, 2026, { version: 1, days: [...SWAPS, SWAPS[0]] });
    expect(repeated.statusCode).toBe(400);
    const weekdaySwap = await put(admin, 2026, { version: 1, days: [{ date: '2026-01-07', kind: 'working-day', name: 'Làm bù' }] });
    expect(weekdaySwap.statusCode).toBe(400);
    expect(await stored()).toHaveLength(rowsBefore.length);
    expect((await admin.get('/api/calendar/2026')).json().version).toBe(1);
  });

  it('returns a year to the statutory default', async () => {
    expect((await del(admin, 2026, { version: 0 })).statusCode).toBe(409);
    const res = await del(admin, 2026, { version: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ isDefault: true, version: 0 });
    const cal = await workingCalendarFor(t.db, provinceId, [2026]);
    expect(cal.isWorkingDay('2026-01-10')).toBe(false);
    // a default year can be saved again from version 0
    expect((await put(admin, 2026, { version: 0, days: SWAPS })).json().version).toBe(1);
  });
});
