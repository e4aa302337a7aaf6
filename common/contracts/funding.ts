import { FUNDING_SOURCES } from '../domain/funding.ts';
import { UnitRef } from './tasks.ts';
import { Id, IsoDate, z } from './z.ts';

/** Money in đồng: a whole, positive number (DESIGN.md: stored in đồng, shown in triệu đồng). */
export const Money = z
  .number({ error: 'Số tiền phải là một số (đồng).' })
  .int('Số tiền tính bằng đồng, không có phần lẻ.')
  .positive('Số tiền phải lớn hơn 0.')
  .max(Number.MAX_SAFE_INTEGER, 'Số tiền quá lớn. Hãy kiểm tra lại đơn vị (đồng).');

export const Disbursement = z.object({ id: Id, on: IsoDate, amount: z.number(), note: z.string() });

export const Allocation = z.object({
  id: Id,
  year: z.number().int(),
  source: z.enum(FUNDING_SOURCES),
  unit: UnitRef,
  task: z.object({ id: Id, code: z.string(), content: z.string() }).nullable(),
  project: z.string(),
  amount: z.number(),
  note: z.string(),
  /** paid out up to the day asked (today by default) */
  disbursed: z.number(),
  rate: z.number(),
  version: z.number().int(),
  disbursements: z.array(Disbursement),
});
export type Allocation = z.infer<typeof Allocation>;

const Figures = { allocated: z.number(), disbursed: z.number(), rate: z.number() };

export const FundingSummary = z.object({
  year: z.number().int(),
  asOf: IsoDate,
  /** the Đề án's needs for 2026–2030 by source (002 Part 3 §II) */
  plan: z.array(z.object({ source: z.enum(FUNDING_SOURCES), amount: z.number() })),
  total: z.object(Figures),
  bySource: z.array(z.object({ source: z.enum(FUNDING_SOURCES), ...Figures })),
  byUnit: z.array(z.object({ unit: UnitRef, ...Figures })),
  byTask: z.array(z.object({ task: z.object({ id: Id, code: z.string(), content: z.string() }), ...Figures })),
  allocations: z.array(Allocation),
});
export type FundingSummary = z.infer<typeof FundingSummary>;

export const FundingQuery = z.strictObject({
  year: z.coerce.number().int().min(2020).max(2035).optional(),
  asOf: IsoDate.optional(),
});

export const AllocationCreate = z
  .strictObject({
    year: z.number().int().min(2026, 'Đề án thực hiện từ năm 2026.').max(2030, 'Đề án thực hiện đến năm 2030.'),
    source: z.enum(FUNDING_SOURCES),
    unitId: Id,
    taskId: Id.nullable().default(null),
    project: z.string().trim().max(500).default(''),
    amount: Money,
    note: z.string().trim().max(2000).default(''),
  })
  .refine((a) => a.taskId || a.project, { message: 'Hãy chọn nhiệm vụ hoặc ghi tên dự án.', path: ['project'] });
export type AllocationCreate = z.infer<typeof AllocationCreate>;

export const DisbursementCreate = z.strictObject({
  on: IsoDate,
  amount: Money,
  note: z.string().trim().max(2000).default(''),
  /** the allocation's version last read: two people paying at once, one is told to reload */
  version: z.number().int().min(1),
});
export type DisbursementCreate = z.infer<typeof DisbursementCreate>;

export const AllocationParams = z.object({ id: Id });
export const FundingReportQuery = z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng có dạng 2026-10.') });

/** What an allocation may be for: units and tasks matching the words typed. */
export const FundingOptions = z.object({
  /** the caller keeps every unit's funding (Sở Tài chính) */
  finance: z.boolean(),
  units: z.array(UnitRef),
  tasks: z.array(z.object({ id: Id, code: z.string(), content: z.string() })),
});
export type FundingOptions = z.infer<typeof FundingOptions>;
export const FundingOptionsQuery = z.strictObject({ q: z.string().max(200).default('') });
