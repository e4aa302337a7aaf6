import { DEADLINE_KINDS, RECURRENCE_UNITS } from '../domain/deadline.ts';
import { OCCURRENCE_RESULTS, TASK_STATUSES } from '../domain/status.ts';
import { DocumentRef } from './documents.ts';
import { StoredFile } from './files.ts';
import { Id, IsoDate, PageQuery, pageOf, text, z } from './z.ts';

export const TASK_STATES = ['open', 'done_proposed', 'done', 'paused', 'cancelled'] as const;
export const TASK_STATE_LABELS: Record<(typeof TASK_STATES)[number], string> = {
  open: 'Đang theo dõi',
  done_proposed: 'Đơn vị đề xuất hoàn thành',
  done: 'Đã xác nhận hoàn thành',
  paused: 'Tạm dừng',
  cancelled: 'Hủy',
};
export const UPDATE_CLAIMS = ['not_started', 'in_progress', 'done'] as const;
export const UPDATE_CLAIM_LABELS: Record<(typeof UPDATE_CLAIMS)[number], string> = {
  not_started: 'Chưa triển khai',
  in_progress: 'Đang thực hiện',
  done: 'Đã hoàn thành',
};
export const UPDATE_STATES = ['submitted', 'returned', 'accepted'] as const;
export const UPDATE_STATE_LABELS: Record<(typeof UPDATE_STATES)[number], string> = {
  submitted: 'Chờ tiếp nhận',
  returned: 'Bị trả lại',
  accepted: 'Đã tiếp nhận',
};
export const ADJUSTMENT_STATES = ['requested', 'approved', 'rejected'] as const;
export const ADJUSTMENT_STATE_LABELS: Record<(typeof ADJUSTMENT_STATES)[number], string> = {
  requested: 'Chờ quyết định',
  approved: 'Đã chấp thuận',
  rejected: 'Không chấp thuận',
};

export const Deadline = z.object({
  kind: z.enum(DEADLINE_KINDS),
  start: IsoDate.nullable(),
  due: IsoDate.nullable(),
  recurrence: z
    .object({ every: z.enum(RECURRENCE_UNITS), month: z.number().int().optional(), day: z.number().int().optional() })
    .nullable(),
  ongoing: z.boolean(),
  text: z.string(),
  needsReview: z.boolean(),
});

export const UnitRef = z.object({ id: Id, name: z.string(), shortName: z.string() });
/** A lead or support: a unit, or a group phrase ("UBND các xã, phường") when `group`. */
export const TaskParty = UnitRef.extend({ group: z.boolean() });
export type UnitRef = z.infer<typeof UnitRef>;

export const TaskRole = z.enum(['lead', 'support']);

/** A task as lists show it; status is computed as of today (Asia/Ho_Chi_Minh). */
export const TaskSummary = z.object({
  id: Id,
  documentId: Id.nullable(),
  code: z.string(),
  section: z.string(),
  position: z.number().int(),
  parentId: Id.nullable(),
  content: z.string(),
  deliverable: z.string(),
  deadline: Deadline,
  originalDeadline: Deadline,
  dueOn: IsoDate.nullable(),
  leads: z.array(TaskParty),
  supports: z.array(TaskParty),
  documents: z.array(DocumentRef),
  tags: z.array(z.string()),
  responsiblePerson: z.string(),
  state: z.enum(TASK_STATES),
  status: z.enum(TASK_STATUSES),
  lateAgainstOriginal: z.boolean(),
  needsReview: z.boolean(),
  percent: z.number().int(),
  proposedDoneOn: IsoDate.nullable(),
  completedOn: IsoDate.nullable(),
  /** the caller's unit's part in the task, if any */
  myRole: TaskRole.nullable(),
  version: z.number().int(),
});
export type TaskSummary = z.infer<typeof TaskSummary>;

export const UpdateRevision = z.object({
  revision: z.number().int(),
  action: z.enum(UPDATE_STATES),
  comment: z.string(),
  actorName: z.string(),
  at: z.string(),
  /** the update as it stood at that moment */
  snapshot: z.object({
    claim: z.enum(UPDATE_CLAIMS),
    percent: z.number().int(),
    result: z.string(),
    obstacles: z.string(),
    proposals: z.string(),
    fileIds: z.array(Id),
  }),
});

export const TaskUpdate = z.object({
  id: Id,
  taskId: Id,
  unit: UnitRef,
  role: TaskRole,
  period: z.string(),
  periodLabel: z.string(),
  claim: z.enum(UPDATE_CLAIMS),
  percent: z.number().int(),
  result: z.string(),
  obstacles: z.string(),
  proposals: z.string(),
  files: z.array(StoredFile),
  mergedIds: z.array(Id),
  state: z.enum(UPDATE_STATES),
  reviewComment: z.string(),
  submittedByName: z.string(),
  submittedAt: z.string(),
  reviewedAt: z.string().nullable(),
  revision: z.number().int(),
  revisions: z.array(UpdateRevision),
  version: z.number().int(),
});
export type TaskUpdate = z.infer<typeof TaskUpdate>;

