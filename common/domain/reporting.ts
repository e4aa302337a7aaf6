/**
 * Submission status and reporting rates of periodic reports. A report counts from its first
 * submission; on or before the due day it is on time, after it late (Decree 09/2019 lets late
 * reports in, marked). The rates are DHIS2's: completeness = submitted / expected and
 * timeliness = submitted on time / expected, in percent with one decimal.
 */
import type { ReportingRates, SubmissionState } from '../contracts/reporting.ts';

export function submissionState(firstSubmittedOn: string | null, due: string, today: string): SubmissionState {
  if (firstSubmittedOn) return firstSubmittedOn <= due ? 'on_time' : 'late';
  return today > due ? 'missing' : 'pending';
}

export function percentOf(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10;
}

export function reportingRates(states: readonly SubmissionState[]): ReportingRates {
  const count = (s: SubmissionState) => states.filter((x) => x === s).length;
  const onTime = count('on_time');
  const late = count('late');
  const expected = states.length;
  return {
    expected,
    submitted: onTime + late,
    onTime,
    late,
    missing: count('missing'),
    pending: count('pending'),
    completeness: percentOf(onTime + late, expected),
    timeliness: percentOf(onTime, expected),
  };
}
