/**
 * Plan files (issue 4 §1): an upload, whatever it is, becomes the appendices of plan-table.ts.
 * The format is told by the bytes, never by the name: a ZIP holding an Office main part is a
 * DOCX or an XLSX, anything else must be UTF-8 text (the seeds' tab format, TSV, Markdown).
 * Each reader turns its file into paragraphs and `RawTable`s; the tables are grouped under the
 * nearest "PHỤ LỤC" heading exactly as readPlanText groups the text ones (`appendicesFrom`).
 *
 * Untrusted input (DESIGN.md: type and size are checked on upload): every failure is an
 * AppError with a Vietnamese message saying what to do. Before anything is inflated, the ZIP
 * directory is read here and an archive that would unpack too large is refused (a zip bomb);
 * each part is then inflated with a hard output bound (zlib `maxOutputLength`), so a directory
 * that lies about sizes cannot exhaust memory either. Nothing here uses timers: every loop is
 * bounded by the limits below. See docs/decisions/007-plan-readers.md.
 */
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import { foldText } from '#common/domain/text.ts';
import { AppError } from '../../kernel/errors.ts';
import { appendicesFrom, detectColumns, type PlanAppendix, type RawCell, type RawRow, type RawTable, readPlanText } from './plan-table.ts';

export const PLAN_FILE_LIMITS = {
  /** The upload itself. */
  maxBytes: 20 * 1024 * 1024,
  /** All entries of a DOCX/XLSX together, as the ZIP directory declares them. */
  maxUnzippedBytes: 100 * 1024 * 1024,
  /** Uncompressed ÷ compressed of one entry; Office XML stays far below (5–20). */
  maxRatio: 100,
  /** Below this size an entry cannot hurt, whatever its ratio (blank EMF thumbnails reach 150). */
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 10_000,
  /** Table rows and cells of the whole file; a task table has a few hundred rows of 5–10 cells. */
  maxRows: 50_000,
  maxCells: 300_000,
  /**
   * The sum over a workbook's rows of each row's last column: ExcelJS visits every column up to a
   * row's last one, so one cell in column XFD costs as much as 16,384.
   */
  maxRowSpan: 1_000_000,
  /** Merged ranges per workbook, and the cells they cover (ExcelJS walks both). */
  maxMerges: 20_000,
  maxMergedCells: 1_000_000,
} as const;

export type PlanFileFormat = 'docx' | 'xlsx' | 'text';

export interface PlanFile {
  format: PlanFileFormat;
  appendices: PlanAppendix[];
}

// ---------------------------------------------------------------------------------------------
// Errors

const MB = 1024 * 1024;

export const NO_TASK_TABLE_MESSAGE =
  'Không tìm thấy bảng nhiệm vụ trong tệp. Bảng cần có dòng tiêu đề gồm cột STT, cột Nội dung nhiệm vụ và cột Cơ quan chủ trì hoặc Thời hạn; hãy kiểm tra lại tệp (hoặc chép riêng bảng phụ lục sang tệp mới) rồi tải lên lần nữa.';

const tooLarge = () =>
  new AppError(
    'PAYLOAD_TOO_LARGE',
    `Tệp lớn hơn ${PLAN_FILE_LIMITS.maxBytes / MB} MB nên không đọc được. Hãy xoá bớt hình ảnh hoặc tách các phụ lục thành tệp nhỏ hơn rồi tải lên lại.`,
  );
const emptyFile = () => new AppError('BAD_REQUEST', 'Tệp rỗng. Hãy chọn tệp kế hoạch có bảng nhiệm vụ (Word, Excel hoặc văn bản).');
const corrupt = (fileName: string) =>
  new AppError(
    'BAD_REQUEST',
    `Tệp “${displayName(fileName)}” bị hỏng hoặc chưa tải lên hết nên không đọc được. Hãy mở tệp bằng Word hoặc Excel, lưu lại rồi tải lên lần nữa.`,
  );
const abnormalZip = () =>
  new AppError(
    'BAD_REQUEST',
    'Không mở tệp vì đây là tệp nén bất thường: khi giải nén, dữ liệu lớn hơn nhiều so với tệp tải lên. Hãy mở tệp bằng Word hoặc Excel, lưu thành tệp mới rồi tải lên lại.',
  );
const tooManyCells = () =>
  new AppError(
    'BAD_REQUEST',
    `Bảng trong tệp quá lớn để đọc (hơn ${PLAN_FILE_LIMITS.maxRows.toLocaleString('vi-VN')} dòng, ${PLAN_FILE_LIMITS.maxCells.toLocaleString('vi-VN')} ô hoặc quá nhiều ô gộp). Hãy chép riêng bảng nhiệm vụ sang một tệp mới rồi tải lên lại.`,
  );
const notOffice = () =>
  new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    'Tệp nén này không phải tài liệu Word (.docx) hay bảng tính Excel (.xlsx). Hãy mở kế hoạch bằng Word, Excel hoặc LibreOffice, lưu thành .docx hoặc .xlsx rồi tải lên lại.',
  );
const unsupported = (what: string) =>
  new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    `${what} Hãy lưu kế hoạch thành tài liệu Word (.docx), bảng tính Excel (.xlsx) hoặc văn bản UTF-8 rồi tải lên lại.`,
  );
const noTaskTable = () => new AppError('BAD_REQUEST', NO_TASK_TABLE_MESSAGE);

function displayName(fileName: string): string {
  const name =
    typeof fileName === 'string'
      ? fileName
          .normalize('NFC')
          .replace(/[\p{C}]/gu, '')
          .trim()
      : '';
  return (name || 'tệp tải lên').slice(0, 120);
}

// ---------------------------------------------------------------------------------------------
// The entry point

/**
 * The task appendices of an uploaded plan. Throws an AppError (4xx, Vietnamese) for anything it
 * cannot read, including a file with no task table; never anything else.
 */