export const DeadlineAdjustment = z.object({
  id: Id,
  state: z.enum(ADJUSTMENT_STATES),
  fromDeadline: Deadline,
  toDeadline: Deadline,
  reason: z.string(),
  unit: UnitRef.nullable(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string(),
  decidingSymbol: z.string(),
  decidingDate: IsoDate.nullable(),
});
export type DeadlineAdjustment = z.infer<typeof DeadlineAdjustment>;

export const OccurrenceJudgement = z.object({
  start: IsoDate,
  due: IsoDate,
  end: IsoDate,
  result: z.enum(OCCURRENCE_RESULTS),
  reportedOn: IsoDate.nullable(),
});

/** Another plan's task that is the same work (DESIGN.md rule 8): confirmed, or proposed (coordinators only). */
export const LinkedTask = z.object({
  task: TaskSummary,
  state: z.enum(['proposed', 'confirmed']),
  linkId: Id,
  /** text similarity of the pair, in percent */
  similarity: z.number().int(),
});
export type LinkedTask = z.infer<typeof LinkedTask>;

export const Task = TaskSummary.extend({
  leadText: z.string(),
  supportText: z.string(),
  document: DocumentRef.nullable(),
  children: z.array(TaskSummary),
  adjustments: z.array(DeadlineAdjustment),
  /**
   * lead updates and support contributions the caller may see, newest period first; with those
   * of its confirmed linked tasks (one shared progress), told apart by `taskId`
   */
  updates: z.array(TaskUpdate),
  /** evidence filed with the proposal of completion */
  doneFiles: z.array(StoredFile),
  doneNote: z.string(),
  /** recurring duties: each period up to today, done, late or missing */
  occurrences: z.array(OccurrenceJudgement),
  /** the period a unit reports for today (Decree 09/2019, before the 20th) */
  currentPeriod: z.object({ key: z.string(), label: z.string(), start: IsoDate, end: IsoDate, due: IsoDate }),
  /** the same work in other plans, within the caller's scope; `documents` includes their assigning documents */
  linked: z.array(LinkedTask),
});
export type Task = z.infer<typeof Task>;

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item)).optional();

