import { foldText } from '#common/domain/text.ts';

/**
 * How alike two tasks' wording is, for proposing that several plans assign the same work
 * (DESIGN.md rule 8). Pure, so its threshold is tested on the seeds' own texts.
 *
 * The measure: the set of distinctive words of each text (folded by foldText, so "hoá" meets
 * "hóa" and "KH&CN" meets "KHCN"; the words every line of Vietnamese administrative prose
 * carries removed), compared by Jaccard: shared words / all words of both. Content is compared
 * with content. Deliverables add evidence only when both are specific (at least
 * MIN_DELIVERABLE_WORDS distinctive words; "Quyết định của UBND tỉnh" says nothing): the score
 * is then the better of the content score and the mean of the content and deliverable scores,
 * so an identical specific deliverable alone brings a pair to 50%, and a generic one never
 * lowers a good content match.
 *
 * Measured on the seeds (003, 004 Phụ lục I and II: 96 tasks, 2,763 pairs of tasks of different
 * appendices), threshold 50%: the Innovation Centre (003 4.3, PL I 21, PL II 35) scores 69, 82
 * and 85%, the digital-infrastructure plan (PL I 6, PL II 3) 100%, the programme-management rules
 * (PL I 1, PL II 1: same deliverable, other words) 60%. Below: the Yên Bình IT park (003 4.8, PL II
 * 6: "Khu Công nghệ số" against "Khu CNTT", 45%), technology renewal (PL I 17, PL II 48, 44%),
 * then only clearly different work (the shared data warehouse against the traffic data centre,
 * 38%; everything else ≤ 33%).
 */
export const LINK_THRESHOLD = 0.5;
export const MIN_DELIVERABLE_WORDS = 5;

/**
 * Phrases of administrative prose that say how, not what ("triển khai thực hiện", "trên địa
 * bàn", "các cơ quan, đơn vị liên quan"), folded; removed as phrases, because their syllables
 * alone can mean something else.
 */
const STOP_PHRASES = [
  'trien khai',
  'thuc hien',
  'to chuc',
  'dia ban',
  'quy dinh',
  'giai doan',
  'co quan',
  'don vi',
  'dia phuong',
  'lien quan',
  'bao dam',
  'dam bao',
  'hoan thanh',
  'tiep tuc',
  'tang cuong',
  'day manh',
  'nhiem vu',
  'ban hanh',
  'xay dung',
  'so ban nganh',
  'hieu qua',
  'ubnd',
];

/** Function words and the administrative verbs that head most tasks, folded. */
const STOP_WORDS = new Set([
  'cac',
  'va',
  'cua',
  'tinh',
  'tren',
  'cho',
  'voi',
  'trong',
  'den',
  'tai',
  'tu',
  'hoac',
  'la',
  've',
  'nhung',
  'mot',
  'nay',
  'do',
  'co',
  'duoc',
  'nhu',
  'khac',
  'da',
  'se',
  'cung',
  'theo',
  'nham',
  'giao',
  'thi',
  'vao',
  'ra',
  'khi',
  'sau',
  'truoc',
  'tung',
]);

/** The distinctive words of a text; `extraStop` holds further folded phrases (the province's name). */
export function distinctiveWords(text: string, extraStop: readonly string[] = []): Set<string> {
  let folded = ` ${foldText(text)} `;
  for (const phrase of [...extraStop, ...STOP_PHRASES]) {
    // twice: adjacent occurrences share the space between them
    folded = folded.replaceAll(` ${phrase} `, ' ').replaceAll(` ${phrase} `, ' ');
  }
  return new Set(folded.split(' ').filter((w) => w && !STOP_WORDS.has(w)));
}

/** A task's words, computed once and compared many times. */
export interface Wording {
  content: Set<string>;
  /** null when the deliverable is too generic to count */
  deliverable: Set<string> | null;
}

export function wordingOf(task: { content: string; deliverable: string }, extraStop: readonly string[] = []): Wording {
  const deliverable = distinctiveWords(task.deliverable, extraStop);
  return {
    content: distinctiveWords(task.content, extraStop),
    deliverable: deliverable.size >= MIN_DELIVERABLE_WORDS ? deliverable : null,
  };
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/** 0 to 1; see the measure above. */
export function similarity(a: Wording, b: Wording): number {
  const content = jaccard(a.content, b.content);
  if (!a.deliverable || !b.deliverable) return content;
  return Math.max(content, (content + jaccard(a.deliverable, b.deliverable)) / 2);
}

/** The province's own name ("Tỉnh Thái Nguyên" → "thai nguyen"): every task of it may say it. */
export function provinceStopPhrase(provinceName: string): string[] {
  const words = foldText(provinceName)
    .split(' ')
    .filter((w) => w && w !== 'tinh' && w !== 'ubnd' && w !== 'thanh' && w !== 'pho');
  return words.length ? [words.join(' ')] : [];
}

/**
 * The appendix a task's code names, folded: "PL I.21" → "i", "Phụ lục II.35" → "ii", "PL 2.3" →
 * "2" (the importer prefixes codes so when a plan has several appendices); "" for a plain code
 * ("4.3"). The appendices of one plan are separate lists of tasks, and the same work
 * may appear in both (004 Phụ lục I 21 and Phụ lục II 35).
 */
export function appendixOf(code: string): string {
  // not foldText: it drops the dot of "I.21" and would glue the numeral to the number
  const plain = code.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return /^\s*(?:pl|phu\s*luc)\s*([ivxlc]+|\d+)(?![a-z])/.exec(plain)?.[1] ?? '';
}
