/**
 * Plan imports (issue 4 §5): an appendix table becomes a preview a person reviews and
 * corrects, then one commit writes the tasks. The web preview page and the CLI read the
 * same shapes.
 */
import { UNIT_MATCH_KINDS, UNIT_MATCH_METHODS } from '../domain/unit-names.ts';
import { Deadline } from './tasks.ts';
import { Id, IsoDate, text, z } from './z.ts';

export const PLAN_IMPORT_STATES = ['preview', 'committed', 'discarded'] as const;
export const PLAN_IMPORT_STATE_LABELS: Record<(typeof PLAN_IMPORT_STATES)[number], string> = {
  preview: 'Đang xem trước',
  committed: 'Đã nhập',
  discarded: 'Đã hủy',
};
export const PLAN_IMPORT_FORMATS = ['docx', 'xlsx', 'text'] as const;

/** A row against the tasks already on file: new, or matched with (or without) changes. */
export const PLAN_ROW_STATUSES = ['new', 'changed', 'unchanged'] as const;
export const PLAN_ROW_STATUS_LABELS: Record<(typeof PLAN_ROW_STATUSES)[number], string> = {
  new: 'Nhiệm vụ mới',
  changed: 'Có thay đổi',
  unchanged: 'Không đổi',
};

/** The columns an issue points to (PlanIssue.field), as the preview table heads them. */
export const PLAN_FIELD_LABELS: Record<string, string> = {
  code: 'STT',
  content: 'Nội dung nhiệm vụ',
  lead: 'Cơ quan chủ trì',
  support: 'Cơ quan phối hợp',
  deliverable: 'Sản phẩm/kết quả',
  deadline: 'Thời hạn',
  documents: 'Văn bản giao nhiệm vụ',
  adjusted: 'Tiến độ điều chỉnh',
};

/** What a change (PlanChange.field) is about, in the words of the timeline ("Cập nhật theo kế hoạch …: thời hạn"). */
export const PLAN_CHANGE_LABELS: Record<string, string> = {
  code: 'số thứ tự',
  section: 'mục',
  content: 'nội dung',
  deliverable: 'sản phẩm',
  leadText: 'ô cơ quan chủ trì',
  supportText: 'ô cơ quan phối hợp',
  leads: 'cơ quan chủ trì',
  supports: 'cơ quan phối hợp',
  deadline: 'thời hạn',
  adjusted: 'tiến độ điều chỉnh',
  documents: 'văn bản giao nhiệm vụ',
};

/** One name of a lead or support cell, resolved against the unit tree (common/domain/unit-names.ts). */
export const UnitMatch = z.object({
  /** the name as the cell writes it */
  text: z.string(),
  kind: z.enum(UNIT_MATCH_KINDS),
  /** the unit's or group's id; null when unknown */
  id: Id.nullable(),
  /** canonical unit name or group phrase; null when unknown */
  name: z.string().nullable(),
  method: z.enum(UNIT_MATCH_METHODS).nullable(),
  /** 0–1; 0 when unknown */
  confidence: z.number(),
  /** for an unknown name: the nearest entry, for the person who maps it */
  suggestion: z.object({ kind: z.enum(['unit', 'group']), id: Id, name: z.string(), confidence: z.number() }).optional(),
});
export type UnitMatch = z.infer<typeof UnitMatch>;

/**
 * An uncertain cell, with its reason in Vietnamese. `field` is a column of the row: code,
 * content, lead, support, deliverable, deadline, documents, adjusted.
 */
export const PlanIssue = z.object({ field: z.string(), message: z.string() });
export type PlanIssue = z.infer<typeof PlanIssue>;

export const PlanChange = z.object({
  /** code, section, content, deliverable, leadText, supportText, leads, supports, deadline, adjusted, documents */
  field: z.string(),
  before: z.string(),
  after: z.string(),
});
export type PlanChange = z.infer<typeof PlanChange>;