export async function readPlanFile(bytes: Buffer, fileName: string): Promise<PlanFile> {
  const data = toBuffer(bytes);
  if (data.length > PLAN_FILE_LIMITS.maxBytes) throw tooLarge();
  if (data.length === 0) throw emptyFile();
  try {
    if (startsWith(data, ZIP_MAGIC) || startsWith(data, EMPTY_ZIP_MAGIC)) {
      const entries = readZipDirectory(data, fileName);
      const kind = officeKind(data, entries, fileName);
      const appendices = kind.format === 'docx' ? readDocx(data, entries, kind.main, fileName) : await readXlsx(data, entries, fileName);
      if (appendices.length === 0) throw noTaskTable();
      return { format: kind.format, appendices };
    }
    if (startsWith(data, CFB_MAGIC)) {
      throw unsupported('Tệp ở định dạng Word/Excel cũ (.doc, .xls) hoặc đang được đặt mật khẩu nên không đọc được.');
    }
    if (startsWith(data, Buffer.from('%PDF-'))) throw unsupported('Chưa đọc được bảng nhiệm vụ từ tệp PDF.');
    const text = decodeText(data);
    if (text === null) throw unsupported('Không đọc được tệp: đây không phải tài liệu Word, bảng tính Excel hay văn bản.');
    if (text.trimStart().startsWith('{\\rtf')) throw unsupported('Tệp RTF chưa được hỗ trợ.');
    const { appendices } = readPlanText(text);
    if (appendices.length === 0) throw noTaskTable();
    return { format: 'text', appendices };
  } catch (error) {
    if (error instanceof AppError) throw error;
    // A library choking on the bytes (ExcelJS, saxes, zlib) means the file is not what it claims.
    throw corrupt(fileName);
  }
}

function toBuffer(bytes: Buffer | Uint8Array): Buffer {
  if (Buffer.isBuffer(bytes)) return bytes;
  if (bytes instanceof Uint8Array) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Buffer.alloc(0);
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function startsWith(data: Buffer, magic: Buffer): boolean {
  return data.length >= magic.length && data.subarray(0, magic.length).equals(magic);
}

/**
 * UTF-8 (a BOM is dropped), or UTF-16 with its BOM as Windows Notepad writes it; null for
 * bytes that are not text: invalid UTF-8, a NUL byte, or control characters in quantity.
 */
function decodeText(data: Buffer): string | null {
  let text: string;
  try {
    if (data[0] === 0xff && data[1] === 0xfe) text = new TextDecoder('utf-16le', { fatal: true }).decode(data);
    else if (data[0] === 0xfe && data[1] === 0xff) text = new TextDecoder('utf-16be', { fatal: true }).decode(data);
    else if (data.includes(0)) return null;
    else text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return null;
  }
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return null;
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0x7f) controls++;
  }
  return controls > Math.max(8, text.length / 100) ? null : text;
}

// ---------------------------------------------------------------------------------------------
// ZIP: the directory is read and judged before a single byte is inflated

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX32 = 0xffffffff;

function readUInt64(data: Buffer, at: number): number {
  const value = data.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('zip64 value out of range');
  return Number(value);
}

/**
 * The entries of a ZIP's central directory (ZIP64 included), refused when they would unpack to
 * more than `maxUnzippedBytes` together or an entry above `ratioFloorBytes` is compressed more
 * than `maxRatio` times. The directory must end exactly where the end record says, the way
 * JSZip (inside ExcelJS) finds it too, so both read the same entries.
 */
