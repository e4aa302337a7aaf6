import { FREQUENCIES } from '../domain/period.ts';
import { TASK_STATUSES } from '../domain/status.ts';
import { StoredFile } from './files.ts';
import { TaskParty, UnitRef, UPDATE_CLAIMS } from './tasks.ts';
import { Id, IsoDate, text, z } from './z.ts';

const Version = z.number().int().min(1);

// ——— Regimes and periods (Decree 09/2019 Art. 12) ———

export const ReportRegime = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  frequency: z.enum(FREQUENCIES),
  cutoffDay: z.number().int(),
  dueDay: z.number().int(),
  /** where the deadline comes from ("KH 35/KH-UBND §III.2: trước ngày 20 hằng tháng") */
  source: z.string(),
  /** periods ending on or after this day are opened */
  activeFrom: IsoDate,
  /** a period closes this many days after its due day; late reports are taken until then */
  closeAfterDays: z.number().int(),
  units: z.array(UnitRef),
  active: z.boolean(),
  version: z.number().int(),
});
export type ReportRegime = z.infer<typeof ReportRegime>;

const RegimeFields = {
  name: text(300),
  frequency: z.enum(FREQUENCIES),
  cutoffDay: z.number().int().min(1).max(28),
  dueDay: z.number().int().min(1).max(28),
  source: z.string().trim().max(500),
  activeFrom: IsoDate,
  closeAfterDays: z.number().int().min(0).max(366),
  unitIds: z.array(Id).min(1, 'Hãy chọn ít nhất một đơn vị phải báo cáo.').max(2000),
};
/** Decree 09 Art. 12: the submission day falls after the data cut-off. */
export const DUE_AFTER_CUTOFF = 'Hạn gửi báo cáo phải sau ngày chốt số liệu (Nghị định 09/2019/NĐ-CP, Điều 12).';
export const RegimeCreate = z
  .strictObject({
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9-]{2,40}$/, 'Mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang.'),
    ...RegimeFields,
    cutoffDay: RegimeFields.cutoffDay.default(14),
    source: RegimeFields.source.default(''),
    closeAfterDays: RegimeFields.closeAfterDays.default(30),
  })
  .refine((r) => r.dueDay > r.cutoffDay, { message: DUE_AFTER_CUTOFF, path: ['dueDay'] });
export type RegimeCreate = z.infer<typeof RegimeCreate>;
/** The fields to change, at the version read; the due day is checked against the cut-off as they will stand. */
export const RegimeEdit = z
  .strictObject({ version: Version, active: z.boolean(), ...RegimeFields })
  .partial()
  .required({ version: true });
export type RegimeEdit = z.infer<typeof RegimeEdit>;

export const PERIOD_STATES = ['open', 'closed'] as const;
export const PERIOD_STATE_LABELS: Record<(typeof PERIOD_STATES)[number], string> = { open: 'Đang mở', closed: 'Đã khóa' };

/** DHIS2's reporting rates: actual / expected, and on time / expected, in percent (one decimal). */
export const ReportingRates = z.object({
  expected: z.number().int(),
  submitted: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int(),
  /** not submitted, not yet due */
  pending: z.number().int(),
  completeness: z.number(),
  timeliness: z.number(),
});
export type ReportingRates = z.infer<typeof ReportingRates>;

export const Period = z.object({
  id: Id,
  regimeId: Id,
  regimeName: z.string(),
  frequency: z.enum(FREQUENCIES),
  key: z.string(),
  label: z.string(),
  start: IsoDate,
  end: IsoDate,
  due: IsoDate,
  state: z.enum(PERIOD_STATES),
  rates: ReportingRates,
});
export type Period = z.infer<typeof Period>;
export const PeriodList = z.array(Period);
export const PeriodListQuery = z.strictObject({ regimeId: Id.optional(), year: z.coerce.number().int().min(2000).max(2100).optional() });

/** An ad hoc period (đột xuất): the coordinator gives its dates. */
export const AdHocPeriodCreate = z
  .strictObject({ regimeId: Id, label: text(200), start: IsoDate, end: IsoDate, due: IsoDate })
  .refine((p) => p.start <= p.end, { message: 'Ngày bắt đầu phải trước ngày chốt số liệu.', path: ['end'] })
  .refine((p) => p.due > p.end, { message: 'Hạn gửi phải sau ngày chốt số liệu.', path: ['due'] });

