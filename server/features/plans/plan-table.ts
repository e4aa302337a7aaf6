/**
 * Plan appendix tables (issue 4 §1–2): a reader turns a file into rows of cells, and
 * `understandTable` turns those rows into the tasks of the appendix, cell texts untouched
 * except for white space. Pure: no Node or DOM APIs, so the web app can preview an upload with
 * the same code once this moves to common/.
 *
 * The text format is the seeds' own (../shared/seeds/README.md): tab-separated rows with
 * `<b>` markup, the header row repeated after every page break, and a long cell cut in two at
 * the break, the rest following in a row whose STT is empty. Markdown pipe tables are read too.
 * Nothing is dropped silently (DESIGN.md rule 7): a cell that fits no task field comes back
 * in a warning with its text.
 */
import { foldText } from '#common/domain/text.ts';

/** One cell as a reader sees it: text without markup, line breaks as "\n". */
export interface RawCell {
  text: string;
  /** The whole cell is bold, which is how plans mark their section rows. */
  bold: boolean;
}

/** `line` is 1-based in the source (the text line, the sheet row); warnings point to it. */
export interface RawRow {
  cells: RawCell[];
  line: number;
}

/** What every reader produces (text now; DOCX and XLSX follow). */
export interface RawTable {
  rows: RawRow[];
}

export const PLAN_FIELDS = ['code', 'content', 'lead', 'support', 'deliverable', 'deadline', 'documents', 'adjusted'] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

/** The column index of each field the header names; `code` is the STT column. */
export type ColumnMap = Partial<Record<PlanField, number>>;

/** One task of an appendix, as the plan writes it: cell texts, whitespace-normalised. */
export interface PlanRow {
  /** 1-based line of the task's first raw row. */
  row: number;
  /** The section the task sits under, numeral and title ("III. Tập trung tạo lập…"); "" before any. */
  section: string;
  /** The STT without its trailing dot: "1", "4.1", "(1)". */
  code: string;
  content: string;
  lead: string;
  support: string;
  deliverable: string;
  deadline: string;
  documents: string;
  /** "Tiến độ điều chỉnh…": null when the table has no such column, "" when the cell is empty. */
  adjusted: string | null;
}

export interface PlanWarning {
  row: number;
  /** A PlanRow field, "header", "row", "section", or the header text of a column no field takes. */
  field: string;
  /** In Vietnamese: the coordinator reads it in the import preview. */
  message: string;
}

export interface TableUnderstanding {
  columns: ColumnMap | null;
  items: PlanRow[];
  warnings: PlanWarning[];
}

export interface PlanAppendix {
  /** The nearest "PHỤ LỤC …" heading above the table, markup stripped; "" when there is none. */
  title: string;
  items: PlanRow[];
  warnings: PlanWarning[];
}

export const NO_HEADER_MESSAGE = 'Không tìm thấy dòng tiêu đề của bảng nhiệm vụ (STT, Nội dung nhiệm vụ, Cơ quan chủ trì…)';

// ---------------------------------------------------------------------------------------------
// Reading text

const BOLD_TAGS = new Set(['b', 'strong']);
/** Block tags: each one ends a line of the cell (a list item, a paragraph). */
const BREAK_TAGS = new Set(['br', 'p', 'div', 'li', 'ul', 'ol', 'tr']);
const INLINE_TAGS = new Set([
  'i',
  'em',
  'u',
  's',
  'sup',
  'sub',
  'span',
  'font',
  'a',
  'mark',
  'small',
  'big',
  'del',
  'ins',
  'strike',
  'code',
]);
const MARKUP = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?(\/?)>|\*\*/g;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,6});/g, (entity, name: string) => {
    if (name[0] !== '#') return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    // A lone surrogate or an out-of-range number is not a character: keep the text as written.
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : entity;
  });
}

/** Trims every line of a cell and drops the empty ones; "\r\n" from other readers becomes "\n". */
function tidyLines(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * One cell of the seeds' markup. Known HTML tags are removed (block tags become line breaks,
 * so `<li>` items stay one per line); a tag we do not know is text ("<tên đơn vị>"). Markdown
 * `**` counts as bold only when the stars pair up. The cell is bold when all its text is.
 */