export function readZipDirectory(data: Buffer, fileName: string): ZipEntry[] {
  let eocd = -1;
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--) {
    if (data.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw corrupt(fileName);
  try {
    if (data.readUInt16LE(eocd + 4) !== 0 || data.readUInt16LE(eocd + 6) !== 0) throw corrupt(fileName);
    let count = data.readUInt16LE(eocd + 10);
    let directorySize = data.readUInt32LE(eocd + 12);
    let directoryOffset = data.readUInt32LE(eocd + 16);
    let directoryEnd = eocd;
    if (count === 0xffff || directorySize === MAX32 || directoryOffset === MAX32) {
      const locator = eocd - 20;
      if (locator < 0 || data.readUInt32LE(locator) !== ZIP64_LOCATOR) throw corrupt(fileName);
      const record = readUInt64(data, locator + 8);
      if (record + 56 > locator || data.readUInt32LE(record) !== ZIP64_EOCD) throw corrupt(fileName);
      count = readUInt64(data, record + 32);
      directorySize = readUInt64(data, record + 40);
      directoryOffset = readUInt64(data, record + 48);
      directoryEnd = record;
    }
    if (directoryOffset + directorySize !== directoryEnd) throw corrupt(fileName);
    if (count > PLAN_FILE_LIMITS.maxEntries || count * 46 > directorySize) {
      throw count > PLAN_FILE_LIMITS.maxEntries ? abnormalZip() : corrupt(fileName);
    }

    const entries: ZipEntry[] = [];
    let total = 0;
    let at = directoryOffset;
    for (let i = 0; i < count; i++) {
      if (at + 46 > directoryEnd || data.readUInt32LE(at) !== CENTRAL_HEADER) throw corrupt(fileName);
      const flags = data.readUInt16LE(at + 8);
      const method = data.readUInt16LE(at + 10);
      const crc = data.readUInt32LE(at + 16);
      let compressedSize = data.readUInt32LE(at + 20);
      let size = data.readUInt32LE(at + 24);
      const nameLength = data.readUInt16LE(at + 28);
      const extraLength = data.readUInt16LE(at + 30);
      const commentLength = data.readUInt16LE(at + 32);
      let offset = data.readUInt32LE(at + 42);
      const nameEnd = at + 46 + nameLength;
      const next = nameEnd + extraLength + commentLength;
      if (next > directoryEnd) throw corrupt(fileName);
      const name = data.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, nameEnd);
      if (size === MAX32 || compressedSize === MAX32 || offset === MAX32) {
        // ZIP64 extended information (0x0001): the 8-byte values, in this order, of the fields that overflowed.
        let field = nameEnd;
        let found = false;
        while (field + 4 <= nameEnd + extraLength) {
          const id = data.readUInt16LE(field);
          const length = data.readUInt16LE(field + 2);
          if (id === 0x0001) {
            let value = field + 4;
            const take = () => {
              if (value + 8 > field + 4 + length) throw corrupt(fileName);
              const read = readUInt64(data, value);
              value += 8;
              return read;
            };
            if (size === MAX32) size = take();
            if (compressedSize === MAX32) compressedSize = take();
            if (offset === MAX32) offset = take();
            found = true;
            break;
          }
          field += 4 + length;
        }
        if (!found) throw corrupt(fileName);
      }
      total += size;
      if (total > PLAN_FILE_LIMITS.maxUnzippedBytes) throw abnormalZip();
      if (size > PLAN_FILE_LIMITS.ratioFloorBytes && size > compressedSize * PLAN_FILE_LIMITS.maxRatio) throw abnormalZip();
      if (method === 0 && size !== compressedSize) throw corrupt(fileName);
      entries.push({ name, flags, method, crc, compressedSize, size, offset });
      at = next;
    }
    return entries;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw corrupt(fileName);
  }
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = (CRC_TABLE[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/**
 * One entry's bytes. zlib stops at the declared size (`maxOutputLength`): an entry that would
 * inflate beyond what the directory said is a bomb in disguise. The CRC catches the rest.
 */
function inflateEntry(data: Buffer, entry: ZipEntry, fileName: string): Buffer {
  const at = entry.offset;
  if (at + 30 > data.length || data.readUInt32LE(at) !== LOCAL_HEADER) throw corrupt(fileName);
  if (entry.flags & 0x1) throw corrupt(fileName);
  const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > data.length) throw corrupt(fileName);
  const raw = data.subarray(start, end);
  let out: Buffer;
  if (entry.method === 0) out = raw;
  else if (entry.method === 8) {
    try {
      out = inflateRawSync(raw, { maxOutputLength: Math.max(entry.size, 1) });
    } catch (error) {
      throw (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? abnormalZip() : corrupt(fileName);
    }
  } else throw corrupt(fileName);
  if (out.length !== entry.size || crc32(out) !== entry.crc) throw corrupt(fileName);
  return out;
}

/** OPC part names are case-insensitive and written with a leading "/" in [Content_Types].xml. */
function partKey(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

function findEntry(entries: ZipEntry[], name: string): ZipEntry | undefined {
  const key = partKey(name);
  return entries.findLast((entry) => partKey(entry.name) === key);
}

function xmlText(buffer: Buffer): string {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.toString('utf16le', 2);
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return Buffer.from(buffer.subarray(2)).swap16().toString('utf16le');
  const text = buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Local names only (`w:p` → `p`): the transitional and the strict OOXML namespaces read alike. */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

interface XmlHandlers {
  open?: (name: string, attributes: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
}

/** A SAX walk with local names; saxes expands no DTD entity, so no billion laughs. Throws on malformed XML. */
function walkXml(xml: string, handlers: XmlHandlers): void {
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes)) attributes[localName(key)] = String(value);
    handlers.open?.(localName(tag.name), attributes);
  });
  parser.on('closetag', (tag) => handlers.close?.(localName(tag.name)));
  if (handlers.text) {
    const text = handlers.text;
    parser.on('text', text);
    parser.on('cdata', text);
  }
  parser.write(xml).close();
}

const DOCX_MAIN = /(wordprocessingml\.(document|template)\.main\+xml|ms-word\.(document|template)\.macroenabled(template)?\.main\+xml)$/i;
const XLSX_MAIN = /(spreadsheetml\.(sheet|template)\.main\+xml|ms-excel\.(sheet|template)\.macroenabled\.main\+xml)$/i;
const DOCX_STYLES = 'application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml';

/** DOCX or XLSX, from [Content_Types].xml (the main part's type), else from the usual part names. */
function officeKind(data: Buffer, entries: ZipEntry[], fileName: string): { format: 'docx' | 'xlsx'; main: OfficeParts } {
  const typesEntry = findEntry(entries, '[Content_Types].xml');
  if (!typesEntry) throw notOffice();
  const overrides: { part: string; type: string }[] = [];
  walkXml(xmlText(inflateEntry(data, typesEntry, fileName)), {
    open: (name, attributes) => {
      if (name === 'Override' && attributes.PartName && attributes.ContentType) {
        overrides.push({ part: attributes.PartName, type: attributes.ContentType });
      }
    },
  });
  const docxMain =
    overrides.find((o) => DOCX_MAIN.test(o.type))?.part ?? (findEntry(entries, 'word/document.xml') ? 'word/document.xml' : null);
  const xlsxMain =
    overrides.find((o) => XLSX_MAIN.test(o.type))?.part ?? (findEntry(entries, 'xl/workbook.xml') ? 'xl/workbook.xml' : null);
  if (docxMain) {
    const folder = partKey(docxMain).replace(/[^/]*$/, '');
    const styles = overrides.find((o) => o.type === DOCX_STYLES && partKey(o.part).replace(/[^/]*$/, '') === folder)?.part;
    return { format: 'docx', main: { document: docxMain, styles: styles ?? `${folder}styles.xml` } };
  }
  if (xlsxMain) return { format: 'xlsx', main: { document: xlsxMain, styles: '' } };
  throw notOffice();
}

interface OfficeParts {
  document: string;
  styles: string;
}

// ---------------------------------------------------------------------------------------------
// Grouping: paragraphs and tables in document order, as in readPlanText

export type PlanBlock = { kind: 'paragraph'; text: string; bold: boolean } | { kind: 'table'; table: RawTable };

const EMPTY_CELL: RawCell = Object.freeze({ text: '', bold: false }) as RawCell;

/** "PHỤ LỤC I: …", "Phụ lục" (readPlanText's test), whitespace and line breaks collapsed. */
function appendixHeading(text: string): string | null {
  const title = text.replace(/\s+/g, ' ').trim().normalize('NFC');
  return title.length <= 400 && foldText(title).startsWith('phu luc') ? title : null;
}

/** Tables under the nearest heading above them; consecutive tables under one heading are its pages. */
function groupBlocks(blocks: PlanBlock[], title = ''): { title: string; tables: RawTable[] }[] {
  const groups: { title: string; tables: RawTable[] }[] = [];
  let current: { title: string; tables: RawTable[] } | null = null;
  let heading = title;
  for (const block of blocks) {
    if (block.kind === 'paragraph') {
      const found = appendixHeading(block.text);
      if (found !== null) {
        heading = found;
        current = null;
      }
      continue;
    }
    if (!current) {
      current = { title: heading, tables: [] };
      groups.push(current);
    }
    current.tables.push(block.table);
  }
  return groups;
}

/** Trims every line and drops the empty ones, as readCell does for text cells. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * Rows are filled with empty cells up to this column (Word's limit is 63); past it, a row wider
 * than any task table (a stray cell in column XFD) stays sparse: understandTable reads holes as
 * empty cells, and memory stays bounded by the cells that exist.
 */
const DENSE_COLUMNS = 64;

function densify(cells: RawCell[]): RawCell[] {
  for (let i = 0; i < Math.min(cells.length, DENSE_COLUMNS); i++) cells[i] ??= EMPTY_CELL;
  return cells;
}

// ---------------------------------------------------------------------------------------------
// DOCX

function readDocx(data: Buffer, entries: ZipEntry[], parts: OfficeParts, fileName: string): PlanAppendix[] {
  return appendicesFrom(groupBlocks(docxBlocks(data, entries, parts, fileName)));
}

function docxBlocks(data: Buffer, entries: ZipEntry[], parts: OfficeParts, fileName: string): PlanBlock[] {
  const document = findEntry(entries, parts.document);
  if (!document) throw corrupt(fileName);
  const stylesEntry = findEntry(entries, parts.styles);
  const styles = stylesEntry ? readDocxStyles(xmlText(inflateEntry(data, stylesEntry, fileName))) : undefined;
  return readDocxBody(xmlText(inflateEntry(data, document, fileName)), styles);
}

/** The paragraphs and tables of a DOCX upload, for a preview of what was read (and for tests). */
export function readDocxBlocks(bytes: Buffer, fileName: string): PlanBlock[] {
  const data = toBuffer(bytes);
  if (data.length > PLAN_FILE_LIMITS.maxBytes) throw tooLarge();
  try {
    const entries = readZipDirectory(data, fileName);
    const kind = officeKind(data, entries, fileName);
    if (kind.format !== 'docx') throw notOffice();
    return docxBlocks(data, entries, kind.main, fileName);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw corrupt(fileName);
  }
}

/** Bold as the styles give it: the document default, and each style through its `basedOn` chain. */
export interface DocxStyles {
  defaultBold: boolean;
  /** The paragraph style of paragraphs that name none ("Normal"). */
  defaultParagraph?: string;
  bold: Map<string, boolean | undefined>;
  basedOn: Map<string, string>;
}

function onOff(attributes: Record<string, string>): boolean {
  const value = (attributes.val ?? '').toLowerCase();
  return value !== '0' && value !== 'false' && value !== 'off' && value !== 'none';
}

export function readDocxStyles(xml: string): DocxStyles {
  const styles: DocxStyles = { defaultBold: false, bold: new Map(), basedOn: new Map() };
  const stack: string[] = [];
  let style: string | null = null;
  walkXml(xml, {
    open: (name, attributes) => {
      const parent = stack.at(-1);
      stack.push(name);
      if (name === 'style') {
        style = attributes.styleId ?? null;
        if (style !== null && attributes.type === 'paragraph' && onOff({ val: attributes.default ?? '0' })) styles.defaultParagraph = style;
      } else if (name === 'basedOn' && style !== null && parent === 'style' && attributes.val) {
        styles.basedOn.set(style, attributes.val);
      } else if (name === 'b' && parent === 'rPr') {
        const owner = stack.at(-3);
        if (owner === 'style' && style !== null) styles.bold.set(style, onOff(attributes));
        else if (owner === 'rPrDefault') styles.defaultBold = onOff(attributes);
      }
    },
    close: (name) => {
      stack.pop();
      if (name === 'style') style = null;
    },
  });
  return styles;
}

function styleBold(styles: DocxStyles | undefined, id: string | undefined): boolean | undefined {
  let current = id;
  for (let hops = 0; styles && current !== undefined && hops < 32; hops++) {
    const bold = styles.bold.get(current);
    if (bold !== undefined) return bold;
    current = styles.basedOn.get(current);
  }
  return undefined;
}

/** Elements whose content Word does not show as the document's text. */
const DOCX_SKIPPED = new Set(['del', 'moveFrom', 'Fallback', 'txbxContent', 'instrText', 'delText']);

interface DocxCell {
  lines: string[];
  boldRuns: number;
  plainRuns: number;
  span: number;
  vMerge: 'none' | 'restart' | 'continue';
  hMergeContinue: boolean;
}

/**
 * The paragraphs and tables of a DOCX body, in order (word/document.xml, walked with saxes).
 *
 * - A cell's paragraphs are joined with "\n", and so is a `w:br`; a nested table's paragraphs
 *   become lines of the cell that holds it.
 * - A cell is bold when all its non-blank runs are: `w:b` on the run, else its character style,
 *   else the paragraph style, else the document default.
 * - `w:gridSpan` (horizontal merge, a section row across the table): the text sits in the first
 *   column it covers and the others stay empty, so the columns line up with the header.
 * - `w:vMerge` (vertical merge): see `placeRows`.
 * - Tracked deletions, text boxes and hidden runs are not read: Word does not show them inline.
 *
 * RawRow.line counts the table rows of the whole document from 1, so it is unique in the file
 * even when one appendix spans several tables.
 */
export function readDocxBody(xml: string, styles?: DocxStyles): PlanBlock[] {
  const blocks: PlanBlock[] = [];
  const stack: string[] = [];
  let skipping = 0;
  let tableDepth = 0;
  let rows: { cells: DocxCell[]; gridBefore: number }[] = [];
  let row: { cells: DocxCell[]; gridBefore: number } | null = null;
  let cell: DocxCell | null = null;
  let paragraph: { text: string; style?: string; boldRuns: number; plainRuns: number } | null = null;
  let run: { text: string; bold?: boolean; style?: string; hidden: boolean } | null = null;
  let inText = false;
  let line = 0;
  let cellCount = 0;

  const paragraphBold = () => styleBold(styles, paragraph?.style ?? styles?.defaultParagraph) ?? styles?.defaultBold ?? false;

  walkXml(xml, {
    open: (name, attributes) => {
      const parent = stack.at(-1);
      const grandparent = stack.at(-2);
      stack.push(name);
      if (skipping > 0 || DOCX_SKIPPED.has(name)) {
        skipping++;
        return;
      }
      switch (name) {
        case 'tbl':
          tableDepth++;
          if (tableDepth === 1) rows = [];
          break;
        case 'tr':
          if (tableDepth === 1) row = { cells: [], gridBefore: 0 };
          break;
        case 'gridBefore':
          if (tableDepth === 1 && row && parent === 'trPr' && grandparent === 'tr') row.gridBefore = clampInt(attributes.val, 0, 63);
          break;
        case 'tc':
          if (tableDepth === 1) cell = { lines: [], boldRuns: 0, plainRuns: 0, span: 1, vMerge: 'none', hMergeContinue: false };
          break;
        case 'gridSpan':
          if (tableDepth === 1 && cell && parent === 'tcPr' && grandparent === 'tc') cell.span = clampInt(attributes.val, 1, 63);
          break;
        case 'vMerge':
          if (tableDepth === 1 && cell && parent === 'tcPr' && grandparent === 'tc') {
            cell.vMerge = attributes.val === 'restart' ? 'restart' : 'continue';
          }
          break;
        case 'hMerge':
          if (tableDepth === 1 && cell && parent === 'tcPr' && grandparent === 'tc') cell.hMergeContinue = attributes.val !== 'restart';
          break;
        case 'p':
          paragraph = { text: '', boldRuns: 0, plainRuns: 0 };
          break;
        case 'pStyle':
          if (paragraph && parent === 'pPr') paragraph.style = attributes.val;
          break;
        case 'r':
          if (paragraph) run = { text: '', hidden: false };
          break;
        case 'b':
          if (run && parent === 'rPr' && grandparent === 'r') run.bold = onOff(attributes);
          break;
        case 'rStyle':
          if (run && parent === 'rPr' && grandparent === 'r') run.style = attributes.val;
          break;
        case 'vanish':
          if (run && parent === 'rPr' && grandparent === 'r') run.hidden = onOff(attributes);
          break;
        case 't':
          inText = run !== null && parent === 'r';
          break;
        case 'tab':
          if (run && parent === 'r') run.text += '\t';
          break;
        case 'br':
        case 'cr':
          if (run && parent === 'r') run.text += '\n';
          break;
        case 'noBreakHyphen':
          if (run && parent === 'r') run.text += '-';
          break;
      }
    },
    text: (text) => {
      if (inText && run && skipping === 0) run.text += text;
    },
    close: (name) => {
      stack.pop();
      if (skipping > 0) {
        skipping--;
        return;
      }
      switch (name) {
        case 't':
          inText = false;
          break;
        case 'r':
          if (run && paragraph && !run.hidden) {
            paragraph.text += run.text;
            if (/\S/.test(run.text)) {
              const bold = run.bold ?? styleBold(styles, run.style) ?? paragraphBold();
              if (bold) paragraph.boldRuns++;
              else paragraph.plainRuns++;
            }
          }
          run = null;
          break;
        case 'p':
          if (paragraph) {
            if (tableDepth === 0) {
              blocks.push({ kind: 'paragraph', text: paragraph.text, bold: paragraph.boldRuns > 0 && paragraph.plainRuns === 0 });
            } else if (cell) {
              cell.lines.push(paragraph.text);
              cell.boldRuns += paragraph.boldRuns;
              cell.plainRuns += paragraph.plainRuns;
            }
          }
          paragraph = null;
          break;
        case 'tc':
          if (tableDepth === 1 && row && cell) {
            row.cells.push(cell);
            if (++cellCount > PLAN_FILE_LIMITS.maxCells) throw tooManyCells();
          }
          if (tableDepth === 1) cell = null;
          break;
        case 'tr':
          if (tableDepth === 1 && row) {
            rows.push(row);
            if (line + rows.length > PLAN_FILE_LIMITS.maxRows) throw tooManyCells();
          }
          if (tableDepth === 1) row = null;
          break;
        case 'tbl':
          if (tableDepth === 1) {
            const placed = placeRows(rows);
            blocks.push({ kind: 'table', table: { rows: placed.map((cells) => ({ cells, line: ++line })) } });
            rows = [];
          }
          tableDepth--;
          break;
      }
    },
  });
  return blocks;
}

function clampInt(value: string | undefined, min: number, max: number): number {
  const number = Number.parseInt(value ?? '', 10);
  return Number.isFinite(number) ? Math.min(max, Math.max(min, number)) : min;
}

/**
 * DOCX rows on the table grid. A vertically merged cell (`w:vMerge`) shows one value for all the
 * rows it spans, so each row below that starts a record of its own (its first cell is its own
 * and not empty: a task with its STT) gets the text too: three tasks sharing one merged
 * "Văn bản giao nhiệm vụ" cell each get the documents. A row whose first cell is empty or
 * itself merged from above continues the row above (understandTable glues it on), so its merged
 * cells stay empty and nothing is glued twice.
 */
function placeRows(rows: { cells: DocxCell[]; gridBefore: number }[]): RawCell[][] {
  const above: RawCell[] = [];
  return rows.map((row) => {
    const own = row.cells.map((cell): RawCell => {
      const text = tidy(cell.lines.join('\n'));
      return text === '' ? EMPTY_CELL : { text, bold: cell.boldRuns > 0 && cell.plainRuns === 0 };
    });
    const first = row.cells[0];
    const startsRecord = row.gridBefore === 0 && first !== undefined && first.vMerge !== 'continue' && own[0]?.text !== '';
    const cells: RawCell[] = [];
    let column = row.gridBefore;
    row.cells.forEach((cell, index) => {
      let value = own[index] ?? EMPTY_CELL;
      if (cell.hMergeContinue) value = EMPTY_CELL;
      else if (cell.vMerge === 'continue') value = startsRecord ? (above[column] ?? EMPTY_CELL) : EMPTY_CELL;
      else above[column] = value;
      if (value.text !== '') cells[column] = value;
      column += cell.span;
    });
    if (cells.length < column) cells.length = column;
    return densify(cells);
  });
}

// ---------------------------------------------------------------------------------------------
// XLSX

/** Worksheet parts ExcelJS need not read for text, and some it would expand cell by cell. */
const XLSX_IGNORED_NODES = [
  'cols',
  'dataValidations',
  'conditionalFormatting',
  'hyperlinks',
  'drawing',
  'picture',
  'tableParts',
  'extLst',
  'autoFilter',
  'rowBreaks',
  'pageSetup',
  'printOptions',
  'headerFooter',
  'pageMargins',
  'sheetProtection',
  'sheetViews',
];

interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function decodeColumn(letters: string): number {
  let column = 0;
  for (const char of letters) column = column * 26 + char.charCodeAt(0) - 64;
  return column;
}

/** "B3:H3" (with or without "$"); null for anything else. */
export function decodeRange(ref: string): CellRange | null {
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7}):\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref.trim().toUpperCase());
  if (!match) return null;
  const [c1, r1, c2, r2] = [decodeColumn(match[1] ?? ''), Number(match[2]), decodeColumn(match[3] ?? ''), Number(match[4])];
  if (Math.max(c1, c2) > 16384 || Math.max(r1, r2) > 1048576 || Math.min(c1, c2, r1, r2) < 1) return null;
  return { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
}

