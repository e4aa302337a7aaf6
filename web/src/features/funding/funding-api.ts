import { type QueryClient, useQuery } from '@tanstack/react-query';
import type { Allocation, AllocationCreate, DisbursementCreate, FundingOptions, FundingSummary } from '#common/contracts/funding.ts';
import { millions } from '#common/domain/funding.ts';
import { vietnamDay } from '#common/domain/iso-date.ts';
import { PROVINCE_WIDE_ROLES } from '#common/permissions.ts';
import { api, withQuery } from '../../lib/api.ts';
import { useSession } from '../../lib/session.ts';

export type { Allocation, FundingSummary };

/** The Đề án runs 2026–2030 (002 Part 3 §II): allocations exist only for those years. */
export const FIRST_YEAR = 2026;
export const LAST_YEAR = 2030;
export const YEARS = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);

// Every key starts with 'funding', so one invalidation refreshes the whole page after a write.
export const FUNDING_KEY = ['funding'] as const;
export const fundingKey = (year: number, asOf: string) => ['funding', 'summary', year, asOf] as const;

export const fetchFunding = (year: number, asOf: string) => api<FundingSummary>('/api/funding', { query: { year, asOf } });

export const reportHref = (kind: 'docx' | 'xlsx', month: string) => withQuery(`/api/funding/report.${kind}`, { month });

export const createAllocation = (body: AllocationCreate) => api<{ ok: true }>('/api/funding/allocations', { method: 'POST', body });

export const createDisbursement = (allocationId: string, body: DisbursementCreate) =>
  api<{ ok: true }>(`/api/funding/allocations/${allocationId}/disbursements`, { method: 'POST', body });

/** After a write every figure moves (totals, sources, units, tasks): refetch them all. */
export const afterFundingChange = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: FUNDING_KEY });

/** Today in Việt Nam, the day the server judges "not in the future" by. */
export const todayIso = (): string => vietnamDay();

/** The current year clamped into the Đề án's years: before 2026 the page opens on 2026. */
export function defaultYear(): number {
  return Math.min(LAST_YEAR, Math.max(FIRST_YEAR, Number(todayIso().slice(0, 4))));
}

/** "2026-10-05" → "05/10/2026". */
export const fmtDate = (iso: string): string => iso.slice(0, 10).split('-').reverse().join('/');

/** Đồng → triệu đồng as Vietnamese reports write it ("1.234,5"). */
export const fmtMillions = (dong: number): string => millions(dong);

/** Whole đồng with Vietnamese thousands separators: "1.250.000". */
export const fmtDong = (dong: number): string => dong.toLocaleString('vi-VN', { maximumFractionDigits: 0 });

/** Đồng → triệu đồng without rounding away small amounts: the form's hint must show what was typed. */
export const exactMillions = (dong: number): string => (dong / 1_000_000).toLocaleString('vi-VN', { maximumFractionDigits: 6 });

/** A rate with one decimal, the Vietnamese way: "45,0%". */
export const fmtRate = (rate: number): string => `${rate.toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;

/**
 * Who may see and enter what. The server decides; the page only mirrors it: Sở Tài chính
 * (unit code STC) allocates to any unit, other units only to themselves.
 */
export const fetchFundingOptions = (q: string) => api<FundingOptions>('/api/funding/options', { query: { q: q || undefined } });

export function useFundingScope() {
  const me = useSession();
  // The server says whether the caller keeps every unit's funding (Sở Tài chính).
  const options = useQuery({
    queryKey: ['funding', 'options', ''],
    queryFn: () => fetchFundingOptions(''),
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });
  const canEnter = me.permissions.includes('enter:funding');
  const isFinance = options.data?.finance ?? false;
  return {
    canEnter,
    isFinance,
    /** the own unit is known: until then the allocation form cannot tell whether to offer every unit */
    ready: !options.isPending,
    /** sees every unit's funding: province-wide roles read it, Sở Tài chính keeps it */
    seesAll: PROVINCE_WIDE_ROLES.includes(me.user.role) || isFinance,
    unitId: me.user.unitId,
    unitName: me.user.unitName,
  };
}
