/**
 * The file readers of issue 4 §1 against the golden appendices of plan-table.test.ts: the DOCX and
 * XLSX fixtures (fixtures/make-fixtures.ts, from the seeds' text) must give every PlanRow field
 * the hand-checked JSON gives. `row` is left out of that comparison on purpose: it is the line
 * of the text seed in the golden files, while a DOCX row is the n-th table row of the document
 * and an XLSX row the sheet row; the tests below check instead that each task's `row` points at
 * the row holding its STT in that file.
 *
 * Bad input must end in an AppError (4xx, Vietnamese, saying what to do), never in anything
 * else, and never hang: zip bombs (declared and disguised), truncated and corrupted files,
 * random bytes, an image, oversized files, files without a task table, hostile workbooks.
 */

import { once } from 'node:events';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { AlignmentType, DeletedTextRun, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType } from 'docx';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/errors.ts';
import { makeFixtures } from './fixtures/make-fixtures.ts';
import {
  formatDate,
  formatNumber,
  NO_TASK_TABLE_MESSAGE,
  type PlanFile,
  readDocxBlocks,
  readPlanFile,
  readZipDirectory,
} from './plan-readers.ts';
import { type PlanRow, readPlanText } from './plan-table.ts';

const MB = 1024 * 1024;
const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const golden = (name: string) => JSON.parse(fixture(name).toString('utf8')) as PlanRow[];
const withoutRow = (items: PlanRow[] | undefined) => (items ?? []).map(({ row: _row, ...rest }) => rest);

/** A message a Vietnamese coordinator can act on. */
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected readPlanFile to reject');
}

async function expectRejected(bytes: Buffer, name: string, code: AppError['code'], message?: RegExp): Promise<AppError> {
  const error = await rejection(readPlanFile(bytes, name));
  expect(error.code).toBe(code);
  expect(error.status).toBeGreaterThanOrEqual(400);
  expect(error.status).toBeLessThan(500);
  expect(error.message).toMatch(VIETNAMESE);
  expect(error.message).toMatch(/hãy/i);
  if (message) expect(error.message).toMatch(message);
  return error;
}

/** The text path's appendices, for the warnings and titles the other formats must repeat. */
const TEXT = {
  '003': readPlanText(fixture('003.txt').toString('utf8')).appendices,
  '004': readPlanText(fixture('004.txt').toString('utf8')).appendices,
};
const GOLDEN = { '003': ['003.appendix.json'], '004': ['004-pl1.appendix.json', '004-pl2.appendix.json'] };

/** Warnings without their row numbers, which differ between formats. */
const warningsOf = (file: { appendices: { warnings: { row: number; field: string; message: string }[] }[] }) =>
  file.appendices.map((a) => a.warnings.map((w) => ({ field: w.field, message: w.message.replace(/dòng \d+/g, 'dòng N') })));