export const TaskListQuery = PageQuery.extend({
  q: z.string().max(200).optional(),
  /** tasks in which this unit takes part */
  unitId: Id.optional(),
  /** with unitId or groupId: only as lead, or only as support */
  unitRole: TaskRole.optional(),
  /** tasks that name this group phrase ("UBND các xã, phường") */
  groupId: Id.optional(),
  /** statuses as at this day (a dashboard drilled down at a period's cut-off); today by default */
  asOf: IsoDate.optional(),
  /** comma-separated statuses */
  status: csv(z.enum(TASK_STATUSES)),
  documentId: Id.optional(),
  section: z.string().max(500).optional(),
  dueFrom: IsoDate.optional(),
  dueTo: IsoDate.optional(),
  tag: z.string().max(100).optional(),
  /** only the caller's unit's tasks */
  mine: z.enum(['1', '0']).optional(),
  /** tasks whose deadline needs a person's look */
  needsReview: z.enum(['1', '0']).optional(),
  sort: z.enum(['document', 'due']).default('document'),
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;
export const TaskPage = pageOf(TaskSummary);

export const TaskParams = z.strictObject({ id: Id });
export const TaskUpdateParams = z.strictObject({ id: Id, updateId: Id });
export const TaskAdjustmentParams = z.strictObject({ id: Id, adjustmentId: Id });
export const TaskPeriodParams = z.strictObject({
  id: Id,
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Kỳ báo cáo có dạng YYYY-MM, ví dụ 2026-05'),
});

const Tags = z.array(text(100)).max(20);
const Version = z.number().int().min(1);

const Code = z.string().trim().max(50);
const Section = z.string().trim().max(500);
const Position = z.number().int().min(0).max(100000);
const Deliverable = z.string().trim().max(2000);
const UnitIds = z.array(Id).max(500);
const GroupIds = z.array(Id).max(20);
const NO_LEAD = { message: 'Hãy chọn ít nhất một cơ quan chủ trì.', path: ['leadUnitIds'] };
const DocumentIds = z.array(Id).max(20);
const Person = z.string().trim().max(200);

/** The manual form: a deadline must be readable here (an importer may keep unreadable ones for review). */
export const TaskCreate = z
  .strictObject({
    documentId: Id.nullable().optional(),
    code: Code.default(''),
    section: Section.default(''),
    position: Position.default(0),
    parentId: Id.nullable().optional(),
    content: text(5000),
    deliverable: Deliverable.default(''),
    deadlineText: text(300),
    leadUnitIds: UnitIds.default([]),
    supportUnitIds: UnitIds.default([]),
    /** group phrases as lead or support ("Các sở, ban, ngành, địa phương") */
    leadGroupIds: GroupIds.default([]),
    supportGroupIds: GroupIds.default([]),
    documentIds: DocumentIds.default([]),
    tags: Tags.default([]),
    responsiblePerson: Person.default(''),
  })
  .refine((t) => t.leadUnitIds.length + t.leadGroupIds.length > 0, NO_LEAD);
export type TaskCreate = z.infer<typeof TaskCreate>;

/** A partial edit: an absent field is left as it is (no create-time defaults here). */
export const TaskEdit = z.strictObject({
  version: Version,
  documentId: Id.nullable().optional(),
  code: Code.optional(),
  section: Section.optional(),
  position: Position.optional(),
  parentId: Id.nullable().optional(),
  content: text(5000).optional(),
  deliverable: Deliverable.optional(),
  deadlineText: text(300).optional(),
  leadUnitIds: UnitIds.optional(),
  supportUnitIds: UnitIds.optional(),
  leadGroupIds: GroupIds.optional(),
  supportGroupIds: GroupIds.optional(),
  documentIds: DocumentIds.optional(),
  tags: Tags.optional(),
  responsiblePerson: Person.optional(),
});
export type TaskEdit = z.infer<typeof TaskEdit>;

export const TaskStateChange = z.strictObject({ version: Version, reason: z.string().trim().max(2000).default('') });

export const ProposeDone = z.strictObject({
  version: Version,
  completedOn: IsoDate,
  note: z.string().trim().max(5000).default(''),
  fileIds: z.array(Id).min(1, 'Hãy đính kèm ít nhất một tệp minh chứng.').max(20),
});
export const ConfirmDone = z.strictObject({ version: Version });
export const RejectDone = z.strictObject({ version: Version, comment: text(2000) });

export const AdjustmentRequest = z.strictObject({ deadlineText: text(300), reason: text(2000) });
export const AdjustmentDecision = z.strictObject({
  decision: z.enum(['approved', 'rejected']),
  note: z.string().trim().max(2000).default(''),
  /** the deciding document; required when approving */
  decidingSymbol: z.string().trim().max(100).default(''),
  decidingDate: IsoDate.nullable().default(null),
});
/** The coordinator records an adjustment decided elsewhere (004 Phụ lục II), in one step. */
export const AdjustmentRecord = z.strictObject({
  deadlineText: text(300),
  reason: text(2000),
  decidingSymbol: text(100),
  decidingDate: IsoDate,
});

export const UpdateSubmit = z
  .strictObject({
    /** absent for a first submission; the loaded version when editing */
    version: Version.optional(),
    claim: z.enum(UPDATE_CLAIMS),
    percent: z.number().int().min(0).max(100),
    result: z.string().trim().max(10000).default(''),
    obstacles: z.string().trim().max(5000).default(''),
    proposals: z.string().trim().max(5000).default(''),
    fileIds: z.array(Id).max(20).default([]),
    mergedIds: z.array(Id).max(100).default([]),
  })
  .refine((u) => u.claim !== 'not_started' || u.percent === 0, {
    message: 'Đã có tiến độ thì hãy chọn "Đang thực hiện" (hoặc đặt tỷ lệ về 0%).',
    path: ['percent'],
  })
  .refine((u) => u.claim !== 'done' || u.percent === 100, {
    message: 'Đã hoàn thành thì tỷ lệ là 100%.',
    path: ['percent'],
  });
export type UpdateSubmit = z.infer<typeof UpdateSubmit>;
export const UpdateReview = z.strictObject({
  version: Version,
  decision: z.enum(['accept', 'return']),
  comment: z.string().trim().max(2000).default(''),
});

export const TimelineEvent = z.object({
  id: Id,
  kind: z.string(),
  summary: z.string(),
  actorName: z.string(),
  unitName: z.string().nullable(),
  at: z.string(),
});
export const Timeline = z.array(TimelineEvent);

export const MyWork = z.object({
  period: z.object({ key: z.string(), label: z.string(), due: IsoDate }),
  overdue: z.array(TaskSummary),
  dueSoon: z.array(TaskSummary),
  /** the unit's tasks with no update for the current period yet */
  toReport: z.array(TaskSummary),
  returned: z.array(z.object({ task: TaskSummary, update: TaskUpdate })),
  /** coordinators: updates, adjustment requests and completion proposals waiting for them */
  toReview: z.array(z.object({ task: TaskSummary, kind: z.enum(['update', 'adjustment', 'done']), at: z.string() })),
});
export type MyWork = z.infer<typeof MyWork>;
