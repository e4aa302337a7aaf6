/**
 * Unit names in plan appendices (issue 4 §2 "cells that name several units" and §3 "Unit
 * resolution"). A lead or support cell such as "Sở Tài chính, Sở KH&CN; Các sở, ban, ngành,
 * địa phương" becomes one match per name: a unit of the tree, a group phrase, or an unknown
 * name kept verbatim for a person to map (a name is never dropped, DESIGN.md rule 7).
 *
 * Pure: it runs in the server importer and in the web preview. The directory is treated as
 * immutable; its index is built once per directory object.
 */
import { foldText, normalizeText } from './text.ts';

export interface DirectoryUnit {
  id: string;
  code: string;
  name: string;
  shortName: string;
  aliases: string[];
}

export interface DirectoryGroup {
  id: string;
  phrase: string;
  aliases: string[];
}

export interface UnitDirectory {
  units: DirectoryUnit[];
  groups: DirectoryGroup[];
}

export const UNIT_MATCH_KINDS = ['unit', 'group', 'unknown'] as const;
export type UnitMatchKind = (typeof UNIT_MATCH_KINDS)[number];

export const UNIT_MATCH_METHODS = ['exact', 'alias', 'normalised', 'fuzzy'] as const;
export type UnitMatchMethod = (typeof UNIT_MATCH_METHODS)[number];

export interface UnitSuggestion {
  kind: 'unit' | 'group';
  id: string;
  name: string;
  confidence: number;
}

export interface UnitMatch {
  /** The name as the cell writes it (markup, bullets and trailing punctuation removed). */
  text: string;
  kind: UnitMatchKind;
  id: string | null;
  /** The unit's canonical name or the group's phrase; null when unknown. */
  name: string | null;
  method: UnitMatchMethod | null;
  /**
   * 0–1: 1 for exact and alias, 0.95 for normalised, 0.9 at most when the name was read from
   * part of the text ("Sở X (Chi cục Y)", "Sở X theo chức năng…"), the similarity for fuzzy
   * (at most 0.94), 0 for unknown.
   */
  confidence: number;
  /** For an unknown name: the nearest entry below the threshold, for the person who maps it. */
  suggestion?: UnitSuggestion;
}

/**
 * A fuzzy match is accepted at a similarity of 0.85 or more, and only when no other entry
 * scores within FUZZY_MARGIN of it. The similarity is the mean of two Dice coefficients over
 * the normalised keys (abbreviations expanded, diacritics folded): character trigrams, which
 * forgive a slip inside a word, and words weighted by rarity, which notice a different word.
 * On the Thái Nguyên tree one-letter typos score 0.88–0.97 ("Sở Xây dựg" 0.88, "Sở Tài chíng"
 * 0.92, "Phường Phan Đình Phùn" 0.97), while different bodies score 0.83 at most ("Xã Phú Bình
 * Mới" 0.83, "UBND huyện Đại Từ" 0.77, "Viện Kinh tế và Du lịch" 0.76, "Sở Tài nguyên và Môi
 * trường" 0.54, "Sở Ngoại vụ" 0.54): 0.85 sits in the gap, and a person maps the rest. Names
 * whose leading type word differs never match: a ministry ("Bộ Xây dựng") is not a department.
 */
export const FUZZY_THRESHOLD = 0.85;
export const FUZZY_MARGIN = 0.02;

/** Confidence of a normalised match, and the cap for a match made on part of the text. */
const NORMALISED_CONFIDENCE = 0.95;
const PARTIAL_CONFIDENCE = 0.9;
const FUZZY_CONFIDENCE_CAP = 0.94;
/** Below this similarity a suggestion would only distract the person mapping the name. */
const SUGGESTION_FLOOR = 0.5;

type Target = { kind: 'unit' | 'group'; id: string; name: string };
type Hit = { target: Target; method: UnitMatchMethod; confidence: number };

// ---------------------------------------------------------------------------------------------
// Cleaning and keys

const INLINE_TAG = /<\/?(?:b|i|u|em|strong|p|span|sup|sub|br|li|ul|ol)\b[^<>]*>/gi;

