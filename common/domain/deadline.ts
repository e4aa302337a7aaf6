/**
 * Vietnamese deadline phrases as typed values (DESIGN.md rule 1, issue 3 §3).
 *
 * A plan writes its deadlines as words: "Trước ngày 10/4/2026", "Quý III", "Thường xuyên,
 * bắt đầu từ Quý I/2026", "Trước ngày 20 hằng tháng". `parseDeadline` reads them into a
 * value whose `due` is the last admissible day. The original words are always kept, and a
 * phrase it cannot read comes back as `unparsed` with `needsReview`, never dropped.
 */
import { addDays, daysInMonth, formatDate, formatMonth, isoDate, parseIsoDate } from './iso-date.ts';
import { normalizeText } from './text.ts';

export const DEADLINE_KINDS = [
  'date',
  'month',
  'quarter',
  'half',
  'year',
  'range',
  'recurring',
  'continuous',
  'on-event',
  'done',
  'unparsed',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  date: 'Ngày cụ thể',
  month: 'Tháng',
  quarter: 'Quý',
  half: '6 tháng',
  year: 'Năm',
  range: 'Giai đoạn',
  recurring: 'Định kỳ',
  continuous: 'Thường xuyên',
  'on-event': 'Theo sự kiện',
  done: 'Đã hoàn thành',
  unparsed: 'Chưa xác định',
};

export const RECURRENCE_UNITS = ['month', 'quarter', 'half', 'year'] as const;
export type RecurrenceUnit = (typeof RECURRENCE_UNITS)[number];

/**
 * A repeating duty. Each occurrence is due on `day` (of `month` for yearly duties) or, when
 * no day is named, on the last day of its period:
 * "Trước ngày 20 hằng tháng" → { every: 'month', day: 20 };
 * "Trước ngày 15/12 hằng năm" → { every: 'year', month: 12, day: 15 };
 * "Báo cáo định kỳ hàng tháng" → { every: 'month' }.
 */
export interface Recurrence {
  every: RecurrenceUnit;
  month?: number;
  day?: number;
}

export interface Deadline {
  kind: DeadlineKind;
  /** First day of the window, where the phrase gives one (ISO). */
  start: string | null;
  /** Last admissible day (ISO); null for open-ended duties. */
  due: string | null;
  recurrence: Recurrence | null;
  /** The duty goes on after `due`: "Hoàn thành trước ngày 30/5/2026. Thường xuyên duy trì, nâng cấp". */
  ongoing: boolean;
  /** The original words, untouched. */
  text: string;
  /** A person must look at it: unreadable, impossible (31/4) or ambiguous. */
  needsReview: boolean;
}

export interface DeadlineContext {
  /** The assigning document's date (ISO): "Quý III" takes its year. */
  documentDate?: string | null;
}

export function parseDeadline(text: string, context: DeadlineContext = {}): Deadline {
  const source = typeof text === 'string' ? text : '';
  const s = fold(source);
  const document = parseIsoDate(context.documentDate);
  const phrase: Phrase = {
    s,
    tokens: tokenize(s),
    year: document?.year ?? null,
    documentDate: document ? (context.documentDate ?? null) : null,
  };
  const result = RULES.reduce<Result | null>((found, rule) => found ?? rule(phrase), null) ?? UNPARSED;
  const { start = null, due = null, recurrence = null, ongoing = false, needsReview = false } = result;
  if (result.kind === 'unparsed' || (start && due && due < start)) return { ...UNPARSED_VALUE, text: source };
  return { kind: result.kind, start, due, recurrence, ongoing, text: source, needsReview };
}

/** A short Vietnamese label: "Quý III/2026", "Trước ngày 20 hằng tháng", "Thường xuyên, từ 01/01/2026". */
export function formatDeadline(d: Deadline): string {
  const from = d.start ? `từ ${formatDate(d.start)}` : '';
  switch (d.kind) {
    case 'date':
      if (!d.due) return shortText(d.text);
      return d.ongoing ? `Trước ${formatDate(d.due)}, sau đó thường xuyên` : formatDate(d.due);
    case 'month':
      return d.due ? `Tháng ${formatMonth(month(d.due))}/${year(d.due)}` : shortText(d.text);
    case 'quarter':
      return d.due ? `Quý ${ROMAN[month(d.due) / 3 - 1]}/${year(d.due)}` : shortText(d.text);
    case 'half':
      return d.due ? `6 tháng ${month(d.due) === 6 ? 'đầu' : 'cuối'} năm ${year(d.due)}` : shortText(d.text);
    case 'year':
      return d.due ? `Năm ${year(d.due)}` : shortText(d.text);
    case 'range':
      if (!d.start || !d.due) return shortText(d.text);
      return d.start.endsWith('-01-01') && d.due.endsWith('-12-31')
        ? `${year(d.start)} - ${year(d.due)}`
        : `${formatDate(d.start)} - ${formatDate(d.due)}`;
    case 'recurring':
      return [formatRecurrence(d.recurrence), from].filter(Boolean).join(', ');
    case 'continuous':
      return ['Thường xuyên', from].filter(Boolean).join(', ');
    case 'done':
      return 'Đã hoàn thành';
    default:
      return shortText(d.text);
  }
}