export function readCell(raw: string): RawCell {
  const starsPair = (raw.match(/\*\*/g) ?? []).length % 2 === 0;
  let depth = 0;
  let stars = false;
  let out = '';
  let boldText = false;
  let plainText = false;
  const emit = (piece: string) => {
    const text = decodeEntities(piece);
    out += text;
    if (/\S/.test(text)) {
      if (depth > 0 || stars) boldText = true;
      else plainText = true;
    }
  };
  let last = 0;
  for (const match of raw.matchAll(MARKUP)) {
    emit(raw.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[0] === '**') {
      if (starsPair) stars = !stars;
      else emit(match[0]);
      continue;
    }
    const name = (match[2] ?? '').toLowerCase();
    const closing = match[1] === '/';
    const selfClosing = match[3] === '/';
    if (BOLD_TAGS.has(name)) {
      if (!selfClosing) depth = closing ? Math.max(0, depth - 1) : depth + 1;
    } else if (BREAK_TAGS.has(name)) out += '\n';
    else if (!INLINE_TAGS.has(name)) emit(match[0]);
  }
  emit(raw.slice(last));
  const text = tidyLines(out);
  return { text, bold: text !== '' && boldText && !plainText };
}

/** Splits a Markdown row on unescaped pipes; the outer pipes do not open cells. */
function splitPipes(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '\\' && line[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (char === '|') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  if (cells.length > 1 && (cells[0] ?? '').trim() === '') cells.shift();
  if (cells.length > 1 && (cells[cells.length - 1] ?? '').trim() === '') cells.pop();
  return cells;
}

/** The `|---|:--:|` line under a Markdown header. */
function isSeparator(line: string): boolean {
  if (!line.includes('|') || !line.includes('-')) return false;
  return splitPipes(line.trim()).every((part) => /^:?-+:?$/.test(part.trim()));
}

function isPipeRow(line: string, inPipeTable: boolean, next: string | undefined): boolean {
  const trimmed = line.trim();
  if (!trimmed.includes('|')) return false;
  // GFM lets rows go without the leading pipe once the table has started, or above its separator.
  return trimmed.startsWith('|') || inPipeTable || (next !== undefined && isSeparator(next));
}

/**
 * Every table of a plain text, TSV or Markdown file. Consecutive tab lines form one table and
 * consecutive pipe lines another; a blank or prose line ends it, so each page of a seed
 * appendix comes back as its own table (readPlanText joins them). Never throws.
 */
export function readTextTables(text: string): RawTable[] {
  const lines = typeof text === 'string' ? text.split(/\r\n|\r|\n/) : [];
  const tables: RawTable[] = [];
  let rows: RawRow[] = [];
  let kind: 'tab' | 'pipe' | null = null;
  const close = () => {
    if (rows.length > 0) tables.push({ rows });
    rows = [];
    kind = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      close();
    } else if (isPipeRow(line, kind === 'pipe', lines[i + 1])) {
      if (kind !== 'pipe') close();
      kind = 'pipe';
      if (!isSeparator(line)) rows.push({ line: i + 1, cells: splitPipes(line.trim()).map(readCell) });
    } else if (line.includes('\t')) {
      if (kind !== 'tab') close();
      kind = 'tab';
      rows.push({ line: i + 1, cells: line.split('\t').map(readCell) });
    } else {
      close();
    }
  }
  close();
  return tables;
}

// ---------------------------------------------------------------------------------------------
// Understanding a table

/**
 * The field a header cell names, on folded text so case, diacritics, "/" and extra words do
 * not matter. The order matters: "Văn bản giao nhiệm vụ" names documents before "nhiệm vụ"
 * can make it the content, and "Tiến độ điều chỉnh thời gian…" is the adjustment, not the deadline.
 */
function headerField(cell: string): PlanField | null {
  const folded = foldText(cell);
  // A header cell is a label; a long text is a task cell that happens to contain the words.
  if (folded === '' || folded.length > 120) return null;
  const has = (words: string) => ` ${folded} `.includes(` ${words} `);
  if (/^(stt|tt|so tt|so thu tu)$/.test(folded)) return 'code';
  if (has('dieu chinh')) return 'adjusted';
  if (has('van ban')) return 'documents';
  if (has('phoi hop')) return 'support';
  if (has('chu tri') || has('tham muu') || /^(co quan|don vi) thuc hien$/.test(folded)) return 'lead';
  if (has('san pham') || has('ket qua')) return 'deliverable';
  if (has('thoi gian') || has('thoi han') || has('han hoan thanh') || has('tien do') || folded === 'han') return 'deadline';
  if (has('noi dung') || has('nhiem vu') || has('giai phap')) return 'content';
  return null;
}

/**
 * The column map when `row` is a task-table header: it names the STT, the content and at least
 * one more field (lead, deadline…). A second column naming a field already taken stays unmapped.
 */