export const SUBMISSION_STATES = ['on_time', 'late', 'missing', 'pending'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];
export const SUBMISSION_STATE_LABELS: Record<SubmissionState, string> = {
  on_time: 'Đúng hạn',
  late: 'Muộn',
  missing: 'Chưa gửi (quá hạn)',
  pending: 'Chưa gửi',
};

export const UNIT_REPORT_STATES = ['none', 'draft', 'submitted', 'returned', 'accepted'] as const;
export const UNIT_REPORT_STATE_LABELS: Record<(typeof UNIT_REPORT_STATES)[number], string> = {
  none: 'Chưa lập',
  draft: 'Đang soạn',
  submitted: 'Đã gửi, chờ tiếp nhận',
  returned: 'Bị trả lại',
  accepted: 'Đã tiếp nhận',
};

/** One unit's row on a period: where its report stands and whether it came on time. */
export const PeriodUnit = z.object({
  unit: UnitRef,
  reportId: Id.nullable(),
  state: z.enum(UNIT_REPORT_STATES),
  submission: z.enum(SUBMISSION_STATES),
  submittedOn: IsoDate.nullable(),
});
export const PeriodDetail = Period.extend({ units: z.array(PeriodUnit) });
export type PeriodDetail = z.infer<typeof PeriodDetail>;

export const PeriodParams = z.strictObject({ id: Id });

// ——— Unit reports ———

/** A task update of the period, as the unit report gathers it. */
export const GatheredUpdate = z.object({
  taskId: Id,
  taskCode: z.string(),
  taskContent: z.string(),
  role: z.enum(['lead', 'support']),
  /** the monthly period of the update (a quarter gathers three) */
  period: z.string(),
  claim: z.enum(UPDATE_CLAIMS),
  percent: z.number().int(),
  result: z.string(),
  obstacles: z.string(),
  proposals: z.string(),
  fileCount: z.number().int(),
});
export type GatheredUpdate = z.infer<typeof GatheredUpdate>;

/** A task the unit leads that has no update in the period: the report shows the gap. */
export const TaskWithoutUpdate = z.object({ taskId: Id, taskCode: z.string(), taskContent: z.string() });

export const UnitReport = z.object({
  id: Id.nullable(),
  period: Period.omit({ rates: true }),
  unit: UnitRef,
  state: z.enum(UNIT_REPORT_STATES),
  submission: z.enum(SUBMISSION_STATES),
  summary: z.string(),
  obstacles: z.string(),
  proposals: z.string(),
  /** the updates: live while the report is a draft, as submitted once it is locked */
  updates: z.array(GatheredUpdate),
  withoutUpdate: z.array(TaskWithoutUpdate),
  preparedByName: z.string().nullable(),
  submittedByName: z.string().nullable(),
  firstSubmittedOn: IsoDate.nullable(),
  submittedAt: z.string().nullable(),
  reviewComment: z.string(),
  reviewedAt: z.string().nullable(),
  version: z.number().int(),
});
export type UnitReport = z.infer<typeof UnitReport>;

export const UnitReportParams = z.strictObject({ periodId: Id, unitId: Id });
export const UnitReportDraft = z.strictObject({
  /** absent when the report is first saved */
  version: Version.optional(),
  summary: z.string().trim().max(20000).default(''),
  obstacles: z.string().trim().max(10000).default(''),
  proposals: z.string().trim().max(10000).default(''),
});
export type UnitReportDraft = z.infer<typeof UnitReportDraft>;
export const UnitReportSubmit = z.strictObject({ version: Version });
export const UnitReportReview = z.strictObject({
  version: Version,
  decision: z.enum(['accept', 'return']),
  comment: z.string().trim().max(2000).default(''),
});

// ——— Consolidated reports (báo cáo tổng hợp) ———

