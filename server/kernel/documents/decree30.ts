/**
 * Renders an administrative document in the layout of Decree 30/2020/NĐ-CP, Appendix I
 * (national motto block, number, place and date, type, summary, body, "Nơi nhận", signature).
 * Pure: the same input gives the same DOCX, with no I/O.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  VerticalAlignTable,
  WidthType,
} from 'docx';

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'bullets'; items: string[] }
  | {
      kind: 'table';
      columns: { header: string; width: number; align?: 'left' | 'center' | 'right' }[];
      rows: (string | number)[][];
      bold?: number[];
    };

export interface Decree30Document {
  governingBody: string;
  issuingBody: string;
  number: string;
  placeDate: string;
  type: string;
  summary: string;
  body: Block[];
  signer: { authority?: string; title: string; name: string };
  recipients: string[];
  draft?: boolean;
}

const MM = 56.7;

/** A4 portrait; margins at the low end of Appendix I (top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm). */
export const DECREE30_PAGE = {
  widthTwip: 11906,
  heightTwip: 16838,
  margins: { top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.ceil(15 * MM) },
} as const satisfies {
  widthTwip: 11906;
  heightTwip: 16838;
  margins: { top: number; bottom: number; left: number; right: number };
};

const FONT = 'Times New Roman';
const BLACK = '000000';
const TEXT_WIDTH = DECREE30_PAGE.widthTwip - DECREE30_PAGE.margins.left - DECREE30_PAGE.margins.right;
/** Body: 14 pt, first-line indent 1.27 cm, 6 pt after, line spacing 1.2 (Appendix I allows single to 1.5). */
const BODY_SIZE = 28;
const FIRST_LINE = 720;
const BODY_SPACING = { before: 0, after: 120, line: 288, lineRule: LineRuleType.AUTO };
const TIGHT = { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO };

const NONE = { style: BorderStyle.NONE, size: 0, color: 'auto' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const SINGLE = { style: BorderStyle.SINGLE, size: 4, color: BLACK };
const GRID_BORDERS = { top: SINGLE, bottom: SINGLE, left: SINGLE, right: SINGLE, insideHorizontal: SINGLE, insideVertical: SINGLE };
const NO_CELL_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE };

const nfc = (s: string | number) => String(s).normalize('NFC');

interface RunStyle {
  size: number;
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
}

function run(text: string, style: RunStyle): TextRun {
  return new TextRun({
    text: nfc(text),
    font: FONT,
    color: BLACK,
    size: style.size,
    bold: style.bold,
    italics: style.italics,
    underline: style.underline ? { type: UnderlineType.SINGLE, color: BLACK } : undefined,
  });
}

function centred(text: string, style: RunStyle, spacing: { before?: number; after?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { ...TIGHT, ...spacing },
    children: [run(text, style)],
  });
}

/**
 * Rough width of a line of Times New Roman, in twips, used to size the short rules:
 * Appendix I wants them 1/3–1/2 as long as the line above, and Word has no "rule as long as this text".
 */
function approxWidth(text: string, halfPoints: number, bold: boolean): number {
  let em = 0;
  for (const ch of text.normalize('NFD').replace(/\p{M}/gu, '')) {
    if (ch === ' ') em += 0.25;
    else if (/[A-Z]/.test(ch)) em += bold ? 0.72 : 0.68;
    else if (/[a-z0-9]/.test(ch)) em += 0.5;
    else em += 0.33;
  }
  return Math.round(em * halfPoints * 10);
}

/** An empty paragraph whose bottom border is a centred rule `width` twips long inside a box `boxWidth` wide. */
function rule(width: number, boxWidth: number, after = 0): Paragraph {
  const side = Math.max(0, Math.round((boxWidth - width) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after, line: 60, lineRule: LineRuleType.EXACT },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: BLACK, space: 1 } },
    run: { size: 4, font: FONT },
    children: [],
  });
}

