import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEADLINE_KINDS, type Deadline, formatDeadline, parseDeadline } from './deadline.ts';
import { DOCUMENT_DATES, SEED_DEADLINE_CELLS, type SeedDeadlineCell } from './fixtures/seed-deadlines.ts';
import { dayNumber, fromDayNumber } from './iso-date.ts';

const DEFAULTS = { start: null, due: null, recurrence: null, ongoing: false, needsReview: false };

function expectDeadline(text: string, documentDate: string, expected: SeedDeadlineCell['expected']) {
  expect(parseDeadline(text, { documentDate })).toEqual({ ...DEFAULTS, ...expected, text });
}

describe('parseDeadline: every deadline cell of seeds 003 and 004', () => {
  it('covers all 148 cells: 003 (19), 004 Phụ lục I (25) and Phụ lục II (52 × 2)', () => {
    const count = (prefix: string) => SEED_DEADLINE_CELLS.filter((c) => c.source.startsWith(prefix)).length;
    expect([count('003 '), count('004 PL I '), count('004 PL II ')]).toEqual([19, 25, 104]);
  });

  it.each(SEED_DEADLINE_CELLS)('$source: "$text"', ({ source, text, expected }) => {
    expectDeadline(text, source.startsWith('003') ? DOCUMENT_DATES['003'] : DOCUMENT_DATES['004'], expected);
  });
});

