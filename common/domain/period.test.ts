import { describe, expect, it } from 'vitest';
import { addDays } from './iso-date.ts';
import { currentPeriod, isPeriodKey, monthKeysWithin, monthlyPeriod, periodOf, periodsBetween, type ReportingPeriod } from './period.ts';

describe('monthly reporting periods (Decree 09/2019, 004: before the 20th)', () => {
  it('runs from the 15th of the previous month to the 14th, due on the 20th', () => {
    expect(monthlyPeriod('2026-05')).toEqual({
      key: '2026-05',
      start: '2026-04-15',
      end: '2026-05-14',
      due: '2026-05-20',
      label: 'Tháng 5/2026',
    });
    expect(monthlyPeriod('2026-01')).toMatchObject({ start: '2025-12-15', end: '2026-01-14' });
  });

  it('gives the period whose report is next due', () => {
    expect(currentPeriod('2026-11-18').key).toBe('2026-11');
    expect(currentPeriod('2026-11-20').key).toBe('2026-11');
    expect(currentPeriod('2026-11-21').key).toBe('2026-12');
    expect(currentPeriod('2026-12-25').key).toBe('2027-01');
  });

  it('rejects malformed keys', () => {
    expect(isPeriodKey('2026-13')).toBe(false);
    expect(isPeriodKey('2026-5')).toBe(false);
    expect(monthlyPeriod('x')).toBeNull();
  });
});

describe('periods of every frequency (Decree 09/2019 Art. 12 cut-offs)', () => {
  const yearly = { cutoffDay: 14, dueDay: 15 };
  it('quarters run from the 15th of the month before the quarter to the 14th of its last month', () => {
    expect(periodOf('quarterly', '2026-Q2')).toEqual({
      key: '2026-Q2',
      start: '2026-03-15',
      end: '2026-06-14',
      due: '2026-06-20',
      label: 'Quý II/2026',
    });
    // The first quarter starts in the previous year.
    expect(periodOf('quarterly', '2026-Q1')).toMatchObject({ start: '2025-12-15', end: '2026-03-14' });
    expect(periodOf('quarterly', '2026-Q4')).toMatchObject({ start: '2026-09-15', end: '2026-12-14' });
  });

  it('halves, nine months and the year cross the year end on 15/12', () => {
    expect(periodOf('half', '2026-H1')).toMatchObject({ start: '2025-12-15', end: '2026-06-14', label: '6 tháng đầu năm 2026' });
    expect(periodOf('half', '2026-H2')).toMatchObject({ start: '2026-06-15', end: '2026-12-14' });
    expect(periodOf('nine_months', '2026-9M')).toMatchObject({ start: '2025-12-15', end: '2026-09-14', label: '9 tháng năm 2026' });
    // 003: the yearly report is due before 15/12.
    expect(periodOf('annual', '2026', yearly)).toEqual({
      key: '2026',
      start: '2025-12-15',
      end: '2026-12-14',
      due: '2026-12-15',
      label: 'Năm 2026',
    });
  });

  it('January runs from 15 December of the year before, and December ends on 14/12', () => {
    expect(periodOf('monthly', '2027-01')).toMatchObject({ start: '2026-12-15', end: '2027-01-14', due: '2027-01-20' });
    expect(periodOf('monthly', '2026-12')).toMatchObject({ start: '2026-11-15', end: '2026-12-14' });
    // 15/12 already belongs to next year's first month, quarter, half and year.
    const keys = (f: Parameters<typeof periodsBetween>[0]) => periodsBetween(f, '2026-12-15', '2026-12-15').map((p) => p.key);
    expect(keys('monthly')).toEqual(['2027-01']);
    expect(keys('quarterly')).toEqual(['2027-Q1']);
    expect(keys('half')).toEqual(['2027-H1']);
    expect(keys('annual')).toEqual(['2027']);
    expect(periodsBetween('annual', '2026-12-14', '2026-12-14').map((p) => p.key)).toEqual(['2026']);
  });

  it('lists the periods that touch a range, oldest first, and the months inside a period', () => {
    expect(periodsBetween('quarterly', '2026-01-01', '2026-07-01').map((p) => p.key)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(monthKeysWithin(periodOf('quarterly', '2026-Q2') as ReportingPeriod)).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(monthKeysWithin(periodOf('annual', '2026') as ReportingPeriod)).toHaveLength(12);
    expect(monthKeysWithin(periodOf('monthly', '2026-04') as ReportingPeriod)).toEqual(['2026-04']);
  });

  it('consecutive periods of a frequency tile the calendar with no gap or overlap', () => {
    for (const f of ['monthly', 'quarterly', 'half', 'annual'] as const) {
      const ps = periodsBetween(f, '2024-01-01', '2028-12-31');
      for (const [i, p] of ps.entries()) if (i > 0) expect(addDays(ps[i - 1]?.end as string, 1)).toBe(p.start);
    }
  });

  it('refuses keys of another frequency', () => {
    expect(periodOf('quarterly', '2026-04')).toBeNull();
    expect(periodOf('monthly', '2026-Q1')).toBeNull();
    expect(periodOf('half', '2026-H3')).toBeNull();
    expect(periodOf('ad_hoc', '2026')).toBeNull();
  });
});
