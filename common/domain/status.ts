/**
 * Task status (DESIGN.md rule 2, issue 3 §4). The Government Office sorts tasks that are due
 * into "done on time / done late" and tasks not done into "within the deadline / overdue";
 * we add not started, paused and cancelled. Status is always computed, never stored.
 */
import type { Deadline, Recurrence } from './deadline.ts';
import { daysInMonth, isoDate, parseIsoDate } from './iso-date.ts';

export const TASK_STATUSES = [
  'not_started',
  'in_progress_on_time',
  'in_progress_overdue',
  'done_on_time',
  'done_late',
  'paused',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  not_started: 'Chưa thực hiện',
  in_progress_on_time: 'Đang thực hiện trong hạn',
  in_progress_overdue: 'Đang thực hiện quá hạn',
  done_on_time: 'Hoàn thành đúng hạn',
  done_late: 'Hoàn thành quá hạn',
  paused: 'Tạm dừng',
  cancelled: 'Hủy',
};

export interface StatusInput {
  /** The current deadline, after any adjustment. */
  deadline: Deadline;
  /** The deadline first assigned, when it has been adjusted since (004 Phụ lục II). */
  originalDeadline?: Deadline | null;
  /** The day completion was confirmed (ISO); after `asOf`, the task was not yet done then. */
  completedOn?: string | null;
  asOf: string;
  started?: boolean;
  paused?: boolean;
  cancelled?: boolean;
}

export interface StatusResult {
  status: TaskStatus;
  /** Completed, or still open, after the original deadline: stays visible after an extension. */
  lateAgainstOriginal: boolean;
  /** The deadline could not be read; the task is never called overdue, but a person must look. */
  needsReview: boolean;
}

/** The day after which an unfinished task is overdue; none for duties without one. */
export function dueDay(deadline: Deadline | null | undefined): string | null {
  if (!deadline) return null;
  // Continuous duties are never overdue; recurring ones are judged per occurrence (`judgeOccurrences`).
  if (deadline.kind === 'continuous' || deadline.kind === 'recurring') return null;
  return deadline.due;
}

/** The due day itself counts as on time. */
export function computeStatus(input: StatusInput): StatusResult {
  const { deadline, completedOn = null, asOf } = input;
  const due = dueDay(deadline);
  const originalDue = dueDay(input.originalDeadline);
  const closedOn = completedOn ?? (deadline.kind === 'done' ? null : asOf);
  const lateAgainstOriginal = !input.cancelled && originalDue !== null && closedOn !== null && closedOn > originalDue;
  const result = (status: TaskStatus): StatusResult => ({ status, lateAgainstOriginal, needsReview: deadline.needsReview });

  if (input.cancelled) return result('cancelled');
  // A report as at a past cut-off sees the task as it stood then: done only if done by then.
  const done = completedOn !== null && completedOn <= asOf;
  if (done || deadline.kind === 'done') return result(due && completedOn && completedOn > due ? 'done_late' : 'done_on_time');
  if (input.paused) return result('paused');
  if (due && asOf > due) return result('in_progress_overdue');
  return result(input.started ? 'in_progress_on_time' : 'not_started');
}

// ——— Recurring duties ———

/** One period of a recurring duty: it runs from `start` to `end` and is due on `due`. */
export interface Occurrence {
  start: string;
  due: string;
  end: string;
}

export const OCCURRENCE_RESULTS = ['done', 'late', 'missing', 'pending'] as const;
export type OccurrenceResult = (typeof OCCURRENCE_RESULTS)[number];

export const OCCURRENCE_RESULT_LABELS: Record<OccurrenceResult, string> = {
  done: 'Báo cáo đúng hạn',
  late: 'Báo cáo muộn',
  missing: 'Chưa báo cáo (quá hạn)',
  pending: 'Chưa đến hạn',
};

export interface OccurrenceJudgement extends Occurrence {
  result: OccurrenceResult;
  reportedOn: string | null;
}

const MONTHS: Record<Recurrence['every'], number> = { month: 1, quarter: 3, half: 6, year: 12 };

/**
 * The calendar periods (months, quarters, halves, years) of a recurring deadline that overlap
 * [from, to], from its start if it has one; [] for any other deadline.
 */
export function occurrences(deadline: Deadline, from: string, to: string): Occurrence[] {
  const r = deadline.recurrence;
  const first = parseIsoDate(deadline.start && deadline.start > from ? deadline.start : from);
  if (deadline.kind !== 'recurring' || !r || !first || !parseIsoDate(to)) return [];
  const length = MONTHS[r.every];
  let { year } = first;
  let month = first.month - ((first.month - 1) % length);
  const found: Occurrence[] = [];
  for (;;) {
    const last = month + length - 1;
    const start = `${year}-${pad(month)}-01`;
    const end = `${year}-${pad(last)}-${pad(daysInMonth(year, last))}`;
    if (start > to || (deadline.due && start > deadline.due)) return found;
    // "Trước ngày 15/12 hằng năm": the named day; "trước ngày 31 hằng tháng" in February: its last day.
    const dueMonth = r.every === 'year' && r.month ? r.month : last;
    const due = r.day ? (isoDate(year, dueMonth, Math.min(r.day, daysInMonth(year, dueMonth))) ?? end) : end;
    found.push({ start, due, end });
    month += length;
    if (month > 12) {
      month -= 12;
      year += 1;
    }
  }
}

/** A report filed on `filedOn` for the occurrence that contains `forDay`. */
export interface FiledReport {
  forDay: string;
  filedOn: string;
}

/**
 * Judges each occurrence from `from` up to `to` (default `asOf`) by the reports filed for it
 * ("did the unit report before the 20th this month?"): on or before the due day it is on
 * time, after it late. With none, it is missing once its due day has passed, and pending
 * before. An occurrence due before `from` (a duty assigned after it) is not judged.
 */
export function judgeReports(
  deadline: Deadline,
  reports: readonly FiledReport[],
  { from, to, asOf }: { from: string; to?: string; asOf: string },
): OccurrenceJudgement[] {
  const filed = reports.filter((r) => r.filedOn <= asOf);
  const window = occurrences(deadline, from, to && to > asOf ? to : asOf).filter((o) => o.due >= from);
  return window.map((o) => {
    const mine = filed
      .filter((r) => r.forDay >= o.start && r.forDay <= o.end)
      .map((r) => r.filedOn)
      .sort();
    const onTime = mine.find((d) => d <= o.due);
    if (onTime) return { ...o, result: 'done', reportedOn: onTime };
    if (mine[0]) return { ...o, result: 'late', reportedOn: mine[0] };
    return { ...o, result: asOf > o.due ? 'missing' : 'pending', reportedOn: null };
  });
}

/** The same, when a report counts for the period it was filed in. */
export function judgeOccurrences(
  deadline: Deadline,
  reportDates: readonly string[],
  options: { from: string; asOf: string },
): OccurrenceJudgement[] {
  return judgeReports(
    deadline,
    reportDates.map((d) => ({ forDay: d, filedOn: d })),
    options,
  );
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