export const PlanFigures = z.object({
  documentId: Id.nullable(),
  symbol: z.string(),
  title: z.string(),
  total: z.number().int(),
  /** due by the cut-off (or done already) */
  due: z.number().int(),
  doneOnTime: z.number().int(),
  doneLate: z.number().int(),
  overdue: z.number().int(),
  inProgress: z.number().int(),
  notStarted: z.number().int(),
  /** mean progress of the plan's tasks, percent */
  percent: z.number(),
});
export type PlanFigures = z.infer<typeof PlanFigures>;

export const SectionFigures = z.object({
  documentId: Id.nullable(),
  symbol: z.string(),
  section: z.string(),
  total: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
  percent: z.number(),
});

export const OverdueTask = z.object({
  taskId: Id,
  code: z.string(),
  content: z.string(),
  documentSymbol: z.string(),
  leads: z.array(z.string()),
  due: IsoDate,
  daysLate: z.number().int(),
  /** the lead unit's obstacles in its latest update, or "" */
  reason: z.string(),
});
export type OverdueTask = z.infer<typeof OverdueTask>;

export const UnitNote = z.object({ unit: z.string(), text: z.string() });

/** The figures a consolidated report is drafted from; frozen into the report when it is issued. */
export const ReportData = z.object({
  asOf: IsoDate,
  generatedOn: IsoDate,
  plans: z.array(PlanFigures),
  totals: PlanFigures.omit({ documentId: true, symbol: true, title: true }),
  sections: z.array(SectionFigures),
  overdue: z.array(OverdueTask),
  rates: ReportingRates,
  /** units that have not submitted */
  missingUnits: z.array(z.string()),
  lateUnits: z.array(z.string()),
  obstacles: z.array(UnitNote),
  proposals: z.array(UnitNote),
  /** tasks due in the 30 days after the cut-off */
  dueNext: z.array(OverdueTask.omit({ daysLate: true, reason: true })),
});
export type ReportData = z.infer<typeof ReportData>;

export const NARRATIVE_PARTS = ['overview', 'overdue', 'reporting', 'obstacles', 'next'] as const;
export const NARRATIVE_LABELS: Record<(typeof NARRATIVE_PARTS)[number], string> = {
  overview: 'I. Kết quả thực hiện',
  overdue: 'II. Nhiệm vụ chậm tiến độ',
  reporting: 'III. Tình hình báo cáo của các đơn vị',
  obstacles: 'IV. Khó khăn, vướng mắc và đề xuất',
  next: 'V. Nhiệm vụ trọng tâm kỳ tới',
};
export const Narrative = z.object(
  Object.fromEntries(NARRATIVE_PARTS.map((p) => [p, z.string().max(20000)])) as Record<(typeof NARRATIVE_PARTS)[number], z.ZodString>,
);
export type Narrative = z.infer<typeof Narrative>;

export const Signer = z.object({
  authority: z.string().trim().max(100),
  title: z.string().trim().max(100),
  name: z.string().trim().max(100),
});

export const CONSOLIDATED_STATES = ['draft', 'issued'] as const;
export const CONSOLIDATED_STATE_LABELS: Record<(typeof CONSOLIDATED_STATES)[number], string> = { draft: 'Dự thảo', issued: 'Đã ban hành' };

