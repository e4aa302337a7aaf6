/**
 * The consolidated report's words and files: the narrative drafted from the figures (in
 * Vietnamese, editable before issue), the DOCX in the Decree 30/2020 layout and the XLSX
 * appendix with one row per task.
 */
import type { Narrative, ReportData } from '#common/contracts/reporting.ts';
import { formatDate, parseIsoDate } from '#common/domain/iso-date.ts';
import { TASK_STATUS_LABELS, type TaskStatus } from '#common/domain/status.ts';
import { type Block, renderDecree30 } from '../../kernel/documents/decree30.ts';
import { writeXlsx, type XlsxRow } from '../../kernel/documents/xlsx.ts';

/** Numbers as Vietnamese write them: 1.234 and 1,3. */
const n = (x: number) => x.toLocaleString('vi-VN', { maximumFractionDigits: 1 });

/** The narrative's five parts, drafted from the figures; the coordinator edits them before issue. */
export function draftNarrative(data: ReportData, periodLabel: string): Narrative {
  const t = data.totals;
  const done = t.doneOnTime + t.doneLate;
  const overview = [
    `Tính đến ngày ${formatDate(data.asOf)} (ngày chốt số liệu kỳ ${periodLabel}), ${n(t.total)} nhiệm vụ thuộc ${n(data.plans.length)} kế hoạch đang được theo dõi, trong đó ${n(t.due)} nhiệm vụ đã đến hạn.`,
    `Đã hoàn thành ${n(done)} nhiệm vụ (${n(t.doneOnTime)} đúng hạn, ${n(t.doneLate)} quá hạn); ${n(t.inProgress)} nhiệm vụ đang thực hiện trong hạn; ${n(t.overdue)} nhiệm vụ quá hạn chưa hoàn thành; ${n(t.notStarted)} nhiệm vụ chưa triển khai. Tiến độ bình quân đạt ${n(t.percent)}%.`,
  ].join(' ');

  const byUnit = new Map<string, number>();
  for (const o of data.overdue) for (const lead of o.leads) byUnit.set(lead, (byUnit.get(lead) ?? 0) + 1);
  const worst = [...byUnit.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([unit, count]) => `${unit} (${count})`);
  const overdue = data.overdue.length
    ? `Còn ${n(t.overdue)} nhiệm vụ quá hạn chưa hoàn thành, tập trung ở: ${worst.join(', ')}. Đề nghị các đơn vị chủ trì khẩn trương hoàn thành, báo cáo rõ nguyên nhân chậm và đề xuất điều chỉnh tiến độ nếu cần.`
    : 'Không có nhiệm vụ quá hạn chưa hoàn thành tại thời điểm chốt số liệu.';

  const r = data.rates;
  const reporting = [
    `Kỳ ${periodLabel} có ${n(r.submitted)}/${n(r.expected)} đơn vị gửi báo cáo (đạt ${n(r.completeness)}%), trong đó ${n(r.onTime)} đơn vị gửi đúng hạn (tỷ lệ đúng hạn ${n(r.timeliness)}%) và ${n(r.late)} đơn vị gửi muộn.`,
    data.missingUnits.length
      ? `Còn ${n(data.missingUnits.length)} đơn vị chưa gửi báo cáo (danh sách dưới đây).`
      : 'Tất cả các đơn vị đã gửi báo cáo.',
  ].join(' ');

  const obstacles =
    data.obstacles.length || data.proposals.length
      ? `Tổng hợp từ báo cáo của các đơn vị, có ${n(data.obstacles.length)} ý kiến về khó khăn, vướng mắc và ${n(data.proposals.length)} kiến nghị, đề xuất, cụ thể như sau:`
      : 'Trong kỳ, các đơn vị không phản ánh khó khăn, vướng mắc hay kiến nghị.';

  const next = `Trong 30 ngày tới có ${n(data.dueNext.length)} nhiệm vụ đến hạn hoàn thành. Sở Khoa học và Công nghệ tiếp tục theo dõi, đôn đốc các đơn vị thực hiện đúng tiến độ; tổng hợp, báo cáo Ban Chỉ đạo theo quy định.`;
  return { overview, overdue, reporting, obstacles, next };
}

/** "Thái Nguyên, ngày 05 tháng 01 năm 2026" (Decree 30/2020: days below 10 and months 1–2 take a 0). */
export function placeDate(place: string, day: string | null): string {
  const d = day ? parseIsoDate(day) : null;
  if (!d) return `${place}, ngày     tháng     năm`;
  const dd = String(d.day).padStart(2, '0');
  const mm = d.month <= 2 ? String(d.month).padStart(2, '0') : String(d.month);
  return `${place}, ngày ${dd} tháng ${mm} năm ${d.year}`;
}