describe('readPlanFile: the seed appendices as Word and Excel have them', () => {
  for (const seed of ['003', '004'] as const) {
    for (const format of ['docx', 'xlsx'] as const) {
      it(`${seed}.${format}: every task equal to the golden JSON, the titles and warnings equal to the text's`, async () => {
        const file = await readPlanFile(fixture(`${seed}.${format}`), `${seed}.${format}`);
        expect(file.format).toBe(format);
        expect(file.appendices.map((a) => a.title)).toEqual(TEXT[seed].map((a) => a.title));
        GOLDEN[seed].forEach((name, index) => {
          expect(withoutRow(file.appendices[index]?.items)).toEqual(withoutRow(golden(name)));
        });
        expect(warningsOf(file)).toEqual(warningsOf({ appendices: TEXT[seed] }));
      });
    }

    it(`${seed}: each task's row is the DOCX table row and the sheet row that hold its STT`, async () => {
      const docx = await readPlanFile(fixture(`${seed}.docx`), `${seed}.docx`);
      const lines = new Map<number, string>();
      for (const block of readDocxBlocks(fixture(`${seed}.docx`), `${seed}.docx`)) {
        if (block.kind === 'table') for (const row of block.table.rows) lines.set(row.line, row.cells[0]?.text ?? '');
      }
      const docxItems = docx.appendices.flatMap((a) => a.items);
      expect(docxItems.map((t) => (lines.get(t.row) ?? '').replace(/\.$/, ''))).toEqual(docxItems.map((t) => t.code));

      const xlsx = await readPlanFile(fixture(`${seed}.xlsx`), `${seed}.xlsx`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(fixture(`${seed}.xlsx`) as unknown as ArrayBuffer);
      xlsx.appendices.forEach((appendix, index) => {
        const sheet = book.worksheets[index] as ExcelJS.Worksheet;
        const shown = appendix.items.map((t) => sheet.getCell(t.row, 1).text.replace(/\.$/, ''));
        expect(shown).toEqual(appendix.items.map((t) => t.code));
        const rows = appendix.items.map((t) => t.row);
        expect(rows).toEqual([...rows].sort((a, b) => a - b));
      });
    });

    it(`${seed}: the committed DOCX and XLSX are what make-fixtures.ts makes now`, async () => {
      const made = await makeFixtures(seed);
      for (const format of ['docx', 'xlsx'] as const) {
        const committed = await readPlanFile(fixture(`${seed}.${format}`), `${seed}.${format}`);
        expect(await readPlanFile(made[format], `${seed}.${format}`)).toEqual(committed);
      }
    });
  }

  it('the fixtures are what a Word or Excel user has: merged bold section rows, repeated headers, split tasks, cell paragraphs', async () => {
    const blocks = readDocxBlocks(fixture('004.docx'), '004.docx');
    const tables = blocks.filter((b) => b.kind === 'table').map((b) => (b.kind === 'table' ? b.table.rows : []));
    expect(tables).toHaveLength(2);
    const pl1 = tables[0] ?? [];
    // A section row: one bold cell spanning the table, its text under STT, the other columns empty.
    const section = pl1.find((r) => r.cells[0]?.text.startsWith('I. '));
    expect(section?.cells).toHaveLength(7);
    expect(section?.cells[0]?.bold).toBe(true);
    expect(section?.cells.slice(1).every((c) => c.text === '')).toBe(true);
    // The header again after each page break (8 pages), and rows continued with an empty STT.
    expect(pl1.filter((r) => r.cells[0]?.text === 'STT')).toHaveLength(8);
    expect(pl1.filter((r) => r.cells[0]?.text === '' && r.cells.some((c) => c.text !== '')).length).toBeGreaterThan(0);
    // PL II 37: a list in one cell, one paragraph per item.
    const pl2 = tables[1] ?? [];
    expect(pl2.find((r) => r.cells[0]?.text === '37.')?.cells[4]?.text.split('\n')).toHaveLength(5);
    // The heading over a hard line break is one paragraph.
    const headings = blocks.filter((b) => b.kind === 'paragraph' && /^PHỤ LỤC/.test(b.text));
    expect(headings.map((b) => (b.kind === 'paragraph' ? [b.text.includes('\n'), b.bold] : []))).toEqual([
      [false, true],
      [true, true],
    ]);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(fixture('004.xlsx') as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['PL I', 'PL II']);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getCell('A1').isMerged).toBe(true);
    expect(sheet.getCell('G1').master.address).toBe('A1');
    const date = [...Array(sheet.rowCount).keys()].map((i) => sheet.getCell(i + 1, 6)).find((c) => c.value instanceof Date);
    expect(date?.numFmt).toBe('d/m/yyyy');
  });
});

