/**
 * Number and symbol of a document (số, ký hiệu văn bản), issue 3 §1.
 *
 * State bodies write `35/KH-UBND` (Decree 30/2020/NĐ-CP: number / type - issuer); legal
 * normative documents add the year, `180/2025/NĐ-CP`; Party bodies write `13-TB/CQTT`
 * (number - type / issuer); a công văn has no type, `123/SKHCN-QLKH` (agency - drafting unit).
 * An unnumbered draft reads `Số: /KH-UBND`.
 */
import { normalizeText } from './text.ts';

/** Decree 30/2020/NĐ-CP, Appendix III, plus the legal and Party types the seeds cite. */
export const DOCUMENT_TYPES = [
  'NQ',
  'QĐ',
  'CT',
  'QC',
  'QyĐ',
  'TB',
  'HD',
  'CTr',
  'KH',
  'PA',
  'ĐA',
  'DA',
  'BC',
  'BB',
  'TTr',
  'HĐ',
  'CĐ',
  'GM',
  'CV',
  'NĐ',
  'TT',
  'KL',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  NQ: 'Nghị quyết',
  QĐ: 'Quyết định',
  CT: 'Chỉ thị',
  QC: 'Quy chế',
  QyĐ: 'Quy định',
  TB: 'Thông báo',
  HD: 'Hướng dẫn',
  CTr: 'Chương trình',
  KH: 'Kế hoạch',
  PA: 'Phương án',
  ĐA: 'Đề án',
  DA: 'Dự án',
  BC: 'Báo cáo',
  BB: 'Biên bản',
  TTr: 'Tờ trình',
  HĐ: 'Hợp đồng',
  CĐ: 'Công điện',
  GM: 'Giấy mời',
  CV: 'Công văn',
  NĐ: 'Nghị định',
  TT: 'Thông tư',
  KL: 'Kết luận',
};

export interface DocumentNumber {
  /** null for an unnumbered draft ("Số: /KH-UBND") or when unparsed. */
  number: number | null;
  /** The year of a legal normative document: 180/2025/NĐ-CP. */
  year: number | null;
  /** null only when unparsed; CV for a công văn, which has no type in its symbol. */
  type: DocumentType | null;
  /** "UBND", "TTg", "CQTT"; for a công văn the agency and unit, "SKHCN-QLKH". */
  issuer: string;
  /** `state`: 35/KH-UBND; `party`: 13-TB/CQTT. */
  style: 'state' | 'party';
  /** False when the text is not a number and symbol; the text is then kept for a person. */
  parsed: boolean;
  /** The original words. */
  text: string;
}

const LETTERS = '[A-Za-zĐđ]+';
const STATE = new RegExp(`^(\\d*)(?:/(\\d{4}))?/(${LETTERS})-(.+)$`, 'u');
const PARTY = new RegExp(`^(\\d+)-(${LETTERS})/(.+)$`, 'u');
const ISSUER = /^[\p{L}\d&]+(?:-[\p{L}\d&]+)*$/u;

/** Reads "13-TB/CQTT", "35/KH-UBND", "Số: /KH-UBND", "123/SKHCN-QLKH"; never throws. */
export function parseDocumentNumber(text: string): DocumentNumber {
  const source = typeof text === 'string' ? text : '';
  const s = normalizeText(source)
    .replace(/^số\s*:?\s*/iu, '')
    .replace(/\s*([/-])\s*/g, '$1')
    .replace(/[.,;:]+$/, '');
  const unparsed: DocumentNumber = { number: null, year: null, type: null, issuer: '', style: 'state', parsed: false, text: source };

  const party = PARTY.exec(s);
  const partyType = party && documentType(party[2] ?? '');
  if (party && partyType && ISSUER.test(party[3] ?? '')) {
    return { ...unparsed, number: Number(party[1]), type: partyType, issuer: party[3] ?? '', style: 'party', parsed: true };
  }
  const state = STATE.exec(s);
  const stateType = state && documentType(state[3] ?? '');
  if (state && stateType && ISSUER.test(state[4] ?? '')) {
    const number = state[1] ? Number(state[1]) : null;
    const year = state[2] ? Number(state[2]) : null;
    return { ...unparsed, number, year, type: stateType, issuer: state[4] ?? '', parsed: true };
  }
  // Công văn: "123/SKHCN-QLKH", the symbol names the agency and the drafting unit, no type.
  const letter = /^(\d*)\/(.+)$/u.exec(s);
  if (letter && ISSUER.test(letter[2] ?? '') && /\p{L}/u.test(letter[2] ?? '')) {
    return { ...unparsed, number: letter[1] ? Number(letter[1]) : null, type: 'CV', issuer: letter[2] ?? '', parsed: true };
  }
  return unparsed;
}

/**
 * Writes the number and symbol back: "35/KH-UBND", "13-TB/CQTT", "08-CTr/BCĐ". Numbers below
 * 10 take a leading zero (Decree 30/2020/NĐ-CP, Appendix I). With `prefix`: "Số: 12/BC-SKHCN".
 */
export function formatDocumentNumber(d: DocumentNumber, options: { prefix?: boolean } = {}): string {
  if (!d.parsed || !d.type) return d.text;
  const n = d.number === null ? '' : String(d.number).padStart(2, '0');
  const symbol =
    d.style === 'party'
      ? `${n}-${d.type}/${d.issuer}`
      : d.type === 'CV'
        ? `${n}/${d.issuer}`
        : `${n}${d.year ? `/${d.year}` : ''}/${d.type}-${d.issuer}`;
  return options.prefix ? `Số: ${symbol}` : symbol;
}

/** The "assigning documents" column: "13-TB/CQTT; 41-KH/TU; 35/KH-UBND", "08-CTr/BCĐ, 41-KH/TU". */
export function parseDocumentNumbers(cell: string): DocumentNumber[] {
  return (typeof cell === 'string' ? cell : '')
    .split(/[;,\n]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map(parseDocumentNumber);
}

/** Exact code first ("CT" vs "CTr", "DA" vs "ĐA"), then a unique case-insensitive match ("qđ"). */
function documentType(code: string): DocumentType | null {
  const exact = DOCUMENT_TYPES.find((t) => t === code);
  if (exact) return exact;
  const loose = DOCUMENT_TYPES.filter((t) => t.toUpperCase() === code.toUpperCase());
  return loose.length === 1 ? (loose[0] ?? null) : null;
}