export function detectColumns(row: RawRow): ColumnMap | null {
  const columns: ColumnMap = {};
  (row.cells ?? []).forEach((cell, index) => {
    const field = headerField(cell?.text ?? '');
    if (field && columns[field] === undefined) columns[field] = index;
  });
  const named = Object.keys(columns).length;
  return columns.code !== undefined && columns.content !== undefined && named >= 3 ? columns : null;
}

/** NFC, spaces collapsed inside each line, line breaks kept; "( x )" left by inline markup closes up. */
function clean(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')');
}

/**
 * Glues the part of a cell that a page break carried to the next row. The break falls where the
 * line wrapped, not where a paragraph ended: the seeds cut "Sở Khoa học và | Công nghệ",
 * "Trước ngày | 15/4/2026" and even a list item mid-word ("được ứng | dụng"), so one space is
 * the faithful join, and the deadline stays on one line for parseDeadline. Only a part that
 * opens a new list item ("- …") after a finished sentence starts a new line.
 */
export function joinContinuation(previous: string, next: string): string {
  if (previous === '') return next;
  if (next === '') return previous;
  const newItem = /^[-+•]\s/.test(next) && /[.;:!?]$/.test(previous);
  return `${previous}${newItem ? '\n' : ' '}${next}`;
}

/** "1.", "4.1", "4.1.", "(1)", "1)", "a)", "(a)", "a.". */
const TASK_NUMBER = /^(\d{1,3}(\.\d{1,3})*\.?|\(\d{1,3}\)|\d{1,3}\)|\(?[a-zđ]\)|[a-zđ]\.)$/i;
const ROMAN = /^[IVXLC]+\.?$/;
/** A merged section row whose title sits in the STT cell: "III. Tập trung tạo lập…". */
const ROMAN_WITH_TITLE = /^[IVXLC]+[.)]?\s+\S/;

/** "III" + "Tập trung…" → "III. Tập trung…"; a title already in the STT cell (merged row) stands alone. */
function sectionTitle(stt: string, content: string): string {
  if (ROMAN_WITH_TITLE.test(stt)) return content === '' || content === stt ? stt : `${stt} ${content}`;
  const numeral = stt.replace(/\.$/, '');
  return content === '' ? numeral : `${numeral}. ${content}`;
}

type TextField = Exclude<PlanField, 'code'>;
const TEXT_FIELDS: TextField[] = ['content', 'lead', 'support', 'deliverable', 'deadline', 'documents', 'adjusted'];

const FIELD_LABELS: Record<PlanField, string> = {
  code: 'STT',
  content: 'Nội dung nhiệm vụ',
  lead: 'Cơ quan chủ trì',
  support: 'Cơ quan phối hợp',
  deliverable: 'Sản phẩm/kết quả',
  deadline: 'Thời hạn',
  documents: 'Văn bản giao nhiệm vụ',
  adjusted: 'Tiến độ điều chỉnh',
};

function quote(text: string): string {
  return `“${text.replace(/\n/g, ' ')}”`;
}

/**
 * The tasks of one table. The header is found by synonym in any column order; a repeated
 * header (after a page break) is skipped; a section row (Roman numeral STT, or a bold row with
 * only its number and title) sets the section of the tasks below it; a numbered row starts a
 * task; a row with an empty STT continues the task above, each cell appended to the same field.
 * Sub-items "(1)… (2)…" inside a cell stay in it. Never throws.
 */