describe('readPlanFile: DOCX details', () => {
  const header = ['STT', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì', 'Thời hạn', 'Văn bản giao nhiệm vụ'];
  const cell = (text: string | Paragraph[], options: { merge?: 'restart' | 'continue'; span?: number; bold?: boolean } = {}) =>
    new TableCell({
      children: typeof text === 'string' ? [new Paragraph({ children: [new TextRun({ text, bold: options.bold })] })] : text,
      columnSpan: options.span,
      verticalMerge:
        options.merge === 'restart' ? VerticalMergeType.RESTART : options.merge === 'continue' ? VerticalMergeType.CONTINUE : undefined,
    });

  async function docxFile(children: (Paragraph | Table)[]): Promise<Buffer> {
    const document = new Document({
      styles: { paragraphStyles: [{ id: 'Muc', name: 'Mục', basedOn: 'Normal', run: { bold: true } }] },
      sections: [{ children }],
    });
    return Packer.toBuffer(document);
  }

  it('reads merges both ways, several paragraphs and breaks in a cell, bold by run or by style, and skips deletions', async () => {
    const table = new Table({
      rows: [
        new TableRow({ children: header.map((h) => cell(h, { bold: true })) }),
        new TableRow({ children: [cell([new Paragraph({ style: 'Muc', children: [new TextRun('I. Thể chế')] })], { span: 5 })] }),
        new TableRow({
          children: [
            cell('1.'),
            cell([new Paragraph('Dòng một'), new Paragraph(''), new Paragraph({ children: [new TextRun('dòng hai')] })]),
            cell('Sở A'),
            cell([new Paragraph({ children: [new TextRun({ text: 'Quý II', bold: true }), new TextRun('/2026')] })]),
            cell('13-TB/CQTT', { merge: 'restart' }),
          ],
        }),
        new TableRow({
          children: [
            cell('2.'),
            cell([
              new Paragraph({
                children: [
                  new TextRun('Việc hai'),
                  new TextRun({ text: 'phần sau', break: 1 }),
                  new DeletedTextRun({ text: ' đã xoá', id: 1, author: 'A', date: '2026-04-01T00:00:00Z' }),
                ],
              }),
            ]),
            cell('Sở B'),
            cell('Quý III'),
            cell('', { merge: 'continue' }),
          ],
        }),
        new TableRow({
          children: [
            cell('3.', { merge: 'restart' }),
            cell('Việc ba', { merge: 'restart' }),
            cell('Sở C'),
            cell('Quý IV'),
            cell('41-KH/TU'),
          ],
        }),
        new TableRow({
          children: [cell('', { merge: 'continue' }), cell('', { merge: 'continue' }), cell('Sở D'), cell(''), cell('')],
        }),
      ],
    });
    const bytes = await docxFile([
      new Paragraph({ children: [new TextRun({ text: 'PHỤ LỤC III', bold: true })], alignment: AlignmentType.CENTER }),
      new Paragraph('(Kèm theo Kế hoạch)'),
      table,
    ]);

    const blocks = readDocxBlocks(bytes, 'ke-hoach.docx');
    expect(blocks.filter((b) => b.kind === 'paragraph')).toEqual([
      { kind: 'paragraph', text: 'PHỤ LỤC III', bold: true },
      { kind: 'paragraph', text: '(Kèm theo Kế hoạch)', bold: false },
    ]);
    const rows = blocks.flatMap((b) => (b.kind === 'table' ? b.table.rows : []));
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[1]?.cells).toEqual([{ text: 'I. Thể chế', bold: true }, ...Array.from({ length: 4 }, () => ({ text: '', bold: false }))]);
    expect(rows[2]?.cells.map((c) => [c.text, c.bold])).toEqual([
      ['1.', false],
      ['Dòng một\ndòng hai', false],
      ['Sở A', false],
      ['Quý II/2026', false],
      ['13-TB/CQTT', false],
    ]);

    const file = await readPlanFile(bytes, 'ke-hoach.docx');
    expect(file.format).toBe('docx');
    expect(file.appendices.map((a) => a.title)).toEqual(['PHỤ LỤC III']);
    expect(file.appendices[0]?.items.map((t) => [t.row, t.section, t.code, t.content, t.lead, t.deadline, t.documents])).toEqual([
      [3, 'I. Thể chế', '1', 'Dòng một\ndòng hai', 'Sở A', 'Quý II/2026', '13-TB/CQTT'],
      // The merged "Văn bản" cell holds for the task below it…
      [4, 'I. Thể chế', '2', 'Việc hai\nphần sau', 'Sở B', 'Quý III', '13-TB/CQTT'],
      // …while a row whose STT is merged from above continues its task, nothing glued twice.
      [5, 'I. Thể chế', '3', 'Việc ba', 'Sở C Sở D', 'Quý IV', '41-KH/TU'],
    ]);
  });

  it('a Word file without a table, or with tables that are no task table, is refused with a Vietnamese message', async () => {
    const prose = await docxFile([new Paragraph('Kế hoạch'), new Paragraph('Không có bảng nào.')]);
    await expectRejected(prose, 'ke-hoach.docx', 'BAD_REQUEST', /^Không tìm thấy bảng nhiệm vụ/);
    const layout = await docxFile([new Table({ rows: [new TableRow({ children: [cell('UBND TỈNH'), cell('CỘNG HÒA XÃ HỘI')] })] })]);
    const error = await expectRejected(layout, 'ke-hoach.docx', 'BAD_REQUEST');
    expect(error.message).toBe(NO_TASK_TABLE_MESSAGE);
  });
});

