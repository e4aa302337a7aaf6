/**
 * Monthly reporting periods (DESIGN.md "Reference", Decree 09/2019/NĐ-CP Art. 12): the month
 * M's data run from the 15th of M-1 to the 14th of M, and 004 asks for the report before the
 * 20th of M. Issue 5 makes the calendar configurable; the defaults are 004's.
 */
import { daysInMonth, isoDate, parseIsoDate } from './iso-date.ts';

export interface PeriodRules {
  /** the last day of data in the reporting month */
  cutoffDay: number;
  /** the report is due on this day of the reporting month */
  dueDay: number;
}

export const MONTHLY_RULES: PeriodRules = { cutoffDay: 14, dueDay: 20 };

export interface ReportingPeriod {
  /** "2026-05" */
  key: string;
  start: string;
  end: string;
  due: string;
  label: string;
}

const KEY = /^(\d{4})-(\d{2})$/;

export function isPeriodKey(value: string): boolean {
  const m = KEY.exec(value);
  return Boolean(m && Number(m[2]) >= 1 && Number(m[2]) <= 12);
}

export function monthlyPeriod(key: string, rules: PeriodRules = MONTHLY_RULES): ReportingPeriod | null {
  const m = KEY.exec(key);
  if (!m || !isPeriodKey(key)) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const prevYear = month === 1 ? year - 1 : year;
  const prevMonth = month === 1 ? 12 : month - 1;
  const clamp = (y: number, mo: number, d: number) => isoDate(y, mo, Math.min(d, daysInMonth(y, mo))) as string;
  return {
    key,
    start: clamp(prevYear, prevMonth, rules.cutoffDay + 1),
    end: clamp(year, month, rules.cutoffDay),
    due: clamp(year, month, rules.dueDay),
    label: `Tháng ${month}/${year}`,
  };
}

/**
 * The period a unit reports for on `date`: the month whose report is next due. On 18/11 it is
 * November's (data to 14/11, due 20/11); from 21/11 it is December's.
 */
export function currentPeriod(date: string, rules: PeriodRules = MONTHLY_RULES): ReportingPeriod {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError(`not an ISO date: ${date}`);
  let { year, month } = d;
  if (d.day > rules.dueDay) {
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return monthlyPeriod(`${year}-${String(month).padStart(2, '0')}`, rules) as ReportingPeriod;
}