function formatRecurrence(r: Recurrence | null): string {
  if (!r) return 'Định kỳ';
  if (r.every === 'month') return r.day ? `Trước ngày ${r.day} hằng tháng` : 'Hằng tháng';
  if (r.every === 'year' && r.month && r.day) return `Trước ngày ${r.day}/${formatMonth(r.month)} hằng năm`;
  return { quarter: 'Hằng quý', half: '6 tháng một lần', year: 'Hằng năm' }[r.every];
}

// ——— Reading ———

type Result = Partial<Omit<Deadline, 'text'>> & { kind: DeadlineKind };

const UNPARSED: Result = { kind: 'unparsed', needsReview: true };
const UNPARSED_VALUE: Deadline = {
  kind: 'unparsed',
  start: null,
  due: null,
  recurrence: null,
  ongoing: false,
  text: '',
  needsReview: true,
};

const ROMAN = ['I', 'II', 'III', 'IV'] as const;
const ROMAN_NUMBERS: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/** A period named in the text: a day, a month, a quarter, a half year or a year. */
interface Token {
  unit: 'date' | 'month' | 'quarter' | 'half' | 'year';
  year: number | null;
  /** Month for dates and months, quarter 1–4, half 1–2; day for dates. */
  n: number;
  day: number;
  index: number;
  end: number;
}

type TokenParts = Omit<Token, 'index' | 'end'>;

/**
 * Lower case, no diacritics ("hằng" and "hàng", "Quý" and "Quy" meet), one kind of dash,
 * no markup, and references to other documents removed: in "Cụ thể hóa Kế hoạch số
 * 54/KH-UBND ngày 13/02/2026: … Hoàn thành trước ngày 30/11/2026" only the last date counts.
 */
function fold(text: string): string {
  return normalizeText(text.replace(/<[^>]*>|&nbsp;/g, ' '))
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\d*(?:\/\d{4})?[-/][a-z]+[-/][a-z0-9&-]*[a-z](?:\s+ngay\s+\d{1,2}\/\d{1,2}\/\d{4})?/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const date = (year: number | null, month: number, day: number): TokenParts => ({ unit: 'date', year, n: month, day });
const period = (unit: Token['unit'], n: number, year: string | undefined): TokenParts => ({
  unit,
  year: year ? Number(year) : null,
  n,
  day: 0,
});

/** Tried in order at each word start; the first that matches wins. */
const PATTERNS: [RegExp, (m: RegExpExecArray) => TokenParts | null][] = [
  [/ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})(?!\d)/y, (m) => date(Number(m[3]), Number(m[2]), Number(m[1]))],
  [/(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)/y, (m) => date(Number(m[4]), Number(m[3]), Number(m[1]))],
  [/(?:6|sau)\s+thang\s+(dau|cuoi)(?:\s+nam)?(?:\s*\/?\s*(\d{4}))?(?!\d)/y, (m) => period('half', m[1] === 'dau' ? 1 : 2, m[2])],
  [/nua\s+(dau|cuoi)\s+nam(?:\s*(\d{4}))?(?!\d)/y, (m) => period('half', m[1] === 'dau' ? 1 : 2, m[2])],
  [
    /quy\s*(iv|iii|ii|i|[1-4])(?![a-z0-9])(?:\s*(?:\/|nam)\s*(\d{4})(?!\d))?/y,
    (m) => period('quarter', ROMAN_NUMBERS[m[1] ?? ''] ?? Number(m[1]), m[2]),
  ],
  [/thang\s+(\d{1,2})\s+nam\s+(\d{4})(?!\d)/y, (m) => period('month', Number(m[1]), m[2])],
  [/(?:thang\s*)?(\d{1,2})\s*\/\s*(\d{4})(?!\d)/y, (m) => period('month', Number(m[1]), m[2])],
  [/thang\s+(\d{1,2})(?![\d/])/y, (m) => period('month', Number(m[1]), undefined)],
  [/(\d{1,2})\s*\/\s*(\d{1,2})(?![\d/])/y, (m) => date(null, Number(m[2]), Number(m[1]))],
  [/(?:nam\s+)?(\d{4})(?!\d)/y, (m) => (Number(m[1]) >= 1900 && Number(m[1]) < 2200 ? period('year', 0, m[1]) : null)],
];

