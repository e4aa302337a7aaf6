/**
 * The 2030 targets (Đề án 002, Part 2 §I.2): what an indicator is, its expected path, how a
 * value is judged against it and where the trend leads, independent of storage. Groups follow
 * the six headings (1)–(6) of §I.2.
 */
import { addDays, toDayNumber } from './iso-date.ts';
import { type Frequency, periodOf, periodsBetween, type ReportingPeriod } from './period.ts';

export const INDICATOR_GROUPS = [
  'infrastructure',
  'resources',
  'science_technology',
  'innovation',
  'digital_transformation',
  'cyber_security',
] as const;
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];

export const INDICATOR_GROUP_LABELS: Record<IndicatorGroup, string> = {
  infrastructure: 'Hạ tầng',
  resources: 'Nguồn lực',
  science_technology: 'Khoa học, công nghệ',
  innovation: 'Hệ sinh thái đổi mới sáng tạo',
  digital_transformation: 'Chuyển đổi số',
  cyber_security: 'An toàn, an ninh mạng',
};

/** higher is better, lower is better (a rank), or reach a level (e.g. "sẵn sàng", a count to be had) */
export const DIRECTIONS = ['higher', 'lower', 'level'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const DIRECTION_LABELS: Record<Direction, string> = { higher: 'Càng cao càng tốt', lower: 'Càng thấp càng tốt', level: 'Đạt mức' };

/** percent: 0–100 enforced; count: a whole number ≥ 0; number: any number ≥ 0; rank: a whole number ≥ 1 */
export const VALUE_KINDS = ['percent', 'count', 'number', 'rank'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];
export const VALUE_KIND_LABELS: Record<ValueKind, string> = { percent: 'Tỷ lệ (%)', count: 'Số lượng', number: 'Số', rank: 'Thứ hạng' };

/** How commune values make the province's value. */
export const AGGREGATIONS = ['sum', 'mean', 'latest'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const AGGREGATION_LABELS: Record<Aggregation, string> = { sum: 'Cộng', mean: 'Trung bình', latest: 'Số duyệt sau cùng' };

/** Values are reported on the reporting periods of Decree 09/2019 (common/domain/period.ts). */
export const INDICATOR_FREQUENCIES = ['monthly', 'quarterly', 'half', 'annual'] as const satisfies readonly Frequency[];
export type IndicatorFrequency = (typeof INDICATOR_FREQUENCIES)[number];

/** One indicator as the catalogue (seed, XLSX import) states it; units are named by code. */
export interface IndicatorSeed {
  /** e.g. "HT-01": group prefix (HT, NL, KH, DM, CD, AN) and a number */
  code: string;
  name: string;
  group: IndicatorGroup;
  /** unit of measure as people write it: "%", "doanh nghiệp", "bài báo/năm", "điểm", "hạng" */
  measure: string;
  kind: ValueKind;
  direction: Direction;
  /** the value the source states for the same measure before the plan (Đề án 002: Phần 1), or null */
  baseline: { value: number; year: number } | null;
  /** yearly targets where the source states them, 2030 excluded */
  yearly: { year: number; value: number }[];
  /**
   * the figure of the text ("trên 55%" → 55, "1.800" → 1800, "0,8" → 0.8, "top 10" → 10);
   * for a target stated "mỗi năm", the yearly rate, and `measure` says so ("bài báo/năm")
   */
  target2030: number;
  /** the code of the owner unit in the province JSON (e.g. "SKHCN") */
  owner: string;
  frequency: IndicatorFrequency;
  aggregation: Aggregation;
  /** entered per commune, and aggregated to the province */
  byCommune: boolean;
  /** where it comes from: "Đề án 002, Phần 2 §I.2 (1)" */
  source: string;
  /** the words of the source this indicator measures, copied exactly */
  quote: string;
}

// ——— Values ———

export const VALUE_STATES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type ValueState = (typeof VALUE_STATES)[number];
export const VALUE_STATE_LABELS: Record<ValueState, string> = {
  draft: 'Đang nhập',
  submitted: 'Chờ duyệt',
  approved: 'Đã duyệt',
  returned: 'Bị trả lại',
};

/** Why a value cannot be taken as it is: the type and range of its kind (Vietnamese, says what to do). */
export function valueProblem(kind: ValueKind, value: number): string | null {
  if (!Number.isFinite(value)) return 'Giá trị phải là một số.';
  if (kind === 'percent' && (value < 0 || value > 100)) return `Tỷ lệ phải trong khoảng 0–100%; ${formatNumber(value)}% không hợp lệ.`;
  if (kind === 'count' && (!Number.isInteger(value) || value < 0)) return 'Số lượng phải là số nguyên không âm.';
  if (kind === 'rank' && (!Number.isInteger(value) || value < 1)) return 'Thứ hạng phải là số nguyên từ 1 trở lên.';
  if (kind === 'number' && value < 0) return 'Giá trị không được âm.';
  return null;
}

/** Numbers as Vietnamese write them: 1.234,5. */
export function formatNumber(value: number): string {
  return value.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
}

/**
 * A value may be entered for a period from its first day until the end of the next period:
 * a quarter's figures are known only after it ends, and a quarter late is the limit.
 */
export function entryWindow(frequency: IndicatorFrequency, key: string): { opens: string; closes: string } | null {
  const period = periodOf(frequency, key);
  if (!period) return null;
  const next = periodsBetween(frequency, addDays(period.end, 1), addDays(period.end, 1))[0] as ReportingPeriod;
  return { opens: period.start, closes: next.end };
}

// ——— Trajectory and judgement ———

export interface PathPoint {
  /** the day the value is expected (31/12 of its year) */
  on: string;
  value: number;
  /** baseline, a yearly target, or the 2030 target */
  kind: 'baseline' | 'yearly' | 'target';
}

export interface Trajectory {
  baseline: { value: number; year: number } | null;
  yearly: readonly { year: number; value: number }[];
  target2030: number;
  direction: Direction;
}

const yearEnd = (year: number) => `${year}-12-31`;

/** The expected path: the baseline, the yearly targets, then the 2030 target, each at the end of its year. */
export function pathOf(t: Trajectory): PathPoint[] {
  const points: PathPoint[] = [];
  if (t.baseline) points.push({ on: yearEnd(t.baseline.year), value: t.baseline.value, kind: 'baseline' });
  for (const y of [...t.yearly].sort((a, b) => a.year - b.year))
    if (y.year < 2030 && (!t.baseline || y.year > t.baseline.year)) points.push({ on: yearEnd(y.year), value: y.value, kind: 'yearly' });
  points.push({ on: yearEnd(2030), value: t.target2030, kind: 'target' });
  return points;
}

/**
 * The value expected on `day`: linear between the points of the path. Before its first point the
 * first point is expected (with no baseline, the nearest target is the only measure there is);
 * after 2030, the 2030 target.
 */
export function expectedOn(t: Trajectory, day: string): number {
  const path = pathOf(t);
  const x = toDayNumber(day);
  const first = path[0] as PathPoint;
  if (x <= toDayNumber(first.on)) return first.value;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1] as PathPoint;
    const b = path[i] as PathPoint;
    const xb = toDayNumber(b.on);
    if (x <= xb) {
      const xa = toDayNumber(a.on);
      return a.value + ((b.value - a.value) * (x - xa)) / (xb - xa);
    }
  }
  return (path.at(-1) as PathPoint).value;
}

