import { describe, expect, it } from 'vitest';
import { currentPeriod, isPeriodKey, monthlyPeriod } from './period.ts';

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