export const PlanImportRow = z.object({
  /** 1-based position in the preview: the key of the row's edits at commit */
  row: z.number().int(),
  /** the row's first line in the source (text line, sheet row), to find it in the file */
  line: z.number().int(),
  /** the appendix heading ("PHỤ LỤC I: …"); "" when the file has none */
  appendix: z.string(),
  /** the STT, prefixed by the appendix when the file has several: "PL I.9", "PL II.35"; else "4.3" */
  code: z.string(),
  section: z.string(),
  content: z.string(),
  deliverable: z.string(),
  /** the lead and support cells as written */
  leadText: z.string(),
  supportText: z.string(),
  leads: z.array(UnitMatch),
  supports: z.array(UnitMatch),
  /** parsed with the plan's date ("Quý III" takes its year) */
  deadline: Deadline,
  /** the "Tiến độ điều chỉnh" cell; null when the file has no such column or the cell is empty */
  adjusted: Deadline.nullable(),
  /** the "Văn bản giao nhiệm vụ" cell: each symbol, the document on file, or a stub created at commit */
  documents: z.array(z.object({ symbol: z.string(), documentId: Id.nullable(), stub: z.boolean() })),
  issues: z.array(PlanIssue),
  match: z.object({
    /** the existing task of the same plan this row updates; null for a new task */
    taskId: Id.nullable(),
    by: z.enum(['code', 'similarity']).nullable(),
    /** similarity of the contents (0–1) to the matched task, or to the nearest task of the plan */
    similarity: z.number(),
    changes: z.array(PlanChange),
  }),
  status: z.enum(PLAN_ROW_STATUSES),
});
export type PlanImportRow = z.infer<typeof PlanImportRow>;

/** A warning about the file rather than a task: a section without tasks, a column no field takes. */
export const PlanWarning = z.object({ appendix: z.string(), line: z.number().int(), field: z.string(), message: z.string() });
export type PlanWarning = z.infer<typeof PlanWarning>;

export const PlanImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  /** deadline adjustments recorded from the "Tiến độ điều chỉnh" column */
  adjustments: z.number().int(),
  /** cross-plan links proposed for the created and updated tasks */
  linksProposed: z.number().int(),
  /** the plan the tasks belong to */
  documentId: Id,
});
export type PlanImportResult = z.infer<typeof PlanImportResult>;

export const PlanImportPreview = z.object({
  id: Id,
  fileName: z.string(),
  format: z.enum(PLAN_IMPORT_FORMATS),
  /** the plan: found by symbol and date, or created at commit (documentId null) */
  document: z.object({ symbol: z.string(), issuedOn: IsoDate.nullable(), title: z.string(), documentId: Id.nullable() }),
  rows: z.array(PlanImportRow),
  warnings: z.array(PlanWarning),
  summary: z.object({
    rows: z.number().int(),
    new: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    /** rows with at least one issue */
    issues: z.number().int(),
  }),
  version: z.number().int(),
  state: z.enum(PLAN_IMPORT_STATES),
  /** what the commit did, once committed */
  result: PlanImportResult.nullable(),
});
export type PlanImportPreview = z.infer<typeof PlanImportPreview>;

const optionalText = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim())
    .pipe(z.string().max(max))
    .optional()
    .transform((s) => (s ? s : undefined));

/**
 * The form fields that go with the file (multipart field "file"). The symbol may wait until
 * the commit needs it; an unnumbered draft is written as it stands: "Số: /KH-UBND".
 */
export const PlanImportUpload = z.strictObject({
  symbol: optionalText(100),
  issuedOn: z
    .string()
    .optional()
    .transform((s) => (s?.trim() ? s.trim() : undefined))
    .pipe(IsoDate.optional()),
  title: optionalText(2000),
});
export type PlanImportUpload = z.infer<typeof PlanImportUpload>;

export const PlanImportParams = z.strictObject({ id: Id });

/** A person maps a name: to a unit or a group (it becomes an alias), or both null to leave it unknown. */
export const UnitMapping = z.strictObject({ text: text(500), unitId: Id.nullable(), groupId: Id.nullable() });
export type UnitMapping = z.infer<typeof UnitMapping>;

/**
 * A person's edits of one preview row. Unit and group ids replace what the cell resolved to
 * for that role (the cell's text is kept as written); `adjustedText` "" removes the adjustment.
 */
export const PlanRowEdit = z.strictObject({
  row: z.number().int().min(1),
  skip: z.boolean().optional(),
  content: text(10000).optional(),
  deadlineText: text(500).optional(),
  adjustedText: z.string().max(500).optional(),
  leadUnitIds: z.array(Id).max(100).optional(),
  supportUnitIds: z.array(Id).max(200).optional(),
  leadGroupIds: z.array(Id).max(20).optional(),
  supportGroupIds: z.array(Id).max(20).optional(),
});
export type PlanRowEdit = z.infer<typeof PlanRowEdit>;

export const PlanImportCommit = z.strictObject({
  /** the version of the preview the person reviewed */
  version: z.number().int(),
  unitMappings: z.array(UnitMapping).max(500).default([]),
  rows: z.array(PlanRowEdit).max(5000).default([]),
});
export type PlanImportCommit = z.infer<typeof PlanImportCommit>;
