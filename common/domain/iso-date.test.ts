import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, formatDate, fromDayNumber, isoDate, parseIsoDate, weekday } from './iso-date.ts';

describe('ISO dates', () => {
  it('rejects dates that do not exist', () => {
    expect(isoDate(2026, 4, 31)).toBeNull();
    expect(isoDate(2025, 2, 29)).toBeNull();
    expect(isoDate(2024, 2, 29)).toBe('2024-02-29');
    expect(parseIsoDate('2026-02-30')).toBeNull();
    expect(parseIsoDate('2026-4-1')).toBeNull();
    expect(parseIsoDate(null)).toBeNull();
  });

  it('counts days and weekdays like UTC', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(weekday('2026-04-18')).toBe(6);
    fc.assert(
      fc.property(fc.integer({ min: dayNumber(1900, 1, 1), max: dayNumber(2200, 12, 31) }), (jd) => {
        const iso = fromDayNumber(jd);
        const utc = new Date(`${iso}T00:00:00Z`);
        expect(utc.toISOString().slice(0, 10)).toBe(iso);
        expect(weekday(iso)).toBe(utc.getUTCDay());
        expect(parseIsoDate(iso)).not.toBeNull();
      }),
    );
  });

  it('writes dates as Decree 30/2020 does: a leading zero for days below 10 and months 1 and 2', () => {
    expect(formatDate('2026-04-01')).toBe('01/4/2026');
    expect(formatDate('2026-02-13')).toBe('13/02/2026');
    expect(formatDate('2026-11-30')).toBe('30/11/2026');
  });
});
