import { describe, expect, it } from 'vitest';
import { percentOf, reportingRates, submissionState } from './reporting.ts';

describe('submission status of a periodic report', () => {
  it('is on time up to and including the due day, late after it', () => {
    expect(submissionState('2026-04-20', '2026-04-20', '2026-05-01')).toBe('on_time');
    expect(submissionState('2026-04-21', '2026-04-20', '2026-05-01')).toBe('late');
  });
  it('is pending until the due day passes, then missing', () => {
    expect(submissionState(null, '2026-04-20', '2026-04-20')).toBe('pending');
    expect(submissionState(null, '2026-04-20', '2026-04-21')).toBe('missing');
  });
});

describe('reporting rates as DHIS2 computes them', () => {
  it('divides submitted and on-time reports by the expected ones', () => {
    const rates = reportingRates(['on_time', 'late', 'missing']);
    expect(rates).toEqual({ expected: 3, submitted: 2, onTime: 1, late: 1, missing: 1, pending: 0, completeness: 66.7, timeliness: 33.3 });
  });
  it('counts a pending report as expected, and gives 0 with nothing expected', () => {
    expect(reportingRates(['pending', 'on_time'])).toMatchObject({ completeness: 50, timeliness: 50, pending: 1 });
    expect(reportingRates([])).toMatchObject({ expected: 0, completeness: 0, timeliness: 0 });
    expect(percentOf(2, 3)).toBe(66.7);
  });
});
