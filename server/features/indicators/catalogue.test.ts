import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AGGREGATIONS,
  DIRECTIONS,
  INDICATOR_FREQUENCIES,
  INDICATOR_GROUPS,
  type IndicatorGroup,
  type IndicatorSeed,
  VALUE_KINDS,
} from '#common/domain/indicator.ts';

/**
 * The demo catalogue of the 2030 targets (Đề án 002, Phần 2 §I.2) against a verbatim copy of §I.2.
 * The completeness tests read only the fixture text, never the catalogue's own idea of what a target is.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const TEXT = readFileSync(path.join(import.meta.dirname, 'fixtures/002-muc-tieu.txt'), 'utf8');
const CATALOGUE: IndicatorSeed[] = JSON.parse(readFileSync(path.join(ROOT, 'server/db/seed/indicators-002.json'), 'utf8'));
const PROVINCE: { units: { code: string }[] } = JSON.parse(readFileSync(path.join(ROOT, 'server/db/seed/thai-nguyen.json'), 'utf8'));

const PREFIX_GROUP: Record<string, IndicatorGroup> = {
  HT: 'infrastructure',
  NL: 'resources',
  KH: 'science_technology',
  DM: 'innovation',
  CD: 'digital_transformation',
  AN: 'cyber_security',
};

/** Clauses with digits that state no measurable target of their own. */
const NOT_TARGETS: { fragment: string; reason: string }[] = [
  { fragment: '2. Mục tiêu cụ thể', reason: 'tiêu đề mục: "2" là số thứ tự, không phải chỉ tiêu' },
];

/** A target stated twice: the second mention is measured by the indicator of the first. */
const REPEATED_TARGETS: { fragment: string; code: string; reason: string }[] = [
  {
    fragment: 'số doanh nghiệp đạt tiêu chí doanh nghiệp KH&CN là 70 doanh nghiệp',
    code: 'KH-03',
    reason: 'nhắc lại chỉ tiêu 70 doanh nghiệp KH&CN của mục (3)',
  },
];

/** Targets without a figure, stated as something to have ("có …", "sẵn sàng …"): the catalogue keeps them as level indicators. */
const LEVEL_TARGETS = [
  'sẵn sàng triển khai thử nghiệm mạng di động 6G',
  'có cơ chế tuyển dụng, thu hút nguồn nhân lực công nghệ thông tin, chuyển đổi số cho cấp xã',
  'có Trung tâm an ninh mạng cấp tỉnh',
];

/** Headings "(1) *Về phát triển hạ tầng:*" … "(6) …": where each starts and ends in the text. */
function sections(text: string): { n: number; start: number; end: number; label: { start: number; end: number } }[] {
  const found = [...text.matchAll(/^\((\d)\) \*[^*]+\*:?/gm)];
  return found.map((m, i) => ({
    n: Number(m[1]),
    start: m.index,
    end: found[i + 1]?.index ?? text.length,
    label: { start: m.index, end: m.index + m[0].length },
  }));
}

/** Split on ";" and on sentence ends (a "." before white space), so "1.800" and "0,8" stay whole. */
function clauses(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /;|\.(?=\s|$)/g;
  let from = 0;
  for (const m of text.matchAll(re)) {
    out.push({ text: text.slice(from, m.index), start: from });
    from = m.index + 1;
  }
  out.push({ text: text.slice(from), start: from });
  return out
    .map((c) => {
      const lead = c.text.length - c.text.trimStart().length;
      return { text: c.text.trim(), start: c.start + lead };
    })
    .filter((c) => c.text !== '');
}

/** Every place where `needle` occurs in `text`, as [start, end). */
function occurrences(text: string, needle: string): [number, number][] {
  const out: [number, number][] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push([i, i + needle.length]);
  return out;
}

const hasDigit = (s: string) => /\d/.test(s);
/** The figure of a heading "(3) *…*:" numbers the heading, it is no target. */
const withoutHeading = (clause: string) => clause.replace(/^\(\d\) \*[^*]+\*:?/, '');
const overlaps = (a: string, b: string) => a.includes(b) || b.includes(a);
const byCode = (code: string) => CATALOGUE.find((i) => i.code === code);

