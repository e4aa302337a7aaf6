/**
 * Golden files (fixtures/*.appendix.json), checked by hand against the seed text, every row and
 * every field: 003 Phụ lục (lines 208–239: 19 tasks, 1.1–4.11), 004 Phụ lục I (lines 64–116:
 * 25 tasks, 1–25) and 004 Phụ lục II (lines 123–240: 52 tasks, 1–52). The draft came from the
 * parser; each task was then read against its seed row(s), paying most attention to the 2 + 6 + 16
 * cells a page break split (003 4.2, 4.8; PL I 4, 11, 18, 21, 24; PL II 3, 9, 11, 14, 17, 20,
 * 22, 25, 34, 36, 39, 41, 44, 46, 48, 51), and a second, independent throwaway script (split on
 * tabs, strip tags, glue rows with an empty STT) gave the same JSON. The deadline cells also
 * agree with common/domain/fixtures/seed-deadlines.ts, typed by someone else (test below).
 *
 * Judgement calls:
 * - A page-split cell is glued with one space: the seeds cut at wrapped lines, mid-phrase
 *   ("Sở Khoa học và | Công nghệ", "Trước ngày | 15/4/2026", PL II 41 even mid-word "ứng | dụng").
 * - Markup is stripped, including the partial bold of PL I 25's deadline and PL I 18's product;
 *   `<li>` items (PL II 37, 41) stay one per line ("\n"); `<p>` (PL II 27) is dropped. The
 *   converter's "( <i>…</i> )" (PL I 9, PL II 47) closes up to "(…)".
 * - 003 numbers its sections 1–4 in bold instead of Roman numerals: they are sections ("1. Hoàn
 *   thiện thể chế…"), not tasks. Sections keep numeral + title, "I. Tiếp tục hoàn thiện…".
 * - Columns a table lacks are "" (003 has no product or documents column); `adjusted` is null
 *   without the column, "" for an empty cell (PL II 16, 38, 50, 51, 52).
 * - Texts are kept as written, typos included: PL II 28 "chuyên đổi số", 29 "tỉnh thái Nguyên",
 *   PL I 14 content opening with "- ", 003 4.7's deadline "- Thời gian triển khai thực hiện: …".
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEED_DEADLINE_CELLS } from '#common/domain/fixtures/seed-deadlines.ts';
import { foldText } from '#common/domain/text.ts';
import {
  detectColumns,
  joinContinuation,
  NO_HEADER_MESSAGE,
  type PlanRow,
  type RawRow,
  type RawTable,
  readCell,
  readPlanText,
  readTextTables,
  understandTable,
} from './plan-table.ts';

const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const golden = (name: string) => JSON.parse(fixture(name)) as PlanRow[];

const SEED_003 = fixture('003.txt');
const SEED_004 = fixture('004.txt');

/** A table row from plain strings; "**x**" marks a bold cell. */
function row(line: number, ...cells: string[]): RawRow {
  return { line, cells: cells.map(readCell) };
}