const isTagEnd = (byte: number | undefined) =>
  byte === 0x20 || byte === 0x3e || byte === 0x2f || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * What ExcelJS would do with a worksheet part, estimated on its bytes before it is given the
 * file: the `<c>` elements (an object each) and the sum of each `<row>`'s last column (its
 * row helpers walk every column up to that one). Only unprefixed names count, as for ExcelJS.
 */
function sheetCost(xml: Buffer): { cells: number; span: number } {
  let cells = 0;
  let span = 0;
  let rowEnd = 0;
  let column = 0;
  for (let at = xml.indexOf(0x3c); at >= 0; at = xml.indexOf(0x3c, at + 1)) {
    if (xml[at + 1] === 0x72 && xml[at + 2] === 0x6f && xml[at + 3] === 0x77 && isTagEnd(xml[at + 4])) {
      span += rowEnd;
      rowEnd = 0;
      column = 0;
    } else if (xml[at + 1] === 0x63 && isTagEnd(xml[at + 2])) {
      cells++;
      const end = xml.indexOf(0x3e, at);
      const tag = xml.toString('latin1', at, end < 0 ? at + 256 : Math.min(end, at + 256));
      const letters = /\sr\s*=\s*["']\$?([A-Za-z]{1,3})/.exec(tag)?.[1];
      column = letters ? decodeColumn(letters.toUpperCase()) : column + 1;
      rowEnd = Math.max(rowEnd, column);
    }
  }
  return { cells, span: span + rowEnd };
}

async function readXlsx(data: Buffer, entries: ZipEntry[], fileName: string): Promise<PlanAppendix[]> {
  // JSZip inside ExcelJS inflates every entry without an output bound: each is inflated here
  // first, bounded by its declared size, so ExcelJS only ever sees entries that keep their word.
  let cells = 0;
  let span = 0;
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    const bytes = inflateEntry(data, entry, fileName);
    if (/xl\/worksheets\/[^/]*\.xml/i.test(entry.name)) {
      const cost = sheetCost(bytes);
      cells += cost.cells;
      span += cost.span;
    }
    if (cells > PLAN_FILE_LIMITS.maxCells || span > PLAN_FILE_LIMITS.maxRowSpan) throw tooManyCells();
  }

  const book = new ExcelJS.Workbook();
  const merges = new Map<string, string[]>();
  // ExcelJS applies a merged range, and a defined name's range, by visiting every cell it covers,
  // and checks each merge against all others: one "A1:XFD1048576" would never return. Its model is
  // intercepted between parsing and applying: defined names are dropped (not needed for text) and
  // the merges taken out, to be applied below within PLAN_FILE_LIMITS.
  const xlsx = book.xlsx as unknown as { reconcile?: (model: XlsxModel, options: unknown) => void };
  const reconcile = xlsx.reconcile;
  if (typeof reconcile !== 'function') throw new Error('ExcelJS changed: XLSX#reconcile is gone, review plan-readers.ts');
  xlsx.reconcile = (model, options) => {
    model.definedNames = [];
    reconcile.call(book.xlsx, model, options);
    for (const sheet of model.worksheets ?? []) {
      merges.set(String(sheet.name), Array.isArray(sheet.mergeCells) ? sheet.mergeCells.map(String) : []);
      sheet.mergeCells = [];
    }
  };
  await book.xlsx.load(data as unknown as ArrayBuffer, { ignoreNodes: XLSX_IGNORED_NODES } as never);

  const ranges = new Map<string, CellRange[]>();
  let mergeCount = 0;
  let mergedCells = 0;
  for (const [sheet, refs] of merges) {
    const list: CellRange[] = [];
    for (const ref of refs) {
      const range = decodeRange(ref);
      if (!range) continue;
      mergeCount++;
      mergedCells += (range.bottom - range.top + 1) * (range.right - range.left + 1);
      if (mergeCount > PLAN_FILE_LIMITS.maxMerges || mergedCells > PLAN_FILE_LIMITS.maxMergedCells) throw tooManyCells();
      list.push(range);
    }
    ranges.set(sheet, list);
  }

  let rowCount = 0;
  book.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: false }, () => {
      rowCount++;
    });
  });
  if (rowCount > PLAN_FILE_LIMITS.maxRows) throw tooManyCells();

  const appendices: PlanAppendix[] = [];
  for (const sheet of book.worksheets) {
    // What the user sees: a hidden sheet (an old version, a lookup list) is not part of the plan.
    if (sheet.state === 'hidden' || sheet.state === 'veryHidden') continue;
    const rows = sheetRows(sheet, ranges.get(sheet.name) ?? []);
    const named = appendixHeading(sheet.name) ?? (/^pl( |$)/.test(foldText(sheet.name)) ? sheet.name.trim() : '');
    appendices.push(...appendicesFrom(groupBlocks(sheetBlocks(rows), named)));
  }
  return appendices;
}

