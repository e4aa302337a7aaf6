import type {
  PlanImportCommit,
  PlanImportPreview,
  PlanImportResult,
  PlanImportRow,
  PlanIssue,
  PlanRowEdit,
  UnitMatch,
} from '#common/contracts/plans.ts';
import type { ErrorReply } from '#common/contracts/z.ts';
import { type Deadline, parseDeadline } from '#common/domain/deadline.ts';
import { foldText } from '#common/domain/text.ts';
import { ApiError, api } from '../../lib/api.ts';

export const importKey = (id: string) => ['plan-imports', id] as const;

export function fetchImport(id: string): Promise<PlanImportPreview> {
  return api<PlanImportPreview>(`/api/plan-imports/${id}`);
}

export interface UploadFields {
  symbol: string;
  issuedOn: string | null;
  title: string;
}

/**
 * Sends the appendix with XMLHttpRequest rather than fetch: only XHR reports upload progress,
 * and a plan can be a large Word file. Errors come back as the same ApiError `api()` throws.
 */
export function uploadPlan(
  file: File,
  fields: UploadFields,
  csrfToken: string,
  onProgress: (percent: number) => void,
): { done: Promise<PlanImportPreview>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<PlanImportPreview>((resolve, reject) => {
    const form = new FormData();
    // The fields first: the server reads the parts in order.
    if (fields.symbol) form.append('symbol', fields.symbol);
    if (fields.issuedOn) form.append('issuedOn', fields.issuedOn);
    if (fields.title) form.append('title', fields.title);
    form.append('file', file, file.name);
    xhr.open('POST', '/api/plan-imports');
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.min(100, Math.round((event.loaded / event.total) * 100)));
    };
    xhr.upload.onload = () => onProgress(100);
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'Không kết nối được máy chủ. Hãy kiểm tra mạng rồi thử lại.'));
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', 'Đã dừng tải tệp lên.'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // an HTML error page from a proxy, say
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        resolve(body as PlanImportPreview);
        return;
      }
      const error = (body as ErrorReply | null)?.error;
      reject(
        error
          ? new ApiError(xhr.status, error.code, error.message, error.details ?? [], error.requestId)
          : new ApiError(
              xhr.status,
              xhr.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL',
              xhr.status === 413 ? 'Tệp quá lớn. Hãy tách phụ lục thành tệp nhỏ hơn.' : `Máy chủ trả lỗi ${xhr.status}. Hãy thử lại sau.`,
            ),
      );
    };
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

export function commitImport(id: string, body: PlanImportCommit): Promise<PlanImportResult> {
  return api<PlanImportResult>(`/api/plan-imports/${id}/commit`, { method: 'POST', body });
}

export function discardImport(id: string, version: number): Promise<PlanImportPreview> {
  return api<PlanImportPreview>(`/api/plan-imports/${id}/discard`, { method: 'POST', body: { version } });
}

// ---------------------------------------------------------------------------------------------
// The person's review, kept in the page until the commit sends it

/** A name of the file mapped to a unit or a group: every row naming it follows, and it becomes an alias. */
export interface NameMapping {
  text: string;
  kind: 'unit' | 'group';
  id: string;
  name: string;
}

export type Role = 'lead' | 'support';

/** The units and groups a person chose for one role of a row, replacing what the cell resolved to. */
export interface ChosenParties {
  unitIds: string[];
  groupIds: string[];
}

export interface RowReview {
  skip?: boolean;
  content?: string;
  deadlineText?: string;
  adjustedText?: string;
  lead?: ChosenParties;
  support?: ChosenParties;
  /** the person opened the row and saved it: what they left as it is, they accept */
  reviewed?: boolean;
}

export interface Review {
  /** by folded name */
  mappings: ReadonlyMap<string, NameMapping>;
  rows: ReadonlyMap<number, RowReview>;
}

export const EMPTY_REVIEW: Review = { mappings: new Map(), rows: new Map() };

export const nameKey = (text: string) => foldText(text);

/** How the preview writes a name in its messages (plans.service quote()). */
const quoted = (text: string) => `“${text.replace(/\s*\n\s*/g, ' ')}”`;