describe('the catalogue of Đề án 002 targets', () => {
  it('holds well-formed indicators with unique codes', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(50);
    const codes = CATALOGUE.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const i of CATALOGUE) {
      const where = `${i.code} ${i.name}`;
      expect(i.code, where).toMatch(/^(HT|NL|KH|DM|CD|AN)-\d{2}$/);
      expect(i.group, where).toBe(PREFIX_GROUP[i.code.slice(0, 2)]);
      expect(INDICATOR_GROUPS, where).toContain(i.group);
      expect(VALUE_KINDS, where).toContain(i.kind);
      expect(DIRECTIONS, where).toContain(i.direction);
      expect(AGGREGATIONS, where).toContain(i.aggregation);
      expect(INDICATOR_FREQUENCIES, where).toContain(i.frequency);
      expect(i.name.trim(), where).not.toBe('');
      expect(i.measure.trim(), where).not.toBe('');
      expect(typeof i.byCommune, where).toBe('boolean');
      expect(Number.isFinite(i.target2030), where).toBe(true);
      expect(i.target2030, where).toBeGreaterThanOrEqual(0);
      if (i.kind === 'percent') expect(i.target2030, where).toBeLessThanOrEqual(100);
      if (i.kind === 'count') expect(Number.isInteger(i.target2030), where).toBe(true);
      if (i.kind === 'rank') {
        expect(Number.isInteger(i.target2030) && i.target2030 >= 1, where).toBe(true);
        expect(i.direction, where).toBe('lower');
      }
      if (i.byCommune && i.kind === 'percent') expect(i.aggregation, where).toBe('mean');
      if (i.baseline) {
        expect(Number.isFinite(i.baseline.value), where).toBe(true);
        expect(i.baseline.year, where).toBeGreaterThanOrEqual(2020);
        expect(i.baseline.year, where).toBeLessThan(2030);
      }
      for (const y of i.yearly) expect(y.year > 2025 && y.year < 2030, where).toBe(true);
    }
  });

  it('numbers codes in the order of the text, within each group', () => {
    for (const prefix of Object.keys(PREFIX_GROUP)) {
      const inGroup = CATALOGUE.filter((i) => i.code.startsWith(`${prefix}-`));
      expect(inGroup.map((i) => i.code)).toEqual(inGroup.map((_, k) => `${prefix}-${String(k + 1).padStart(2, '0')}`));
      const positions = inGroup.map((i) => TEXT.indexOf(i.quote));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it('names only owners that exist in the province', () => {
    const units = new Set(PROVINCE.units.map((u) => u.code));
    for (const i of CATALOGUE) expect(units.has(i.owner), `${i.code}: ${i.owner}`).toBe(true);
  });

  it('quotes the text exactly, once, under the heading its source and group name', () => {
    const heads = sections(TEXT);
    expect(heads.map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const i of CATALOGUE) {
      const found = occurrences(TEXT, i.quote);
      expect(found, `${i.code}: "${i.quote}"`).toHaveLength(1);
      const n = INDICATOR_GROUPS.indexOf(i.group) + 1;
      expect(i.source, i.code).toBe(`Đề án 002, Phần 2 §I.2 (${n})`);
      const at = found[0]?.[0] ?? -1;
      const section = heads.find((s) => at >= s.start && at < s.end);
      expect(section?.n, i.code).toBe(n);
    }
  });
});

describe('completeness against the text of §I.2', () => {
  const quotes = CATALOGUE.map((i) => i.quote);

  it('covers every clause that has a figure', () => {
    const spansOf = (needles: string[]) => needles.flatMap((n) => occurrences(TEXT, n));
    // A clause is covered when a span lies inside it, or it lies inside a span (a quote reaching over a ";").
    const covers = (spans: [number, number][], c: { text: string; start: number }) => {
      const end = c.start + c.text.length;
      return spans.some(([s, e]) => (s >= c.start && e <= end) || (c.start >= s && end <= e));
    };
    const quoted = spansOf(quotes);
    const excepted = spansOf(NOT_TARGETS.map((x) => x.fragment));
    const repeated = spansOf(REPEATED_TARGETS.map((x) => x.fragment));
    const withFigures = clauses(TEXT).filter((c) => hasDigit(withoutHeading(c.text)));
    expect(withFigures.length).toBeGreaterThanOrEqual(50);
    const uncovered = withFigures.filter((c) => !covers(quoted, c) && !covers(excepted, c) && !covers(repeated, c)).map((c) => c.text);
    expect(uncovered).toEqual([]);
  });

  it('covers every figure of the text by a quote, a repeated target or an explicit exception', () => {
    const spans = [
      ...quotes.flatMap((q) => occurrences(TEXT, q)),
      ...NOT_TARGETS.flatMap((x) => occurrences(TEXT, x.fragment)),
      ...REPEATED_TARGETS.flatMap((x) => occurrences(TEXT, x.fragment)),
      ...sections(TEXT).map((s): [number, number] => [s.label.start, s.label.end]),
    ];
    const uncovered = [...TEXT.matchAll(/\d+(?:[.,]\d+)*/g)]
      .filter((m) => !spans.some(([start, end]) => m.index >= start && m.index + m[0].length <= end))
      .map((m) => `${m[0]} … ${TEXT.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ')}`);
    expect(uncovered).toEqual([]);
  });

  it('keeps the exceptions honest: each is in the text, has a figure and is no indicator', () => {
    for (const x of NOT_TARGETS) {
      expect(occurrences(TEXT, x.fragment), x.fragment).toHaveLength(1);
      expect(hasDigit(x.fragment), x.fragment).toBe(true);
      expect(x.reason.trim()).not.toBe('');
      expect(
        quotes.some((q) => overlaps(q, x.fragment)),
        x.fragment,
      ).toBe(false);
    }
  });

  it('measures a repeated target by the indicator of its first mention, with the same figure', () => {
    for (const x of REPEATED_TARGETS) {
      expect(occurrences(TEXT, x.fragment), x.fragment).toHaveLength(1);
      const indicator = byCode(x.code);
      expect(indicator, x.code).toBeDefined();
      const figure = Number(x.fragment.match(/\d+/)?.[0]);
      expect(indicator?.target2030).toBe(figure);
      expect(TEXT.indexOf(indicator?.quote ?? '\u0000')).toBeLessThan(TEXT.indexOf(x.fragment));
    }
  });

  it('keeps the targets stated without a figure as level indicators', () => {
    for (const words of LEVEL_TARGETS) {
      expect(TEXT, words).toContain(words);
      const indicator = CATALOGUE.find((i) => overlaps(i.quote, words));
      expect(indicator, words).toBeDefined();
      expect(indicator?.direction).toBe('level');
      expect(indicator?.target2030).toBe(1);
    }
  });
});

describe('the targets the issue names', () => {
  const named: { code: string; name: RegExp; target: number }[] = [
    { code: 'HT-01', name: /5G/, target: 100 },
    { code: 'NL-01', name: /GRDP/, target: 3 },
    { code: 'NL-05', name: /vạn dân/, target: 13 },
    { code: 'KH-02', name: /cán bộ nghiên cứu/, target: 1800 },
    { code: 'KH-03', name: /doanh nghiệp khoa học và công nghệ/, target: 70 },
    { code: 'KH-05', name: /nghiệm thu/, target: 45 },
    { code: 'KH-07', name: /12 tháng/, target: 70 },
    { code: 'KH-09', name: /Scopus\/ISI/, target: 350 },
    { code: 'DM-01', name: /PII/, target: 10 },
    { code: 'CD-01', name: /DTI/, target: 0.8 },
    { code: 'CD-20', name: /kinh tế số/, target: 35 },
    { code: 'CD-06', name: /dịch vụ công trực tuyến toàn trình/, target: 100 },
  ];

  it.each(named)('$code ($name) aims at $target', ({ code, name, target }) => {
    const indicator = byCode(code);
    expect(indicator?.name).toMatch(name);
    expect(indicator?.target2030).toBe(target);
  });

  it('ranks PII: top 10 is a rank to get down to', () => {
    expect(byCode('DM-01')).toMatchObject({ kind: 'rank', direction: 'lower', target2030: 10 });
  });

  it('counts papers and accepted works per year', () => {
    expect(byCode('KH-09')?.measure).toBe('bài báo/năm');
    expect(byCode('KH-05')?.measure).toBe('công trình/năm');
  });

  it('starts DTI from 0,79 in 2024 (Phần 1, chú thích 7)', () => {
    expect(byCode('CD-01')).toMatchObject({ kind: 'number', baseline: { value: 0.79, year: 2024 } });
  });
});
