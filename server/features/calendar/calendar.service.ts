import { and, eq, inArray } from 'drizzle-orm';
import type { CalendarSave, CalendarYear } from '#common/contracts/calendar.ts';
import {
  type CalendarDay,
  type CalendarDayKind,
  vietnameseHolidays,
  WEEKEND,
  type WorkingCalendar,
  workingCalendar,
} from '#common/domain/calendar.ts';
import { weekday } from '#common/domain/iso-date.ts';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { AppError, conflict, type FieldError } from '../../kernel/errors.ts';
import { calendarDays, calendarYears } from './calendar.table.ts';

const byDate = (a: CalendarDay, b: CalendarDay) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

async function storedYears(db: Db, provinceId: string, years: readonly number[]) {
  if (!years.length) return [];
  return db
    .select()
    .from(calendarYears)
    .where(and(eq(calendarYears.provinceId, provinceId), inArray(calendarYears.year, [...years])));
}

async function storedDays(db: Db, provinceId: string, years: readonly number[]): Promise<(CalendarDay & { year: number })[]> {
  if (!years.length) return [];
  const rows = await db
    .select({ date: calendarDays.date, year: calendarDays.year, kind: calendarDays.kind, name: calendarDays.name })
    .from(calendarDays)
    .where(and(eq(calendarDays.provinceId, provinceId), inArray(calendarDays.year, [...years])));
  return rows.map((r) => ({ ...r, kind: r.kind as CalendarDayKind })).sort(byDate);
}

/** The year as the admins left it, or the statutory default when nobody has saved it. */
export async function calendarYear(db: Db, provinceId: string, year: number): Promise<CalendarYear> {
  const [stored] = await storedYears(db, provinceId, [year]);
  if (!stored) return { year, days: vietnameseHolidays(year), isDefault: true, version: 0 };
  const days = (await storedDays(db, provinceId, [year])).map(({ date, kind, name }) => ({ date, kind, name }));
  return { year, days, isDefault: false, version: stored.version };
}

/**
 * The working-day calendar of a province over some years, each year stored or by default
 * (DESIGN.md rule 4). Pass every year a computation can step into: a date outside them
 * counts only weekends as days off.
 */
export async function workingCalendarFor(db: Db, provinceId: string, years: number[]): Promise<WorkingCalendar> {
  const unique = [...new Set(years)];
  const stored = new Set((await storedYears(db, provinceId, unique)).map((r) => r.year));
  const days: CalendarDay[] = (await storedDays(db, provinceId, [...stored])).map(({ date, kind, name }) => ({ date, kind, name }));
  for (const year of unique) if (!stored.has(year)) days.push(...vietnameseHolidays(year));
  return workingCalendar(days);
}

function checkDays(year: number, days: CalendarSave['days']) {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  days.forEach((d, i) => {
    const field = `days.${i}.date`;
    if (!d.date.startsWith(`${year}-`)) errors.push({ field, message: `Ngày ${d.date} không thuộc năm ${year}` });
    else if (seen.has(d.date)) errors.push({ field, message: `Ngày ${d.date} bị trùng` });
    else if (d.kind === 'working-day' && !WEEKEND.includes(weekday(d.date))) {
      errors.push({ field, message: 'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật' });
    }
    seen.add(d.date);
  });
  if (errors.length) {
    throw new AppError('BAD_REQUEST', 'Danh sách ngày chưa hợp lệ. Hãy sửa các ngày được nêu rồi lưu lại.', errors);
  }
}

/** Replaces the year's whole list; `version` is the one the editor loaded (0: the default). */
export async function saveCalendarYear(db: Db, actor: Actor, year: number, input: CalendarSave, requestId?: string) {
  checkDays(year, input.days);
  return db.transaction(async (tx) => {
    const before = await calendarYear(tx, actor.provinceId, year);
    if (before.version !== input.version) throw conflict();
    const stamp = { updatedBy: actor.userId, updatedAt: new Date() };
    if (before.isDefault) {
      // Two admins saving a default year at once: the second insert finds the row and loses.
      const [row] = await tx
        .insert(calendarYears)
        .values({ provinceId: actor.provinceId, year, version: 1, ...stamp })
        .onConflictDoNothing()
        .returning();
      if (!row) throw conflict();
    } else {
      const [row] = await tx
        .update(calendarYears)
        .set({ version: input.version + 1, ...stamp })
        .where(and(eq(calendarYears.provinceId, actor.provinceId), eq(calendarYears.year, year), eq(calendarYears.version, input.version)))
        .returning();
      if (!row) throw conflict();
    }
    await tx.delete(calendarDays).where(and(eq(calendarDays.provinceId, actor.provinceId), eq(calendarDays.year, year)));
    if (input.days.length) {
      await tx.insert(calendarDays).values(input.days.map((d) => ({ provinceId: actor.provinceId, year, ...d, ...stamp })));
    }
    const after: CalendarYear = { year, days: [...input.days].sort(byDate), isDefault: false, version: input.version + 1 };
    await appendAudit(tx, actor, { action: 'calendar.update', entity: 'calendar', entityId: String(year), before, after }, requestId);
    return after;
  });
}

/** Back to the statutory list: the stored days go, and the year is computed again. */
export async function resetCalendarYear(db: Db, actor: Actor, year: number, version: number, requestId?: string) {
  return db.transaction(async (tx) => {
    const before = await calendarYear(tx, actor.provinceId, year);
    if (before.version !== version) throw conflict();
    if (before.isDefault) return before;
    const where = and(eq(calendarYears.provinceId, actor.provinceId), eq(calendarYears.year, year), eq(calendarYears.version, version));
    const gone = await tx.delete(calendarYears).where(where).returning();
    if (!gone.length) throw conflict();
    await tx.delete(calendarDays).where(and(eq(calendarDays.provinceId, actor.provinceId), eq(calendarDays.year, year)));
    const after = await calendarYear(tx, actor.provinceId, year);
    await appendAudit(tx, actor, { action: 'calendar.reset', entity: 'calendar', entityId: String(year), before, after }, requestId);
    return after;
  });
}
