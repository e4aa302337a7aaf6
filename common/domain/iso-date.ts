/**
 * Calendar dates as ISO strings ('YYYY-MM-DD'). The arithmetic runs on Julian day numbers,
 * plain integers, so no time zone or daylight-saving rule can ever move a date by one day.
 * ISO strings also compare correctly as strings: `a <= b` is date order.
 */

/** The Julian day number of a Gregorian date (Hồ Ngọc Đức's jdFromDate, Gregorian branch). */
export function dayNumber(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
}

/** The ISO date of a Julian day number. */
export function fromDayNumber(jd: number): string {
  const a = jd + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  const day = e - Math.floor((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * Math.floor(m / 10);
  const year = 100 * b + d - 4800 + Math.floor(m / 10);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export function daysInMonth(year: number, month: number): number {
  return month === 12 ? 31 : dayNumber(year, month + 1, 1) - dayNumber(year, month, 1);
}

/** The ISO string of a date, or null when the date does not exist (31/4, 29/2/2025). */
export function isoDate(year: number, month: number, day: number): string | null {
  const valid =
    Number.isInteger(year) && year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  return valid ? fromDayNumber(dayNumber(year, month, day)) : null;
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Splits an ISO date; null for anything that is not a real 'YYYY-MM-DD' date. */
export function parseIsoDate(value: string | null | undefined): DateParts | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isoDate(year, month, day) === value ? { year, month, day } : null;
}

/** The Julian day number of an ISO date; throws on a malformed date (a programming error). */
export function toDayNumber(value: string): number {
  const parts = parseIsoDate(value);
  if (!parts) throw new RangeError(`Not an ISO date: ${value}`);
  return dayNumber(parts.year, parts.month, parts.day);
}

export function addDays(value: string, days: number): string {
  return fromDayNumber(toDayNumber(value) + days);
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function weekday(value: string): number {
  return (toDayNumber(value) + 1) % 7;
}

/**
 * "01/4/2026", "13/02/2026": Decree 30/2020/NĐ-CP, Appendix I, writes days below 10 and the
 * months 1 and 2 with a leading zero; the seeds follow it.
 */
export function formatDate(value: string): string {
  const parts = parseIsoDate(value);
  if (!parts) return value;
  return `${pad2(parts.day)}/${formatMonth(parts.month)}/${parts.year}`;
}

/** A month as Decree 30/2020 writes it in dates: "01", "02", then "3" … "12". */
export function formatMonth(month: number): string {
  return month <= 2 ? pad2(month) : String(month);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

const VIETNAM_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

let clockOffsetMs = 0;

/**
 * Sets the product's clock to read `start` now and run on from there (CLOCK_START, for training
 * rooms and for journeys that live through a reporting month; docs/decisions/008-clock.md).
 */
export function setClock(start: Date | null): void {
  clockOffsetMs = start ? start.getTime() - Date.now() : 0;
}

/** The product's "now": deadlines, periods and submission days are judged by it. */
export function now(): Date {
  return new Date(Date.now() + clockOffsetMs);
}

/** The calendar day in Việt Nam (UTC+7) at an instant: deadlines and periods are Vietnamese days. */
export function vietnamDay(at: Date = now()): string {
  return VIETNAM_DAY.format(at);
}
