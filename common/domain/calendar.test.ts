import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CalendarDay, lunarToSolar, solarToLunar, vietnameseHolidays, workingCalendar } from './calendar.ts';
import { TET_DATES } from './fixtures/tet-dates.ts';
import { addDays, dayNumber, fromDayNumber } from './iso-date.ts';

describe('lunar calendar (UTC+7)', () => {
  it.each(Object.entries(TET_DATES))('Tết %s falls on %s', (year, date) => {
    expect(lunarToSolar({ day: 1, month: 1, year: Number(year), leap: false })).toBe(date);
    expect(solarToLunar(date)).toEqual({ day: 1, month: 1, year: Number(year), leap: false });
    const eve = solarToLunar(addDays(date, -1));
    expect([eve.month, eve.year]).toEqual([12, Number(year) - 1]);
    expect([29, 30]).toContain(eve.day);
  });

  it.each([
    [2021, '2021-04-21'],
    [2022, '2022-04-10'],
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])("the Hùng Kings' day (10/3 lunar) of %i is %s", (year, date) => {
    expect(lunarToSolar({ day: 10, month: 3, year, leap: false })).toBe(date);
  });

  it('knows leap months: 2023 had a second month 2, 2025 a second month 6', () => {
    expect(solarToLunar('2023-03-22')).toEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(lunarToSolar({ day: 1, month: 6, year: 2025, leap: true })).toBe('2025-07-25');
    expect(lunarToSolar({ day: 1, month: 5, year: 2023, leap: true })).toBeNull();
    expect(lunarToSolar({ day: 1, month: 5, year: 2024, leap: true })).toBeNull();
  });

  it('converts back and forth without losing a day, 1950–2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber(1950, 1, 1), max: dayNumber(2100, 12, 31) }), (jd) => {
        const date = fromDayNumber(jd);
        expect(lunarToSolar(solarToLunar(date))).toBe(date);
      }),
    );
  });
});

describe('vietnameseHolidays (Labour Code 2019, Art. 112)', () => {
  it('lists 2025: Tết is the last day of Giáp Thìn and mùng 1–4 of Ất Tỵ; 1/2 is a Saturday, made up on 3/2', () => {
    expect(vietnameseHolidays(2025).map((d) => [d.date, d.kind])).toEqual([
      ['2025-01-01', 'holiday'],
      ['2025-01-28', 'holiday'],
      ['2025-01-29', 'holiday'],
      ['2025-01-30', 'holiday'],
      ['2025-01-31', 'holiday'],
      ['2025-02-01', 'holiday'],
      ['2025-02-03', 'compensatory'],
      ['2025-04-07', 'holiday'],
      ['2025-04-30', 'holiday'],
      ['2025-05-01', 'holiday'],
      ['2025-09-01', 'holiday'],
      ['2025-09-02', 'holiday'],
    ]);
  });

  it.each([
    [2021, '2021-09-03'],
    [2022, '2022-09-01'],
    [2023, '2023-09-01'],
    [2024, '2024-09-03'],
    [2025, '2025-09-01'],
  ])('pairs 2/9/%i with the adjacent day the government chose, %s', (year, adjacent) => {
    const national = vietnameseHolidays(year).filter((d) => d.kind === 'holiday' && d.date.startsWith(`${year}-09`));
    expect(national.map((d) => d.date).sort()).toEqual([adjacent, `${year}-09-02`].sort());
  });

  it('makes up a holiday on a weekend on the next free working day (Art. 111(3))', () => {
    // 2023: 1/1 a Sunday; Tết eve and mùng 1 on 21–22/1; Giỗ Tổ and 30/4 on 29–30/4 (off 29/4–3/5, as decided); 2/9 a Saturday.
    const compensatory = (year: number) => vietnameseHolidays(year).filter((d) => d.kind === 'compensatory');
    expect(compensatory(2023).map((d) => d.date)).toEqual([
      '2023-01-02',
      '2023-01-26',
      '2023-01-27',
      '2023-05-02',
      '2023-05-03',
      '2023-09-04',
    ]);
    expect(compensatory(2026)).toEqual([{ date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'compensatory' }]);
  });

  it('has 11 statutory days on 11 distinct dates every year', () => {
    for (let year = 1990; year <= 2100; year++) {
      const days = vietnameseHolidays(year);
      expect(days.filter((d) => d.kind === 'holiday')).toHaveLength(11);
      expect(new Set(days.map((d) => d.date)).size).toBe(days.length);
      expect(days.every((d) => d.date.startsWith(String(year)))).toBe(true);
    }
  });
});