describe('readPlanFile: XLSX details', () => {
  async function workbook(build: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    build(book);
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  /** A task table from column B (the reader starts at the leftmost used column). */
  const taskSheet = (book: ExcelJS.Workbook, name = 'Kế hoạch') => {
    const sheet = book.addWorksheet(name);
    const put = (row: number, values: ExcelJS.CellValue[]) => {
      values.forEach((value, index) => {
        if (value !== undefined) sheet.getCell(row, index + 2).value = value;
      });
    };
    put(1, ['PHỤ LỤC III: THỬ']);
    sheet.mergeCells('B1:G1');
    put(3, ['STT', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì', 'Hạn hoàn thành', 'Văn bản giao nhiệm vụ', 'Sản phẩm']);
    put(4, ['II. Mục hai']);
    sheet.getCell('B4').font = { bold: true };
    sheet.mergeCells('B4:G4');
    put(5, [
      1,
      { richText: [{ text: 'Trước ngày 15/4', font: { bold: true } }, { text: ' hoàn thiện\r\nhồ sơ' }] },
      'Sở A',
      new Date(Date.UTC(2026, 5, 30)),
      '13-TB/CQTT',
      1234567,
    ]);
    sheet.getCell('E5').numFmt = 'dd/mm/yyyy';
    sheet.getCell('G5').numFmt = '#,##0';
    sheet.mergeCells('F5:F6');
    put(6, [2, 'Việc hai', { formula: '"Sở "&"B"', result: 'Sở B' }, 'Quý III', undefined, 0.125]);
    sheet.getCell('G6').numFmt = '0.0%';
    put(7, [3, 'Việc ba', 'Sở C', new Date(Date.UTC(2026, 11, 31)), '41-KH/TU', 4.1]);
    sheet.getCell('E7').numFmt = 'mm-dd-yy';
    put(8, [undefined, undefined, 'Sở D']);
    sheet.mergeCells('B7:B8');
    sheet.mergeCells('C7:C8');
    return sheet;
  };

  it('reads merges both ways, rich text, formulas, numbers and dates as shown; skips hidden sheets', async () => {
    const bytes = await workbook((book) => {
      taskSheet(book);
      const hidden = taskSheet(book, 'Bản cũ');
      hidden.state = 'hidden';
    });
    const file = await readPlanFile(bytes, 'ke-hoach.xlsx');
    expect(file.format).toBe('xlsx');
    expect(file.appendices.map((a) => a.title)).toEqual(['PHỤ LỤC III: THỬ']);
    expect(
      file.appendices[0]?.items.map((t) => [t.row, t.section, t.code, t.content, t.lead, t.deadline, t.documents, t.deliverable]),
    ).toEqual([
      [5, 'II. Mục hai', '1', 'Trước ngày 15/4 hoàn thiện\nhồ sơ', 'Sở A', '30/06/2026', '13-TB/CQTT', '1.234.567'],
      [6, 'II. Mục hai', '2', 'Việc hai', 'Sở B', 'Quý III', '13-TB/CQTT', '12,5%'],
      [7, 'II. Mục hai', '3', 'Việc ba', 'Sở C Sở D', '31/12/2026', '41-KH/TU', '4.1'],
    ]);
  });

  it('a sheet named "PL …" with no heading row gives its name as the title', async () => {
    const bytes = await workbook((book) => {
      const sheet = book.addWorksheet('PL II');
      sheet.addRow(['STT', 'Tên nhiệm vụ', 'Cơ quan chủ trì']);
      sheet.addRow(['1.', 'Việc', 'Sở A']);
    });
    const file = await readPlanFile(bytes, 'pl2.xlsx');
    expect(file.appendices.map((a) => [a.title, a.items.length])).toEqual([['PL II', 1]]);
  });

  it('never walks a hostile range: huge defined names, columns and validations are ignored, a huge merge is refused', async () => {
    const base = await workbook((book) => taskSheet(book));
    const zip = await JSZip.loadAsync(base);
    const workbookXml = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
    const sheetXml = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    zip.file(
      'xl/workbook.xml',
      workbookXml.replace(
        '</sheets>',
        `</sheets><definedNames><definedName name="all">'Kế hoạch'!$A$1:$XFD$1048576</definedName><definedName name="_xlnm.Print_Area" localSheetId="0">'Kế hoạch'!$A$1:$XFD$1048576</definedName></definedNames>`,
      ),
    );
    const hostile = sheetXml
      .replace(/<cols>.*?<\/cols>/s, '')
      .replace('<sheetData>', '<cols><col min="1" max="999999999" width="9" customWidth="1"/></cols><sheetData>')
      .replace(
        '</mergeCells>',
        '</mergeCells><dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>',
      );
    zip.file('xl/worksheets/sheet1.xml', hostile);
    const read = await readPlanFile(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), 'x.xlsx');
    expect(read.appendices[0]?.items).toHaveLength(3);

    zip.file('xl/worksheets/sheet1.xml', sheetXml.replace('</mergeCells>', '<mergeCell ref="H10:XFD1048576"/></mergeCells>'));
    const merged = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    await expectRejected(merged, 'x.xlsx', 'BAD_REQUEST', /quá lớn/);
  });

  it('an Excel file without a task table is refused', async () => {
    const bytes = await workbook((book) => {
      book.addWorksheet('Dữ liệu').addRow(['Tên', 'Giá trị']);
    });
    await expectRejected(bytes, 'so-lieu.xlsx', 'BAD_REQUEST', /^Không tìm thấy bảng nhiệm vụ/);
  });

  it('formats numbers and dates the way Excel shows them', () => {
    expect(formatNumber(4.1, 'General')).toBe('4.1');
    expect(formatNumber(0.1 + 0.2, undefined)).toBe('0.3');
    expect(formatNumber(2026, '@')).toBe('2026');
    expect(formatNumber(1234567.891, '#,##0.00')).toBe('1.234.567,89');
    expect(formatNumber(-1500, '#,##0 "đồng"')).toBe('-1.500 đồng');
    expect(formatNumber(-1500, '#,##0;(#,##0)')).toBe('(1.500)');
    expect(formatNumber(0.05, '0%')).toBe('5%');
    expect(formatNumber(7, '00')).toBe('07');
    const day = new Date(Date.UTC(2026, 3, 5, 14, 7));
    expect(formatDate(day, 'd/m/yyyy')).toBe('5/4/2026');
    expect(formatDate(day, 'dd/mm/yy')).toBe('05/04/26');
    expect(formatDate(day, 'mm-dd-yy')).toBe('05/04/2026');
    expect(formatDate(day, '[$-42A]dddd, dd mmmm yyyy')).toBe('Chủ Nhật, 05 Tháng 4 2026');
    expect(formatDate(day, 'hh:mm AM/PM')).toBe('02:07 CH');
    expect(formatDate(day, '"Ngày" d "tháng" m')).toBe('Ngày 5 tháng 4');
  });
});

describe('readPlanFile: text', () => {
  it('reads UTF-8 with a BOM and UTF-16 with its BOM like the plain text', async () => {
    const text = fixture('004.txt').toString('utf8');
    const plain = await readPlanFile(Buffer.from(text), '004.txt');
    expect(plain.format).toBe('text');
    expect(plain.appendices).toEqual(TEXT['004']);
    const bom = await readPlanFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\n/g, '\r\n'))]), 'x.txt');
    expect(bom.appendices.map((a) => withoutRow(a.items))).toEqual(TEXT['004'].map((a) => withoutRow(a.items)));
    const utf16 = await readPlanFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'x.txt');
    expect(utf16.appendices).toEqual(TEXT['004']);
  });

  it('the format comes from the bytes, not the name', async () => {
    expect((await readPlanFile(fixture('003.docx'), '003.txt')).format).toBe('docx');
    expect((await readPlanFile(fixture('003.xlsx'), 'bang.docx')).format).toBe('xlsx');
    expect((await readPlanFile(fixture('003.txt'), '003.xlsx')).format).toBe('text');
  });
});

