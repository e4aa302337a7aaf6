import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_TYPE_LABELS,
  DOCUMENT_TYPES,
  formatDocumentNumber,
  parseDocumentNumber,
  parseDocumentNumbers,
} from './document-number.ts';

const base = { number: null, year: null, style: 'state', parsed: true };

describe('parseDocumentNumber', () => {
  it.each([
    ['13-TB/CQTT', { number: 13, type: 'TB', issuer: 'CQTT', style: 'party' }],
    ['41-KH/TU', { number: 41, type: 'KH', issuer: 'TU', style: 'party' }],
    ['08-CTr/BCĐ', { number: 8, type: 'CTr', issuer: 'BCĐ', style: 'party' }],
    ['22-ĐA/TU', { number: 22, type: 'ĐA', issuer: 'TU', style: 'party' }],
    ['69-KL/TW', { number: 69, type: 'KL', issuer: 'TW', style: 'party' }],
    ['02-NQ/HNTW', { number: 2, type: 'NQ', issuer: 'HNTW', style: 'party' }],
    ['35/KH-UBND', { number: 35, type: 'KH', issuer: 'UBND' }],
    ['2815/QĐ-TTg', { number: 2815, type: 'QĐ', issuer: 'TTg' }],
    ['36/TT-BKHCN', { number: 36, type: 'TT', issuer: 'BKHCN' }],
    ['75/TTr-SKH-CN', { number: 75, type: 'TTr', issuer: 'SKH-CN' }],
    ['180/2025/NĐ-CP', { number: 180, year: 2025, type: 'NĐ', issuer: 'CP' }],
    ['Số: /KH-UBND', { number: null, type: 'KH', issuer: 'UBND' }],
    ['Số: 12/BC-SKHCN', { number: 12, type: 'BC', issuer: 'SKHCN' }],
    ['số 05/QyĐ-UBND.', { number: 5, type: 'QyĐ', issuer: 'UBND' }],
    ['12 / qđ - UBND', { number: 12, type: 'QĐ', issuer: 'UBND' }],
    ['123/SKHCN-QLKH', { number: 123, type: 'CV', issuer: 'SKHCN-QLKH' }],
    ['456/UBND-KGVX', { number: 456, type: 'CV', issuer: 'UBND-KGVX' }],
  ])('%s', (text, expected) => {
    expect(parseDocumentNumber(text)).toEqual({ ...base, ...expected, text });
  });

  it('reads NFD input like NFC', () => {
    expect(parseDocumentNumber('2815/QĐ-TTg'.normalize('NFD')).type).toBe('QĐ');
  });

  it.each(['', 'Kế hoạch', '35/KH-', '13-XYZ/CQTT', '/', 'KH-UBND'])('"%s" comes back unparsed, text kept', (text) => {
    expect(parseDocumentNumber(text)).toEqual({ number: null, year: null, type: null, issuer: '', style: 'state', parsed: false, text });
  });

  it('never throws and keeps the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(parseDocumentNumber(text).text).toBe(text);
      }),
    );
  });
});

describe('formatDocumentNumber', () => {
  it.each(['13-TB/CQTT', '35/KH-UBND', '2815/QĐ-TTg', '41-KH/TU', '08-CTr/BCĐ', '180/2025/NĐ-CP', '123/SKHCN-QLKH', '/KH-UBND'])(
    'writes %s back as it was',
    (text) => {
      expect(formatDocumentNumber(parseDocumentNumber(text))).toBe(text);
    },
  );

  it('pads numbers below 10 and adds "Số:" on request (Decree 30/2020)', () => {
    expect(formatDocumentNumber(parseDocumentNumber('5/BC-SKHCN'), { prefix: true })).toBe('Số: 05/BC-SKHCN');
    expect(formatDocumentNumber(parseDocumentNumber('Số: /KH-UBND'), { prefix: true })).toBe('Số: /KH-UBND');
  });

  it('returns the words of an unparsed text', () => {
    expect(formatDocumentNumber(parseDocumentNumber('văn bản gì đó'))).toBe('văn bản gì đó');
  });

  it('round-trips every type in both styles', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 9999 }),
        fc.constantFrom(...DOCUMENT_TYPES.filter((t) => t !== 'CV')),
        fc.constantFrom('UBND', 'TU', 'SKHCN', 'TTg'),
        (n, type, issuer) => {
          for (const text of [`${n}/${type}-${issuer}`, `${n}-${type}/${issuer}`]) {
            expect(formatDocumentNumber(parseDocumentNumber(text))).toBe(text);
          }
        },
      ),
    );
  });
});

describe('document types', () => {
  it('labels every type in Vietnamese', () => {
    expect(Object.keys(DOCUMENT_TYPE_LABELS).sort()).toEqual([...DOCUMENT_TYPES].sort());
    expect(DOCUMENT_TYPE_LABELS.QyĐ).toBe('Quy định');
    expect(DOCUMENT_TYPE_LABELS.CV).toBe('Công văn');
  });

  it('splits the "assigning documents" column', () => {
    const parsed = parseDocumentNumbers('13-TB/CQTT; 41-KH/TU; 35/KH-UBND').map((d) => formatDocumentNumber(d));
    expect(parsed).toEqual(['13-TB/CQTT', '41-KH/TU', '35/KH-UBND']);
    expect(parseDocumentNumbers('08-CTr/BCĐ, 41-KH/TU').map((d) => d.type)).toEqual(['CTr', 'KH']);
    expect(parseDocumentNumbers('')).toEqual([]);
  });
});