interface XlsxModel {
  definedNames?: unknown[];
  worksheets?: { name?: unknown; mergeCells?: unknown[] }[];
}

/**
 * A worksheet as rows of cells from its leftmost used column, `line` being the sheet row.
 * Merged ranges as in DOCX: the text in the top-left cell only, across (a section row merged
 * over the table width has its title under STT); down, the rows below that start a record of
 * their own get the text too (see placeRows).
 */
function sheetRows(sheet: ExcelJS.Worksheet, ranges: CellRange[]): RawRow[] {
  const grid = new Map<number, Map<number, RawCell>>();
  let firstColumn = Number.POSITIVE_INFINITY;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const value = shownCell(cell);
      if (value.text === '') return;
      const cells = grid.get(rowNumber) ?? new Map<number, RawCell>();
      grid.set(rowNumber, cells);
      cells.set(column, value);
      firstColumn = Math.min(firstColumn, column);
    });
  });
  if (grid.size === 0) return [];

  const byRow = new Map<number, CellRange[]>();
  const masters = new Map<CellRange, RawCell>();
  for (const range of ranges) {
    const master = grid.get(range.top)?.get(range.left);
    if (!master) continue;
    masters.set(range, master);
    for (let r = range.top; r <= range.bottom; r++) {
      const list = byRow.get(r);
      if (list) list.push(range);
      else byRow.set(r, [range]);
    }
  }

  // Rows with no text of their own take nothing from a merge (see startsRecord), so only these count.
  const numbers = [...grid.keys()].sort((a, b) => a - b);
  return numbers.map((rowNumber) => {
    const own = grid.get(rowNumber) ?? new Map<number, RawCell>();
    const covering = byRow.get(rowNumber) ?? [];
    const inside = (range: CellRange, column: number) => range.left <= column && column <= range.right;
    const mergedFromAbove = covering.some((range) => range.top < rowNumber && inside(range, firstColumn));
    const startsRecord = !mergedFromAbove && (own.get(firstColumn)?.text ?? '') !== '';
    const cells: RawCell[] = [];
    for (const [column, value] of own) {
      if (!covering.some((range) => inside(range, column) && (range.top !== rowNumber || range.left !== column))) {
        cells[column - firstColumn] = value;
      }
    }
    for (const range of covering) {
      if (range.top < rowNumber && startsRecord) cells[range.left - firstColumn] = masters.get(range) ?? EMPTY_CELL;
    }
    return { cells: densify(cells), line: rowNumber };
  });
}