/** Markup the seeds carry (<b>, <i>, <p>…) removed, NFC, spaces collapsed; line breaks kept. */
export function cleanUnitCell(cell: string): string {
  return cell
    .normalize('NFC')
    .replace(INLINE_TAG, '')
    .replace(/&amp;/g, '&')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')');
}

/**
 * Abbreviations of the seeds, as folded token sequences ("&" and "và" already gone): the
 * longest sequence at each position wins. "KH&CN", "KHCN", "KH-CN" and "KH và CN" all meet.
 */
const EXPANSIONS: [string, string][] = [
  ['kh cn', 'khoa hoc cong nghe'],
  ['khcn', 'khoa hoc cong nghe'],
  ['ubnd', 'uy ban nhan dan'],
  ['hdnd', 'hoi dong nhan dan'],
  ['dbqh', 'dai bieu quoc hoi'],
  ['nn mt', 'nong nghiep moi truong'],
  ['nnmt', 'nong nghiep moi truong'],
  ['gd dt', 'giao duc dao tao'],
  ['gddt', 'giao duc dao tao'],
  ['vh tt dl', 'van hoa the thao du lich'],
  ['vhtt dl', 'van hoa the thao du lich'],
  ['vh ttdl', 'van hoa the thao du lich'],
  ['vhttdl', 'van hoa the thao du lich'],
  ['tt tt', 'thong tin truyen thong'],
  ['tttt', 'thong tin truyen thong'],
  ['tt bvtv', 'trong trot bao ve thuc vat'],
  ['bvtv', 'bao ve thuc vat'],
  ['cntt tt', 'cong nghe thong tin truyen thong'],
  ['cntt', 'cong nghe thong tin'],
  ['dt tg', 'dan toc ton giao'],
  ['dttg', 'dan toc ton giao'],
  ['dmst', 'doi moi sang tao'],
  ['kcn', 'khu cong nghiep'],
  ['pvhcc', 'phuc vu hanh chinh cong'],
  ['hcc', 'hanh chinh cong'],
  ['mttq', 'mat tran to quoc'],
  ['pt th', 'phat thanh truyen hinh'],
  ['ptth', 'phat thanh truyen hinh'],
  ['nc pt', 'nghien cuu phat trien'],
  ['kn mt', 'khuyen nong moi truong'],
  ['csgt', 'canh sat giao thong'],
  ['thcs', 'trung hoc co so'],
  ['bcd', 'ban chi dao'],
  ['bql', 'ban quan ly'],
  ['btv', 'ban thuong vu'],
  ['vp', 'van phong'],
  ['dh', 'dai hoc'],
];
const EXPANSION_TABLE = EXPANSIONS.map(([from, to]) => ({ from: from.split(' '), to: to.split(' ') })).sort(
  (a, b) => b.from.length - a.from.length,
);

/** Type words that open a name; a name reduced to one of them says nothing by itself. */
const HEADS = [
  'so',
  'bo',
  'ban',
  'nganh',
  'cuc',
  'chi cuc',
  'vien',
  'truong',
  'dai hoc',
  'trung tam',
  'xa',
  'phuong',
  'cong an',
  'thue',
  'thong ke',
  'thanh tra',
  'van phong',
  'tap doan',
  'tong cong ty',
  'cong ty',
  'bao',
  'uy ban',
  'uy ban nhan dan',
  'hoi dong',
  'hoi dong nhan dan',
  'dang uy',
  'tinh uy',
  'phong',
  'doan',
  'benh vien',
  'ngan hang',
  'co quan',
  'don vi',
  'dia phuong',
  'doanh nghiep',
  'cac',
].map((h) => h.split(' '));
const HEAD_SET = new Set(HEADS.map((h) => h.join(' ')));

/** The leading type word of a key (the longest head that opens it), or null. */
function headOf(tokens: string[]): string | null {
  let best: string[] | null = null;
  for (const head of HEADS) {
    if (head.length <= tokens.length && head.every((t, i) => tokens[i] === t) && (!best || head.length > best.length)) best = head;
  }
  return best ? best.join(' ') : null;
}