function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const token = /[a-z0-9]/.test(s[i - 1] ?? ' ') ? null : tokenAt(s, i);
    if (token) tokens.push(token);
    i = token ? token.end : i + 1;
  }
  return tokens;
}

function tokenAt(s: string, index: number): Token | null {
  for (const [pattern, build] of PATTERNS) {
    pattern.lastIndex = index;
    const match = pattern.exec(s);
    const parts = match && build(match);
    if (match && parts) return { ...parts, index, end: index + match[0].length };
  }
  return null;
}

/** The first and last day of a token; null when the year is unknown. */
function span(t: Token, fallbackYear: number | null): { start: string; due: string } | null {
  const y = t.year ?? fallbackYear;
  if (y === null) return null;
  const months = { date: [t.n, t.n], month: [t.n, t.n], quarter: [3 * t.n - 2, 3 * t.n], half: [6 * t.n - 5, 6 * t.n], year: [1, 12] };
  const [first = 1, last = 12] = months[t.unit];
  const start = isoDate(y, first, t.unit === 'date' ? t.day : 1);
  const due = isoDate(y, last, t.unit === 'date' ? t.day : daysInMonth(y, last));
  return start && due ? { start, due } : null;
}

/** A token is impossible when its date cannot exist in any year: 31/4, 30/2, month 13. */
function possible(t: Token): boolean {
  if (t.unit === 'date') return isoDate(t.year ?? 2024, t.n, t.day) !== null;
  return t.unit !== 'month' || (t.n >= 1 && t.n <= 12);
}

const DUE_WORDS =
  /(?:^|[^a-z])(?:truoc|cham nhat(?: la| vao)?|khong qua|khong muon hon|han chot|han|hoan thanh(?: truoc| trong| vao)?)(?:\s+ngay)?\s*[:,]?\s*$/;
const FROM_WORDS = /(?:^|[^a-z])(?:bat dau )?tu(?:\s+ngay)?\s*$/;
const UNTIL_WORDS = /(?:^|[^a-z])(?:den|toi|truoc)(?:\s+ngay)?\s*$/;
const ONGOING_WORDS = /\b(?:thuong xuyen|lien tuc|duy tri|hang ngay|hang tuan)\b/;
const EVERY: [RegExp, RecurrenceUnit][] = [
  [/\b(?:hang|moi|dinh ky)\s+(?:6|sau)\s+thang\b|\b(?:6|sau)\s+thang\s+(?:mot|1)\s+lan\b/, 'half'],
  [/\b(?:hang|moi)\s+thang\b|\bdinh ky\s+thang\b/, 'month'],
  [/\b(?:hang|moi)\s+quy\b|\bdinh ky\s+quy\b/, 'quarter'],
  [/\b(?:hang|moi)\s+nam\b|\b(?:nhung|cac)\s+nam\s+tiep\s+theo\b/, 'year'],
];

/** The folded phrase, its tokens and the year a token without one takes. */
interface Phrase {
  s: string;
  tokens: Token[];
  year: number | null;
  documentDate: string | null;
}

/** The words just before a token, where "trước", "từ", "đến" stand; 40 characters hold the longest cue. */
const before = (p: Phrase, t: Token) => p.s.slice(Math.max(0, t.index - 40), t.index);

/** Impossible dates ("31/4/2026") are never guessed at. */
function invalid(p: Phrase): Result | null {
  return p.s === '' || !p.tokens.every(possible) ? UNPARSED : null;
}

/** "Đã hoàn thành": done before the plan was issued. */
function done(p: Phrase): Result | null {
  return /^da hoan thanh\b/.test(p.s) ? { kind: 'done' } : null;
}

/** "Trước ngày 20 hằng tháng", "Trước ngày 15/12 hằng năm", "2025 và những năm tiếp theo", "Hằng năm". */
function recurring(p: Phrase): Result | null {
  const every = EVERY.find(([pattern]) => pattern.test(p.s))?.[1];
  // A dated milestone with a repeating follow-up reads as that date (see `dueBy`).
  if (!every || p.tokens.some((t) => t.unit === 'date' && t.year !== null)) return null;
  const recurrence: Recurrence = { every };
  let start: string | null = null;
  let due: string | null = null;
  for (const t of p.tokens) {
    if (t.unit === 'date' && t.year === null && every === 'year' && !recurrence.day) {
      recurrence.month = t.n;
      recurrence.day = t.day;
      continue;
    }
    const range = span(t, p.year);
    if (!range) return UNPARSED;
    if (UNTIL_WORDS.test(before(p, t))) due = range.due;
    else start ??= range.start;
  }
  const day = every === 'month' ? /\bngay\s+(\d{1,2})(?![\d/])/.exec(p.s)?.[1] : undefined;
  if (day && (Number(day) < 1 || Number(day) > 31)) return UNPARSED;
  if (day) recurrence.day = Number(day);
  return { kind: 'recurring', recurrence, start, due };
}