describe('workingCalendar', () => {
  const calendar = workingCalendar([...vietnameseHolidays(2025), ...vietnameseHolidays(2026)]);

  it('skips weekends and holidays', () => {
    expect(calendar.isWorkingDay('2026-04-17')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2026-04-18')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-04-19')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2026-02-17')).toBe(false); // mùng 1 Tết Bính Ngọ
    expect(calendar.isWorkingDay('2026-09-02')).toBe(false);
  });

  it('counts working days across Tết and weekends', () => {
    // Thursday 12/2/2026; Tết Bính Ngọ is Monday 16/2 to Friday 20/2.
    expect(calendar.addWorkingDays('2026-02-12', 1)).toBe('2026-02-13');
    expect(calendar.addWorkingDays('2026-02-12', 2)).toBe('2026-02-23');
    expect(calendar.addWorkingDays('2026-02-12', 7)).toBe('2026-03-02');
    expect(calendar.addWorkingDays('2026-03-02', -7)).toBe('2026-02-12');
    expect(calendar.workingDaysBetween('2026-02-12', '2026-03-02')).toBe(7);
    expect(calendar.workingDaysBetween('2026-03-02', '2026-02-12')).toBe(-7);
  });

  it("times a PPP dossier: 7 working days' appraisal, then 5 for approval (seed 003)", () => {
    // Received Friday 24/4/2026: 26/4 Giỗ Tổ is a Sunday, made up on 27/4; 30/4 and 1/5 are off.
    const appraised = calendar.addWorkingDays('2026-04-24', 7);
    expect(appraised).toBe('2026-05-08');
    expect(calendar.addWorkingDays(appraised, 5)).toBe('2026-05-15');
  });

  it('follows the year as the admins edit it: swapped days off and working Saturdays', () => {
    // Tết Ất Tỵ as decided: Monday 27/1/2025 off in exchange for Saturday 8/2/2025.
    const days: CalendarDay[] = [
      { date: '2025-01-27', name: 'Nghỉ hoán đổi', kind: 'day-off' },
      ...['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'].map((date) => ({ date, name: 'Tết', kind: 'holiday' as const })),
      { date: '2025-02-08', name: 'Làm bù cho 27/1', kind: 'working-day' },
    ];
    const edited = workingCalendar(days);
    expect(edited.isWorkingDay('2025-01-27')).toBe(false);
    expect(edited.isWorkingDay('2025-02-08')).toBe(true);
    expect(edited.addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
    expect(edited.workingDaysBetween('2025-02-01', '2025-02-08')).toBe(6);
  });

  it('takes 0 as the day itself and rejects a malformed date', () => {
    expect(calendar.addWorkingDays('2026-04-18', 0)).toBe('2026-04-18');
    expect(() => calendar.addWorkingDays('18/4/2026', 1)).toThrow(RangeError);
  });

  it('is its own inverse: workingDaysBetween(a, addWorkingDays(a, n)) = n', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber(2025, 1, 1), max: dayNumber(2026, 12, 31) }), fc.integer({ min: -40, max: 40 }), (jd, n) => {
        const a = fromDayNumber(jd);
        const b = calendar.addWorkingDays(a, n);
        expect(calendar.workingDaysBetween(a, b)).toBe(n);
        if (n !== 0) expect(calendar.isWorkingDay(b)).toBe(true);
      }),
    );
  });
});