function cell(width: number, children: Paragraph[], verticalAlign: 'top' | 'center' = 'top'): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: NO_CELL_BORDERS,
    verticalAlign: verticalAlign === 'top' ? VerticalAlignTable.TOP : VerticalAlignTable.CENTER,
    children,
  });
}

/**
 * The header block: agency on the left, national motto on the right, number and place/date on one row.
 * As in the usual templates it reaches 4 mm into the wide left margin, so that "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
 * (13 pt bold) and the 12 pt Quốc hiệu each fit on one line with a gap between them.
 */
function headerBlock(doc: Decree30Document): Table {
  const outdent = Math.round(4 * MM);
  const width = TEXT_WIDTH + outdent;
  const left = Math.round(width * 0.45);
  const right = width - left;
  const issuingWidth = Math.min(approxWidth(doc.issuingBody, 26, true), left);
  return new Table({
    width: { size: width, type: WidthType.DXA },
    indent: { size: -outdent, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    margins: { left: 0, right: 0, top: 0, bottom: 0 },
    rows: [
      new TableRow({
        children: [
          cell(left, [
            centred(doc.governingBody, { size: 26 }),
            centred(doc.issuingBody, { size: 26, bold: true }),
            // Short rule under the issuing body: 1/3–1/2 of the text (Appendix I).
            rule(Math.round(issuingWidth * 0.4), left),
          ]),
          cell(right, [
            centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 24, bold: true }),
            // The motto is underlined for its full length (Appendix I).
            centred('Độc lập - Tự do - Hạnh phúc', { size: 26, bold: true, underline: true }),
          ]),
        ],
      }),
      new TableRow({
        children: [
          cell(left, [centred(doc.number, { size: 26 }, { before: 120 })]),
          cell(right, [centred(doc.placeDate, { size: 28, italics: true }, { before: 120 })]),
        ],
      }),
    ],
  });
}

function bodyParagraph(children: ParagraphChild[], firstLine = FIRST_LINE): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine },
    spacing: BODY_SPACING,
    children,
  });
}

/** A body table: single borders, bold centred header row repeated on each page, 12 pt cells, widths filling the text width. */
function bodyTable(block: Extract<Block, { kind: 'table' }>): Table {
  const total = block.columns.reduce((sum, c) => sum + c.width, 0) || 1;
  const widths = block.columns.map((c) => Math.floor((TEXT_WIDTH * c.width) / total));
  widths[widths.length - 1] = (widths.at(-1) ?? 0) + TEXT_WIDTH - widths.reduce((a, b) => a + b, 0);
  const bold = new Set(block.bold ?? []);
  const align = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;
  const tableCell = (width: number, text: string, alignment: (typeof align)[keyof typeof align], isBold: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      children: [
        new Paragraph({
          alignment,
          spacing: { before: 40, after: 40, line: 240, lineRule: LineRuleType.AUTO },
          children: [run(text, { size: 24, bold: isBold })],
        }),
      ],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: GRID_BORDERS,
    margins: { left: 80, right: 80, top: 0, bottom: 0 },
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: block.columns.map((c, i) => tableCell(widths[i] ?? 0, c.header, AlignmentType.CENTER, true)),
      }),
      ...block.rows.map(
        (row, r) =>
          new TableRow({
            cantSplit: true,
            children: block.columns.map((c, i) => tableCell(widths[i] ?? 0, nfc(row[i] ?? ''), align[c.align ?? 'left'], bold.has(r))),
          }),
      ),
    ],
  });
}

function bodyBlock(block: Block): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'heading':
      return [
        new Paragraph({
          alignment: AlignmentType.LEFT,
          keepNext: true,
          spacing: { ...BODY_SPACING, before: 120 },
          children: [run(block.text, { size: BODY_SIZE, bold: true })],
        }),
      ];
    case 'paragraph':
      return [bodyParagraph([run(block.text, { size: BODY_SIZE })])];
    case 'bullets':
      return block.items.map((item) => bodyParagraph([run(`- ${item}`, { size: BODY_SIZE })]));
    case 'table':
      // The empty paragraph keeps a following table from merging into this one.
      return [bodyTable(block), new Paragraph({ spacing: { before: 0, after: 120 }, children: [] })];
  }
}