export const TRACK_STATUSES = ['on_track', 'at_risk', 'off_track', 'no_data'] as const;
export type TrackStatus = (typeof TRACK_STATUSES)[number];
export const TRACK_STATUS_LABELS: Record<TrackStatus, string> = {
  on_track: 'Đúng lộ trình',
  at_risk: 'Có nguy cơ chậm',
  off_track: 'Chậm so với lộ trình',
  no_data: 'Chưa có số liệu',
};

/** The thresholds of judgement, as the share of the expected value reached (a rank: expected ÷ value). */
export interface Thresholds {
  /** at or above: on track (default 95%) */
  onTrack: number;
  /** below: off track (default 85%); in between: at risk */
  offTrack: number;
}
export const DEFAULT_THRESHOLDS: Thresholds = { onTrack: 0.95, offTrack: 0.85 };

/** How far `value` reaches the expected value: 1 is exactly on the path, above 1 ahead of it. */
export function attainment(direction: Direction, value: number, expected: number): number {
  if (direction === 'lower') return value <= 0 ? 1 : expected / value;
  if (expected <= 0) return 1;
  return value / expected;
}

export function judge(t: Trajectory, value: number | null, day: string, thresholds: Thresholds = DEFAULT_THRESHOLDS): TrackStatus {
  if (value === null) return 'no_data';
  const reached = attainment(t.direction, value, expectedOn(t, day));
  // A float of 0.95 must count 95% as on track.
  const at = Math.round(reached * 1e9) / 1e9;
  return at >= thresholds.onTrack ? 'on_track' : at >= thresholds.offTrack ? 'at_risk' : 'off_track';
}

/**
 * Where the trend leads by the end of 2030: the least-squares line through the values (at
 * least two, on different days), or null. Percentages stay within 0–100, and nothing goes below 0.
 */
export function forecast2030(kind: ValueKind, values: readonly { on: string; value: number }[]): number | null {
  const xs = values.map((v) => toDayNumber(v.on));
  if (new Set(xs).size < 2) return null;
  const n = values.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = values.reduce((a, v) => a + v.value, 0) / n;
  let sxy = 0;
  let sxx = 0;
  values.forEach((v, i) => {
    const dx = (xs[i] as number) - mx;
    sxy += dx * (v.value - my);
    sxx += dx * dx;
  });
  const y = my + (sxy / sxx) * (toDayNumber(yearEnd(2030)) - mx);
  const bounded = Math.max(kind === 'rank' ? 1 : 0, kind === 'percent' ? Math.min(100, y) : y);
  return Math.round(bounded * 100) / 100;
}