export function understandTable(table: RawTable): TableUnderstanding {
  const rows = Array.isArray(table?.rows) ? table.rows : [];
  const warnings: PlanWarning[] = [];
  const items: PlanRow[] = [];
  const headerIndex = rows.findIndex((row) => detectColumns(row) !== null);
  if (headerIndex < 0) {
    return { columns: null, items, warnings: [{ row: rows[0]?.line ?? 0, field: 'header', message: NO_HEADER_MESSAGE }] };
  }

  const cellText = (row: RawRow, index: number | undefined) => (index === undefined ? '' : clean(row.cells?.[index]?.text ?? ''));
  const rowText = (row: RawRow) =>
    (row.cells ?? [])
      .map((cell) => clean(cell?.text ?? ''))
      .filter(Boolean)
      .join(' | ');

  for (const row of rows.slice(0, headerIndex)) {
    const text = rowText(row);
    if (text) {
      warnings.push({ row: row.line, field: 'row', message: `Dòng nằm trước dòng tiêu đề của bảng nên chưa được nhập: ${quote(text)}.` });
    }
  }

  const first = rows[headerIndex] as RawRow;
  let columns = detectColumns(first) as ColumnMap;
  let headers = (first.cells ?? []).map((cell) => clean(cell?.text ?? ''));
  const firstColumns = columns;

  let section = '';
  let sectionLine = 0;
  let sectionHasTasks = true;
  /**
   * What an empty-STT row continues: the last task (and whether its content was bold), or a
   * section title split by a page break. Assigned inside the helpers below, hence the cast:
   * TS would otherwise narrow it to null.
   */
  let last = null as { kind: 'task'; task: PlanRow; bold: boolean } | { kind: 'section' } | null;

  const closeSection = () => {
    if (section !== '' && !sectionHasTasks) {
      warnings.push({ row: sectionLine, field: 'section', message: `Mục ${quote(section)} không có nhiệm vụ nào.` });
    }
  };
  const openSection = (title: string, line: number) => {
    closeSection();
    section = title;
    sectionLine = line;
    sectionHasTasks = false;
    last = { kind: 'section' };
  };
  const openTask = (row: RawRow, code: string): PlanRow => {
    const task: PlanRow = {
      row: row.line,
      section,
      code,
      content: cellText(row, columns.content),
      lead: cellText(row, columns.lead),
      support: cellText(row, columns.support),
      deliverable: cellText(row, columns.deliverable),
      deadline: cellText(row, columns.deadline),
      documents: cellText(row, columns.documents),
      adjusted: columns.adjusted === undefined ? null : cellText(row, columns.adjusted),
    };
    items.push(task);
    sectionHasTasks = true;
    last = { kind: 'task', task, bold: row.cells?.[columns.content ?? -1]?.bold === true };
    return task;
  };

  for (const row of rows.slice(headerIndex + 1)) {
    const cells = row.cells ?? [];
    if (cells.every((cell) => clean(cell?.text ?? '') === '')) continue;
    const header = detectColumns(row);
    if (header) {
      // The header repeats after every page break; a different one starts a new layout.
      columns = header;
      headers = cells.map((cell) => clean(cell?.text ?? ''));
      continue;
    }

    const mapped = new Set(Object.values(columns));
    cells.forEach((cell, index) => {
      const text = clean(cell?.text ?? '');
      if (text === '' || mapped.has(index)) return;
      const name = headers[index];
      warnings.push(
        name
          ? {
              row: row.line,
              field: name,
              message: `Cột ${quote(name)} không thuộc bảng nhiệm vụ; nội dung chưa được nhập: ${quote(text)}.`,
            }
          : {
              row: row.line,
              field: `cột ${index + 1}`,
              message: `Ô ở cột ${index + 1} nằm ngoài các cột của dòng tiêu đề; nội dung chưa được nhập: ${quote(text)}.`,
            },
      );
    });

    const stt = cellText(row, columns.code);
    const content = cellText(row, columns.content);
    // Cells besides the number and the title; a merged cell repeated by a reader is not "more".
    const others = TEXT_FIELDS.filter((field) => field !== 'content')
      .map((field) => cellText(row, columns[field]))
      .filter((text) => text !== '' && text !== stt && text !== content);
    const filled = cells.filter((cell) => clean(cell?.text ?? '') !== '');
    const bold = filled.length > 0 && filled.every((cell) => cell.bold);
    const titleOnly = others.length === 0;

    if (stt === '') {
      // A bold title alone under a task in plain type is an unnumbered section, not the task's rest.
      const boldTitle = bold && titleOnly && content !== '';
      if (last?.kind === 'task' && !(boldTitle && !last.bold)) {
        const task: PlanRow = last.task;
        for (const field of TEXT_FIELDS) {
          const part = cellText(row, columns[field]);
          if (part === '') continue;
          task[field] = joinContinuation(task[field] ?? '', part);
          warnings.push({
            row: task.row,
            field,
            message: `Ô ${quote(headers[columns[field] as number] || FIELD_LABELS[field])} của nhiệm vụ ${task.code || `ở dòng ${task.row}`} tiếp tục ở dòng ${row.line} (dòng không có số thứ tự, thường do sang trang) và đã được ghép lại; cần kiểm tra chỗ nối.`,
          });
        }
      } else if (boldTitle) {
        if (last?.kind === 'section') section = joinContinuation(section, content);
        else openSection(content, row.line);
      } else {
        const task = openTask(row, '');
        warnings.push({
          row: row.line,
          field: 'code',
          message: 'Dòng không có số thứ tự và không nối tiếp nhiệm vụ nào ở trên; đã nhập thành một nhiệm vụ riêng, cần kiểm tra.',
        });
        if (task.content === '') warnings.push({ row: row.line, field: 'content', message: 'Nhiệm vụ không có nội dung.' });
      }
      continue;
    }

    if (titleOnly && (ROMAN.test(stt) || ROMAN_WITH_TITLE.test(stt) || bold)) {
      openSection(sectionTitle(stt, content), row.line);
      continue;
    }

    const code = stt.replace(/\.$/, '');
    const task = openTask(row, code);
    if (!TASK_NUMBER.test(stt)) {
      warnings.push({
        row: row.line,
        field: 'code',
        message: `Số thứ tự ${quote(stt)} không theo dạng 1., 4.1, (1) hay a); đã nhập thành một nhiệm vụ, cần kiểm tra.`,
      });
    }
    if (task.content === '') warnings.push({ row: row.line, field: 'content', message: `Nhiệm vụ ${code} không có nội dung.` });
    if (columns.lead !== undefined && task.lead === '') {
      warnings.push({ row: row.line, field: 'lead', message: `Nhiệm vụ ${code} chưa có cơ quan chủ trì.` });
    }
  }
  closeSection();

  return { columns: firstColumns, items, warnings };
}

