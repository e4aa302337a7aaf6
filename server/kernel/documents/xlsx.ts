/**
 * The XLSX files the product writes: tables with a title, a header row, bold section rows and
 * wrapped text (exports, report appendices). Written here as SpreadsheetML in a ZIP (decision
 * 010): exceljs, still our reader, took 0.7 s to write a 10,000-task appendix; this takes a tenth.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface XlsxColumn {
  header: string;
  /** in characters, as Excel measures column widths */
  width: number;
}

/** A row of values, or a bold line naming the section of the rows below it. */
export type XlsxRow = readonly (string | number | null | undefined)[] | { section: string } | { note: string };

export interface XlsxSheet {
  name: string;
  columns: readonly XlsxColumn[];
  /** bold, centred across the columns, above the header */
  title?: string;
  /** italic, centred, under the title */
  subtitle?: string;
  rows: Iterable<XlsxRow>;
  /** printed landscape (wide appendices); every sheet is fitted to the page's width */
  landscape?: boolean;
  /** the column a section or note line is written in: the rows' text (0-based; 1 after an STT column) */
  textColumn?: number;
}

// Styles by index (cellXfs): 0 plain, 1 body (top, wrapped), 2 header, 3 section, 4 title, 5 subtitle or note,
// 6 a whole number (#,##0), 7 a decimal number (#,##0.0##): readers show them with their own separators.
const BODY = 1;
const HEADER = 2;
const SECTION = 3;
const TITLE = 4;
const ITALIC = 5;
const WHOLE = 6;
const DECIMAL = 7;

/** Points per line of 11-point text; a row without a height is one line, and wrapped text is cut (and capitals' marks clipped). */
const LINE = 15;

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.0##"/></numFmts>
<fonts count="4"><font><sz val="11"/><name val="Times New Roman"/></font><font><b/><sz val="11"/><name val="Times New Roman"/></font><font><b/><sz val="13"/><name val="Times New Roman"/></font><font><i/><sz val="11"/><name val="Times New Roman"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="8"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center"/></xf><xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center"/></xf><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

/** XML text: escaped, and without the control characters XML 1.0 forbids (pasted from Word, they would break the file). */
function xmlText(value: string): string {
  return (
    value
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to drop
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/** "A", "B", … "Z", "AA": the column letters of a 0-based index. */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Each distinct text once, cells pointing to it (the shared strings every reader understands). */
class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];
  count = 0;
  ref(text: string): number {
    this.count++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(text, i);
      this.list.push(text);
    }
    return i;
  }
  xml(): string {
    const items = this.list.map((t) => `<si><t xml:space="preserve">${xmlText(t)}</t></si>`).join('');
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.count}" uniqueCount="${this.list.length}">${items}</sst>`;
  }
}

function cell(ref: string, value: string | number | null | undefined, style: number, strings: SharedStrings): string {
  if (value === null || value === undefined || value === '') return style ? `<c r="${ref}" s="${style}"/>` : '';
  if (typeof value === 'number')
    return Number.isFinite(value) ? `<c r="${ref}" s="${Number.isInteger(value) ? WHOLE : DECIMAL}"><v>${value}</v></c>` : '';
  return `<c r="${ref}" s="${style}" t="s"><v>${strings.ref(value)}</v></c>`;
}

/** The lines a text takes in a column of `width` characters, wrapped at words (an estimate: readers do not fit rows on opening). */
function linesOf(text: string, width: number): number {
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil((line.length * 1.1) / Math.max(width - 1, 1))), 0);
}

/** A row's height attribute for its tallest wrapped cell; none for one line. */
function height(lines: number, line = LINE): string {
  return lines > 1 ? ` ht="${lines * line + 2}" customHeight="1"` : '';
}

function sheetXml(sheet: XlsxSheet, strings: SharedStrings): string {
  const width = sheet.columns.length;
  const last = columnName(width - 1);
  const textColumn = sheet.textColumn ?? 0;
  const textWidth = sheet.columns.reduce((sum, c) => sum + c.width, 0);
  const out: string[] = [];
  const merges: string[] = [];
  let r = 0;
  const line = (text: string, style: number, pointsPerLine: number) => {
    r++;
    merges.push(`A${r}:${last}${r}`);
    out.push(`<row r="${r}"${height(Math.max(2, linesOf(text, textWidth)), pointsPerLine)}>${cell(`A${r}`, text, style, strings)}</row>`);
  };
  // Two lines' room at least: the marks above Vietnamese capitals (Ế, Ả) are clipped in a one-line row.
  if (sheet.title) line(sheet.title, TITLE, 12);
  if (sheet.subtitle) line(sheet.subtitle, ITALIC, 9);
  r++;
  const headerRow = r;
  const headerLines = Math.max(...sheet.columns.map((c) => linesOf(c.header, c.width)));
  out.push(
    `<row r="${r}"${height(headerLines)}>${sheet.columns.map((c, i) => cell(`${columnName(i)}${r}`, c.header, HEADER, strings)).join('')}</row>`,
  );
  const at = columnName(textColumn);
  for (const row of sheet.rows) {
    r++;
    if ('section' in row)
      out.push(
        `<row r="${r}"${height(linesOf(row.section, sheet.columns[textColumn]?.width ?? 10))}>${cell(`${at}${r}`, row.section, SECTION, strings)}</row>`,
      );
    else if ('note' in row) out.push(`<row r="${r}">${cell(`${at}${r}`, row.note, ITALIC, strings)}</row>`);
    else {
      const lines = Math.max(1, ...row.map((v, i) => (typeof v === 'string' ? linesOf(v, sheet.columns[i]?.width ?? 10) : 1)));
      out.push(`<row r="${r}"${height(lines)}>${row.map((v, i) => cell(`${columnName(i)}${r}`, v, BODY, strings)).join('')}</row>`);
    }
  }
  const cols = sheet.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('');
  const pane = `<pane ySplit="${headerRow}" topLeftCell="A${headerRow + 1}" activePane="bottomLeft" state="frozen"/>`;
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
    `<dimension ref="A1:${last}${Math.max(r, 1)}"/>`,
    `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>`,
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols>`,
    `<sheetData>${out.join('')}</sheetData>`,
    merges.length ? `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '',
    '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
    // paperSize 9 is A4 (ECMA-376 §18.3.1.63).
    `<pageSetup paperSize="9" orientation="${sheet.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>`,
    '</worksheet>',
  ].join('');
}

/** A workbook of `sheets`, as the bytes of an .xlsx file. */
export function writeXlsx(sheets: readonly XlsxSheet[]): Buffer {
  const strings = new SharedStrings();
  const worksheets = sheets.map((s) => sheetXml(s, strings));
  const names = sheets.map((s) => xmlText(s.name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31)));
  const entries: [string, string][] = [
    [
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>${worksheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ],
    [
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${names.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${worksheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${worksheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId${worksheets.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ],
    ['xl/styles.xml', STYLES],
    ...worksheets.map((xml, i): [string, string] => [`xl/worksheets/sheet${i + 1}.xml`, xml]),
    ['xl/sharedStrings.xml', strings.xml()],
  ];
  return zip(entries);
}

/** A ZIP of deflated entries (APPNOTE 6.3: local headers, then the central directory). */
function zip(entries: readonly [string, string][]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  // 1980-01-01 00:00, DOS time: the files carry no meaningful date, and the same data gives the same bytes.
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (const [name, text] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(data, { level: 6 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(0, 12);
    header.writeUInt16LE(dosDate, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(packed.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, nameBytes);
    parts.push(local, nameBytes, packed);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
