/**
 * Reporting periods (DESIGN.md "Reference", Decree 09/2019/NĐ-CP Art. 12). Data are cut off on
 * the 14th: a month's data run from the 15th of the previous month to the 14th; a quarter's from
 * the 15th of the month before it to the 14th of its last month; the first half from 15/12 to
 * 14/6, the second from 15/6 to 14/12; nine months from 15/12 to 14/9; a year from 15/12 to
 * 14/12. Every period is "the `length` months ending on the cut-off day of its last month".
 * The submission day is set per regime (004: before the 20th of each month; 003: before 15/12)
 * and must come after the cut-off. Ad hoc periods are given their dates by a person.
 */
import { daysInMonth, isoDate, parseIsoDate } from './iso-date.ts';

export const FREQUENCIES = ['monthly', 'quarterly', 'half', 'nine_months', 'annual', 'ad_hoc'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const FREQUENCY_LABELS: Record<Frequency, string> = {
  monthly: 'Hằng tháng',
  quarterly: 'Hằng quý',
  half: '6 tháng',
  nine_months: '9 tháng',
  annual: 'Hằng năm',
  ad_hoc: 'Đột xuất',
};

export interface PeriodRules {
  /** the last day of data in the period's last month (Decree 09: the 14th) */
  cutoffDay: number;
  /** the report is due on this day of the period's last month */
  dueDay: number;
}

export const MONTHLY_RULES: PeriodRules = { cutoffDay: 14, dueDay: 20 };

export interface ReportingPeriod {
  /** "2026-05", "2026-Q2", "2026-H1", "2026-9M", "2026" */
  key: string;
  start: string;
  end: string;
  due: string;
  label: string;
}

/** The periods of each frequency: their length in months and the months they end in. */
const SHAPES: Record<Exclude<Frequency, 'ad_hoc'>, { length: number; endMonths: number[] }> = {
  monthly: { length: 1, endMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
  quarterly: { length: 3, endMonths: [3, 6, 9, 12] },
  half: { length: 6, endMonths: [6, 12] },
  nine_months: { length: 9, endMonths: [9] },
  annual: { length: 12, endMonths: [12] },
};

const ROMAN = ['I', 'II', 'III', 'IV'];

function keyOf(frequency: Exclude<Frequency, 'ad_hoc'>, year: number, endMonth: number): string {
  switch (frequency) {
    case 'monthly':
      return `${year}-${String(endMonth).padStart(2, '0')}`;
    case 'quarterly':
      return `${year}-Q${endMonth / 3}`;
    case 'half':
      return `${year}-H${endMonth / 6}`;
    case 'nine_months':
      return `${year}-9M`;
    case 'annual':
      return String(year);
  }
}

function labelOf(frequency: Exclude<Frequency, 'ad_hoc'>, year: number, endMonth: number): string {
  switch (frequency) {
    case 'monthly':
      return `Tháng ${endMonth}/${year}`;
    case 'quarterly':
      return `Quý ${ROMAN[endMonth / 3 - 1]}/${year}`;
    case 'half':
      return endMonth === 6 ? `6 tháng đầu năm ${year}` : `6 tháng cuối năm ${year}`;
    case 'nine_months':
      return `9 tháng năm ${year}`;
    case 'annual':
      return `Năm ${year}`;
  }
}

/** The year and last month a key names, or null when the key is not of this frequency. */
function endOfKey(frequency: Exclude<Frequency, 'ad_hoc'>, key: string): { year: number; endMonth: number } | null {
  const patterns: Record<typeof frequency, RegExp> = {
    monthly: /^(\d{4})-(0[1-9]|1[0-2])$/,
    quarterly: /^(\d{4})-Q([1-4])$/,
    half: /^(\d{4})-H([12])$/,
    nine_months: /^(\d{4})-9M$/,
    annual: /^(\d{4})$/,
  };
  const m = patterns[frequency].exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  const step = { monthly: 1, quarterly: 3, half: 6, nine_months: 9, annual: 12 }[frequency];
  return { year, endMonth: frequency === 'nine_months' || frequency === 'annual' ? step : Number(m[2]) * step };
}

function build(frequency: Exclude<Frequency, 'ad_hoc'>, year: number, endMonth: number, rules: PeriodRules): ReportingPeriod {
  const clamp = (y: number, mo: number, d: number) => isoDate(y, mo, Math.min(d, daysInMonth(y, mo))) as string;
  const months = year * 12 + (endMonth - 1) - SHAPES[frequency].length;
  const startYear = Math.floor(months / 12);
  const startMonth = (months % 12) + 1;
  return {
    key: keyOf(frequency, year, endMonth),
    start: clamp(startYear, startMonth, rules.cutoffDay + 1),
    end: clamp(year, endMonth, rules.cutoffDay),
    due: clamp(year, endMonth, rules.dueDay),
    label: labelOf(frequency, year, endMonth),
  };
}

/** The period of a frequency named by its key ("2026-Q2"), or null for a malformed key. */
export function periodOf(frequency: Frequency, key: string, rules: PeriodRules = MONTHLY_RULES): ReportingPeriod | null {
  if (frequency === 'ad_hoc') return null;
  const end = endOfKey(frequency, key);
  return end ? build(frequency, end.year, end.endMonth, rules) : null;
}

/** Every period of a frequency that has started by `to` and ends on or after `from`, oldest first. */
export function periodsBetween(frequency: Frequency, from: string, to: string, rules: PeriodRules = MONTHLY_RULES): ReportingPeriod[] {
  if (frequency === 'ad_hoc') return [];
  const first = parseIsoDate(from);
  const last = parseIsoDate(to);
  if (!first || !last) throw new RangeError(`not ISO dates: ${from}, ${to}`);
  const out: ReportingPeriod[] = [];
  for (let year = first.year; year <= last.year + 1; year++) {
    for (const endMonth of SHAPES[frequency].endMonths) {
      const p = build(frequency, year, endMonth, rules);
      if (p.end >= from && p.start <= to) out.push(p);
    }
  }
  return out;
}

/** The monthly periods a period is made of: their progress updates make up its report. */
export function monthKeysWithin(period: Pick<ReportingPeriod, 'start' | 'end'>, rules: PeriodRules = MONTHLY_RULES): string[] {
  return periodsBetween('monthly', period.start, period.end, rules)
    .filter((m) => m.start >= period.start && m.end <= period.end)
    .map((m) => m.key);
}

export function isPeriodKey(value: string): boolean {
  return endOfKey('monthly', value) !== null;
}

export function monthlyPeriod(key: string, rules: PeriodRules = MONTHLY_RULES): ReportingPeriod | null {
  return periodOf('monthly', key, rules);
}

/**
 * The monthly period a unit reports for on `date`: the month whose report is next due. On 18/11
 * it is November's (data to 14/11, due 20/11); from 21/11 it is December's.
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
  return build('monthly', year, month, rules);
}