/**
 * The rows of a sheet as paragraphs and tables: a row holding only a "PHỤ LỤC …" cell is a
 * heading and ends the table above; above a task header, rows of one cell are titles (the
 * appendix name, "(Kèm theo …)"); every other row belongs to the table.
 */
function sheetBlocks(rows: RawRow[]): PlanBlock[] {
  const blocks: PlanBlock[] = [];
  let table: RawRow[] = [];
  let headerSeen = false;
  const flush = () => {
    if (table.length > 0) blocks.push({ kind: 'table', table: { rows: table } });
    table = [];
    headerSeen = false;
  };
  for (const row of rows) {
    const filled = row.cells.filter((cell) => cell && cell.text !== '');
    const only = filled.length === 1 ? (filled[0] as RawCell) : null;
    if (only && appendixHeading(only.text) !== null) {
      flush();
      blocks.push({ kind: 'paragraph', text: only.text, bold: only.bold });
      continue;
    }
    if (!headerSeen) {
      if (detectColumns(row)) headerSeen = true;
      else if (filled.length <= 1) {
        if (only) blocks.push({ kind: 'paragraph', text: only.text, bold: only.bold });
        continue;
      }
    }
    table.push(row);
  }
  flush();
  return blocks;
}

/** The text Excel shows in a cell, and whether all of it is bold. */
function shownCell(cell: ExcelJS.Cell): RawCell {
  return shownValue(cell.value, cell.numFmt, cell.font?.bold === true);
}