// ---------------------------------------------------------------------------------------------
// Bad input

/** A ZIP written by hand, so the directory can declare what the test wants. */
function handZip(entries: { name: string; data: Buffer; method: 0 | 8; size: number; crc?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.crc ?? 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt32LE(entry.crc ?? 0, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** `size` bytes of zeros deflated chunk by chunk: a real bomb, never whole in memory. */
async function deflatedZeros(size: number): Promise<Buffer> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = once(deflate, 'end');
  const block = Buffer.alloc(MB);
  for (let written = 0; written < size; written += block.length) {
    if (!deflate.write(block)) await once(deflate, 'drain');
  }
  deflate.end();
  await done;
  return Buffer.concat(chunks);
}

/** Rewrites the size an entry declares, in the directory and in its local header. */
function declareSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  let at = out.readUInt32LE(out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 16);
  let found = false;
  while (out.readUInt32LE(at) === 0x02014b50) {
    const length = out.readUInt16LE(at + 28);
    if (out.toString('utf8', at + 46, at + 46 + length) === name) {
      out.writeUInt32LE(size, at + 24);
      out.writeUInt32LE(size, out.readUInt32LE(at + 42) + 22);
      found = true;
    }
    at += 46 + length + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  if (!found) throw new Error(`no ${name}`);
  return out;
}

function pseudoRandom(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

const CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
);

describe('readPlanFile: bad input', () => {
  it('a zip bomb (200 MB of zeros in a small DOCX) is refused from its directory, before inflating', async () => {
    const bomb = await deflatedZeros(200 * MB);
    expect(bomb.length).toBeLessThan(MB);
    const zip = handZip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES, method: 0, size: CONTENT_TYPES.length },
      { name: 'word/document.xml', data: bomb, method: 8, size: 200 * MB },
    ]);
    const before = process.memoryUsage().rss;
    await expectRejected(zip, 'bom.docx', 'BAD_REQUEST', /tệp nén bất thường/);
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * MB);
  });

  it('an entry compressed more than 100 times is refused even under the total limit', async () => {
    await expectRejected(declareSize(fixture('003.docx'), 'word/document.xml', 60 * MB), '003.docx', 'BAD_REQUEST', /tệp nén bất thường/);
  });

  it('an entry that inflates beyond the size it declares (a disguised bomb) is stopped at that size', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', CONTENT_TYPES);
    zip.file('word/document.xml', Buffer.alloc(10 * MB));
    const honest = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    await expectRejected(declareSize(honest, 'word/document.xml', 1000), 'x.docx', 'BAD_REQUEST', /tệp nén bất thường/);
  });

  it('a truncated or corrupted DOCX or XLSX is refused as damaged', async () => {
    for (const name of ['004.docx', '004.xlsx']) {
      const bytes = fixture(name);
      await expectRejected(bytes.subarray(0, Math.floor(bytes.length / 2)), name, 'BAD_REQUEST', /bị hỏng/);
      await expectRejected(bytes.subarray(0, bytes.length - 10), name, 'BAD_REQUEST', /bị hỏng/);
      // One byte changed inside the compressed document: the CRC (or zlib) notices.
      const entry = readZipDirectory(bytes, name).find((e) => /document\.xml$|sheet1\.xml$/.test(e.name));
      const changed = Buffer.from(bytes);
      const at = (entry?.offset ?? 0) + 30 + (entry?.name.length ?? 0) + 200;
      changed[at] = (changed[at] ?? 0) ^ 0xff;
      await expectRejected(changed, name, 'BAD_REQUEST', /bị hỏng/);
    }
  });

  it('random bytes, an image, a PDF, an old .doc and a ZIP of other files are not supported', async () => {
    await expectRejected(pseudoRandom(64 * 1024, 7), 'ke-hoach.docx', 'UNSUPPORTED_MEDIA_TYPE');
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
        '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
      'hex',
    );
    await expectRejected(png, 'ke-hoach.xlsx', 'UNSUPPORTED_MEDIA_TYPE');
    await expectRejected(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'ke-hoach.pdf', 'UNSUPPORTED_MEDIA_TYPE', /PDF/);
    await expectRejected(
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]),
      'cu.doc',
      'UNSUPPORTED_MEDIA_TYPE',
      /\.doc/,
    );
    const other = new JSZip();
    other.file('hello.txt', 'xin chào');
    await expectRejected(await other.generateAsync({ type: 'nodebuffer' }), 'a.zip', 'UNSUPPORTED_MEDIA_TYPE', /\.docx/);
    await expectRejected(Buffer.from('{\\rtf1\\ansi STT\\tab Nội dung}'), 'a.rtf', 'UNSUPPORTED_MEDIA_TYPE', /RTF/);
  });

  it('a file larger than 20 MB is refused before it is read; an empty one too', async () => {
    await expectRejected(Buffer.alloc(21 * MB, 0x41), 'lon.txt', 'PAYLOAD_TOO_LARGE', /20 MB/);
    await expectRejected(Buffer.alloc(0), 'rong.txt', 'BAD_REQUEST', /rỗng/);
  });

  it('a text with no task table, or a table with no recognisable header, is refused', async () => {
    await expectRejected(Buffer.from('Kế hoạch\n\nKhông có bảng nào.'), 'ke-hoach.txt', 'BAD_REQUEST', /^Không tìm thấy bảng nhiệm vụ/);
    await expectRejected(Buffer.from('a\tb\n1\tViệc'), 'ke-hoach.txt', 'BAD_REQUEST', /^Không tìm thấy bảng nhiệm vụ/);
  });
});