/**
 * "Trước ngày 10/4/2026", "Hoàn thành trước 30/8/2026", "Trước tháng 6/2026", "Hoàn thành trong Quý II/2026".
 * "Trước ngày X" names X itself as the deadline: in administrative usage the stated day is the
 * hạn and work delivered on it is on time, so `due` is X, not the day before.
 */
function dueBy(p: Phrase): Result | null {
  const t = p.tokens.find((token) => DUE_WORDS.test(before(p, token)));
  if (!t) return null;
  const range = span(t, p.year);
  if (!range) return UNPARSED;
  const ongoing = ONGOING_WORDS.test(p.s.slice(t.end)) || EVERY.some(([pattern]) => pattern.test(p.s));
  if (t.unit === 'date') return { kind: 'date', due: range.due, ongoing };
  // "Trước tháng 6/2026" is before June: its last admissible day is 31 May.
  if (/truoc(?:\s+ngay)?\s*$/.test(before(p, t))) return { kind: 'date', due: addDays(range.start, -1), ongoing };
  return { kind: t.unit, start: range.start, due: range.due, ongoing };
}

/** "2025 - 2026", "Từ 2026 - 2030", "Từ tháng 3 đến tháng 6/2026", "Từ ngày 10/4 đến hết ngày 30/4/2026". */
function between(p: Phrase): Result | null {
  for (const [i, a] of p.tokens.entries()) {
    const b = p.tokens[i + 1];
    if (!b || !/^\s*(?:-|den|toi)(?: het)?\s*(?:ngay\s+|nam\s+)?$/.test(p.s.slice(a.end, b.index))) continue;
    const from = span({ ...a, year: a.year ?? b.year }, p.year);
    const to = span(b, p.year);
    return from && to && from.start <= to.due ? { kind: 'range', start: from.start, due: to.due } : UNPARSED;
  }
  return null;
}

/** "Thường xuyên", "Nhiệm vụ thường xuyên", "Thường xuyên, bắt đầu từ Quý I/2026", "Bắt đầu từ ngày 10/4/2026". */
function continuous(p: Phrase): Result | null {
  const from = p.tokens.find((t) => FROM_WORDS.test(before(p, t)));
  if (!from && !ONGOING_WORDS.test(p.s)) return null;
  const range = from && span(from, p.year);
  if (from && !range) return UNPARSED;
  return { kind: 'continuous', start: range?.start ?? null, needsReview: p.tokens.length > (from ? 1 : 0) };
}

/**
 * "Ngay khi Kế hoạch được ban hành": when the event is this document's own issue, the duty
 * starts on its date. Other events have no date yet; a period named beside an event
 * ("Theo lộ trình, hướng dẫn của Trung ương (9/2025)") has no clear role, so a person decides.
 */
function onEvent(p: Phrase): Result | null {
  if (!/\b(?:ngay khi|sau khi|khi co|khi duoc|theo lo trinh|theo huong dan|theo yeu cau|theo chi dao)\b/.test(p.s)) return null;
  const selfIssued = /\b(?:ke hoach|quyet dinh|van ban|de an|chuong trinh)(?: nay)? (?:duoc )?ban hanh\b/.test(p.s);
  const start = selfIssued ? p.documentDate : null;
  return { kind: 'on-event', start, needsReview: p.tokens.length > 0 || (selfIssued && !start) };
}

/** A bare period: "12/7/2026", "6/2025", "Tháng 10/2025", "Quý III", "6 tháng đầu năm 2026", "2025". */
function single(p: Phrase): Result | null {
  const [t, ...others] = p.tokens;
  if (!t) return null;
  const range = span(t, p.year);
  if (!range || others.some((o) => o.unit !== t.unit || span(o, p.year)?.due !== range.due)) return UNPARSED;
  return t.unit === 'date' ? { kind: 'date', due: range.due } : { kind: t.unit, start: range.start, due: range.due };
}

/** The forms, most specific first; the first that reads the phrase wins. */
const RULES = [invalid, done, recurring, dueBy, between, continuous, onEvent, single];

function year(iso: string): number {
  return Number(iso.slice(0, 4));
}

function month(iso: string): number {
  return Number(iso.slice(5, 7));
}

function shortText(text: string): string {
  const clean = normalizeText(text.replace(/<[^>]*>/g, ' '));
  return clean.length > 80 ? `${clean.slice(0, 79)}…` : clean;
}
