import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeadline } from './deadline.ts';
import { dayNumber, fromDayNumber } from './iso-date.ts';
import { computeStatus, judgeOccurrences, judgeReports, occurrences, TASK_STATUS_LABELS, TASK_STATUSES } from './status.ts';

const plan = (text: string) => parseDeadline(text, { documentDate: '2026-04-01' });
const byApril30 = plan('Trước ngày 30/4/2026');
const status = (input: Omit<Parameters<typeof computeStatus>[0], 'deadline'> & { deadline?: ReturnType<typeof plan> }) =>
  computeStatus({ deadline: byApril30, ...input }).status;

describe('computeStatus', () => {
  it('uses the Government Office labels', () => {
    expect(TASK_STATUSES.map((s) => TASK_STATUS_LABELS[s])).toEqual([
      'Chưa thực hiện',
      'Đang thực hiện trong hạn',
      'Đang thực hiện quá hạn',
      'Hoàn thành đúng hạn',
      'Hoàn thành quá hạn',
      'Tạm dừng',
      'Hủy',
    ]);
  });

  it('puts a task in each bucket', () => {
    expect(status({ asOf: '2026-04-10' })).toBe('not_started');
    expect(status({ asOf: '2026-04-10', started: true })).toBe('in_progress_on_time');
    expect(status({ asOf: '2026-05-01', started: true })).toBe('in_progress_overdue');
    expect(status({ asOf: '2026-05-01' })).toBe('in_progress_overdue');
    expect(status({ asOf: '2026-05-10', completedOn: '2026-04-20' })).toBe('done_on_time');
    expect(status({ asOf: '2026-05-10', completedOn: '2026-05-02' })).toBe('done_late');
    expect(status({ asOf: '2026-05-10', paused: true })).toBe('paused');
    expect(status({ asOf: '2026-05-10', cancelled: true, completedOn: '2026-04-20' })).toBe('cancelled');
  });

  it('counts the due day itself as on time', () => {
    expect(status({ asOf: '2026-04-30', started: true })).toBe('in_progress_on_time');
    expect(status({ asOf: '2026-05-03', completedOn: '2026-04-30' })).toBe('done_on_time');
    expect(status({ asOf: '2026-05-01', started: true })).toBe('in_progress_overdue');
  });

  it('is due at the end of a period: "Quý III" is on time until 30/9', () => {
    expect(status({ deadline: plan('Quý III'), asOf: '2026-09-30', started: true })).toBe('in_progress_on_time');
    expect(status({ deadline: plan('Quý III'), asOf: '2026-10-01', started: true })).toBe('in_progress_overdue');
    expect(status({ deadline: plan('Từ 2026 - 2030'), asOf: '2029-01-01', started: true })).toBe('in_progress_on_time');
  });

  it('never calls a continuous, recurring or event-bound duty overdue', () => {
    for (const text of [
      'Thường xuyên',
      'Thường xuyên, bắt đầu từ Quý I/2026',
      'Trước ngày 20 hằng tháng',
      'Ngay khi Kế hoạch được ban hành',
    ]) {
      expect(status({ deadline: plan(text), asOf: '2035-01-01', started: true })).toBe('in_progress_on_time');
    }
  });

  it('holds a milestone followed by maintenance to its date', () => {
    const deadline = plan('Hoàn thành trước ngày 30/5/2026. Thường xuyên duy trì, nâng cấp');
    expect(status({ deadline, asOf: '2026-06-01', started: true })).toBe('in_progress_overdue');
  });

  it('never calls a task with an unreadable deadline overdue, but flags it', () => {
    expect(computeStatus({ deadline: plan('Chưa rõ, chờ ý kiến'), asOf: '2035-01-01', started: true })).toEqual({
      status: 'in_progress_on_time',
      lateAgainstOriginal: false,
      needsReview: true,
    });
  });

  it('takes "Đã hoàn thành" as done on time', () => {
    expect(status({ deadline: plan('Đã hoàn thành'), asOf: '2026-04-10' })).toBe('done_on_time');
  });

  it('follows the adjusted deadline while keeping lateness against the original visible', () => {
    // 004 Phụ lục II: adjustments both bring deadlines forward (Quý IV → Quý III) and fix them as dates.
    const extended = { deadline: plan('Quý III'), originalDeadline: plan('Trước ngày 30/4/2026') };
    expect(computeStatus({ ...extended, asOf: '2026-05-10', started: true })).toMatchObject({
      status: 'in_progress_on_time',
      lateAgainstOriginal: true,
    });
    expect(computeStatus({ ...extended, asOf: '2026-08-01', completedOn: '2026-07-15' })).toMatchObject({
      status: 'done_on_time',
      lateAgainstOriginal: true,
    });
    const broughtForward = { deadline: plan('Quý III'), originalDeadline: plan('Quý IV') };
    expect(computeStatus({ ...broughtForward, asOf: '2026-10-05', started: true })).toMatchObject({
      status: 'in_progress_overdue',
      lateAgainstOriginal: false,
    });
    expect(computeStatus({ ...extended, asOf: '2026-05-10', cancelled: true }).lateAgainstOriginal).toBe(false);
  });

  it('is overdue exactly when a dated task is open after its due day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber(2026, 1, 1), max: dayNumber(2027, 12, 31) }),
        fc.integer({ min: dayNumber(2026, 1, 1), max: dayNumber(2027, 12, 31) }),
        fc.boolean(),
        (dueJd, asOfJd, started) => {
          const due = fromDayNumber(dueJd);
          const asOf = fromDayNumber(asOfJd);
          const deadline = plan(`Trước ngày ${due.split('-').reverse().join('/')}`);
          const { status: s } = computeStatus({ deadline, asOf, started });
          expect(s === 'in_progress_overdue').toBe(asOf > due);
        },
      ),
    );
  });
});