describe('readPlanFile: properties', () => {
  /** Resolves with the file or an AppError; anything else fails the property. */
  const outcome = async (bytes: Uint8Array, name = 'x'): Promise<PlanFile | AppError> => {
    try {
      return await readPlanFile(Buffer.from(bytes), name);
    } catch (error) {
      if (error instanceof AppError && error.status >= 400 && error.status < 500) return error;
      throw error;
    }
  };

  it('never throws anything but a 4xx AppError on arbitrary bytes, ZIP-looking or not', async () => {
    const zipLike = fc.uint8Array({ maxLength: 2048 }).map((rest) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...rest]));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 4096 }), zipLike), async (bytes) => {
        await outcome(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but an AppError on damaged fixtures: bytes changed, cut short', async () => {
    const files = ['003.docx', '003.xlsx'].map((name) => fixture(name));
    const damage = fc.record({
      file: fc.constantFrom(0, 1),
      changes: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 6 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(damage, async ({ file, changes, cut }) => {
        const bytes = Buffer.from(files[file] as Buffer);
        for (const [position, value] of changes) bytes[position % bytes.length] = value;
        await outcome(cut === undefined ? bytes : bytes.subarray(0, cut % bytes.length));
      }),
      { numRuns: 150 },
    );
  });

  it('never throws anything but an AppError on damaged XML inside a well-formed DOCX or XLSX', async () => {
    const sources = await Promise.all(
      [
        ['003.docx', 'word/document.xml'],
        ['003.xlsx', 'xl/worksheets/sheet1.xml'],
      ].map(async ([file, part]) => {
        const zip = await JSZip.loadAsync(fixture(file as string));
        return { zip, part: part as string, xml: (await zip.file(part as string)?.async('string')) ?? '' };
      }),
    );
    const edit = fc.record({
      source: fc.constantFrom(0, 1),
      start: fc.nat(),
      remove: fc.nat({ max: 400 }),
      insert: fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.constantFrom(
          '<',
          '>',
          '&',
          '<w:tc>',
          '</w:tr>',
          '<w:gridSpan w:val="99999"/>',
          '<w:vMerge/>',
          '<c r="XFD1048576">',
          '<row r="0">',
        ),
      ),
    });
    await fc.assert(
      fc.asyncProperty(edit, async ({ source, start, remove, insert }) => {
        const { zip, part, xml } = sources[source] as (typeof sources)[number];
        const at = start % xml.length;
        zip.file(part, xml.slice(0, at) + insert + xml.slice(at + remove));
        await outcome(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
        zip.file(part, xml);
      }),
      { numRuns: 120 },
    );
  });
});
