/**
 * Working days (DESIGN.md rule 4, issue 3 §7): weekends and Vietnamese public holidays, with
 * Tết and the Hùng Kings' day taken from the lunar calendar computed for UTC+7.
 *
 * The lunar calendar is Hồ Ngọc Đức's algorithm (new moons and the sun's longitude after
 * Jean Meeus, "Astronomical Algorithms"), the one Vietnamese calendars are printed from.
 */
import { addDays, dayNumber, fromDayNumber, parseIsoDate, toDayNumber, weekday } from './iso-date.ts';

/** Vietnam's civil time, UTC+7; the lunar month starts on the day of the new moon there. */
const TIME_ZONE = 7;

export interface LunarDate {
  day: number;
  month: number;
  year: number;
  /** A leap month (tháng nhuận) repeats the number of the month before it. */
  leap: boolean;
}

const { floor, sin, PI } = Math;

/** Julian day number of the k-th new moon after 1/1/1900, in the time zone. */
function newMoonDay(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let C1 = (0.1734 - 0.000393 * T) * sin(M * dr) + 0.0021 * sin(2 * dr * M);
  C1 = C1 - 0.4068 * sin(Mpr * dr) + 0.0161 * sin(dr * 2 * Mpr);
  C1 = C1 - 0.0004 * sin(dr * 3 * Mpr);
  C1 = C1 + 0.0104 * sin(dr * 2 * F) - 0.0051 * sin(dr * (M + Mpr));
  C1 = C1 - 0.0074 * sin(dr * (M - Mpr)) + 0.0004 * sin(dr * (2 * F + M));
  C1 = C1 - 0.0004 * sin(dr * (2 * F - M)) - 0.0006 * sin(dr * (2 * F + Mpr));
  C1 = C1 + 0.001 * sin(dr * (2 * F - Mpr)) + 0.0005 * sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3 : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return floor(jd1 + C1 - deltaT + 0.5 + TIME_ZONE / 24);
}