const paragraphs = (text: string): Block[] =>
  text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ kind: 'paragraph', text: p }));

export interface ReportHeading {
  governingBody: string;
  issuingBody: string;
  /** "05/BC-SKHCN", or "/BC-SKHCN" for a draft */
  symbol: string;
  place: string;
  issuedOn: string | null;
  summary: string;
  signer: { authority: string; title: string; name: string };
  recipients: string[];
  draft: boolean;
}

/** A plan as the tables name it: its number and symbol when it has one, and its title, cut short. */
function planName(p: { symbol: string; title: string }): string {
  const title = p.title.length > 140 ? `${p.title.slice(0, 137).trimEnd()}…` : p.title;
  return /\d/.test(p.symbol) ? `${p.symbol}: ${title}` : title;
}

export function reportBody(data: ReportData, narrative: Narrative): Block[] {
  const t = data.totals;
  const planRows = data.plans.map((p, i) => [
    i + 1,
    planName(p),
    n(p.total),
    n(p.due),
    n(p.doneOnTime),
    n(p.doneLate),
    n(p.overdue),
    n(p.inProgress + p.notStarted),
    n(p.percent),
  ]);
  const body: Block[] = [
    { kind: 'heading', text: 'I. KẾT QUẢ THỰC HIỆN' },
    ...paragraphs(narrative.overview),
    {
      kind: 'table',
      columns: [
        { header: 'STT', width: 7, align: 'center' },
        { header: 'Kế hoạch', width: 33 },
        { header: 'Tổng số', width: 8, align: 'right' },
        { header: 'Đến hạn', width: 8, align: 'right' },
        { header: 'Hoàn thành đúng hạn', width: 9, align: 'right' },
        { header: 'Hoàn thành quá hạn', width: 9, align: 'right' },
        { header: 'Quá hạn chưa hoàn thành', width: 9, align: 'right' },
        { header: 'Đang/chưa thực hiện', width: 9, align: 'right' },
        { header: 'Tiến độ bình quân (%)', width: 9, align: 'right' },
      ],
      rows: [
        ...planRows,
        ['', 'Tổng cộng', n(t.total), n(t.due), n(t.doneOnTime), n(t.doneLate), n(t.overdue), n(t.inProgress + t.notStarted), n(t.percent)],
      ],
      bold: [planRows.length],
    },
  ];
  if (data.sections.length) {
    // One bold row per plan (numbered as in the table above), then its sections.
    const rows: (string | number)[][] = [];
    const bold: number[] = [];
    let plan: string | null | undefined;
    for (const s of data.sections) {
      if (s.documentId !== plan) {
        plan = s.documentId;
        const index = data.plans.findIndex((p) => p.documentId === s.documentId);
        bold.push(rows.length);
        rows.push([`Kế hoạch ${index + 1}`, '', '', '', '']);
      }
      rows.push([s.section || '(không phân mục)', n(s.total), n(s.done), n(s.overdue), n(s.percent)]);
    }
    body.push({ kind: 'paragraph', text: 'Tiến độ theo từng nội dung của các kế hoạch (số thứ tự kế hoạch như bảng trên):' });
    body.push({
      kind: 'table',
      columns: [
        { header: 'Nội dung', width: 60 },
        { header: 'Tổng số', width: 10, align: 'right' },
        { header: 'Hoàn thành', width: 10, align: 'right' },
        { header: 'Quá hạn', width: 10, align: 'right' },
        { header: 'Tiến độ (%)', width: 10, align: 'right' },
      ],
      rows,
      bold,
    });
  }
  body.push({ kind: 'heading', text: 'II. NHIỆM VỤ CHẬM TIẾN ĐỘ' }, ...paragraphs(narrative.overdue));
  if (data.overdue.length) {
    body.push({
      kind: 'table',
      columns: [
        { header: 'STT', width: 7, align: 'center' },
        { header: 'Nhiệm vụ', width: 35 },
        { header: 'Cơ quan chủ trì', width: 17 },
        { header: 'Hạn', width: 15, align: 'center' },
        { header: 'Số ngày quá hạn', width: 8, align: 'right' },
        { header: 'Nguyên nhân, khó khăn', width: 22 },
      ],
      rows: data.overdue.map((o, i) => [
        i + 1,
        o.code ? `${o.content} (${o.code})` : o.content,
        o.leads.join('; '),
        formatDate(o.due),
        n(o.daysLate),
        o.reason || 'Chưa báo cáo',
      ]),
    });
    if (data.totals.overdue > data.overdue.length)
      body.push({
        kind: 'paragraph',
        text: `Bảng trên liệt kê ${n(data.overdue.length)} nhiệm vụ quá hạn lâu nhất; đủ ${n(data.totals.overdue)} nhiệm vụ quá hạn có tại Phụ lục kèm theo (cột Tình trạng).`,
      });
  }
  body.push({ kind: 'heading', text: 'III. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ' }, ...paragraphs(narrative.reporting));
  // Dozens of communes may be missing: one paragraph, not a page of bullets.
  if (data.missingUnits.length) {
    body.push({
      kind: 'paragraph',
      text: `Các đơn vị chưa gửi báo cáo (${n(data.missingUnits.length)}): ${data.missingUnits.join('; ')}.`,
    });
  }
  if (data.lateUnits.length) {
    body.push({ kind: 'paragraph', text: `Các đơn vị gửi báo cáo muộn (${n(data.lateUnits.length)}): ${data.lateUnits.join('; ')}.` });
  }
  body.push({ kind: 'heading', text: 'IV. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT' }, ...paragraphs(narrative.obstacles));
  if (data.obstacles.length) {
    body.push(
      { kind: 'paragraph', text: 'Khó khăn, vướng mắc:' },
      { kind: 'bullets', items: data.obstacles.map((o) => `${o.unit}: ${o.text}`) },
    );
  }
  if (data.proposals.length) {
    body.push(
      { kind: 'paragraph', text: 'Kiến nghị, đề xuất:' },
      { kind: 'bullets', items: data.proposals.map((o) => `${o.unit}: ${o.text}`) },
    );
  }
  body.push({ kind: 'heading', text: 'V. NHIỆM VỤ TRỌNG TÂM KỲ TỚI' }, ...paragraphs(narrative.next));
  if (data.dueNext.length) {
    body.push({
      kind: 'bullets',
      items: data.dueNext.slice(0, 30).map((d) => `${d.content} (${d.leads.join(', ') || 'chưa giao'}; hạn ${formatDate(d.due)})`),
    });
  }
  return body;
}

