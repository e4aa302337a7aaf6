import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText, normalizeText, searchWords } from './text.ts';

describe('Vietnamese text', () => {
  it("folds diacritics, đ and the seeds' abbreviations into one search key", () => {
    expect(foldText('Sở KH&CN')).toBe('so khcn');
    expect(foldText('Sở Khoa học và Công nghệ')).toBe('so khoa hoc va cong nghe');
    expect(foldText('Đại học Thái Nguyên')).toBe('dai hoc thai nguyen');
    expect(foldText('Chuyển đổi số hoá')).toBe(foldText('Chuyển đổi số hóa'));
    expect(foldText('Văn phòng Đoàn ĐBQH&HĐND')).toBe('van phong doan dbqhhdnd');
  });

  it('treats NFD input like NFC', () => {
    const nfd = 'Tân Cương'.normalize('NFD');
    expect(normalizeText(nfd)).toBe('Tân Cương'.normalize('NFC'));
    expect(foldText(nfd)).toBe('tan cuong');
  });

  it('splits a query into folded words', () => {
    expect(searchWords('  so   KHCN ')).toEqual(['so', 'khcn']);
    expect(searchWords('!!!')).toEqual([]);
  });

  it('never throws and always yields lower-case ASCII-folded words', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const folded = foldText(s);
        expect(folded).toBe(folded.trim());
        expect(folded).not.toMatch(/\p{M}/u);
        expect(folded).toBe(folded.toLowerCase());
      }),
    );
  });
});
