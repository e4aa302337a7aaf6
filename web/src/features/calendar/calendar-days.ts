import type { CalendarDay } from '#common/contracts/calendar.ts';
import { type CalendarDayKind, WEEKEND, workingCalendar } from '#common/domain/calendar.ts';
import { daysInMonth, isoDate, weekday } from '#common/domain/iso-date.ts';

/** 0 = Sunday … 6 = Saturday, as `weekday` returns them. */
export const WEEKDAY_NAMES = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
/** Column heads of a month, Monday first as Vietnamese calendars print them. */
export const WEEK_HEADS = ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'];

export const KIND_COLORS: Record<CalendarDayKind, string> = {
  holiday: 'red',
  compensatory: 'orange',
  'day-off': 'gold',
  'working-day': 'blue',
};

export const isWeekend = (date: string) => WEEKEND.includes(weekday(date));

export const sortDays = (days: CalendarDay[]) => [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

export interface MonthCell {
  date: string;
  day: number;
  working: boolean;
  entry?: CalendarDay;
}

/** The twelve months of a year with, for each day, whether it is worked and the list entry that says so. */
export function monthsOf(year: number, days: CalendarDay[]) {
  const calendar = workingCalendar(days);
  const byDate = new Map(days.map((d) => [d.date, d]));
  return Array.from({ length: 12 }, (_, i) => {
    const month = i + 1;
    const cells: MonthCell[] = [];
    for (let day = 1; day <= daysInMonth(year, month); day++) {
      const date = isoDate(year, month, day) as string;
      cells.push({ date, day, working: calendar.isWorkingDay(date), entry: byDate.get(date) });
    }
    const first = cells[0] ? (weekday(cells[0].date) + 6) % 7 : 0;
    return { month, cells, leading: first, workingDays: cells.filter((c) => c.working).length };
  });
}