export async function renderReportDocx(heading: ReportHeading, data: ReportData, narrative: Narrative): Promise<Buffer> {
  return renderDecree30({
    governingBody: heading.governingBody,
    issuingBody: heading.issuingBody,
    number: `Số: ${heading.draft ? `     ${heading.symbol}` : heading.symbol}`,
    placeDate: placeDate(heading.place, heading.issuedOn),
    type: 'BÁO CÁO',
    summary: heading.summary,
    body: reportBody(data, narrative),
    signer: heading.signer,
    recipients: heading.recipients,
    draft: heading.draft,
  });
}

/** One row per task of the report: the appendix's columns, then status, result and evidence count. */
export interface AppendixRow {
  documentSymbol: string;
  section: string;
  code: string;
  content: string;
  leads: string;
  supports: string;
  deliverable: string;
  originalDeadline: string;
  deadline: string;
  status: TaskStatus;
  percent: number;
  result: string;
  evidence: number;
}

const APPENDIX_COLUMNS: [keyof AppendixRow | 'stt', string, number][] = [
  ['stt', 'STT', 7],
  ['content', 'Nội dung nhiệm vụ', 55],
  ['leads', 'Cơ quan chủ trì', 26],
  ['supports', 'Cơ quan phối hợp', 26],
  ['deliverable', 'Sản phẩm/kết quả', 30],
  ['originalDeadline', 'Thời hạn hoàn thành', 18],
  ['deadline', 'Tiến độ điều chỉnh', 18],
  ['status', 'Tình trạng', 22],
  ['percent', 'Tiến độ (%)', 10],
  ['result', 'Kết quả thực hiện', 45],
  ['evidence', 'Số minh chứng', 10],
];

export function renderAppendixXlsx(title: string, asOf: string, rows: readonly AppendixRow[]): Buffer {
  function* lines(): Generator<XlsxRow> {
    let group: string | null = null;
    for (const r of rows) {
      const key = `${r.documentSymbol}\u0000${r.section}`;
      if (key !== group) {
        group = key;
        yield { section: [r.documentSymbol, r.section].filter(Boolean).join(' — ') || 'Nhiệm vụ khác' };
      }
      const cells = {
        ...r,
        stt: r.code,
        deadline: r.deadline === r.originalDeadline ? '' : r.deadline,
        status: TASK_STATUS_LABELS[r.status],
      };
      yield APPENDIX_COLUMNS.map(([key]) => cells[key]);
    }
  }
  return writeXlsx([
    {
      name: 'Phụ lục',
      title,
      subtitle: `(Số liệu tính đến ngày ${formatDate(asOf)})`,
      columns: APPENDIX_COLUMNS.map(([, header, width]) => ({ header, width })),
      rows: lines(),
      landscape: true,
      textColumn: 1,
    },
  ]);
}
