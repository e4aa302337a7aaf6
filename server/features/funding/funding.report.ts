/**
 * Sở Tài chính's monthly report on spending for science, technology, innovation and digital
 * transformation and on disbursement, due before the 20th (004 Phụ lục I, item 24): a DOCX in
 * the Decree 30/2020 layout and an XLSX of every allocation. Figures are as at the month's data
 * cut-off (Decree 09/2019: the 14th), or today when that is earlier.
 */
import { eq } from 'drizzle-orm';
import type { FundingSummary } from '#common/contracts/funding.ts';
import { BUDGET_SOURCES, disbursementRate, FUNDING_SOURCE_LABELS, millions } from '#common/domain/funding.ts';
import { formatDate, vietnamDay } from '#common/domain/iso-date.ts';
import { monthlyPeriod } from '#common/domain/period.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { type Block, renderDecree30 } from '../../kernel/documents/decree30.ts';
import { writeXlsx, type XlsxRow } from '../../kernel/documents/xlsx.ts';
import { AppError } from '../../kernel/errors.ts';
import { placeDate } from '../reporting/consolidated.render.ts';
import { units } from '../units/units.table.ts';
import { FINANCE_UNIT_CODE, fundingSummary } from './funding.service.ts';

const pct = (x: number) => `${x.toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;

/** The month's figures: the allocations of the cut-off's year, paid out up to the cut-off. */
export async function monthFigures(db: Db, actor: Actor, month: string) {
  const period = monthlyPeriod(month);
  if (!period) throw new AppError('BAD_REQUEST', 'Tháng có dạng 2026-10.');
  const today = vietnamDay();
  if (period.start > today) throw new AppError('CONFLICT', `${period.label} chưa bắt đầu: chưa có số liệu để báo cáo.`);
  const asOf = period.end < today ? period.end : today;
  return { period, summary: await fundingSummary(db, actor, { year: Number(asOf.slice(0, 4)), asOf }) };
}

function body(s: FundingSummary, label: string): Block[] {
  const budget = s.bySource.filter((b) => BUDGET_SOURCES.includes(b.source));
  const budgetAllocated = budget.reduce((a, b) => a + b.allocated, 0);
  const budgetDisbursed = budget.reduce((a, b) => a + b.disbursed, 0);
  const lagging = s.allocations.filter((a) => a.rate < 30).sort((a, b) => a.rate - b.rate || b.amount - a.amount);
  const blocks: Block[] = [
    { kind: 'heading', text: 'I. TÌNH HÌNH GIAO VÀ GIẢI NGÂN KINH PHÍ' },
    {
      kind: 'paragraph',
      text: `Tính đến ngày ${formatDate(s.asOf)} (ngày chốt số liệu ${label.toLocaleLowerCase('vi')}), tổng kinh phí năm ${s.year} được giao cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là ${millions(s.total.allocated)} triệu đồng, trong đó ngân sách nhà nước ${millions(budgetAllocated)} triệu đồng. Đã giải ngân ${millions(s.total.disbursed)} triệu đồng, đạt ${pct(s.total.rate)}; riêng ngân sách nhà nước giải ngân ${millions(budgetDisbursed)} triệu đồng, đạt ${pct(disbursementRate(budgetDisbursed, budgetAllocated))}.`,
    },
    {
      kind: 'table',
      columns: [
        { header: 'Nguồn kinh phí', width: 34 },
        { header: 'Nhu cầu Đề án 2026–2030 (triệu đồng)', width: 18, align: 'right' },
        { header: `Giao năm ${s.year} (triệu đồng)`, width: 16, align: 'right' },
        { header: 'Đã giải ngân (triệu đồng)', width: 16, align: 'right' },
        { header: 'Tỷ lệ giải ngân', width: 12, align: 'right' },
      ],
      rows: [
        ...s.bySource.map((b) => [
          FUNDING_SOURCE_LABELS[b.source],
          millions(s.plan.find((p) => p.source === b.source)?.amount ?? 0),
          millions(b.allocated),
          millions(b.disbursed),
          pct(b.rate),
        ]),
        [
          'Tổng cộng',
          millions(s.plan.reduce((a, p) => a + p.amount, 0)),
          millions(s.total.allocated),
          millions(s.total.disbursed),
          pct(s.total.rate),
        ],
      ],
      bold: [s.bySource.length],
    },
    { kind: 'heading', text: 'II. GIẢI NGÂN THEO ĐƠN VỊ' },
  ];
  if (s.byUnit.length)
    blocks.push({
      kind: 'table',
      columns: [
        { header: 'STT', width: 7, align: 'center' },
        { header: 'Đơn vị', width: 43 },
        { header: 'Được giao (triệu đồng)', width: 18, align: 'right' },
        { header: 'Đã giải ngân (triệu đồng)', width: 18, align: 'right' },
        { header: 'Tỷ lệ', width: 12, align: 'right' },
      ],
      rows: [...s.byUnit]
        .sort((a, b) => a.rate - b.rate)
        .map((u, i) => [i + 1, u.unit.name, millions(u.allocated), millions(u.disbursed), pct(u.rate)]),
    });
  else blocks.push({ kind: 'paragraph', text: `Chưa có khoản kinh phí nào được giao trong năm ${s.year}.` });
  blocks.push({ kind: 'heading', text: 'III. NHIỆM VỤ, DỰ ÁN GIẢI NGÂN CHẬM (DƯỚI 30%)' });
  blocks.push(
    lagging.length
      ? {
          kind: 'bullets',
          items: lagging
            .slice(0, 50)
            .map(
              (a) =>
                `${a.task ? `Nhiệm vụ ${a.task.code ? `${a.task.code}: ` : ''}${a.task.content}` : a.project} (${a.unit.shortName}): giao ${millions(a.amount)} triệu đồng, đã giải ngân ${pct(a.rate)}.`,
            ),
        }
      : { kind: 'paragraph', text: 'Không có nhiệm vụ, dự án nào giải ngân dưới 30%.' },
  );
  blocks.push(
    { kind: 'heading', text: 'IV. ĐỀ XUẤT' },
    {
      kind: 'paragraph',
      text: 'Đề nghị các đơn vị có tỷ lệ giải ngân thấp khẩn trương hoàn thiện thủ tục thanh toán, báo cáo rõ nguyên nhân và đề xuất điều chỉnh kế hoạch vốn nếu không có khả năng giải ngân hết trong năm.',
    },
  );
  return blocks;
}

export async function renderFundingDocx(db: Db, actor: Actor, month: string): Promise<Buffer> {
  const { period, summary } = await monthFigures(db, actor, month);
  const [province] = await db
    .select({ shortName: units.shortName, name: units.name, aliases: units.aliases })
    .from(units)
    .where(eq(units.id, actor.provinceId));
  return renderDecree30({
    governingBody: province?.aliases[0] ?? `UBND ${(province?.name ?? '').toLocaleUpperCase('vi')}`,
    issuingBody: 'SỞ TÀI CHÍNH',
    number: `Số:      /BC-${FINANCE_UNIT_CODE}`,
    placeDate: placeDate(province?.shortName ?? '', null),
    type: 'BÁO CÁO',
    summary: `Tình hình chi cho khoa học, công nghệ, đổi mới sáng tạo\nvà chuyển đổi số; tiến độ giải ngân ${period.label.toLocaleLowerCase('vi')}`,
    body: body(summary, period.label),
    signer: { authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC', name: '' },
    recipients: ['Ban Chỉ đạo tỉnh (b/c);', 'UBND tỉnh (b/c);', 'Sở Khoa học và Công nghệ (tổng hợp);', 'Lưu: VT.'],
    draft: true,
  });
}

export async function renderFundingXlsx(db: Db, actor: Actor, month: string): Promise<Buffer> {
  const { period, summary: s } = await monthFigures(db, actor, month);
  const rows: XlsxRow[] = [];
  let unit: string | null = null;
  for (const a of s.allocations) {
    if (a.unit.id !== unit) {
      unit = a.unit.id;
      rows.push({ section: a.unit.name });
    }
    rows.push([
      a.task ? `${a.task.code ? `${a.task.code}. ` : ''}${a.task.content}` : a.project,
      FUNDING_SOURCE_LABELS[a.source],
      a.amount / 1_000_000,
      a.disbursed / 1_000_000,
      a.rate,
      a.disbursements.map((d) => `${formatDate(d.on)}: ${millions(d.amount)}`).join('; '),
      a.note,
    ]);
  }
  return writeXlsx([
    {
      name: 'Theo nguồn',
      title: `TIẾN ĐỘ GIẢI NGÂN ${period.label.toLocaleUpperCase('vi')}`,
      subtitle: `(Số liệu tính đến ngày ${formatDate(s.asOf)}; đơn vị: triệu đồng)`,
      columns: [
        { header: 'Nguồn kinh phí', width: 40 },
        { header: 'Nhu cầu Đề án 2026–2030', width: 18 },
        { header: `Giao năm ${s.year}`, width: 16 },
        { header: 'Đã giải ngân', width: 16 },
        { header: 'Tỷ lệ (%)', width: 10 },
      ],
      rows: [
        ...s.bySource.map((b) => [
          FUNDING_SOURCE_LABELS[b.source],
          (s.plan.find((p) => p.source === b.source)?.amount ?? 0) / 1_000_000,
          b.allocated / 1_000_000,
          b.disbursed / 1_000_000,
          b.rate,
        ]),
        [
          'Tổng cộng',
          s.plan.reduce((a, p) => a + p.amount, 0) / 1_000_000,
          s.total.allocated / 1_000_000,
          s.total.disbursed / 1_000_000,
          s.total.rate,
        ],
      ],
    },
    {
      name: 'Theo khoản',
      title: `CÁC KHOẢN KINH PHÍ NĂM ${s.year}`,
      subtitle: '(đơn vị: triệu đồng)',
      columns: [
        { header: 'Nhiệm vụ, dự án', width: 55 },
        { header: 'Nguồn', width: 30 },
        { header: 'Được giao', width: 14 },
        { header: 'Đã giải ngân', width: 14 },
        { header: 'Tỷ lệ (%)', width: 10 },
        { header: 'Các lần giải ngân', width: 36 },
        { header: 'Ghi chú', width: 24 },
      ],
      rows,
      landscape: true,
    },
  ]);
}