/** The sun's longitude at the start of a day, as a sector 0–11 of 30° each. */
function sunLongitude(jdn: number): number {
  const T = (jdn - 0.5 - TIME_ZONE / 24 - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * sin(dr * M);
  DL += (0.019993 - 0.000101 * T) * sin(dr * 2 * M) + 0.00029 * sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L -= PI * 2 * floor(L / (PI * 2));
  return floor((L / PI) * 6);
}

const SYNODIC_MONTH = 29.530588853;
const EPOCH = 2415021.076998695;

/** The day the 11th lunar month (the one holding the winter solstice) begins, for a solar year. */
function lunarMonth11(year: number): number {
  const k = floor((dayNumber(year, 12, 31) - 2415021) / SYNODIC_MONTH);
  const nm = newMoonDay(k);
  return sunLongitude(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

/** Which month after month 11 is the leap month, in a lunar year of 13 months. */
function leapMonthOffset(a11: number): number {
  const k = floor((a11 - EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunLongitude(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunLongitude(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

export function solarToLunar(date: string): LunarDate {
  const day = toDayNumber(date);
  const year = Number(date.slice(0, 4));
  const k = floor((day - EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1);
  if (monthStart > day) monthStart = newMoonDay(k);
  let a11 = lunarMonth11(year);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = year;
    a11 = lunarMonth11(year - 1);
  } else {
    lunarYear = year + 1;
    b11 = lunarMonth11(year + 1);
  }
  const diff = floor((monthStart - a11) / 29);
  let month = diff + 11;
  let leap = false;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { day: day - monthStart + 1, month, year: lunarYear, leap };
}

/** The solar date of a lunar date; null for a leap month that year does not have. */
export function lunarToSolar({ day, month, year, leap }: LunarDate): string | null {
  const [a11, b11] = month < 11 ? [lunarMonth11(year - 1), lunarMonth11(year)] : [lunarMonth11(year), lunarMonth11(year + 1)];
  const k = floor(0.5 + (a11 - EPOCH) / SYNODIC_MONTH);
  let offset = month - 11;
  if (offset < 0) offset += 12;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11);
    let leapMonth = leapOffset - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return null;
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    return null;
  }
  return fromDayNumber(newMoonDay(k + offset) + day - 1);
}

// ——— Holidays ———

/**
 * - `holiday`: a public holiday of the Labour Code 2019, Art. 112;
 * - `compensatory`: a day off in lieu of a holiday that fell on a weekly rest day (Art. 111(3));
 * - `day-off`: any other day off the government grants, such as a swapped working day;
 * - `working-day`: a weekend day worked in exchange for a swapped day off.
 */
export const CALENDAR_DAY_KINDS = ['holiday', 'compensatory', 'day-off', 'working-day'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export const CALENDAR_DAY_KIND_LABELS: Record<CalendarDayKind, string> = {
  holiday: 'Nghỉ lễ, Tết',
  compensatory: 'Nghỉ bù',
  'day-off': 'Nghỉ hoán đổi',
  'working-day': 'Làm bù',
};

export interface CalendarDay {
  date: string;
  name: string;
  kind: CalendarDayKind;
}

/** Saturday and Sunday: the weekly rest days of state agencies. */
export const WEEKEND: readonly number[] = [6, 0];

/**
 * The statutory days off of a year, a starting point admins then edit (DESIGN.md rule 4):
 * Labour Code 2019, Art. 112(1):
 * - 1/1;
 * - Tết Nguyên đán, 5 days. The Prime Minister fixes them each year; by default we take the
 *   last day of the old lunar year and the first four days of the new one;
 * - Giỗ Tổ Hùng Vương, 10/3 lunar;
 * - 30/4 and 1/5;
 * - Quốc khánh, 2/9 and "the day before or after". We take the day that joins the pair to a
 *   weekend (1/9 when 2/9 is a Tuesday, Friday or Saturday, 3/9 otherwise), which is the
 *   choice made every year from 2021 to 2025.
 * Then Art. 111(3): a holiday that falls on a weekend is made up on the next working day.
 */
export function vietnameseHolidays(year: number): CalendarDay[] {
  const days: CalendarDay[] = [{ date: `${year}-01-01`, name: 'Tết Dương lịch', kind: 'holiday' }];
  // Months 1 and 3 (not leap) exist in every lunar year, so these two lookups never miss.
  const tet = lunarToSolar({ day: 1, month: 1, year, leap: false }) as string;
  days.push({ date: addDays(tet, -1), name: 'Tết Nguyên đán (ngày cuối năm âm lịch)', kind: 'holiday' });
  for (let i = 0; i < 4; i++) days.push({ date: addDays(tet, i), name: `Tết Nguyên đán (mùng ${i + 1})`, kind: 'holiday' });
  const hungKings = lunarToSolar({ day: 10, month: 3, year, leap: false }) as string;
  days.push({ date: hungKings, name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'holiday' });
  days.push({ date: `${year}-04-30`, name: 'Ngày Chiến thắng', kind: 'holiday' });
  days.push({ date: `${year}-05-01`, name: 'Ngày Quốc tế Lao động', kind: 'holiday' });
  const nationalDay = `${year}-09-02`;
  const adjacent = [2, 5, 6].includes(weekday(nationalDay)) ? `${year}-09-01` : `${year}-09-03`;
  days.push({ date: nationalDay, name: 'Quốc khánh', kind: 'holiday' });
  days.push({ date: adjacent, name: 'Quốc khánh (ngày liền kề)', kind: 'holiday' });
  days.sort((a, b) => (a.date < b.date ? -1 : 1));

  const off = new Set(days.map((d) => d.date));
  for (const holiday of days.filter((d) => WEEKEND.includes(weekday(d.date)))) {
    let date = addDays(holiday.date, 1);
    while (off.has(date) || WEEKEND.includes(weekday(date))) date = addDays(date, 1);
    off.add(date);
    days.push({ date, name: `Nghỉ bù ${holiday.name}`, kind: 'compensatory' });
  }
  return days.sort((a, b) => (a.date < b.date ? -1 : 1));
}

// ——— Working days ———

export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
  /**
   * The n-th working day after `date`, which itself does not count (Civil Code 2015, Art. 147:
   * a period counted in days starts the day after the event). Negative n counts back; 0 is `date`.
   * "Appraisal within 7 working days of a complete dossier": addWorkingDays(received, 7).
   */
  addWorkingDays(date: string, n: number): string;
  /** Working days stepped on from a to b, b counted and a not; negative when b is before a. Inverse of addWorkingDays. */
  workingDaysBetween(a: string, b: string): number;
}

/** A calendar from a year's list of days as the admins keep it; a `working-day` entry beats the weekend. */
export function workingCalendar(days: readonly CalendarDay[], weekend: readonly number[] = WEEKEND): WorkingCalendar {
  const working = new Set(days.filter((d) => d.kind === 'working-day').map((d) => d.date));
  const off = new Set(days.filter((d) => d.kind !== 'working-day').map((d) => d.date));
  const isWorkingDay = (date: string) => working.has(date) || (!off.has(date) && !weekend.includes(weekday(date)));

  return {
    isWorkingDay,
    addWorkingDays(date, n) {
      if (!parseIsoDate(date) || !Number.isInteger(n)) throw new RangeError(`addWorkingDays(${date}, ${n})`);
      const step = Math.sign(n);
      let jd = toDayNumber(date);
      for (let left = Math.abs(n); left > 0; ) {
        jd += step;
        if (isWorkingDay(fromDayNumber(jd))) left--;
      }
      return fromDayNumber(jd);
    },
    workingDaysBetween(a, b) {
      const step = a <= b ? 1 : -1;
      let count = 0;
      for (let jd = toDayNumber(a), end = toDayNumber(b); jd !== end; ) {
        jd += step;
        if (isWorkingDay(fromDayNumber(jd))) count += step;
      }
      return count;
    },
  };
}
