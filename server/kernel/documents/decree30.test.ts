import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { DECREE30_PAGE, type Decree30Document, renderDecree30 } from './decree30.ts';

const MM = 56.7;
const TEXT_WIDTH = DECREE30_PAGE.widthTwip - DECREE30_PAGE.margins.left - DECREE30_PAGE.margins.right;

const units = [
  'Sở Y tế',
  'Sở Giáo dục và Đào tạo',
  'Sở Tài chính',
  'Sở Nội vụ',
  'UBND thành phố Thái Nguyên',
  'Trung tâm Đổi mới sáng tạo',
];
const statuses = ['Đã hoàn thành đúng hạn', 'Đang thực hiện, trong hạn', 'Đang thực hiện, quá hạn'];
const taskRows: (string | number)[][] = Array.from({ length: 40 }, (_, i) => [
  i + 1,
  `Triển khai nhiệm vụ số ${i + 1} về phát triển khoa học, công nghệ và chuyển đổi số theo Kế hoạch 004/KH-BCĐ`,
  units[i % units.length] ?? '',
  statuses[i % statuses.length] ?? '',
  `Quý ${['I', 'II', 'III', 'IV'][i % 4]}/2026`,
]);

/** A monthly report of the Department to the provincial Steering Committee. */
const sample: Decree30Document = {
  governingBody: 'UBND TỈNH THÁI NGUYÊN',
  issuingBody: 'SỞ KHOA HỌC VÀ CÔNG NGHỆ',
  number: 'Số: 12/BC-SKHCN',
  placeDate: 'Thái Nguyên, ngày 22 tháng 4 năm 2026',
  type: 'BÁO CÁO',
  summary: 'Kết quả thực hiện nhiệm vụ phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tháng 4 năm 2026',
  body: [
    {
      kind: 'paragraph',
      text: 'Thực hiện Kế hoạch số 004/KH-BCĐ ngày 10/3/2026 của Ban Chỉ đạo tỉnh, Sở Khoa học và Công nghệ báo cáo kết quả thực hiện tháng 4 năm 2026 như sau:',
    },
    { kind: 'heading', text: 'I. KẾT QUẢ THỰC HIỆN' },
    { kind: 'paragraph', text: 'Trong tháng, các sở, ngành, địa phương đã tích cực triển khai các nhiệm vụ được giao.' },
    {
      kind: 'bullets',
      items: [
        'Số nhiệm vụ hoàn thành đúng hạn: 14 nhiệm vụ;',
        'Số nhiệm vụ đang thực hiện trong hạn: 13 nhiệm vụ;',
        'Số nhiệm vụ quá hạn: 13 nhiệm vụ.',
      ],
    },
    {
      kind: 'table',
      columns: [
        { header: 'TT', width: 6, align: 'center' },
        { header: 'Nhiệm vụ', width: 44 },
        { header: 'Đơn vị chủ trì', width: 20 },
        { header: 'Tình trạng', width: 16, align: 'center' },
        { header: 'Thời hạn', width: 14, align: 'center' },
      ],
      rows: [...taskRows, ['', 'Tổng cộng', '', '40 nhiệm vụ', '']],
      bold: [40],
    },
    { kind: 'heading', text: 'II. NHIỆM VỤ TRỌNG TÂM THÁNG 5 NĂM 2026' },
    { kind: 'paragraph', text: 'Tiếp tục đôn đốc các đơn vị hoàn thành các nhiệm vụ quá hạn.' },
  ],
  signer: { authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC', name: 'Nguyễn Văn An' },
  recipients: ['Ban Chỉ đạo tỉnh (b/c)', 'UBND tỉnh (b/c)', 'Giám đốc Sở', 'Lưu: VT, KHTC'],
};

// A small reader for the WordprocessingML that docx writes: flat paragraphs and runs, tables never nested.
const decodeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const paragraphs = (xml: string): string[] => xml.match(/<w:p(?=[ >])[\s\S]*?<\/w:p>|<w:p\/>/g) ?? [];
const runs = (xml: string): string[] => xml.match(/<w:r>[\s\S]*?<\/w:r>/g) ?? [];
const textOf = (xml: string) =>
  decodeXml((xml.match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join(''));
const tables = (xml: string): string[] => xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
const tableRows = (xml: string): string[] => xml.match(/<w:tr>[\s\S]*?<\/w:tr>/g) ?? [];
const cells = (xml: string): string[] => xml.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? [];
const attr = (xml: string, element: string, name: string) => new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml)?.[1];
const num = (xml: string, element: string, name: string) => Number(must(attr(xml, element, name), `${element} ${name}`));

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
}

