import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// biome-ignore lint/style/noRestrictedImports: the test reads the demo province's data (JSON, not server code); the module under test stays pure
import province from '../../server/db/seed/thai-nguyen.json' with { type: 'json' };
import { SEED_UNIT_CELLS } from './fixtures/seed-unit-cells.ts';
import { foldText, searchWords } from './text.ts';
import { cleanUnitCell, FUZZY_THRESHOLD, resolveUnitNames, splitUnitCell, type UnitDirectory, type UnitMatch } from './unit-names.ts';

/** The demo province as the importer sees it: units by code, groups by phrase. */
function directoryOf(data: typeof province, skipCodes: string[] = []): UnitDirectory {
  return {
    units: data.units
      .filter((u) => !skipCodes.includes(u.code))
      .map((u) => ({ id: u.code, code: u.code, name: u.name, shortName: u.shortName, aliases: u.aliases })),
    groups: data.groups.map((g) => ({ id: g.phrase, phrase: g.phrase, aliases: g.aliases })),
  };
}

const directory = directoryOf(province);
const resolve = (cell: string) => resolveUnitNames(cell, directory);
const one = (cell: string): UnitMatch => {
  const matches = resolve(cell);
  expect(matches).toHaveLength(1);
  return matches[0] as UnitMatch;
};