/** One lead or support as the page shows it: the cell's match, after the person's mapping. */
export interface Party {
  text: string;
  kind: 'unit' | 'group' | 'unknown';
  id: string | null;
  name: string | null;
  /** the resolver was not sure (fuzzy, or read from part of the name) */
  uncertain: boolean;
  confidence: number;
  mapping: NameMapping | null;
  suggestion: UnitMatch['suggestion'];
  /** chosen in the row's drawer rather than read from the cell */
  chosen: boolean;
}

export interface ReviewedIssue extends PlanIssue {
  resolved: boolean;
}

export interface EffectiveRow {
  row: PlanImportRow;
  review: RowReview | undefined;
  skip: boolean;
  content: string;
  deadline: Deadline;
  adjusted: Deadline | null;
  leads: Party[];
  supports: Party[];
  issues: ReviewedIssue[];
  /** issues a person has still to look at */
  open: ReviewedIssue[];
}

/** Below this confidence the server flags a resolved name (plans.service SURE_CONFIDENCE). */
const SURE = 0.95;

function partyOf(m: UnitMatch, mappings: Review['mappings']): Party {
  const mapping = mappings.get(nameKey(m.text)) ?? null;
  if (mapping) {
    return {
      text: m.text,
      kind: mapping.kind,
      id: mapping.id,
      name: mapping.name,
      uncertain: false,
      confidence: 1,
      mapping,
      suggestion: m.suggestion,
      chosen: false,
    };
  }
  return {
    text: m.text,
    kind: m.kind,
    id: m.id,
    name: m.name,
    uncertain: m.kind !== 'unknown' && (m.method === 'fuzzy' || m.confidence < SURE),
    confidence: m.confidence,
    mapping: null,
    suggestion: m.suggestion,
    chosen: false,
  };
}

/** Ids chosen in the drawer, shown by name when the cell already knew them. */
function chosenParties(chosen: ChosenParties, known: Party[], names: (kind: 'unit' | 'group', id: string) => string | undefined): Party[] {
  const one = (kind: 'unit' | 'group', id: string): Party => {
    const name = known.find((p) => p.kind === kind && p.id === id)?.name ?? names(kind, id) ?? null;
    return { text: name ?? '', kind, id, name, uncertain: false, confidence: 1, mapping: null, suggestion: undefined, chosen: true };
  };
  return [...chosen.unitIds.map((id) => one('unit', id)), ...chosen.groupIds.map((id) => one('group', id))];
}

const LEAD_MISSING = 'Chưa xác định được cơ quan chủ trì';

/**
 * The row as the person has left it, with each issue of the preview marked resolved when
 * their mapping or edit answers it: a name mapped or the role's units chosen, the cell edited,
 * or the row saved in its drawer (they looked at it). An unknown name left unmapped and a row
 * without a lead stay open until answered.
 */