describe('readPlanText: the seed appendices', () => {
  it('003: one appendix of 19 tasks, equal to the hand-checked golden file', () => {
    const { appendices } = readPlanText(SEED_003);
    expect(appendices.map((a) => a.title)).toEqual(['Phụ lục']);
    expect(appendices[0]?.items).toHaveLength(19);
    expect(appendices[0]?.items).toEqual(golden('003.appendix.json'));
  });

  it('004: Phụ lục I (25 tasks) and Phụ lục II (52 tasks) stay apart, each equal to its golden file', () => {
    const { appendices } = readPlanText(SEED_004);
    expect(appendices.map((a) => a.title)).toEqual([
      'PHỤ LỤC I: DANH MỤC NHIỆM VỤ THỰC HIỆN THÔNG BÁO KẾT LUẬN SỐ 13-TB/CQTT NGÀY 01/4/2026',
      // The seed's own typo ("THỨC" for "THÚC"); the heading runs over a hard line break.
      'PHỤ LỤC II: DANH MỤC CÁC NHIỆM VỤ THỨC ĐẨY, ĐIỀU CHỈNH TIẾN ĐỘ THEO THÔNG BÁO SỐ 13-TB/CQTT NGÀY 01/4/2026',
    ]);
    expect(appendices[0]?.items).toHaveLength(25);
    expect(appendices[1]?.items).toHaveLength(52);
    expect(appendices[0]?.items).toEqual(golden('004-pl1.appendix.json'));
    expect(appendices[1]?.items).toEqual(golden('004-pl2.appendix.json'));
  });

  it('the only warnings on the seeds flag the cells glued across a page break, on the task they belong to', () => {
    const merged = (text: string, index: number) => {
      const appendix = readPlanText(text).appendices[index];
      expect(appendix?.warnings.every((w) => w.message.includes('sang trang'))).toBe(true);
      const codes = new Map(appendix?.items.map((item) => [item.row, item.code]));
      return [...new Set(appendix?.warnings.map((w) => codes.get(w.row)))];
    };
    expect(merged(SEED_003, 0)).toEqual(['4.2', '4.8']);
    expect(merged(SEED_004, 0)).toEqual(['4', '11', '18', '21', '24']);
    expect(merged(SEED_004, 1)).toEqual(['3', '9', '11', '14', '17', '20', '22', '25', '34', '36', '39', '41', '44', '46', '48', '51']);
    expect(
      readPlanText(SEED_003)
        .appendices[0]?.warnings.filter((w) => w.row === 233)
        .map((w) => w.field),
    ).toEqual(['lead', 'support', 'deadline']);
  });

  it('the deadline cells agree with the seed-deadline fixture of common/domain (markup stripped)', () => {
    const [pl1, pl2] = readPlanText(SEED_004).appendices;
    const cells = [
      ...(readPlanText(SEED_003).appendices[0]?.items ?? []).map((t) => [`003 PL ${t.code}`, t.deadline]),
      ...(pl1?.items ?? []).map((t) => [`004 PL I ${t.code}`, t.deadline]),
      ...(pl2?.items ?? []).flatMap((t) => [
        [`004 PL II ${t.code} original`, t.deadline],
        [`004 PL II ${t.code} adjusted`, t.adjusted],
      ]),
    ];
    expect(cells).toEqual(SEED_DEADLINE_CELLS.map((c) => [c.source, c.text.replace(/<\/?b>/g, '')]));
  });

  it('keeps only the appendix asked for', () => {
    expect(readPlanText(SEED_004, { appendix: 'II' }).appendices.map((a) => a.items.length)).toEqual([52]);
    expect(readPlanText(SEED_004, { appendix: 'Phụ lục I' }).appendices.map((a) => a.items.length)).toEqual([25]);
    expect(readPlanText(SEED_004, { appendix: 'III' }).appendices).toEqual([]);
    expect(readPlanText(SEED_003, { appendix: 'Phụ lục' }).appendices.map((a) => a.items.length)).toEqual([19]);
  });

  it('a text without a task table has no appendix', () => {
    expect(readPlanText('Kế hoạch\n\nKhông có bảng nào.').appendices).toEqual([]);
    expect(readPlanText('a\tb\nc\td').appendices).toEqual([]);
  });
});