describe('resolveUnitNames: every lead and support cell of seeds 003 and 004', () => {
  it('covers 74 distinct cells, 188 occurrences: 003 (36), 004 Phụ lục I (50) and Phụ lục II (102)', () => {
    const count = (prefix: string) => SEED_UNIT_CELLS.flatMap((c) => c.sources).filter((s) => s.startsWith(prefix)).length;
    expect(SEED_UNIT_CELLS).toHaveLength(74);
    expect(new Set(SEED_UNIT_CELLS.map((c) => c.cell)).size).toBe(74);
    expect([count('003 '), count('004 PL I '), count('004 PL II ')]).toEqual([36, 50, 102]);
  });

  it.each(SEED_UNIT_CELLS)('$sources.0: "$cell"', ({ cell, expected }) => {
    const matches = resolve(cell);
    expect(matches.map(({ kind, name, text }) => ({ kind, name, text }))).toEqual(expected);
    for (const m of matches) {
      if (m.kind === 'unknown') {
        expect(m).toMatchObject({ id: null, method: null, confidence: 0 });
        continue;
      }
      const entry =
        m.kind === 'unit' ? directory.units.find((u) => u.id === m.id)?.name : directory.groups.find((g) => g.id === m.id)?.phrase;
      expect(entry).toBe(m.name);
      expect(m.method).not.toBe('fuzzy');
      expect(m.confidence).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('finds one name the tree lacks, the ministry in 004 Phụ lục II 26', () => {
    const unknown = SEED_UNIT_CELLS.flatMap((c) => resolve(c.cell)).filter((m) => m.kind === 'unknown');
    expect(unknown.map((m) => m.text)).toEqual(['Bộ Xây dựng']);
  });
});

describe('splitUnitCell: splitting with care', () => {
  const both = (cell: string) => [splitUnitCell(cell), splitUnitCell(cell, directory)];

  it('splits on ";", line breaks and "-" bullets always', () => {
    const cell = 'Văn phòng Đoàn ĐBQH&HĐND; Văn phòng UBND tỉnh; Sở Khoa học và Công nghệ';
    const names = ['Văn phòng Đoàn ĐBQH&HĐND', 'Văn phòng UBND tỉnh', 'Sở Khoa học và Công nghệ'];
    expect(both(cell)).toEqual([names, names]);
    expect(both('- Sở Tài chính\n- Sở Y tế')).toEqual([
      ['Sở Tài chính', 'Sở Y tế'],
      ['Sở Tài chính', 'Sở Y tế'],
    ]);
    expect(splitUnitCell('Sở Tài chính\r\n\r\nSở Y tế;', directory)).toEqual(['Sở Tài chính', 'Sở Y tế']);
    expect(splitUnitCell('- Sở Tài chính - Sở Y tế')).toEqual(['Sở Tài chính', 'Sở Y tế']);
  });

  it('keeps a dash inside a name', () => {
    const viettel = 'Tập đoàn Công nghiệp - Viễn thông quân đội (Viettel)';
    expect(both(`- ${viettel}; - Sở Y tế`)).toEqual([
      [viettel, 'Sở Y tế'],
      [viettel, 'Sở Y tế'],
    ]);
    expect(splitUnitCell('Trường Đại học Kinh tế - Công nghệ Thái Nguyên, Sở Y tế', directory)).toEqual([
      'Trường Đại học Kinh tế - Công nghệ Thái Nguyên',
      'Sở Y tế',
    ]);
  });

  it('splits on "," only where both sides are names', () => {
    expect(both('Sở Tài chính, Sở KH&CN')).toEqual([
      ['Sở Tài chính', 'Sở KH&CN'],
      ['Sở Tài chính', 'Sở KH&CN'],
    ]);
    expect(both('Các sở, ban, ngành, địa phương')).toEqual([['Các sở, ban, ngành, địa phương'], ['Các sở, ban, ngành, địa phương']]);
    expect(both('Sở Văn hóa, Thể thao và Du lịch')).toEqual([['Sở Văn hóa, Thể thao và Du lịch'], ['Sở Văn hóa, Thể thao và Du lịch']]);
    // A phrase the directory knows whole is not cut into the groups it is made of.
    expect(splitUnitCell('Sở, ban, ngành, UBND các xã, phường', directory)).toEqual(['Sở, ban, ngành, UBND các xã, phường']);
    // Unknown names that each look like a name still split; a trailing fragment does not.
    expect(splitUnitCell('Công ty Cổ phần Gang thép, Tổng công ty Khoáng sản', directory)).toEqual([
      'Công ty Cổ phần Gang thép',
      'Tổng công ty Khoáng sản',
    ]);
    expect(splitUnitCell('Sở Tài chính phụ trách các chỉ số: TFP, ICOR', directory)).toEqual([
      'Sở Tài chính phụ trách các chỉ số: TFP, ICOR',
    ]);
  });

  it('never splits inside parentheses', () => {
    for (const cell of [
      'Sở Nông nghiệp và Môi trường (Chi cục Trồng trọt và BVTV)',
      'Sở Nông nghiệp và Môi trường (Ban quản lý rừng đặc dụng, phòng hộ tỉnh Thái Nguyên)',
      'Sở Y tế (Sở Tài chính; Sở KH&CN)',
    ]) {
      expect(both(cell)).toEqual([[cell], [cell]]);
    }
  });

  it('splits on "và" only between two known names', () => {
    expect(both('Sở Tài chính và Sở KH&CN')).toEqual([
      ['Sở Tài chính', 'Sở KH&CN'],
      ['Sở Tài chính', 'Sở KH&CN'],
    ]);
    expect(both('Sở Tài chính và các sở, ban, ngành, địa phương')).toEqual([
      ['Sở Tài chính', 'các sở, ban, ngành, địa phương'],
      ['Sở Tài chính', 'các sở, ban, ngành, địa phương'],
    ]);
    for (const name of ['Sở Khoa học và Công nghệ', 'Văn phòng Đoàn ĐBQH và HĐND tỉnh', 'Báo và phát thanh, truyền hình Thái Nguyên']) {
      expect(both(name)).toEqual([[name], [name]]);
    }
    expect(splitUnitCell('Sở Tài chính và Sở Y tế và Sở Nội vụ', directory)).toEqual(['Sở Tài chính', 'Sở Y tế', 'Sở Nội vụ']);
    expect(splitUnitCell('Chi cục Kiểm lâm tỉnh và UBND các xã, phường', directory)).toEqual([
      'Chi cục Kiểm lâm tỉnh',
      'UBND các xã, phường',
    ]);
  });

  it('normalises the spaces of a cell joined across a page break', () => {
    expect(splitUnitCell('Sở Khoa học và \n Công nghệ'.replace('\n', ' '), directory)).toEqual(['Sở Khoa học và Công nghệ']);
    expect(splitUnitCell('  Các Sở, ban,   ngành, địa phương ', directory)).toEqual(['Các Sở, ban, ngành, địa phương']);
    expect(splitUnitCell('Đại học Thái  Nguyên; Sở Khoa học và  Công nghệ', directory)).toEqual([
      'Đại học Thái Nguyên',
      'Sở Khoa học và Công nghệ',
    ]);
  });

  it('keeps a qualifier with the name it follows, and drops markup and empty parts', () => {
    expect(splitUnitCell('Sở Y tế; Sở Nội vụ; theo chức năng, nhiệm vụ', directory)).toEqual([
      'Sở Y tế',
      'Sở Nội vụ theo chức năng, nhiệm vụ',
    ]);
    expect(splitUnitCell('<b>Sở Y tế</b>; ;; - ', directory)).toEqual(['Sở Y tế']);
    expect(splitUnitCell('', directory)).toEqual([]);
    expect(resolve('  ')).toEqual([]);
  });
});

describe('resolveUnitNames: match order', () => {
  it('matches the exact name, short name or code first', () => {
    expect(one('Sở Khoa học và Công nghệ')).toMatchObject({ kind: 'unit', id: 'SKHCN', method: 'exact', confidence: 1 });
    expect(one('Sở KH&CN')).toMatchObject({ id: 'SKHCN', method: 'exact' });
    expect(one('SKHCN')).toMatchObject({ id: 'SKHCN', method: 'exact' });
    expect(one('Các sở, ban, ngành, địa phương')).toMatchObject({ kind: 'group', name: 'Các sở, ban, ngành, địa phương', method: 'exact' });
  });

  it('then an alias', () => {
    expect(one('Sở KHCN')).toMatchObject({ id: 'SKHCN', method: 'alias', confidence: 1 });
    expect(one('Uỷ ban nhân dân tỉnh')).toMatchObject({ id: 'UBND', name: 'Ủy ban nhân dân tỉnh Thái Nguyên', method: 'alias' });
    expect(one('Các sở, ngành, địa phương')).toMatchObject({ kind: 'group', name: 'Các sở, ban, ngành, địa phương', method: 'alias' });
  });

  it('then the normalised name: case, diacritics, "Uỷ"/"Ủy", "hoá"/"hóa", abbreviations, "tỉnh" optional', () => {
    const normalised = (cell: string, id: string) => expect(one(cell)).toMatchObject({ id, method: 'normalised', confidence: 0.95 });
    normalised('sở khoa học và công nghệ', 'SKHCN');
    normalised('Sở KH và CN tỉnh', 'SKHCN');
    normalised('Sở Khoa học Công nghệ', 'SKHCN');
    normalised('Uỷ ban nhân dân tỉnh thái nguyên', 'UBND');
    normalised('UBND tỉnh Thái nguyên', 'UBND');
    normalised('Sở Văn hoá - Thể thao và Du lịch', 'SVHTTDL');
    normalised('Sở VH, TT và DL', 'SVHTTDL');
    normalised('Sở Giáo dục - Đào tạo', 'SGDDT');
    normalised('Sở NN & MT tỉnh Thái Nguyên', 'SNNMT');
    normalised('Văn phòng Đoàn ĐBQH & HĐND tỉnh Thái Nguyên', 'VPDBQH_HDND');
    normalised('Văn phòng Đoàn Đại biểu Quốc hội và HĐND tỉnh', 'VPDBQH_HDND');
    normalised('Thường trực HĐND', 'TTHDND');
    normalised('Chi cục Trồng trọt & BVTV tỉnh Thái Nguyên', 'CCTTBVTV');
    normalised('Sở Y tế tỉnh Thái Nguyên', 'SYT');
    expect(one('các sở ban ngành')).toMatchObject({ kind: 'group', name: 'Các sở, ban, ngành', method: 'normalised' });
    expect(one('UBND các xã phường')).toMatchObject({ kind: 'group', name: 'UBND các xã, phường', method: 'normalised' });
  });

  it('reads the name a parenthesis or a qualifier wraps, at a lower confidence', () => {
    expect(one('Sở NN&MT (Chi cục TT&BVTV)')).toMatchObject({ id: 'CCTTBVTV', confidence: 0.9 });
    expect(one('Thường trực Tỉnh ủy (báo cáo)')).toMatchObject({ id: 'TTTU', text: 'Thường trực Tỉnh ủy (báo cáo)', confidence: 0.9 });
    expect(one('Sở Y tế chủ trì, phối hợp Sở Tài chính')).toMatchObject({ id: 'SYT', confidence: 0.9 });
  });

  it('accepts a typo by fuzzy match, with a confidence above the threshold', () => {
    // Without diacritics the folded key is already equal: the normalised step finds them.
    expect(one('Sở Khoa hoc va Cong nghe')).toMatchObject({ id: 'SKHCN', method: 'normalised' });
    expect(one('So Y te')).toMatchObject({ id: 'SYT', method: 'normalised' });
    for (const [cell, id] of [
      ['Sở Khoa họcc và Công nghệ', 'SKHCN'],
      ['Sở Xây dựg', 'SXD'],
      ['Sở Tài chíng', 'STC'],
      ['Sở Nông ngiệp và Môi trường', 'SNNMT'],
      ['Phường Phan Đình Phùn', 'PHUONG_PHAN_DINH_PHUNG'],
      ['Sở Giáo dục và Đào tạoo', 'SGDDT'],
    ] as const) {
      const m = one(cell);
      expect(m).toMatchObject({ kind: 'unit', id, method: 'fuzzy', text: cell });
      expect(m.confidence).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
      expect(m.confidence).toBeLessThanOrEqual(0.94);
    }
  });

  it('leaves a low-confidence name unknown, verbatim, with the nearest entry as a suggestion', () => {
    const m = one('Sở Tài nguyên và Môi trường');
    expect(m).toMatchObject({ kind: 'unknown', id: null, name: null, method: null, confidence: 0, text: 'Sở Tài nguyên và Môi trường' });
    expect(m.suggestion?.id).toBe('SNNMT');
    expect(m.suggestion?.confidence).toBeLessThan(FUZZY_THRESHOLD);
    for (const cell of ['Sở Ngoại vụ', 'Xã Phú Bình Mới', 'UBND huyện Đại Từ', 'Viện Kinh tế và Du lịch', 'Sở TT&TT']) {
      expect(one(cell)).toMatchObject({ kind: 'unknown', id: null, text: cell });
    }
  });

  it('never matches across type words, nor between two entries that fold alike', () => {
    expect(one('Bộ Xây dựng')).toMatchObject({ kind: 'unknown' });
    expect(one('Bộ Khoa học và Công nghệ')).toMatchObject({ kind: 'unknown' });
    // "Xã Văn Lang" and "Xã Văn Lăng" are two communes: only the exact spelling decides.
    expect(one('Xã Văn Lang')).toMatchObject({ id: 'XA_VAN_LANG', method: 'exact' });
    expect(one('Xã Văn Lăng')).toMatchObject({ id: 'XA_VAN_LAWNG', method: 'exact' });
    expect(one('Xã Van Lang')).toMatchObject({ kind: 'unknown' });
  });

  it('keeps an enterprise the tree lacks, verbatim', () => {
    const viettel = 'Tập đoàn Công nghiệp - Viễn thông quân đội (Viettel)';
    const without = directoryOf(province, ['VIETTEL']);
    expect(resolveUnitNames(`Sở KH&CN; ${viettel}`, without).map((m) => [m.kind, m.text])).toEqual([
      ['unit', 'Sở KH&CN'],
      ['unknown', viettel],
    ]);
    expect(one('Tập đoàn Bưu chính Viễn thông Việt Nam (VNPT)')).toMatchObject({
      kind: 'unknown',
      text: 'Tập đoàn Bưu chính Viễn thông Việt Nam (VNPT)',
    });
  });
});

describe('resolveUnitNames: properties', () => {
  /** Folded words with a letter; "và" is the one word a split may consume. */
  const letterWords = (text: string) => searchWords(text).filter((w) => /\p{L}/u.test(w) && w !== 'va');
  const names = [
    ...province.units.slice(0, 40).flatMap((u) => [u.name, u.shortName, ...u.aliases.slice(0, 2)]),
    ...province.groups.map((g) => g.phrase),
    'Bộ Xây dựng',
    'theo chức năng, nhiệm vụ',
    'Tập đoàn Công nghiệp - Viễn thông quân đội (Viettel)',
  ];
  const separators = ['; ', ', ', ' và ', '\n', '\n- ', ' - ', ' (', ') ', '. ', ' ', '<b>', '1. '];
  const cell = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc
      .array(fc.oneof(fc.constantFrom(...names), fc.constantFrom(...separators), fc.string({ maxLength: 6 })), { maxLength: 8 })
      .map((parts) => parts.join('')),
  );

  it('never throws, and every letter-bearing word of the cell is in the text of a match', () => {
    fc.assert(
      fc.property(cell, (input) => {
        const matches = resolveUnitNames(input, directory);
        const kept = letterWords(matches.map((m) => m.text).join(' '));
        const counts = new Map<string, number>();
        for (const w of kept) counts.set(w, (counts.get(w) ?? 0) + 1);
        for (const w of letterWords(cleanUnitCell(input))) {
          const left = counts.get(w) ?? 0;
          expect(left, `"${w}" dropped from ${JSON.stringify(input)}`).toBeGreaterThan(0);
          counts.set(w, left - 1);
        }
        for (const m of matches) {
          expect(m.text).toBe(m.text.trim());
          expect(m.confidence).toBeGreaterThanOrEqual(0);
          expect(m.confidence).toBeLessThanOrEqual(1);
          expect(m.kind === 'unknown').toBe(m.id === null);
          if (m.method === 'fuzzy') expect(m.confidence).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('splits without a directory without throwing or dropping words', () => {
    fc.assert(
      fc.property(cell, (input) => {
        const kept = new Set(letterWords(splitUnitCell(input).join(' ')));
        for (const w of letterWords(cleanUnitCell(input))) expect(kept.has(w)).toBe(true);
      }),
    );
  });

  it('gives the same result for NFD input', () => {
    for (const { cell } of SEED_UNIT_CELLS.slice(0, 20)) {
      expect(resolve(cell.normalize('NFD')).map((m) => m.id)).toEqual(resolve(cell).map((m) => m.id));
    }
    expect(foldText('Sở KH&CN')).toBe('so khcn');
  });
});