// ---------------------------------------------------------------------------------------------
// A whole plan

/** Markdown emphasis, headings and tags around a heading line. */
function stripHeadingMarkup(line: string): string {
  return line
    .replace(/<\/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?\/?>/g, '')
    .replace(/\*+|_{2,}|^\s*#+\s*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The appendix headings of a text by line number. A heading in bold may run over a hard line
 * break (004: "**PHỤ LỤC II: … TIẾN ĐỘ  ⏎ THEO THÔNG BÁO SỐ 13-TB/CQTT NGÀY 01/4/2026**"); its
 * lines are joined while the `**` stays open.
 */
function appendixHeadings(lines: string[]): { line: number; title: string }[] {
  const headings: { line: number; title: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.includes('\t') || line.length > 400) continue;
    if (!foldText(stripHeadingMarkup(line)).startsWith('phu luc')) continue;
    const parts = [line];
    let stars = (line.match(/\*\*/g) ?? []).length;
    for (let j = i + 1; stars % 2 === 1 && j < lines.length && j <= i + 3; j++) {
      const next = lines[j] ?? '';
      if (next.trim() === '' || next.includes('\t')) break;
      parts.push(next);
      stars += (next.match(/\*\*/g) ?? []).length;
    }
    headings.push({ line: i + 1, title: stripHeadingMarkup(parts.join(' ')).normalize('NFC') });
  }
  return headings;
}

/** "ii" from "Phụ lục II", "PL II", "PHỤ LỤC II: DANH MỤC…" or "II" itself; "" from a bare "Phụ lục". */
function appendixLabel(text: string): string {
  const words = foldText(text).replace(/^(phu luc|pl)\b\s*/, '');
  return words.split(' ')[0] ?? '';
}

/**
 * All task tables of a plan, one per appendix: the pages of a table under one heading are one
 * appendix, so a cell cut by a page break is joined with its rest. Tables without a task header
 * that come before the task table of a heading (a signature block, a list of targets) are not
 * tasks and are left out; pages after it are read as its continuation even if their header did
 * not repeat. `appendix` keeps only the one named ("II", "Phụ lục II").
 */
export function readPlanText(text: string, options: { appendix?: string } = {}): { appendices: PlanAppendix[] } {
  const lines = typeof text === 'string' ? text.split(/\r\n|\r|\n/) : [];
  const headings = appendixHeadings(lines);
  const groups: { title: string; line: number; tables: RawTable[] }[] = [];
  for (const table of readTextTables(text)) {
    const start = table.rows[0]?.line ?? 0;
    const heading = headings.filter((h) => h.line < start).at(-1);
    const line = heading?.line ?? 0;
    const group = groups.at(-1);
    if (group && group.line === line) group.tables.push(table);
    else groups.push({ title: heading?.title ?? '', line, tables: [table] });
  }

  return { appendices: appendicesFrom(groups, options) };
}

/**
 * The appendices of a plan from its tables grouped by the heading above them, in order (the
 * grouping of readPlanText, shared with the DOCX and XLSX readers of plan-readers.ts).
 */
export function appendicesFrom(groups: { title: string; tables: RawTable[] }[], options: { appendix?: string } = {}): PlanAppendix[] {
  const wanted = options.appendix === undefined ? null : appendixLabel(options.appendix);
  const appendices: PlanAppendix[] = [];
  for (const group of groups) {
    const first = group.tables.findIndex((table) => table.rows.some((row) => detectColumns(row) !== null));
    if (first < 0) continue;
    if (wanted !== null && appendixLabel(group.title) !== wanted) continue;
    const rows = group.tables.slice(first).flatMap((table) => table.rows);
    const { items, warnings } = understandTable({ rows });
    appendices.push({ title: group.title, items, warnings });
  }
  return appendices;
}