/** The paragraph whose whole text is `text`. */
function paragraph(xml: string, text: string): string {
  return must(
    paragraphs(xml).find((p) => textOf(p) === text),
    `paragraph "${text}"`,
  );
}

/** What a run's properties say, directly (docx writes every run's properties in full). */
function style(run: string) {
  return {
    bold: /<w:b\/>/.test(run),
    italic: /<w:i\/>/.test(run),
    underline: attr(run, 'w:u', 'w:val'),
    size: Number(attr(run, 'w:sz', 'w:val')),
    font: attr(run, 'w:rFonts', 'w:ascii'),
  };
}

function textRuns(p: string) {
  return runs(p).filter((r) => textOf(r) !== '');
}

/** Asserts every text run of the paragraph has the style and returns it. */
function expectRuns(p: string, expected: Partial<ReturnType<typeof style>>) {
  const found = textRuns(p);
  expect(found.length).toBeGreaterThan(0);
  for (const r of found) expect(style(r)).toMatchObject(expected);
}

interface Rendered {
  buffer: Buffer;
  document: string;
  styles: string;
  headers: { default: string; first: string };
}

async function open(buffer: Buffer): Promise<Rendered> {
  const zip = await JSZip.loadAsync(buffer);
  const read = async (name: string) => must(await zip.file(name)?.async('string'), name);
  const document = await read('word/document.xml');
  const rels = await read('word/_rels/document.xml.rels');
  // Follow the section's header references rather than guess the part names.
  const header = async (type: string) => {
    const id = must(new RegExp(`<w:headerReference w:type="${type}" r:id="([^"]+)"`).exec(document)?.[1], `${type} header`);
    const target = must(new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1], `${id} target`);
    return read(`word/${target}`);
  };
  return {
    buffer,
    document,
    styles: await read('word/styles.xml'),
    headers: { default: await header('default'), first: await header('first') },
  };
}