export function effectiveRow(
  row: PlanImportRow,
  review: Review,
  documentDate: string | null,
  names: (kind: 'unit' | 'group', id: string) => string | undefined = () => undefined,
): EffectiveRow {
  const own = review.rows.get(row.row);
  const cellLeads = row.leads.map((m) => partyOf(m, review.mappings));
  const cellSupports = row.supports.map((m) => partyOf(m, review.mappings));
  const leads = own?.lead ? chosenParties(own.lead, cellLeads, names) : cellLeads;
  const supports = own?.support ? chosenParties(own.support, cellSupports, names) : cellSupports;
  const deadline = own?.deadlineText !== undefined ? parseDeadline(own.deadlineText, { documentDate }) : row.deadline;
  const adjusted =
    own?.adjustedText !== undefined ? (own.adjustedText.trim() ? parseDeadline(own.adjustedText, { documentDate }) : null) : row.adjusted;

  const issues = row.issues.map((issue): ReviewedIssue => {
    const role = issue.field === 'lead' || issue.field === 'support' ? (issue.field as Role) : null;
    let resolved = false;
    if (role) {
      const cell = role === 'lead' ? row.leads : row.supports;
      const about = cell.find((m) => issue.message.includes(quoted(m.text)));
      if (own?.[role]) resolved = true;
      else if (about && review.mappings.has(nameKey(about.text))) resolved = true;
      else if (issue.message.startsWith(LEAD_MISSING)) resolved = leads.some((p) => p.kind !== 'unknown');
      // an unknown name stays open until mapped, even in a row the person saved
      else if (about?.kind === 'unknown') resolved = false;
      else resolved = Boolean(own?.reviewed);
    } else if (issue.field === 'content') resolved = own?.content !== undefined || Boolean(own?.reviewed);
    else if (issue.field === 'deadline') resolved = own?.deadlineText !== undefined || Boolean(own?.reviewed);
    else if (issue.field === 'adjusted') resolved = own?.adjustedText !== undefined || Boolean(own?.reviewed);
    else resolved = Boolean(own?.reviewed);
    return { ...issue, resolved };
  });
  return {
    row,
    review: own,
    skip: Boolean(own?.skip),
    content: own?.content ?? row.content,
    deadline,
    adjusted,
    leads,
    supports,
    issues,
    open: own?.skip ? [] : issues.filter((i) => !i.resolved),
  };
}

/** The unknown and uncertain names of the file, each with the rows that name it. */
export interface FileName {
  text: string;
  key: string;
  kind: 'unknown' | 'uncertain';
  rows: number[];
  suggestion: UnitMatch['suggestion'];
  /** what the resolver read an uncertain name as */
  readAs: string | null;
}

export function namesToMap(rows: PlanImportRow[]): FileName[] {
  const byKey = new Map<string, FileName>();
  for (const row of rows) {
    for (const m of [...row.leads, ...row.supports]) {
      const uncertain = m.kind !== 'unknown' && (m.method === 'fuzzy' || m.confidence < SURE);
      if (m.kind !== 'unknown' && !uncertain) continue;
      const key = nameKey(m.text);
      const entry = byKey.get(key) ?? {
        text: m.text,
        key,
        kind: m.kind === 'unknown' ? 'unknown' : 'uncertain',
        rows: [],
        suggestion: m.suggestion,
        readAs: m.kind === 'unknown' ? null : m.name,
      };
      if (!entry.rows.includes(row.row)) entry.rows.push(row.row);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()].sort((a, b) => (a.kind === b.kind ? a.text.localeCompare(b.text, 'vi') : a.kind === 'unknown' ? -1 : 1));
}

/** What the commit sends: the mappings, and for each edited row only what the person changed. */
export function commitBody(version: number, review: Review): PlanImportCommit {
  const rows: PlanRowEdit[] = [];
  for (const [row, r] of review.rows) {
    const edit: PlanRowEdit = { row };
    if (r.skip) edit.skip = true;
    if (r.content !== undefined) edit.content = r.content;
    if (r.deadlineText !== undefined) edit.deadlineText = r.deadlineText;
    if (r.adjustedText !== undefined) edit.adjustedText = r.adjustedText;
    if (r.lead) Object.assign(edit, { leadUnitIds: r.lead.unitIds, leadGroupIds: r.lead.groupIds });
    if (r.support) Object.assign(edit, { supportUnitIds: r.support.unitIds, supportGroupIds: r.support.groupIds });
    if (Object.keys(edit).length > 1) rows.push(edit);
  }
  return {
    version,
    unitMappings: [...review.mappings.values()].map((m) => ({
      text: m.text,
      unitId: m.kind === 'unit' ? m.id : null,
      groupId: m.kind === 'group' ? m.id : null,
    })),
    rows,
  };
}

/** "rows.12.leadUnitIds" → 12: the rows a refused commit names. */
export function rowsOfDetails(details: { field: string; message: string }[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const d of details) {
    const match = /(?:^|\.)rows\.(\d+)(?:\.|$)/.exec(d.field);
    if (!match) continue;
    const row = Number(match[1]);
    out.set(row, [...(out.get(row) ?? []), d.message]);
  }
  return out;
}