/** Issue 3 §3 and DESIGN.md rule 1, read against a plan dated 01/3/2025. */
const PHRASES: [string, SeedDeadlineCell['expected']][] = [
  ['6/2025', { kind: 'month', start: '2025-06-01', due: '2025-06-30' }],
  ['03/2025', { kind: 'month', start: '2025-03-01', due: '2025-03-31' }],
  ['Tháng 10/2025', { kind: 'month', start: '2025-10-01', due: '2025-10-31' }],
  ['Tháng 6/2028', { kind: 'month', start: '2028-06-01', due: '2028-06-30' }],
  ['2025', { kind: 'year', start: '2025-01-01', due: '2025-12-31' }],
  ['Năm 2026', { kind: 'year', start: '2026-01-01', due: '2026-12-31' }],
  ['2025 - 2026', { kind: 'range', start: '2025-01-01', due: '2026-12-31' }],
  ['2025 – 2026', { kind: 'range', start: '2025-01-01', due: '2026-12-31' }],
  ['Từ 2026 - 2030', { kind: 'range', start: '2026-01-01', due: '2030-12-31' }],
  ['Từ tháng 3 đến tháng 6/2026', { kind: 'range', start: '2026-03-01', due: '2026-06-30' }],
  ['Quý I – Quý II/2026', { kind: 'range', start: '2026-01-01', due: '2026-06-30' }],
  ['Từ ngày 10/4 đến hết ngày 30/4/2026', { kind: 'range', start: '2026-04-10', due: '2026-04-30' }],
  ['Đến hết ngày 30/4/2026', { kind: 'date', due: '2026-04-30' }],
  ['Quý II/2025', { kind: 'quarter', start: '2025-04-01', due: '2025-06-30' }],
  ['Quý 2/2025', { kind: 'quarter', start: '2025-04-01', due: '2025-06-30' }],
  ['Quý II năm 2026', { kind: 'quarter', start: '2026-04-01', due: '2026-06-30' }],
  ['Quý III/2026', { kind: 'quarter', start: '2026-07-01', due: '2026-09-30' }],
  ['Quý III', { kind: 'quarter', start: '2025-07-01', due: '2025-09-30' }],
  ['Quy iv', { kind: 'quarter', start: '2025-10-01', due: '2025-12-31' }],
  ['6 tháng đầu năm 2026', { kind: 'half', start: '2026-01-01', due: '2026-06-30' }],
  ['6 tháng cuối năm', { kind: 'half', start: '2025-07-01', due: '2025-12-31' }],
  ['Trước ngày 10/4/2026', { kind: 'date', due: '2026-04-10' }],
  ['Trước ngày 15/4', { kind: 'date', due: '2025-04-15' }],
  ['Chậm nhất ngày 5 tháng 3 năm 2026', { kind: 'date', due: '2026-03-05' }],
  ['Trước tháng 6/2026', { kind: 'date', due: '2026-05-31' }],
  ['12/7/2026', { kind: 'date', due: '2026-07-12' }],
  ['Hằng năm', { kind: 'recurring', recurrence: { every: 'year' } }],
  ['Hàng quý', { kind: 'recurring', recurrence: { every: 'quarter' } }],
  ['Trước ngày 20 hằng tháng', { kind: 'recurring', recurrence: { every: 'month', day: 20 } }],
  ['Trước ngày 20 hàng tháng', { kind: 'recurring', recurrence: { every: 'month', day: 20 } }],
  ['Trước ngày 15/12 hằng năm', { kind: 'recurring', recurrence: { every: 'year', month: 12, day: 15 } }],
  ['2025 và những năm tiếp theo', { kind: 'recurring', start: '2025-01-01', recurrence: { every: 'year' } }],
  ['Thường xuyên', { kind: 'continuous' }],
  ['Nhiệm vụ thường xuyên', { kind: 'continuous' }],
  ['Thường xuyên, bắt đầu từ Quý I/2026', { kind: 'continuous', start: '2026-01-01' }],
  ['Bắt đầu từ ngày 10/4/2026', { kind: 'continuous', start: '2026-04-10' }],
  ['Hoàn thành trước ngày 30/5/2026. Thường xuyên duy trì, nâng cấp', { kind: 'date', due: '2026-05-30', ongoing: true }],
  ['Ngay khi Kế hoạch được ban hành', { kind: 'on-event', start: '2025-03-01' }],
  ['Khi có hướng dẫn của Bộ', { kind: 'on-event' }],
  ['Đã hoàn thành', { kind: 'done' }],
  // Impossible or unreadable: kept and flagged, never guessed.
  ['31/4/2026', { kind: 'unparsed', needsReview: true }],
  ['Trước ngày 31/4/2026', { kind: 'unparsed', needsReview: true }],
  ['Trước ngày 29/2/2026', { kind: 'unparsed', needsReview: true }],
  ['Trước ngày 32 hằng tháng', { kind: 'unparsed', needsReview: true }],
  ['2030 - 2026', { kind: 'unparsed', needsReview: true }],
  ['Quý II, Quý III/2026', { kind: 'unparsed', needsReview: true }],
  ['', { kind: 'unparsed', needsReview: true }],
  ['Sớm nhất có thể', { kind: 'unparsed', needsReview: true }],
];

describe('parseDeadline: phrases', () => {
  it.each(PHRASES)('"%s"', (text, expected) => expectDeadline(text, '2025-03-01', expected));

  it('normalises NFD input, markup and the spelling of "hằng"/"hàng"', () => {
    const nfd = 'Quý III/2026'.normalize('NFD');
    expect(parseDeadline(nfd).due).toBe('2026-09-30');
    expect(parseDeadline(nfd).text).toBe(nfd);
    expect(parseDeadline('<b>Trước ngày 15/4/2026</b>').due).toBe('2026-04-15');
  });

  it('flags a phrase whose year must come from the document when there is no document date', () => {
    expect(parseDeadline('Quý III')).toMatchObject({ kind: 'unparsed', needsReview: true });
    expect(parseDeadline('Quý III', { documentDate: 'not a date' })).toMatchObject({ kind: 'unparsed', needsReview: true });
  });
});