/** Strips the caller's own ";" or "." so each recipient ends with exactly one mark. */
function recipientLine(name: string, last: boolean): string {
  return `- ${name.trim().replace(/[;.]+$/, '')}${last ? '.' : ';'}`;
}

/** Signature block: "Nơi nhận" (12 pt bold italic) and recipients (11 pt) left, signer centred right (Appendix I). */
function signatureBlock(doc: Decree30Document): Table {
  const left = Math.round(TEXT_WIDTH * 0.45);
  const right = TEXT_WIDTH - left;
  const leftLine = (text: string, style: RunStyle) =>
    new Paragraph({ alignment: AlignmentType.LEFT, spacing: TIGHT, children: [run(text, style)] });
  const signer = doc.signer;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    margins: { left: 0, right: 0, top: 0, bottom: 0 },
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          cell(left, [
            leftLine('Nơi nhận:', { size: 24, bold: true, italics: true }),
            ...doc.recipients.map((r, i) => leftLine(recipientLine(r, i === doc.recipients.length - 1), { size: 22 })),
          ]),
          cell(right, [
            ...(signer.authority ? [centred(signer.authority.toUpperCase(), { size: 28, bold: true })] : []),
            centred(signer.title.toUpperCase(), { size: 28, bold: true }),
            // Room for the hand signature and the seal.
            ...Array.from({ length: 4 }, () => centred('', { size: 28 })),
            centred(signer.name, { size: 28, bold: true }, { before: 240 }),
          ]),
        ],
      }),
    ],
  });
}

/** Title block under the header: type ("BÁO CÁO") and summary, bold, centred, with a short rule under the summary. */
function titleBlock(doc: Decree30Document): Paragraph[] {
  const lines = doc.summary.split('\n');
  const longest = Math.max(...lines.map((l) => Math.min(approxWidth(l, 28, true), TEXT_WIDTH)));
  return [
    centred(doc.type.toUpperCase(), { size: 28, bold: true }, { before: 480 }),
    ...lines.map((line) => centred(line, { size: 28, bold: true })),
    rule(Math.round(longest * 0.4), TEXT_WIDTH, 360),
  ];
}

function draftMark(): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.RIGHT,
    spacing: TIGHT,
    children: [new TextRun({ text: 'DỰ THẢO', font: FONT, size: 28, bold: true, color: 'A6A6A6' })],
  });
}

export async function renderDecree30(doc: Decree30Document): Promise<Buffer> {
  const { margins } = DECREE30_PAGE;
  const file = new Document({
    title: nfc(`${doc.type} ${doc.summary}`.replace(/\s+/g, ' ')),
    creator: nfc(doc.issuingBody),
    styles: {
      default: {
        document: {
          run: {
            font: { ascii: FONT, hAnsi: FONT, cs: FONT, eastAsia: FONT },
            size: BODY_SIZE,
            color: BLACK,
            language: { value: 'vi-VN', eastAsia: 'vi-VN' },
          },
          paragraph: { spacing: TIGHT },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: DECREE30_PAGE.widthTwip, height: DECREE30_PAGE.heightTwip },
            margin: { ...margins, header: Math.round(10 * MM), footer: Math.round(10 * MM), gutter: 0 },
          },
        },
        headers: {
          // Page numbers are centred in the top margin from page 2 on (Appendix I): page 1 has its own header.
          first: new Header({ children: [doc.draft ? draftMark() : new Paragraph({ children: [] })] }),
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: 28, color: BLACK })],
              }),
            ],
          }),
        },
        children: [
          headerBlock(doc),
          ...titleBlock(doc),
          ...doc.body.flatMap(bodyBlock),
          new Paragraph({ spacing: { before: 0, after: 120 }, children: [] }),
          signatureBlock(doc),
        ],
      },
    ],
  });
  return Packer.toBuffer(file);
}
