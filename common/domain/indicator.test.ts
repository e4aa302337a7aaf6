import { describe, expect, it } from 'vitest';
import { entryWindow, expectedOn, forecast2030, judge, pathOf, type Trajectory, valueProblem } from './indicator.ts';

// 5G coverage: no baseline in 002, 95% by the end of 2026 (004 Phụ lục I), 100% by 2030 (002 §I.2 (1)).
const fiveG: Trajectory = { baseline: null, yearly: [{ year: 2026, value: 95 }], target2030: 100, direction: 'higher' };
// DTI: 0.79 in 2024 (002 Phần 1), 0.8 by 2030.
const dti: Trajectory = { baseline: { value: 0.79, year: 2024 }, yearly: [], target2030: 0.8, direction: 'higher' };
// PII: 13th of 34 in 2025, top 10 by 2030 (a rank: lower is better).
const pii: Trajectory = { baseline: { value: 13, year: 2025 }, yearly: [], target2030: 10, direction: 'lower' };

describe('the expected path', () => {
  it('runs from the baseline through the yearly targets to 2030, each at the end of its year', () => {
    expect(pathOf(fiveG)).toEqual([
      { on: '2026-12-31', value: 95, kind: 'yearly' },
      { on: '2030-12-31', value: 100, kind: 'target' },
    ]);
    expect(pathOf(dti).map((p) => p.on)).toEqual(['2024-12-31', '2030-12-31']);
  });

  it('is linear between its points, flat before the first and after 2030', () => {
    expect(expectedOn(fiveG, '2026-09-14')).toBe(95);
    expect(expectedOn(fiveG, '2028-12-31')).toBeCloseTo(97.5, 1);
    expect(expectedOn(fiveG, '2031-06-30')).toBe(100);
    expect(expectedOn(dti, '2027-12-31')).toBeCloseTo(0.795, 3);
    expect(expectedOn(pii, '2028-12-31')).toBeCloseTo(11.2, 1);
  });
});

describe('judging a value against the path', () => {
  it('5G at 92% in Q3/2026 reaches 96.8% of the 95% expected: on track', () => {
    expect(judge(fiveG, 92, '2026-09-14')).toBe('on_track');
  });

  it('uses the thresholds 95% and 85% of the expected value by default', () => {
    expect(judge(fiveG, 90.25, '2026-09-14')).toBe('on_track'); // exactly 95%
    expect(judge(fiveG, 90, '2026-09-14')).toBe('at_risk');
    expect(judge(fiveG, 80, '2026-09-14')).toBe('off_track');
    expect(judge(fiveG, null, '2026-09-14')).toBe('no_data');
    expect(judge(fiveG, 90, '2026-09-14', { onTrack: 0.9, offTrack: 0.8 })).toBe('on_track');
  });

  it('for a rank, a lower place is better', () => {
    expect(judge(pii, 11, '2028-12-31')).toBe('on_track');
    expect(judge(pii, 13, '2028-12-31')).toBe('at_risk');
    expect(judge(pii, 14, '2028-12-31')).toBe('off_track');
  });
});

describe('the forecast to 2030', () => {
  it('follows the least-squares line of the values', () => {
    const values = [
      { on: '2026-12-31', value: 0.79 },
      { on: '2027-12-31', value: 0.8 },
    ];
    expect(forecast2030('number', values)).toBeCloseTo(0.83, 2);
  });

  it('needs two days, and keeps percentages within 0–100', () => {
    expect(forecast2030('percent', [{ on: '2026-09-14', value: 92 }])).toBeNull();
    expect(
      forecast2030('percent', [
        { on: '2026-06-14', value: 80 },
        { on: '2026-09-14', value: 92 },
      ]),
    ).toBe(100);
  });
});

describe('checking a value', () => {
  it('refuses 140% in Vietnamese, and counts that are not whole', () => {
    expect(valueProblem('percent', 140)).toBe('Tỷ lệ phải trong khoảng 0–100%; 140% không hợp lệ.');
    expect(valueProblem('percent', 92)).toBeNull();
    expect(valueProblem('count', 2.5)).toContain('số nguyên');
    expect(valueProblem('rank', 0)).toContain('từ 1');
    expect(valueProblem('number', -1)).toContain('âm');
  });
});

describe('the entry window', () => {
  it('opens with the period and closes with the next one (Decree 09 periods)', () => {
    expect(entryWindow('quarterly', '2026-Q3')).toEqual({ opens: '2026-06-15', closes: '2026-12-14' });
    expect(entryWindow('annual', '2026')).toEqual({ opens: '2025-12-15', closes: '2027-12-14' });
    expect(entryWindow('quarterly', '2026-Q5')).toBeNull();
  });
});