describe('readTextTables', () => {
  it('splits the seed into one table per page, keeps 1-based lines, strips markup and marks bold cells', () => {
    const tables = readTextTables(SEED_004);
    // Phụ lục I spans 8 pages, Phụ lục II 23; nothing else in the plan is a table.
    expect(tables).toHaveLength(31);
    expect(tables.map((t) => t.rows[0]?.line).filter((line) => (line ?? 0) > 117)).toHaveLength(23);
    const first = tables[0]?.rows;
    expect(first?.[0]?.line).toBe(64);
    expect(first?.[1]).toEqual({
      line: 65,
      cells: [
        { text: 'I', bold: true },
        {
          text: 'Tiếp tục hoàn thiện thể chế, cơ chế, chính sách để phát triển mạnh mẽ khoa học, công nghệ và đổi mới sáng tạo và chuyển đổi số trên địa bàn tỉnh',
          bold: true,
        },
        ...Array.from({ length: 5 }, () => ({ text: '', bold: false })),
      ],
    });
  });

  it('reads cells: block tags become line breaks, partial bold is not bold, entities decode, unknown tags stay text', () => {
    expect(readCell('<ul style="x"> <li>- a.</li> <li>- b.</li> </ul>')).toEqual({ text: '- a.\n- b.', bold: false });
    expect(readCell('<b>Trước ngày 15/4/2026</b> hoàn thiện')).toEqual({ text: 'Trước ngày 15/4/2026 hoàn thiện', bold: false });
    expect(readCell(' <b>I</b> ')).toEqual({ text: 'I', bold: true });
    expect(readCell('**Mục**')).toEqual({ text: 'Mục', bold: true });
    expect(readCell('Sở KH&amp;CN &lt;b&gt; &#x1F600; &#xD800;')).toEqual({ text: 'Sở KH&CN <b> 😀 &#xD800;', bold: false });
    expect(readCell('Sở <tên đơn vị> và <abc>')).toEqual({ text: 'Sở <tên đơn vị> và <abc>', bold: false });
  });

  it('reads a Markdown pipe table, with escaped pipes and <br>, and leaves prose around it', () => {
    const text = [
      'Phụ lục',
      '| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời gian thực hiện |',
      '|---|:---|---|---:|',
      '| **I** | **Thể chế** | | |',
      '| 1. | Ban hành quy định \\| sửa đổi | Sở KH&CN | Quý II/2026 |',
      '| 2. | Dòng một<br>dòng hai | Sở Tài chính | Thường xuyên |',
      'Đoạn văn sau bảng.',
    ].join('\n');
    const tables = readTextTables(text);
    expect(tables).toHaveLength(1);
    expect(tables[0]?.rows.map((r) => r.line)).toEqual([2, 4, 5, 6]);
    const { items, warnings } = understandTable(tables[0] as RawTable);
    expect(warnings).toEqual([]);
    expect(items).toEqual([
      {
        row: 5,
        section: 'I. Thể chế',
        code: '1',
        content: 'Ban hành quy định | sửa đổi',
        lead: 'Sở KH&CN',
        support: '',
        deliverable: '',
        deadline: 'Quý II/2026',
        documents: '',
        adjusted: null,
      },
      {
        row: 6,
        section: 'I. Thể chế',
        code: '2',
        content: 'Dòng một\ndòng hai',
        lead: 'Sở Tài chính',
        support: '',
        deliverable: '',
        deadline: 'Thường xuyên',
        documents: '',
        adjusted: null,
      },
    ]);
  });

  it('a pipe table without a leading pipe is read when a separator follows its header', () => {
    const tables = readTextTables('STT | Nội dung | Cơ quan chủ trì\n--- | --- | ---\n1 | Việc | Sở Y tế');
    expect(tables[0]?.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['STT', 'Nội dung', 'Cơ quan chủ trì'],
      ['1', 'Việc', 'Sở Y tế'],
    ]);
  });
});