describe('formatDeadline', () => {
  it.each([
    ['Quý III', 'Quý III/2026'],
    ['Tháng 01/2026', 'Tháng 01/2026'],
    ['Trong tháng 04/2026', 'Tháng 4/2026'],
    ['6 tháng đầu năm 2026', '6 tháng đầu năm 2026'],
    ['2026', 'Năm 2026'],
    ['Từ 2026 - 2030', '2026 - 2030'],
    ['Trước ngày 1/4/2026', '01/4/2026'],
    ['Hoàn thành trước ngày 30/5/2026. Thường xuyên duy trì, nâng cấp', 'Trước 30/5/2026, sau đó thường xuyên'],
    ['Trước ngày 20 hằng tháng', 'Trước ngày 20 hằng tháng'],
    ['Trước ngày 15/12 hằng năm', 'Trước ngày 15/12 hằng năm'],
    ['Thường xuyên, bắt đầu từ Quý I/2026', 'Thường xuyên, từ 01/01/2026'],
    ['Đã hoàn thành', 'Đã hoàn thành'],
    ['Ngay khi Kế hoạch được ban hành', 'Ngay khi Kế hoạch được ban hành'],
    ['<b>lung tung</b>', 'lung tung'],
  ])('"%s" → "%s"', (text, label) => {
    expect(formatDeadline(parseDeadline(text, { documentDate: '2026-04-01' }))).toBe(label);
  });

  it('reads back what it writes for every seed cell', () => {
    for (const { source, text } of SEED_DEADLINE_CELLS) {
      const documentDate = source.startsWith('003') ? DOCUMENT_DATES['003'] : DOCUMENT_DATES['004'];
      const d = parseDeadline(text, { documentDate });
      if (d.kind === 'unparsed' || d.kind === 'on-event') continue;
      const again = parseDeadline(formatDeadline(d), { documentDate });
      expect({ ...again, text: '' }).toEqual({ ...d, text: '' });
    }
  });
});

/** Words that mean nothing as a deadline: no digits, no deadline vocabulary. */
const gibberish = fc
  .array(fc.constantFrom('lung', 'tung', 'xanh', 'đỏ', 'mèo', 'gió', 'phở', 'bánh', 'cà', 'phê', 'ồ', ',', '.', ';', '!'), {
    minLength: 1,
    maxLength: 8,
  })
  .map((words) => words.join(' '));

describe('parseDeadline: properties', () => {
  const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom(...PHRASES.map(([t]) => t)));
  const documentDate = fc.option(fc.constantFrom('2025-03-01', '2026-04-01', '2024-02-29', 'garbage'));

  it('never throws, keeps the text and never puts due before start', () => {
    fc.assert(
      fc.property(anyText, documentDate, (text, date) => {
        const d: Deadline = parseDeadline(text, { documentDate: date });
        expect(d.text).toBe(text);
        expect(DEADLINE_KINDS).toContain(d.kind);
        if (d.start && d.due) expect(d.due >= d.start).toBe(true);
        if (d.kind === 'unparsed') expect(d.needsReview).toBe(true);
        expect(typeof formatDeadline(d)).toBe('string');
      }),
    );
  });

  it('reads every real date and every quarter', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber(1990, 1, 1), max: dayNumber(2100, 12, 31) }), fc.integer({ min: 1, max: 4 }), (jd, q) => {
        const iso = fromDayNumber(jd);
        const [y, m, d] = iso.split('-').map(Number);
        expect(parseDeadline(`Trước ngày ${d}/${m}/${y}`)).toMatchObject({ kind: 'date', due: iso, needsReview: false });
        expect(parseDeadline(`Quý ${['I', 'II', 'III', 'IV'][q - 1]}/${y}`)).toMatchObject({
          kind: 'quarter',
          start: `${y}-${String(3 * q - 2).padStart(2, '0')}-01`,
        });
      }),
    );
  });

  it('returns gibberish as unparsed, flagged for a person, with its words kept', () => {
    fc.assert(
      fc.property(gibberish, (text) => {
        expect(parseDeadline(text, { documentDate: '2026-04-01' })).toEqual({ ...DEFAULTS, kind: 'unparsed', needsReview: true, text });
      }),
    );
  });
});