function shownValue(value: ExcelJS.CellValue | undefined, numFmt: string | undefined, cellBold: boolean): RawCell {
  const plain = (text: string): RawCell => {
    const tidied = tidy(text);
    return tidied === '' ? EMPTY_CELL : { text: tidied, bold: cellBold };
  };
  if (value === null || value === undefined) return EMPTY_CELL;
  if (typeof value === 'string') return plain(value);
  if (typeof value === 'number') return plain(formatNumber(value, numFmt));
  if (typeof value === 'boolean') return plain(value ? 'TRUE' : 'FALSE');
  if (value instanceof Date) return plain(formatDate(value, numFmt));
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      let text = '';
      let boldRuns = 0;
      let plainRuns = 0;
      for (const part of value.richText) {
        const piece = String(part?.text ?? '');
        text += piece;
        if (!/\S/.test(piece)) continue;
        // A run with its own font says all; one without takes the cell's.
        const bold = part.font ? part.font.bold === true : cellBold;
        if (bold) boldRuns++;
        else plainRuns++;
      }
      const tidied = tidy(text);
      return tidied === '' ? EMPTY_CELL : { text: tidied, bold: boldRuns > 0 && plainRuns === 0 };
    }
    if ('error' in value) return plain(String(value.error ?? ''));
    if ('formula' in value || 'sharedFormula' in value) {
      return shownValue((value as { result?: ExcelJS.CellValue }).result, numFmt, cellBold);
    }
    if ('hyperlink' in value) return shownValue((value as { text?: ExcelJS.CellValue }).text, numFmt, cellBold);
  }
  return plain(String(value));
}

// ---------------------------------------------------------------------------------------------
// Number formats: what Excel shows, for the formats plans use