describe('understandTable', () => {
  it('finds the header by synonym in any column order, whatever the case and diacritics', () => {
    const table: RawTable = {
      rows: [
        row(
          1,
          'Thời gian/Hạn hoàn thành',
          'Đơn vị phối hợp',
          'Tên nhiệm vụ',
          'so tt',
          'YÊU CẦU KẾT QUẢ',
          'Cơ quan/Đơn vị chủ trì (tham mưu)',
          'Văn bản giao nhiệm vụ',
          'Tiến độ điều chỉnh theo chỉ đạo',
        ),
        row(2, 'Quý II', 'Sở KH&CN', 'Xây dựng kho dữ liệu', '1.1', 'Kho dữ liệu vận hành', 'Sở Tài chính', '41-KH/TU', 'Quý I'),
      ],
    };
    const { columns, items, warnings } = understandTable(table);
    expect(columns).toEqual({ deadline: 0, support: 1, content: 2, code: 3, deliverable: 4, lead: 5, documents: 6, adjusted: 7 });
    expect(warnings).toEqual([]);
    expect(items).toEqual([
      {
        row: 2,
        section: '',
        code: '1.1',
        content: 'Xây dựng kho dữ liệu',
        lead: 'Sở Tài chính',
        support: 'Sở KH&CN',
        deliverable: 'Kho dữ liệu vận hành',
        deadline: 'Quý II',
        documents: '41-KH/TU',
        adjusted: 'Quý I',
      },
    ]);
    expect(detectColumns(row(1, 'TT', 'Nhiệm vụ, giải pháp', 'Thời gian thực hiện'))).toEqual({ code: 0, content: 1, deadline: 2 });
    expect(detectColumns(row(1, 'STT', 'Nội dung'))).toBeNull();
  });

  it('skips the header repeated after a page break and glues the split row onto the task above', () => {
    const text = [
      '**PHỤ LỤC I**',
      '',
      'STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tHạn hoàn thành',
      '<b>I</b>\t<b>Thể chế</b>\t\t',
      '1.\tRà soát quy định\tSở Khoa học và\tTrước ngày',
      '',
      'STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tHạn hoàn thành',
      '\t\tCông nghệ\t15/4/2026',
      '2.\t(1) Việc một (2) Việc hai\tSở Nội vụ\tQuý III',
    ].join('\n');
    const [appendix] = readPlanText(text).appendices;
    expect(appendix?.title).toBe('PHỤ LỤC I');
    expect(appendix?.items.map((t) => [t.row, t.section, t.code, t.content, t.lead, t.deadline])).toEqual([
      [5, 'I. Thể chế', '1', 'Rà soát quy định', 'Sở Khoa học và Công nghệ', 'Trước ngày 15/4/2026'],
      [9, 'I. Thể chế', '2', '(1) Việc một (2) Việc hai', 'Sở Nội vụ', 'Quý III'],
    ]);
    expect(appendix?.warnings.map((w) => [w.row, w.field])).toEqual([
      [5, 'lead'],
      [5, 'deadline'],
    ]);
    expect(appendix?.warnings[0]?.message).toBe(
      'Ô “Cơ quan chủ trì” của nhiệm vụ 1 tiếp tục ở dòng 8 (dòng không có số thứ tự, thường do sang trang) và đã được ghép lại; cần kiểm tra chỗ nối.',
    );
  });

  it('takes "(1)", "a)" and "4.1." as task numbers and warns about anything else', () => {
    const { items, warnings } = understandTable({
      rows: [
        row(1, 'STT', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì'),
        row(2, '(1)', 'Một', 'Sở A'),
        row(3, 'a)', 'Hai', 'Sở B'),
        row(4, '4.1.', 'Ba', 'Sở C'),
        row(5, '*', 'Bốn', 'Sở D'),
      ],
    });
    expect(items.map((t) => t.code)).toEqual(['(1)', 'a)', '4.1', '*']);
    expect(warnings.map((w) => [w.row, w.field])).toEqual([[5, 'code']]);
  });

  it('reports, never drops: rows above the header, columns no field takes, sections without tasks, rows without a number', () => {
    const { items, warnings } = understandTable({
      rows: [
        row(1, 'Bảng 1'),
        row(2, 'STT', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì', 'Ghi chú'),
        row(3, '\t', '', ''),
        row(4, 'I', 'Mục trống'),
        row(5, 'II', 'Mục hai'),
        row(6, '', 'Việc không số', 'Sở A', 'cần xem'),
        row(7, '1', 'Việc', 'Sở B', '', 'ô thừa'),
      ],
    });
    expect(items.map((t) => [t.row, t.section, t.code, t.content])).toEqual([
      [6, 'II. Mục hai', '', 'Việc không số'],
      [7, 'II. Mục hai', '1', 'Việc'],
    ]);
    expect(warnings.map((w) => [w.row, w.field])).toEqual([
      [1, 'row'],
      [4, 'section'],
      [6, 'Ghi chú'],
      [6, 'code'],
      [7, 'cột 5'],
    ]);
    expect(warnings.find((w) => w.field === 'Ghi chú')?.message).toBe(
      'Cột “Ghi chú” không thuộc bảng nhiệm vụ; nội dung chưa được nhập: “cần xem”.',
    );
  });

  it('a bold title alone with no number, under a plain task, opens a section instead of continuing the task', () => {
    const { items } = understandTable({
      rows: [
        row(1, 'STT', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì'),
        row(2, '1', 'Việc một', 'Sở A'),
        row(3, '', '<b>Nhiệm vụ chung</b>', ''),
        row(4, '2', 'Việc hai', 'Sở B'),
        row(5, '', 'phần sau', ''),
      ],
    });
    expect(items.map((t) => [t.section, t.code, t.content])).toEqual([
      ['', '1', 'Việc một'],
      ['Nhiệm vụ chung', '2', 'Việc hai phần sau'],
    ]);
  });

  it('reads a section row merged across the table (title in the STT cell, repeated by the reader)', () => {
    const merged = 'III. Tập trung tạo lập hạ tầng';
    const { items } = understandTable({
      rows: [
        row(1, 'STT', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì'),
        row(2, merged, merged, merged),
        row(3, '9.', 'Phủ sóng 5G', 'Sở KH&CN'),
      ],
    });
    expect(items.map((t) => t.section)).toEqual([merged]);
  });

  it('a table without a recognisable header gives no tasks and one Vietnamese warning', () => {
    expect(understandTable({ rows: [row(7, 'a', 'b'), row(8, '1', 'Việc')] })).toEqual({
      columns: null,
      items: [],
      warnings: [{ row: 7, field: 'header', message: NO_HEADER_MESSAGE }],
    });
    expect(understandTable({ rows: [] }).columns).toBeNull();
  });

  it('glues a page-split part with a space, or a new line when it opens a list item after a finished sentence', () => {
    expect(joinContinuation('Sở Khoa học và', 'Công nghệ')).toBe('Sở Khoa học và Công nghệ');
    expect(joinContinuation('- Báo cáo quý.', '- Báo cáo năm.')).toBe('- Báo cáo quý.\n- Báo cáo năm.');
    expect(joinContinuation('', 'x')).toBe('x');
  });
});

describe('properties', () => {
  const piece = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(
      '\t',
      '|',
      '\\|',
      '\n',
      '\r\n',
      '<b>',
      '</b>',
      '**',
      '<li>',
      '<ul style="a">',
      '<br/>',
      '&#xD800;',
      '&amp;',
      '|---|',
      'STT',
      'Nội dung nhiệm vụ',
      'Cơ quan chủ trì',
      'PHỤ LỤC II',
      'I',
      '1.',
      '4.1',
      '(1)',
      'Sở KH&CN',
      '\u0301',
      '😀',
    ),
  );
  const text = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

  it('readTextTables, understandTable and readPlanText never throw', () => {
    fc.assert(
      fc.property(text, (input) => {
        for (const table of readTextTables(input)) understandTable(table);
        readPlanText(input);
        readPlanText(input, { appendix: input.slice(0, 5) });
      }),
      { numRuns: 500 },
    );
  });

  it('understandTable never throws on any rows', () => {
    const cell = fc.record({ text: fc.oneof(text, fc.string({ unit: 'binary' })), bold: fc.boolean() });
    const rawRow = fc.record({ cells: fc.array(cell, { maxLength: 10 }), line: fc.integer() });
    fc.assert(
      fc.property(fc.array(rawRow, { maxLength: 20 }), (rows) => {
        understandTable({ rows });
      }),
    );
  });

  /**
   * Nothing is dropped: below the first header of a recognised table, every cell with any letter
   * or digit in it, except those of header rows, ends up (folded, so white space, case and
   * punctuation aside) inside one PlanRow field: content, lead… for a task cell (glued parts
   * included), `section` for a section title. The two places a cell cannot go into a PlanRow are
   * reported with their text instead: a column no field takes, and a section with no task.
   * Rows above the header are reported too.
   */
  it('every cell of a recognised table ends up in a PlanRow field, or is quoted in a warning', () => {
    // STT, content, at least one more field, sometimes a column no field takes; in any order.
    const headerNames = fc
      .tuple(
        fc.shuffledSubarray(
          ['Cơ quan chủ trì', 'Đơn vị phối hợp', 'Sản phẩm/kết quả', 'Hạn hoàn thành', 'Văn bản giao nhiệm vụ', 'Tiến độ điều chỉnh'],
          {
            minLength: 1,
          },
        ),
        fc.boolean(),
      )
      .chain(([others, note]) => {
        const names = ['STT', 'Nội dung nhiệm vụ', ...others, ...(note ? ['Ghi chú'] : [])];
        return fc.shuffledSubarray(names, { minLength: names.length });
      });
    const cellText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('', '', '', '1.', '2', '4.1', '(1)', 'a)', 'I', 'II.', 'III. Mục', '-', '*', 'Sở KH&CN', '- Báo cáo.', 'Quý III'),
      fc.array(fc.constantFrom('Sở', 'Khoa', 'học', '\n', 'Quý', ';', '.', ' '), { maxLength: 8 }).map((w) => w.join(' ')),
    );
    const dataRow = fc.array(fc.record({ text: cellText, bold: fc.boolean() }), { maxLength: 10 });
    fc.assert(
      fc.property(headerNames, fc.array(dataRow, { maxLength: 3 }), fc.array(dataRow, { maxLength: 25 }), (names, before, after) => {
        const header = row(0, ...names);
        const rows: RawRow[] = [...before, [], ...after].map((cells, index) => ({ cells, line: index + 1 }));
        rows[before.length] = { ...header, line: before.length + 1 };
        const { columns, items, warnings } = understandTable({ rows });
        expect(columns).not.toBeNull();
        const fields = items.flatMap((item) => [
          item.section,
          item.code,
          item.content,
          item.lead,
          item.support,
          item.deliverable,
          item.deadline,
          item.documents,
          item.adjusted ?? '',
        ]);
        const places = [...fields, ...warnings.map((w) => w.message)].map(foldText);
        const firstHeader = rows.findIndex((r) => detectColumns(r) !== null);
        for (const r of rows.slice(firstHeader + 1)) {
          if (detectColumns(r)) continue;
          for (const c of r.cells) {
            const folded = foldText(c.text);
            if (folded !== '') expect(places.some((place) => place.includes(folded))).toBe(true);
          }
        }
        const rest = places.slice(fields.length);
        for (const r of rows.slice(0, firstHeader)) {
          for (const c of r.cells) {
            const folded = foldText(c.text);
            if (folded !== '') expect(rest.some((place) => place.includes(folded))).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('in a table whose every column is named and whose sections all hold tasks, every cell is in a PlanRow field', () => {
    const names = ['STT', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Hạn hoàn thành', 'Tiến độ điều chỉnh'];
    // Every cell holds a word, so a task row is never a section row nor lacks its lead.
    const words = fc
      .tuple(
        fc.constantFrom('Sở', 'KH&CN', 'Quý', '2026', 'việc'),
        fc.array(fc.constantFrom('Sở', 'III', '2026', ';', '.', '\n', '(1)'), { maxLength: 5 }),
      )
      .map(([word, more]) => [word, ...more]);
    const task = fc.tuple(fc.constantFrom('1.', '2', '4.1', '(1)', 'a)', ''), fc.array(words, { minLength: 5, maxLength: 5 }));
    const block = fc.tuple(fc.constantFrom('I', 'II', 'III'), words, fc.array(task, { minLength: 1, maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 4 }), (blocks) => {
        const rows: RawRow[] = [row(1, ...names)];
        for (const [numeral, title, tasks] of blocks) {
          rows.push({ line: rows.length + 1, cells: [numeral, title.join(' ')].map((t) => ({ text: t, bold: true })) });
          // A block opens with a numbered task, so an empty STT always has a task above it.
          tasks.forEach(([stt, cells], index) => {
            rows.push({
              line: rows.length + 1,
              cells: [index === 0 ? '1.' : stt, ...cells.map((w) => w.join(' '))].map((t) => ({ text: t, bold: false })),
            });
          });
        }
        const { items, warnings } = understandTable({ rows });
        expect(warnings.filter((w) => !w.message.includes('sang trang'))).toEqual([]);
        const fields = items
          .flatMap((item) => [item.section, item.code, item.content, item.lead, item.support, item.deadline, item.adjusted ?? ''])
          .map(foldText);
        for (const r of rows.slice(1)) {
          for (const c of r.cells) {
            const folded = foldText(c.text);
            if (folded !== '') expect(fields.some((field) => field.includes(folded))).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