describe('renderDecree30', () => {
  let out: Rendered;
  beforeAll(async () => {
    out = await open(await renderDecree30(sample));
  });

  it('writes a DOCX (a zip)', () => {
    expect(out.buffer.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('lays out an A4 portrait page with margins inside the Decree 30 bounds', () => {
    const sectPr = must(/<w:sectPr>[\s\S]*<\/w:sectPr>/.exec(out.document)?.[0], 'sectPr');
    expect(num(sectPr, 'w:pgSz', 'w:w')).toBe(11906);
    expect(num(sectPr, 'w:pgSz', 'w:h')).toBe(16838);
    expect(attr(sectPr, 'w:pgSz', 'w:orient') ?? 'portrait').toBe('portrait');
    const margin = (side: string) => num(sectPr, 'w:pgMar', `w:${side}`);
    const within = (value: number, fromMm: number, toMm: number) => {
      expect(value).toBeGreaterThanOrEqual(Math.floor(fromMm * MM));
      expect(value).toBeLessThanOrEqual(Math.ceil(toMm * MM));
    };
    within(margin('top'), 20, 25);
    within(margin('bottom'), 20, 25);
    within(margin('left'), 30, 35);
    within(margin('right'), 15, 20);
    expect({ top: margin('top'), bottom: margin('bottom'), left: margin('left'), right: margin('right') }).toEqual(DECREE30_PAGE.margins);
  });

  it('declares Times New Roman, black, as the document default and on every run', () => {
    const defaults = must(/<w:rPrDefault>[\s\S]*?<\/w:rPrDefault>/.exec(out.styles)?.[0], 'rPrDefault');
    for (const slot of ['ascii', 'hAnsi', 'cs', 'eastAsia']) expect(attr(defaults, 'w:rFonts', `w:${slot}`)).toBe('Times New Roman');
    expect(attr(defaults, 'w:color', 'w:val')).toBe('000000');
    const fonts = [...out.document.matchAll(/<w:rFonts [^>]*>/g)].map((m) => m[0]);
    expect(fonts.length).toBeGreaterThan(100);
    for (const f of fonts) expect(f).not.toMatch(/w:(ascii|hAnsi|cs|eastAsia)="(?!Times New Roman")/);
    const colours = [...out.document.matchAll(/<w:color w:val="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(colours)).toEqual(new Set(['000000']));
  });

  describe('header block', () => {
    let header: string;
    beforeAll(() => {
      header = must(tables(out.document)[0], 'header table');
    });

    it('is the first thing on the page: a borderless two-column table', () => {
      expect(out.document.indexOf('<w:tbl>')).toBe(out.document.indexOf('<w:body>') + '<w:body>'.length);
      expect(header.match(/<w:gridCol /g)).toHaveLength(2);
      const borders = must(/<w:tblBorders>[\s\S]*?<\/w:tblBorders>/.exec(header)?.[0], 'tblBorders');
      expect(borders).not.toMatch(/w:val="(?!none)/);
    });

    it('puts the governing body upright and the issuing body bold, with a short rule under it, on the left', () => {
      const left = must(cells(must(tableRows(header)[0], 'row'))[0], 'left cell');
      expectRuns(paragraph(left, 'UBND TỈNH THÁI NGUYÊN'), { bold: false, italic: false, size: 26 });
      expectRuns(paragraph(left, 'SỞ KHOA HỌC VÀ CÔNG NGHỆ'), { bold: true, size: 26 });
      const cellWidth = num(left, 'w:tcW', 'w:w');
      const ruled = must(
        paragraphs(left).find((p) => /<w:pBdr><w:bottom w:val="single"/.test(p)),
        'rule under the issuing body',
      );
      expect(paragraphs(left).indexOf(ruled)).toBeGreaterThan(paragraphs(left).indexOf(paragraph(left, 'SỞ KHOA HỌC VÀ CÔNG NGHỆ')));
      // About 1/3–1/2 of the issuing body's line, which fills most of the cell: clearly shorter than the cell.
      const ruleWidth = cellWidth - num(ruled, 'w:ind', 'w:left') - num(ruled, 'w:ind', 'w:right');
      expect(ruleWidth).toBeGreaterThan(cellWidth / 5);
      expect(ruleWidth).toBeLessThan(cellWidth / 2);
    });

    it('puts the national motto, bold, on the right, the tiêu ngữ underlined for its full length', () => {
      const right = must(cells(must(tableRows(header)[0], 'row'))[1], 'right cell');
      const quocHieu = paragraph(right, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expectRuns(quocHieu, { bold: true });
      expect(style(must(textRuns(quocHieu)[0], 'run')).size).toBeOneOf([24, 26]);
      expect(quocHieu).toContain('<w:jc w:val="center"/>');
      const motto = paragraph(right, 'Độc lập - Tự do - Hạnh phúc');
      expectRuns(motto, { bold: true });
      expect(style(must(textRuns(motto)[0], 'run')).size).toBeOneOf([26, 28]);
      const underlined = textRuns(motto).every((r) => style(r).underline === 'single');
      const bordered = /<w:pBdr><w:bottom w:val="single"/.test(motto);
      expect(underlined || bordered).toBe(true);
    });

    it('puts the number under the issuing body and the italic place/date on the same row, both centred', () => {
      const row = must(tableRows(header)[1], 'second row');
      const [left = '', right = ''] = cells(row);
      const number = paragraph(left, 'Số: 12/BC-SKHCN');
      expectRuns(number, { size: 26, italic: false });
      expect(number).toContain('<w:jc w:val="center"/>');
      const placeDate = paragraph(right, 'Thái Nguyên, ngày 22 tháng 4 năm 2026');
      expectRuns(placeDate, { italic: true, bold: false, size: 28 });
      expect(placeDate).toContain('<w:jc w:val="center"/>');
    });
  });

  it('centres the document type and the summary in bold, with a short rule under the summary', () => {
    const all = paragraphs(out.document);
    const type = paragraph(out.document, 'BÁO CÁO');
    expectRuns(type, { bold: true, size: 28 });
    expect(type).toContain('<w:jc w:val="center"/>');
    const summary = paragraph(out.document, sample.summary);
    expectRuns(summary, { bold: true, size: 28 });
    expect(summary).toContain('<w:jc w:val="center"/>');
    const next = must(all[all.indexOf(summary) + 1], 'paragraph after the summary');
    expect(textOf(next)).toBe('');
    expect(next).toMatch(/<w:pBdr><w:bottom w:val="single"/);
    const ruleWidth = TEXT_WIDTH - num(next, 'w:ind', 'w:left') - num(next, 'w:ind', 'w:right');
    expect(ruleWidth).toBeGreaterThan(TEXT_WIDTH / 6);
    expect(ruleWidth).toBeLessThanOrEqual(TEXT_WIDTH / 2);
  });

  it('justifies the body in 14 pt with a 1.27 cm first-line indent and at least 6 pt after', () => {
    const bodyTexts = [
      'Trong tháng, các sở, ngành, địa phương đã tích cực triển khai các nhiệm vụ được giao.',
      '- Số nhiệm vụ hoàn thành đúng hạn: 14 nhiệm vụ;',
      '- Số nhiệm vụ quá hạn: 13 nhiệm vụ.',
    ];
    for (const text of bodyTexts) {
      const p = paragraph(out.document, text);
      expect(p).toContain('<w:jc w:val="both"/>');
      expect(num(p, 'w:ind', 'w:firstLine')).toBe(720);
      expect(num(p, 'w:spacing', 'w:after')).toBeGreaterThanOrEqual(120);
      const line = num(p, 'w:spacing', 'w:line');
      expect(line).toBeGreaterThanOrEqual(240);
      expect(line).toBeLessThanOrEqual(360);
      expectRuns(p, { size: 28, bold: false });
    }
    for (const heading of ['I. KẾT QUẢ THỰC HIỆN', 'II. NHIỆM VỤ TRỌNG TÂM THÁNG 5 NĂM 2026']) {
      expectRuns(paragraph(out.document, heading), { bold: true, size: 28 });
    }
  });

  describe('body table', () => {
    let table: string;
    beforeAll(() => {
      table = must(
        tables(out.document).find((t) => t.includes('Đơn vị chủ trì')),
        'body table',
      );
    });

    it('has single borders and widths proportional to the columns, filling the text width', () => {
      const borders = must(/<w:tblBorders>[\s\S]*?<\/w:tblBorders>/.exec(table)?.[0], 'tblBorders');
      for (const side of ['top', 'left', 'bottom', 'right', 'insideH', 'insideV']) {
        expect(attr(borders, `w:${side}`, 'w:val')).toBe('single');
      }
      const grid = [...table.matchAll(/<w:gridCol w:w="(\d+)"/g)].map((m) => Number(m[1]));
      expect(grid.reduce((a, b) => a + b, 0)).toBe(TEXT_WIDTH);
      [6, 44, 20, 16, 14].forEach((w, i) => {
        expect(Math.abs((grid[i] ?? 0) - (TEXT_WIDTH * w) / 100)).toBeLessThan(5);
      });
    });

    it('repeats a bold centred header row across pages and sets cells in 12 pt', () => {
      const rows = tableRows(table);
      expect(rows).toHaveLength(42);
      const [head = '', ...data] = rows;
      expect(head).toContain('<w:tblHeader/>');
      for (const c of cells(head)) {
        const p = must(paragraphs(c)[0], 'header paragraph');
        expect(p).toContain('<w:jc w:val="center"/>');
        expectRuns(p, { bold: true, size: 24 });
      }
      expect(cells(head).map(textOf)).toEqual(['TT', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Tình trạng', 'Thời hạn']);
      for (const row of data.slice(0, 40)) {
        expect(row).not.toContain('<w:tblHeader/>');
        for (const c of cells(row)) expectRuns(must(paragraphs(c)[0], 'cell'), { bold: false, size: 24 });
      }
      expect(cells(must(data[0], 'first row')).map(textOf)).toEqual([
        '1',
        sample.body[4]?.kind === 'table' ? String(sample.body[4].rows[0]?.[1]) : '',
        'Sở Y tế',
        'Đã hoàn thành đúng hạn',
        'Quý I/2026',
      ]);
      // Column alignment: "TT" is centred, "Nhiệm vụ" flush left.
      const [tt = '', task = ''] = cells(must(data[0], 'first row'));
      expect(tt).toContain('<w:jc w:val="center"/>');
      expect(task).toContain('<w:jc w:val="left"/>');
      // The total row is bold.
      expectRuns(paragraph(must(data[40], 'total row'), 'Tổng cộng'), { bold: true, size: 24 });
    });
  });

  describe('signature block', () => {
    let left: string;
    let right: string;
    beforeAll(() => {
      const table = must(tables(out.document).at(-1), 'signature table');
      expect(table).toContain('Nơi nhận:');
      [left = '', right = ''] = cells(must(tableRows(table)[0], 'row'));
    });

    it('lists the recipients under a bold italic 12 pt "Nơi nhận:", each in 11 pt, the last ending with a full stop', () => {
      expectRuns(paragraph(left, 'Nơi nhận:'), { bold: true, italic: true, size: 24 });
      const lines = paragraphs(left).map(textOf);
      expect(lines).toEqual(['Nơi nhận:', '- Ban Chỉ đạo tỉnh (b/c);', '- UBND tỉnh (b/c);', '- Giám đốc Sở;', '- Lưu: VT, KHTC.']);
      for (const line of lines.slice(1)) expectRuns(paragraph(left, line), { size: 22, bold: false, italic: false });
    });

    it('centres the authority, the title and, after room to sign, the name, all bold 14 pt', () => {
      const ps = paragraphs(right);
      const texts = ps.map(textOf);
      expect(texts[0]).toBe('KT. GIÁM ĐỐC');
      expect(texts[1]).toBe('PHÓ GIÁM ĐỐC');
      expect(texts.at(-1)).toBe('Nguyễn Văn An');
      expect(texts.slice(2, -1).every((t) => t === '')).toBe(true);
      expect(texts.length - 3).toBeGreaterThanOrEqual(3);
      for (const text of ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Nguyễn Văn An']) {
        const p = paragraph(right, text);
        expect(p).toContain('<w:jc w:val="center"/>');
        expectRuns(p, { bold: true, size: 28 });
      }
    });
  });

  it('numbers pages in the top margin from page 2 only', () => {
    expect(out.document).toMatch(/<w:sectPr>[\s\S]*<w:titlePg\/>[\s\S]*<\/w:sectPr>/);
    expect(out.headers.default).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(out.headers.default).toContain('<w:fldChar w:fldCharType="begin"/>');
    const number = must(paragraphs(out.headers.default)[0], 'page number paragraph');
    expect(number).toContain('<w:jc w:val="center"/>');
    const size = num(number, 'w:sz', 'w:val');
    expect(size).toBeGreaterThanOrEqual(26);
    expect(size).toBeLessThanOrEqual(28);
    expect(out.headers.first).not.toMatch(/PAGE/);
    expect(out.headers.first).not.toContain('DỰ THẢO');
  });

  it('marks a draft in light grey on page 1 only, and renders a draft number as given', async () => {
    const draft = await open(await renderDecree30({ ...sample, draft: true, number: 'Số:      /BC-SKHCN' }));
    const mark = paragraph(draft.headers.first, 'DỰ THẢO');
    const colour = String(attr(mark, 'w:color', 'w:val'));
    expect(colour).not.toBe('000000');
    expect(Number.parseInt(colour.slice(0, 2), 16)).toBeGreaterThan(0x80);
    expect(draft.headers.first).not.toMatch(/PAGE/);
    expect(draft.headers.default).not.toContain('DỰ THẢO');
    expect(paragraph(draft.document, 'Số:      /BC-SKHCN')).toBeTruthy();
    expect(out.document).not.toContain('DỰ THẢO');
  });

  it('writes Vietnamese text in NFC', async () => {
    const decomposed = 'Báo cáo tình hình thực hiện'.normalize('NFD');
    const rendered = await open(await renderDecree30({ ...sample, summary: decomposed, body: [{ kind: 'paragraph', text: decomposed }] }));
    expect(rendered.document).toContain('Báo cáo tình hình thực hiện'.normalize('NFC'));
    expect(rendered.document).not.toContain(decomposed);
    expect(rendered.document.normalize('NFC')).toBe(rendered.document);
  });
});