export const ConsolidatedReport = z.object({
  id: Id,
  period: Period.omit({ rates: true }),
  state: z.enum(CONSOLIDATED_STATES),
  /** "12/BC-SKHCN" once issued; "" for a draft */
  symbol: z.string(),
  summary: z.string(),
  narrative: Narrative,
  recipients: z.array(z.string()),
  signer: Signer,
  data: ReportData,
  issuedOn: IsoDate.nullable(),
  issuedByName: z.string().nullable(),
  docxFile: StoredFile.nullable(),
  xlsxFile: StoredFile.nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type ConsolidatedReport = z.infer<typeof ConsolidatedReport>;

export const ConsolidatedSummary = ConsolidatedReport.pick({
  id: true,
  state: true,
  symbol: true,
  summary: true,
  issuedOn: true,
  version: true,
}).extend({
  periodLabel: z.string(),
  regimeName: z.string(),
});
export const ConsolidatedList = z.array(ConsolidatedSummary);
export const ConsolidatedParams = z.strictObject({ id: Id });
export const ConsolidatedCreate = z.strictObject({ periodId: Id });
export const ConsolidatedEdit = z.strictObject({
  version: Version,
  summary: text(500).optional(),
  narrative: Narrative.optional(),
  recipients: z.array(text(300)).min(1).max(30).optional(),
  signer: Signer.optional(),
});
export const ConsolidatedAction = z.strictObject({ version: Version });

// ——— Explanation requests (yêu cầu giải trình) ———

export const EXPLANATION_STATES = ['open', 'answered'] as const;
export const EXPLANATION_STATE_LABELS: Record<(typeof EXPLANATION_STATES)[number], string> = {
  open: 'Chờ giải trình',
  answered: 'Đã giải trình',
};

export const Explanation = z.object({
  id: Id,
  task: z.object({ id: Id, code: z.string(), content: z.string(), documentSymbol: z.string() }),
  unit: UnitRef,
  question: z.string(),
  dueOn: IsoDate,
  requestedByName: z.string(),
  requestedAt: z.string(),
  state: z.enum(EXPLANATION_STATES),
  answer: z.string(),
  files: z.array(StoredFile),
  answeredByName: z.string().nullable(),
  answeredAt: z.string().nullable(),
  version: z.number().int(),
});
export type Explanation = z.infer<typeof Explanation>;
export const ExplanationList = z.array(Explanation);
export const ExplanationListQuery = z.strictObject({ state: z.enum(EXPLANATION_STATES).optional(), taskId: Id.optional() });
export const ExplanationParams = z.strictObject({ id: Id });
export const ExplanationCreate = z.strictObject({
  question: text(3000),
  /** the answer is due in this many working days */
  dueInWorkingDays: z.number().int().min(1).max(30).default(5),
});
export const ExplanationAnswer = z.strictObject({
  version: Version,
  answer: text(10000),
  fileIds: z.array(Id).min(1, 'Hãy đính kèm ít nhất một tệp minh chứng.').max(20),
});

// ——— The leaders' dashboard ———

export const DashboardQuery = z.strictObject({
  documentId: Id.optional(),
  section: z.string().max(500).optional(),
  unitId: Id.optional(),
  /** a monthly period ("2026-04"): figures as at its cut-off; today when absent */
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Kỳ báo cáo có dạng YYYY-MM, ví dụ 2026-04')
    .optional(),
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;

export const StatusCounts = z.object(
  Object.fromEntries(TASK_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof TASK_STATUSES)[number], z.ZodNumber>,
);
export type StatusCounts = z.infer<typeof StatusCounts>;

export const TaskBrief = z.object({
  id: Id,
  code: z.string(),
  content: z.string(),
  documentSymbol: z.string(),
  leads: z.array(z.string()),
  due: IsoDate,
  /** days past due (overdue list) or days left (due soon) */
  days: z.number().int(),
  openExplanation: z.boolean(),
});
export type TaskBrief = z.infer<typeof TaskBrief>;

export const Dashboard = z.object({
  asOf: IsoDate,
  period: z.object({ key: z.string(), label: z.string(), start: IsoDate, end: IsoDate, due: IsoDate }).nullable(),
  total: z.number().int(),
  byStatus: StatusCounts,
  /** lead units (and group phrases) with their tasks by status, most tasks first */
  byUnit: z.array(z.object({ unit: TaskParty, counts: StatusCounts, total: z.number().int() })),
  /** units ranked by on-time completion and by the timeliness of their monthly reports */
  ranking: z.array(
    z.object({
      unit: UnitRef,
      due: z.number().int(),
      doneOnTime: z.number().int(),
      onTimeRate: z.number(),
      reportsExpected: z.number().int(),
      reportsOnTime: z.number().int(),
      timeliness: z.number(),
    }),
  ),
  overdue: z.array(TaskBrief),
  overdueTotal: z.number().int(),
  dueSoon: z.array(TaskBrief),
  dueSoonTotal: z.number().int(),
  /** the last 12 monthly periods up to the one shown */
  trend: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      completed: z.number().int(),
      completedLate: z.number().int(),
      fellDue: z.number().int(),
      completeness: z.number(),
      timeliness: z.number(),
    }),
  ),
  plans: z.array(PlanFigures),
});
export type Dashboard = z.infer<typeof Dashboard>;
