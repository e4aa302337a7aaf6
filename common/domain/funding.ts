/**
 * Funding of the programme (Đề án 002 Part 3 §II): the sources, money in đồng as integers
 * (DESIGN.md glossary; shown in triệu đồng), and disbursement rates.
 */
export const FUNDING_SOURCES = ['central', 'provincial_investment', 'provincial_recurrent', 'non_budget'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export const FUNDING_SOURCE_LABELS: Record<FundingSource, string> = {
  central: 'Ngân sách trung ương',
  provincial_investment: 'Ngân sách tỉnh – chi đầu tư phát triển',
  provincial_recurrent: 'Ngân sách tỉnh – chi thường xuyên',
  non_budget: 'Nguồn ngoài ngân sách',
};

/** The state budget's sources (central and provincial); the rest is raised outside it. */
export const BUDGET_SOURCES: readonly FundingSource[] = ['central', 'provincial_investment', 'provincial_recurrent'];

export const MILLION = 1_000_000;

/** Đồng → "1.234,5" triệu đồng, as Vietnamese reports write money. */
export function millions(dong: number): string {
  return (dong / MILLION).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
}

/** Disbursed ÷ allocated, in percent to one decimal; 0 when nothing is allocated. */
export function disbursementRate(disbursed: number, allocated: number): number {
  return allocated > 0 ? Math.round((disbursed / allocated) * 1000) / 10 : 0;
}