function keyTokens(text: string): string[] {
  const raw = foldText(cleanUnitCell(text).replace(/&/g, ' '))
    .split(' ')
    .filter((t) => t && t !== 'va');
  const out: string[] = [];
  for (let i = 0; i < raw.length; ) {
    const hit = EXPANSION_TABLE.find((e) => e.from.every((t, k) => raw[i + k] === t));
    if (hit) {
      out.push(...hit.to);
      i += hit.from.length;
    } else {
      // "có liên quan" = "liên quan"
      if (!(raw[i] === 'co' && raw[i + 1] === 'lien' && raw[i + 2] === 'quan')) out.push(raw[i] as string);
      i += 1;
    }
  }
  return out;
}

/**
 * The normalised keys of a name: in full, then with the optional province suffix ("tỉnh",
 * "Thái Nguyên", "tỉnh Thái Nguyên") and a leading "các" removed, unless that leaves only a
 * type word ("Đại học Thái Nguyên" never becomes "đại học").
 */
function keyVariants(text: string): string[] {
  const full = keyTokens(text);
  const short = [...full];
  for (let changed = true; changed; ) {
    changed = false;
    const n = short.length;
    if (n > 2 && short[n - 2] === 'thai' && short[n - 1] === 'nguyen') {
      short.splice(n - 2, 2);
      changed = true;
    } else if (n > 1 && short[n - 1] === 'tinh') {
      short.pop();
      changed = true;
    }
  }
  if (short[0] === 'cac' && short.length > 1) short.shift();
  const keys = [full.join(' ')];
  const reduced = short.join(' ');
  if (short.length > 0 && !HEAD_SET.has(reduced) && reduced !== keys[0]) keys.push(reduced);
  return keys.filter(Boolean);
}