/** The section of a format for a value (positive; negative; zero), split outside quotes. */
function formatSection(format: string, value: number): { section: string; signed: boolean } {
  const sections: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < format.length; i++) {
    const char = format[i] as string;
    if (char === '"') quoted = !quoted;
    if (char === '\\' && !quoted) {
      current += char + (format[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === ';' && !quoted) {
      sections.push(current);
      current = '';
    } else current += char;
  }
  sections.push(current);
  if (value < 0 && sections[1] !== undefined && sections[1] !== '') return { section: sections[1], signed: false };
  if (value === 0 && sections[2] !== undefined && sections[2] !== '') return { section: sections[2], signed: false };
  return { section: sections[0] ?? '', signed: true };
}

type FormatToken = { literal: string } | { code: string };

/** Codes (runs of one letter, digit placeholders…) and literal text; colours, locales and fill dropped. */
function formatTokens(section: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  for (let i = 0; i < section.length; ) {
    const char = section[i] as string;
    if (char === '"') {
      const end = section.indexOf('"', i + 1);
      tokens.push({ literal: section.slice(i + 1, end < 0 ? undefined : end) });
      i = end < 0 ? section.length : end + 1;
    } else if (char === '\\') {
      tokens.push({ literal: section[i + 1] ?? '' });
      i += 2;
    } else if (char === '[') {
      const end = section.indexOf(']', i);
      i = end < 0 ? section.length : end + 1;
    } else if (char === '_') {
      tokens.push({ literal: ' ' });
      i += 2;
    } else if (char === '*') {
      i += 2;
    } else if (/^(AM\/PM|A\/P)/i.test(section.slice(i, i + 5))) {
      const length = section.slice(i, i + 5).toUpperCase() === 'AM/PM' ? 5 : 3;
      tokens.push({ code: 'AMPM' });
      i += length;
    } else if (/[ymdhsYMDHS]/.test(char)) {
      let end = i;
      while (end < section.length && (section[end] as string).toLowerCase() === char.toLowerCase()) end++;
      tokens.push({ code: section.slice(i, end).toLowerCase() });
      i = end;
    } else if (/[0#?.,%]/.test(char)) {
      tokens.push({ code: char });
      i++;
    } else {
      tokens.push({ literal: char });
      i++;
    }
  }
  return tokens;
}

const isCode = (token: FormatToken | undefined): token is { code: string } => token !== undefined && 'code' in token;

/** Excel's General: integers as they are, others to 10 significant digits ("4.1", not "4.1000000001"). */
function generalNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  return String(Number(value.toPrecision(10)));
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/**
 * A number as Excel shows it. General and text formats give the number as stored ("4.1", the
 * task number a plan means). Fixed decimals, thousands and percent follow the format and are
 * written the Vietnamese way ("1.000.000", "12,5%"), as amounts in plans are.
 */
export function formatNumber(value: number, format: string | undefined): string {
  if (!format || /^(general|@)$/i.test(format.trim())) return generalNumber(value);
  const { section, signed } = formatSection(format, value);
  const tokens = formatTokens(section);
  if (tokens.some((t) => isCode(t) && /^[ymdhs]|AMPM/.test(t.code))) return generalNumber(value);
  const first = tokens.findIndex((t) => isCode(t) && /[0#?]/.test(t.code));
  if (first < 0) return tokens.map((t) => ('literal' in t ? t.literal : t.code === '%' ? '%' : '')).join('') || generalNumber(value);
  let last = first;
  while (isCode(tokens[last + 1]) && /[0#?.,]/.test((tokens[last + 1] as { code: string }).code)) last++;
  const core = tokens
    .slice(first, last + 1)
    .map((t) => (t as { code: string }).code)
    .join('');
  const percent = tokens.some((t) => isCode(t) && t.code === '%');
  const [integerPart = '', fractionPart = ''] = core.split('.');
  const decimals = (fractionPart.match(/[0#?]/g) ?? []).length;
  const minimumIntegers = (integerPart.match(/0/g) ?? []).length;
  const grouping = integerPart.includes(',');
  const scaled = Math.abs(percent ? value * 100 : value);
  const [whole = '0', fraction = ''] = scaled.toFixed(Math.min(decimals, 20)).split('.');
  const padded = whole === '0' && minimumIntegers === 0 && decimals > 0 ? '' : whole.padStart(minimumIntegers, '0');
  const number = (grouping ? groupThousands(padded) : padded) + (decimals > 0 ? `,${fraction}` : '');
  const render = (list: FormatToken[]) => list.map((t) => ('literal' in t ? t.literal : t.code === '%' ? '%' : '')).join('');
  const sign = signed && value < 0 && Number(scaled.toFixed(Math.min(decimals, 20))) !== 0 ? '-' : '';
  return `${sign}${render(tokens.slice(0, first))}${number}${render(tokens.slice(last + 1))}`;
}

const WEEKDAYS = ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const WEEKDAYS_SHORT = ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'];
/** ExcelJS's names for the built-in formats that follow the computer's locale (ids 14, 22). */
const LOCALE_DATE_FORMATS = new Set(['mm-dd-yy', 'm/d/yy "h":mm', 'm/d/yy h:mm']);

/**
 * A date as Excel shows it. ExcelJS gives dates as UTC instants of the serial number, so UTC
 * parts are the wall-clock ones. The locale's short date (built-in format 14) is shown as a
 * Vietnamese Excel shows it, dd/mm/yyyy.
 */
export function formatDate(date: Date, format: string | undefined): string {
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const trimmed = (format ?? '').trim();
  if (trimmed === '' || /^general$/i.test(trimmed) || LOCALE_DATE_FORMATS.has(trimmed)) {
    const day = `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
    const hasTime = date.getUTCHours() + date.getUTCMinutes() + date.getUTCSeconds() > 0;
    const time = LOCALE_DATE_FORMATS.has(trimmed) ? trimmed.includes('h') : hasTime;
    return time ? `${day} ${date.getUTCHours()}:${pad(date.getUTCMinutes())}` : day;
  }
  const tokens = formatTokens(formatSection(trimmed, 1).section);
  const twelveHour = tokens.some((t) => isCode(t) && t.code === 'AMPM');
  const codes = tokens.map((t, i) => ({ token: t, i })).filter((x) => isCode(x.token));
  let out = '';
  tokens.forEach((token, index) => {
    if ('literal' in token) {
      out += token.literal;
      return;
    }
    const code = token.code;
    const position = codes.findIndex((x) => x.i === index);
    const previous = codes[position - 1]?.token as { code: string } | undefined;
    const next = codes[position + 1]?.token as { code: string } | undefined;
    if (code[0] === 'y') out += code.length <= 2 ? pad(date.getUTCFullYear() % 100) : String(date.getUTCFullYear());
    else if (code[0] === 'm') {
      const minutes = previous?.code[0] === 'h' || next?.code[0] === 's';
      if (minutes) out += code.length >= 2 ? pad(date.getUTCMinutes()) : String(date.getUTCMinutes());
      else if (code.length === 1) out += String(date.getUTCMonth() + 1);
      else if (code.length === 2) out += pad(date.getUTCMonth() + 1);
      else if (code.length === 3) out += `thg ${date.getUTCMonth() + 1}`;
      else out += `Tháng ${date.getUTCMonth() + 1}`;
    } else if (code[0] === 'd') {
      if (code.length === 1) out += String(date.getUTCDate());
      else if (code.length === 2) out += pad(date.getUTCDate());
      else if (code.length === 3) out += WEEKDAYS_SHORT[date.getUTCDay()];
      else out += WEEKDAYS[date.getUTCDay()];
    } else if (code[0] === 'h') {
      const hours = twelveHour ? date.getUTCHours() % 12 || 12 : date.getUTCHours();
      out += code.length >= 2 ? pad(hours) : String(hours);
    } else if (code[0] === 's') out += code.length >= 2 ? pad(date.getUTCSeconds()) : String(date.getUTCSeconds());
    else if (code === 'AMPM') out += date.getUTCHours() < 12 ? 'SA' : 'CH';
    else out += code;
  });
  return out;
}