describe('recurring duties, judged per occurrence', () => {
  const monthly = plan('Trước ngày 20 hằng tháng');

  it('lists the months of "before the 20th each month"', () => {
    expect(occurrences(monthly, '2026-04-01', '2026-06-30')).toEqual([
      { start: '2026-04-01', due: '2026-04-20', end: '2026-04-30' },
      { start: '2026-05-01', due: '2026-05-20', end: '2026-05-31' },
      { start: '2026-06-01', due: '2026-06-20', end: '2026-06-30' },
    ]);
  });

  it('marks each month done, late, missing or pending', () => {
    const reports = ['2026-04-18', '2026-05-20', '2026-06-23', '2026-06-25'];
    const judge = (asOf: string) =>
      judgeOccurrences(monthly, reports, { from: '2026-04-10', asOf }).map((o) => [o.start, o.result, o.reportedOn]);
    expect(judge('2026-08-21')).toEqual([
      ['2026-04-01', 'done', '2026-04-18'],
      ['2026-05-01', 'done', '2026-05-20'],
      ['2026-06-01', 'late', '2026-06-23'],
      ['2026-07-01', 'missing', null],
      ['2026-08-01', 'missing', null],
    ]);
    expect(judge('2026-06-19').slice(2)).toEqual([['2026-06-01', 'pending', null]]);
    expect(judge('2026-06-22').slice(2)).toEqual([['2026-06-01', 'missing', null]]);
  });

  it('counts a report for the period it was filed for, even filed early, and skips months before the duty', () => {
    // December's report (data to 14/12, due 20/12) filed on 26/11 is on time for December.
    const reports = [
      { forDay: '2026-12-20', filedOn: '2026-11-26' },
      { forDay: '2027-01-20', filedOn: '2027-01-22' },
    ];
    const judged = judgeReports(monthly, reports, { from: '2026-11-26', to: '2027-02-20', asOf: '2027-01-25' });
    expect(judged.map((o) => [o.start, o.result, o.reportedOn])).toEqual([
      ['2026-12-01', 'done', '2026-11-26'],
      ['2027-01-01', 'late', '2027-01-22'],
      ['2027-02-01', 'pending', null],
    ]);
  });

  it('dates yearly duties on their named day and clamps a day a month lacks', () => {
    expect(occurrences(plan('Trước ngày 15/12 hằng năm'), '2025-06-01', '2026-12-31').map((o) => o.due)).toEqual([
      '2025-12-15',
      '2026-12-15',
    ]);
    const on31st = { ...monthly, recurrence: { every: 'month' as const, day: 31 } };
    expect(occurrences(on31st, '2026-02-01', '2026-02-28')[0]?.due).toBe('2026-02-28');
    expect(occurrences(plan('Sở KH&CN báo cáo định kỳ hàng tháng kết quả thực hiện'), '2026-02-01', '2026-02-28')[0]?.due).toBe(
      '2026-02-28',
    );
  });

  it('starts where the duty starts and aligns quarters and years to the calendar', () => {
    expect(occurrences(plan('2025 và những năm tiếp theo'), '2020-01-01', '2026-03-01').map((o) => o.start)).toEqual([
      '2025-01-01',
      '2026-01-01',
    ]);
    expect(occurrences(plan('Hằng quý'), '2026-05-15', '2026-12-31').map((o) => [o.start, o.due])).toEqual([
      ['2026-04-01', '2026-06-30'],
      ['2026-07-01', '2026-09-30'],
      ['2026-10-01', '2026-12-31'],
    ]);
  });

  it('has no occurrences for a one-off deadline', () => {
    expect(occurrences(plan('Quý III'), '2026-01-01', '2026-12-31')).toEqual([]);
  });
});