function trigrams(key: string): Set<string> {
  const padded = ` ${key} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const g of a) if (b.has(g)) common++;
  return (2 * common) / (a.size + b.size);
}

/** Equal, or one edit apart when the longer word has three letters or more ("vuu" ~ "vu"). */
function nearWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1 || Math.max(a.length, b.length) < 3) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * Word overlap weighted by rarity (idf over the directory's keys): "huyện" in "UBND huyện Đại
 * Từ" weighs far more than the "ủy ban nhân dân" it shares with "UBND xã Đại Từ".
 */
function wordDice(a: string[], b: string[], weight: (word: string) => number): number {
  const used = new Set<number>();
  let matched = 0;
  let total = 0;
  for (const word of a) {
    total += weight(word);
    let at = b.findIndex((other, j) => !used.has(j) && other === word);
    if (at < 0) at = b.findIndex((other, j) => !used.has(j) && nearWord(word, other));
    if (at >= 0) {
      used.add(at);
      matched += weight(word) + weight(b[at] as string);
    }
  }
  for (const word of b) total += weight(word);
  return total > 0 ? matched / total : 0;
}

// ---------------------------------------------------------------------------------------------
// The directory index

interface FuzzyEntry {
  words: string[];
  grams: Set<string>;
  head: string | null;
  target: Target;
}

interface Index {
  exact: Map<string, Target[]>;
  alias: Map<string, Target[]>;
  keys: Map<string, Target[]>;
  fuzzy: FuzzyEntry[];
  /** Rarity of each word of the directory's keys. */
  weight: (word: string) => number;
  strictCache: Map<string, Hit | null>;
  fuzzyCache: Map<string, FuzzyResult>;
}

const INDEXES = new WeakMap<UnitDirectory, Index>();
/** Resolved texts kept per directory; a long-lived directory must not grow without bound. */
const CACHE_LIMIT = 10_000;

function push(map: Map<string, Target[]>, key: string, target: Target) {
  if (!key) return;
  const list = map.get(key);
  if (!list) map.set(key, [target]);
  else if (!list.some((t) => t.kind === target.kind && t.id === target.id)) list.push(target);
}

function indexOf(directory: UnitDirectory): Index {
  const cached = INDEXES.get(directory);
  if (cached) return cached;
  const index: Index = {
    exact: new Map(),
    alias: new Map(),
    keys: new Map(),
    fuzzy: [],
    weight: () => 1,
    strictCache: new Map(),
    fuzzyCache: new Map(),
  };
  // Codes match exactly only: their letters are not words ("TTTT" is not "TT&TT").
  const add = (target: Target, names: string[], aliases: string[], code?: string) => {
    for (const s of code ? [...names, code] : names) push(index.exact, normalizeText(s), target);
    for (const s of aliases) push(index.alias, normalizeText(s), target);
    for (const s of [...names, ...aliases]) {
      for (const key of keyVariants(s)) {
        push(index.keys, key, target);
        const words = key.split(' ');
        index.fuzzy.push({ words, grams: trigrams(key), head: headOf(words), target });
      }
    }
  };
  for (const u of directory.units) add({ kind: 'unit', id: u.id, name: u.name }, [u.name, u.shortName], u.aliases, u.code);
  for (const g of directory.groups) add({ kind: 'group', id: g.id, name: g.phrase }, [g.phrase], g.aliases);
  const seen = new Map<string, number>();
  for (const entry of index.fuzzy) for (const word of new Set(entry.words)) seen.set(word, (seen.get(word) ?? 0) + 1);
  const n = index.fuzzy.length;
  index.weight = (word) => Math.log(1 + n / (1 + (seen.get(word) ?? 0)));
  INDEXES.set(directory, index);
  return index;
}

/** The one target a key names; none when it names two different ones (e.g. Xã Văn Lang / Văn Lăng). */
function single(targets: Target[] | undefined): Target | null {
  return targets && targets.length === 1 ? (targets[0] ?? null) : null;
}

function directHit(index: Index, text: string): Hit | null {
  const exact = single(index.exact.get(text));
  if (exact) return { target: exact, method: 'exact', confidence: 1 };
  const alias = single(index.alias.get(text));
  if (alias) return { target: alias, method: 'alias', confidence: 1 };
  for (const key of keyVariants(text)) {
    const target = single(index.keys.get(key));
    if (target) return { target, method: 'normalised', confidence: NORMALISED_CONFIDENCE };
  }
  return null;
}

/** "Sở X theo chức năng, nhiệm vụ", "Sở X phụ trách chỉ số…": the words after the name qualify it. */
const QUALIFIER =
  /\s*[,;:]?\s+(?:theo chức năng|theo nhiệm vụ|theo thẩm quyền|theo lĩnh vực|theo quy định|phụ trách|chủ trì|phối hợp|tham mưu)(?=[\s,;:.]|$).*$/isu;
const QUALIFIER_ONLY = /^(?:theo chức năng|theo nhiệm vụ|theo thẩm quyền|theo lĩnh vực|theo quy định)(?=[\s,;:.]|$)/iu;
/** "X (Y)" with nothing after the closing parenthesis. */
const PARENTHESISED = /^(.*\S)\s*\(([^()]+)\)$/su;

function trimPiece(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:]+|[\s,;:.]+$/g, '')
    .trim();
}

/**
 * Exact, alias or normalised match, also of the name inside a qualified or parenthesised
 * text. "Sở NN&MT (Chi cục Trồng trọt và BVTV)" names the Chi cục, the unit that does the work
 * (the directory itself records "Văn phòng UBND tỉnh (Trung tâm Thông tin tỉnh)" that way);
 * "Thường trực Tỉnh ủy (báo cáo)" names the Thường trực.
 */
function strictHit(index: Index, raw: string): Hit | null {
  const text = trimPiece(raw);
  if (!text) return null;
  const cached = index.strictCache.get(text);
  if (cached !== undefined) return cached;
  if (index.strictCache.size > CACHE_LIMIT) index.strictCache.clear();
  index.strictCache.set(text, null); // guards the recursion below
  let hit = directHit(index, text);
  if (!hit) {
    const partial = (h: Hit | null): Hit | null => (h ? { ...h, confidence: Math.min(h.confidence, PARTIAL_CONFIDENCE) } : null);
    // The name before a qualifier or parenthesis must be one name: known as written, or free
    // of separators ("Sở A, Tập đoàn B (Viettel)" is two names, not Viettel).
    const core = (part: string): Hit | null => {
      const name = trimPiece(part);
      return /[,;\n]/.test(name) ? directHit(index, name) : strictHit(index, name);
    };
    const qualified = text.match(QUALIFIER);
    const paren = text.match(PARENTHESISED);
    if (qualified?.index) {
      hit = partial(core(text.slice(0, qualified.index)));
    } else if (paren?.[1] && paren[2]) {
      const outer = core(paren[1]);
      const inner = outer || !/[,;\n]/.test(paren[1]) ? directHit(index, trimPiece(paren[2])) : null;
      hit = partial(inner?.target.kind === 'unit' ? inner : outer);
    }
  }
  index.strictCache.set(text, hit);
  return hit;
}

interface FuzzyResult {
  best: Hit | null;
  /** The best score even when ambiguous or below the threshold. */
  nearest: Hit | null;
}

function fuzzyHit(index: Index, raw: string): FuzzyResult {
  const text = trimPiece(raw);
  const cached = index.fuzzyCache.get(text);
  if (cached) return cached;
  if (index.fuzzyCache.size > CACHE_LIMIT) index.fuzzyCache.clear();
  const scores = new Map<string, { target: Target; score: number }>();
  for (const key of keyVariants(text)) {
    const words = key.split(' ');
    const grams = trigrams(key);
    const head = headOf(words);
    for (const entry of index.fuzzy) {
      if (head !== entry.head) continue;
      const letters = dice(grams, entry.grams);
      if ((letters + 1) / 2 < SUGGESTION_FLOOR) continue; // cannot matter, even as a suggestion
      const score = (letters + wordDice(words, entry.words, index.weight)) / 2;
      const id = `${entry.target.kind}:${entry.target.id}`;
      const prior = scores.get(id);
      if (!prior || score > prior.score) scores.set(id, { target: entry.target, score });
    }
  }
  const ranked = [...scores.values()].sort((a, b) => b.score - a.score);
  const [first, second] = ranked;
  // Reported below a normalised match's confidence: a fuzzy match is never the surer one.
  const toHit = (r: { target: Target; score: number }): Hit => ({
    target: r.target,
    method: 'fuzzy',
    confidence: Math.min(FUZZY_CONFIDENCE_CAP, Math.round(r.score * 1000) / 1000),
  });
  const accepted = first && first.score >= FUZZY_THRESHOLD && (!second || first.score - second.score >= FUZZY_MARGIN);
  const result: FuzzyResult = { best: accepted && first ? toHit(first) : null, nearest: first && first.score > 0 ? toHit(first) : null };
  index.fuzzyCache.set(text, result);
  return result;
}

/** Fuzzy match of the text, or of the name inside a qualified or parenthesised text. */
function fuzzyAny(index: Index, text: string): FuzzyResult {
  const candidates = [text];
  const qualified = text.match(QUALIFIER);
  if (qualified?.index) candidates.push(text.slice(0, qualified.index));
  const paren = text.match(PARENTHESISED);
  if (paren?.[1] && paren[2]) candidates.push(paren[2], paren[1]);
  let best: FuzzyResult = { best: null, nearest: null };
  for (const c of candidates) {
    const r = fuzzyHit(index, c);
    if (r.best && (!best.best || r.best.confidence > best.best.confidence)) best = { ...best, best: r.best };
    if (r.nearest && (!best.nearest || r.nearest.confidence > best.nearest.confidence)) best = { ...best, nearest: r.nearest };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Splitting

/** Splits on a separator outside parentheses (when the text's parentheses balance). */
function splitOutside(text: string, separator: RegExp): string[] {
  const balanced = (text.match(/\(/g)?.length ?? 0) === (text.match(/\)/g)?.length ?? 0);
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const re = new RegExp(separator.source, 'gu');
  const protectedAt = new Set<number>();
  if (balanced) {
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth = Math.max(0, depth - 1);
      else if (depth > 0) protectedAt.add(i);
    }
  }
  for (const m of text.matchAll(re)) {
    if (protectedAt.has(m.index)) continue;
    parts.push(text.slice(start, m.index));
    start = m.index + m[0].length;
  }
  parts.push(text.slice(start));
  return parts;
}

/** A "-" bullet or a number ("1. Sở Tài chính phụ trách…") opening a name. */
const BULLET = /^(?:[-–—•+*]+\s*|\d{1,2}[.)]\s+)/u;

/**
 * Type words that open the name of a body, with their diacritics: folding would confuse
 * "Viễn thông" with "Viện", so splitting reads them as written ("Uỷ" read as "Ủy").
 */
const TYPE_WORDS = [
  'sở',
  'bộ',
  'ban',
  'ban quản lý',
  'bql',
  'ngành',
  'cục',
  'tổng cục',
  'chi cục',
  'viện',
  'học viện',
  'trường',
  'đại học',
  'đh',
  'trung tâm',
  'xã',
  'phường',
  'công an',
  'thuế',
  'thống kê',
  'thanh tra',
  'văn phòng',
  'vp',
  'tập đoàn',
  'tổng công ty',
  'công ty',
  'chi nhánh',
  'ngân hàng',
  'quỹ',
  'báo',
  'ủy ban',
  'ubnd',
  'hđnd',
  'hội đồng',
  'đảng ủy',
  'tỉnh ủy',
  'tỉnh đoàn',
  'thường trực',
  'mặt trận',
  'hội',
  'hiệp hội',
  'liên đoàn',
  'phòng',
  'đoàn',
  'bệnh viện',
  'cơ quan',
  'đơn vị',
  'địa phương',
  'doanh nghiệp',
  'nhà đầu tư',
  'tổ chức',
  'các',
].map((w) => w.split(' '));
/** Type words that open a name even in lower case ("các đơn vị có liên quan"); "phòng hộ" does not. */
const LOWER_CASE_TYPES = new Set(['các', 'doanh nghiệp', 'nhà đầu tư', 'cơ quan', 'đơn vị', 'tổ chức', 'ubnd', 'sở']);

/** The type word a name opens with, as written. */
function typeWord(text: string): string | null {
  const words = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/uỷ/g, 'ủy')
    .split(/[\s,;:()]+/)
    .filter(Boolean);
  let best: string[] | null = null;
  for (const type of TYPE_WORDS) {
    if (type.length <= words.length && type.every((t, i) => words[i] === t) && (!best || type.length > best.length)) best = type;
  }
  return best ? best.join(' ') : null;
}

/** Words that only enumerate inside a group phrase ("Các sở, ban, ngành, địa phương"). */
function isGenericWord(folded: string): boolean {
  return HEAD_SET.has(folded) || folded === 'cac so' || folded === 'cac xa';
}

/**
 * Could this stand alone as a name? It opens with a type word ("Sở Tài chính", "các đơn vị có
 * liên quan"; in capitals unless the word opens lower-case group names) or is one capitalised
 * word ("Viettel"), and it is more than a bare type word ("ban", "ngành", "địa phương" are the
 * tail of a group phrase; "Thể thao và Du lịch" the tail of a department's name).
 */
function looksLikeName(text: string): boolean {
  const trimmed = text.replace(/^[^\p{L}\p{N}]+/u, '');
  if (!/\p{L}/u.test(trimmed) || isGenericWord(foldText(trimmed))) return false;
  const type = typeWord(trimmed);
  const capital = /^\p{Lu}/u.test(trimmed);
  if (type) return capital || LOWER_CASE_TYPES.has(type);
  return capital && !/\s/.test(trimmed);
}

interface Splitter {
  /** Is this piece surely one name? */
  strict(piece: string): boolean;
  /** Is this whole text, as written, an entry of the directory (e.g. a group alias with ";")? */
  known(text: string): boolean;
  /** May "left và right" be two names? */
  andPair(left: string, right: string): boolean;
  fuzzy(piece: string): boolean;
}

function directorySplitter(index: Index): Splitter {
  const strict = (piece: string): boolean => strictHit(index, piece) !== null;
  const splitter: Splitter = {
    strict,
    known: (text) => {
      const hit = directHit(index, text);
      return hit !== null && hit.method !== 'normalised';
    },
    andPair: (left, right) => strict(left) && (strict(right) || splitAnd(right, splitter).length > 1),
    fuzzy: (piece) => fuzzyAny(index, trimPiece(piece)).best !== null,
  };
  return splitter;
}

/**
 * Without a directory, "và" joins two names only when the right one opens with the same type
 * word ("Sở Tài chính và Sở KH&CN") or is a group ("… và các sở, ban, ngành"); never inside
 * "Sở Khoa học và Công nghệ" or "Văn phòng Đoàn ĐBQH và HĐND tỉnh".
 */
const heuristicSplitter: Splitter = {
  strict: () => false,
  known: () => false,
  andPair: (left, right) => {
    const head = typeWord(left);
    const rightHead = typeWord(right);
    return head !== null && head !== 'các' && looksLikeName(left) && looksLikeName(right) && (rightHead === head || rightHead === 'các');
  },
  fuzzy: () => false,
};

/** "A và B": split only where both sides are names (see Splitter.andPair). */
function splitAnd(piece: string, splitter: Splitter): string[] {
  const parts = splitOutside(piece, /\s+và\s+/);
  if (parts.length < 2) return [piece];
  for (let i = 1; i < parts.length; i++) {
    const left = parts.slice(0, i).join(' và ');
    const right = parts.slice(i).join(' và ');
    if (!splitter.andPair(left, right)) continue;
    const rest = splitter.strict(right) ? [right] : splitAnd(right, splitter);
    return [left, ...rest];
  }
  return [piece];
}

/** How good a piece is as one name: 3 surely, 2 fuzzily, 1 plausibly, 0 a fragment. */
function tierOf(piece: string, splitter: Splitter): 0 | 1 | 2 | 3 {
  const text = trimPiece(piece);
  if (splitter.strict(text) || splitAnd(text, splitter).length > 1) return 3;
  if (!looksLikeName(text)) return 0;
  return splitter.fuzzy(text) ? 2 : 1;
}

/** Longest run of comma atoms one name may take; past it the cell is read piece by piece. */
const MAX_SPAN = 12;

/**
 * Split on "," only where both sides are names: of all ways to cut the atoms, take the one
 * with the fewest fragments, then the most atoms inside sure names, then inside fuzzy names,
 * then the fewest sure names (a known phrase is not cut into known parts: "Sở, ban, ngành,
 * UBND các xã, phường" is one group), then the most plausible names ("Công ty A, Công ty B").
 */
function splitCommas(segment: string, splitter: Splitter): string[] {
  const atoms = splitOutside(segment, /,/);
  if (atoms.length < 2) return [segment];
  const n = atoms.length;
  type Score = [number, number, number, number, number, number];
  const better = (a: Score, b: Score) => {
    const sign = [-1, 1, 1, -1, 1, -1];
    for (let i = 0; i < a.length; i++) {
      const d = ((a[i] as number) - (b[i] as number)) * (sign[i] as number);
      if (d !== 0) return d > 0;
    }
    return false;
  };
  const best: { score: Score; cut: number }[] = [{ score: [0, 0, 0, 0, 0, 0], cut: 0 }];
  for (let end = 1; end <= n; end++) {
    let chosen: { score: Score; cut: number } | null = null;
    for (let start = Math.max(0, end - MAX_SPAN); start < end; start++) {
      const prior = best[start];
      if (!prior) continue;
      const piece = atoms.slice(start, end).join(',');
      const tier = tierOf(piece, splitter);
      const span = end - start;
      const s = prior.score;
      const score: Score = [
        s[0] + (tier === 0 ? 1 : 0),
        s[1] + (tier === 3 ? span : 0),
        s[2] + (tier === 2 ? span : 0),
        s[3] + (tier === 3 ? 1 : 0),
        s[4] + (tier >= 1 ? 1 : 0),
        s[5] + 1,
      ];
      if (!chosen || better(score, chosen.score)) chosen = { score, cut: start };
    }
    best[end] = chosen ?? { score: [n, 0, 0, 0, 0, n], cut: end - 1 };
  }
  const pieces: string[] = [];
  for (let end = n; end > 0; ) {
    const cut = best[end]?.cut ?? end - 1;
    pieces.unshift(atoms.slice(cut, end).join(','));
    end = cut;
  }
  return pieces;
}

function splitWith(cell: string, splitter: Splitter): string[] {
  const clean = cleanUnitCell(cell);
  if (!clean) return [];
  for (const whole of [trimPiece(clean), trimPiece(clean.replace(BULLET, ''))]) {
    if (!whole.includes('\n') && splitter.known(whole)) return [whole];
  }
  const segments: string[] = [];
  for (const line of splitOutside(clean, /\n/)) {
    const bulleted = /^[-–—•+*]/.test(line);
    for (const part of splitOutside(line, /;/)) {
      // In a bulleted line, " - " starts the next bullet when a name follows it.
      const pieces =
        bulleted && !splitter.strict(trimPiece(part.trim().replace(BULLET, ''))) ? splitOutside(part, /\s[-–—•]\s(?=\S)/) : [part];
      let carry = '';
      for (const p of pieces) {
        if (carry && typeWord(p) === null && !splitter.strict(trimPiece(p))) {
          carry = `${carry} - ${p}`;
          continue;
        }
        if (carry) segments.push(carry);
        carry = p;
      }
      if (carry) segments.push(carry);
    }
  }
  const out: string[] = [];
  for (const raw of segments) {
    const segment = trimPiece(raw.trim().replace(BULLET, ''));
    if (!/[\p{L}\p{N}]/u.test(segment)) continue;
    if (out.length > 0 && QUALIFIER_ONLY.test(segment)) {
      out[out.length - 1] = `${out[out.length - 1]} ${segment}`;
      continue;
    }
    for (const piece of splitCommas(segment, splitter)) {
      for (const name of splitAnd(trimPiece(piece), splitter)) {
        const text = trimPiece(name);
        if (/[\p{L}\p{N}]/u.test(text)) out.push(text);
      }
    }
  }
  return out;
}

/**
 * Splits a lead or support cell into unit names, with care: always on ";", line breaks and
 * "-" bullets; on "," only where both sides are names; on "và" only where both sides are known
 * names. A phrase the directory knows whole ("Các sở, ban, ngành; UBND các xã, phường" is an
 * alias of one group) is not split. Without a directory, "known" is judged by type words.
 * Page-split cells arrive joined by the caller.
 */
export function splitUnitCell(cell: string, directory?: UnitDirectory): string[] {
  return splitWith(cell, directory ? directorySplitter(indexOf(directory)) : heuristicSplitter);
}

/**
 * Resolves each name of a cell against the unit tree: exact name, short name or code, then
 * alias, then normalised (diacritics folded, abbreviations expanded, "tỉnh" optional), then
 * fuzzy above FUZZY_THRESHOLD. Group phrases resolve to groups; anything else comes back
 * unknown with its text, so a person can map it.
 */
export function resolveUnitNames(cell: string, directory: UnitDirectory): UnitMatch[] {
  const index = indexOf(directory);
  return splitWith(cell, directorySplitter(index)).map((text) => {
    const hit = strictHit(index, text) ?? fuzzyAny(index, text).best;
    if (hit) {
      return { text, kind: hit.target.kind, id: hit.target.id, name: hit.target.name, method: hit.method, confidence: hit.confidence };
    }
    const match: UnitMatch = { text, kind: 'unknown', id: null, name: null, method: null, confidence: 0 };
    const nearest = fuzzyAny(index, text).nearest;
    if (nearest && nearest.confidence >= SUGGESTION_FLOOR) match.suggestion = { ...nearest.target, confidence: nearest.confidence };
    return match;
  });
}
