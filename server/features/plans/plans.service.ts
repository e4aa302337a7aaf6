/**
 * Plan imports (issue 4 §3–5): an uploaded appendix becomes a preview (units resolved,
 * deadlines parsed with the plan's date, assigning documents looked up, each row matched to
 * a task of the same plan with its changes), stored in plan_imports; a person corrects it and
 * one commit writes everything in one transaction. Re-importing the same file changes nothing
 * (DESIGN.md rule 7: an imported plan can be re-imported without creating duplicates).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  PLAN_CHANGE_LABELS,
  type PlanChange,
  type PlanImportCommit,
  type PlanImportPreview,
  type PlanImportResult,
  type PlanImportRow,
  type PlanIssue,
  type PlanWarning,
  type UnitMapping,
  type UnitMatch,
} from '#common/contracts/plans.ts';
import { type Deadline, formatDeadline, parseDeadline } from '#common/domain/deadline.ts';
import { type DocumentNumber, formatDocumentNumber, parseDocumentNumber, parseDocumentNumbers } from '#common/domain/document-number.ts';
import { dueDay } from '#common/domain/status.ts';
import { foldText, normalizeText } from '#common/domain/text.ts';
import { resolveUnitNames, type UnitDirectory } from '#common/domain/unit-names.ts';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { AppError, type FieldError, notFound } from '../../kernel/errors.ts';
import { storeFile } from '../../kernel/files/files.service.ts';
import { createDocument, documentSearchText } from '../documents/documents.service.ts';
import { documents } from '../documents/documents.table.ts';
import { proposeLinks } from '../links/links.service.ts';
import { recordTaskChange } from '../tasks/task-events.ts';
import { type Parties, refreshSearchText, writeParties } from '../tasks/tasks.service.ts';
import { deadlineAdjustments, taskDocuments, tasks } from '../tasks/tasks.table.ts';
import { unitSearchText } from '../units/units.service.ts';
import { unitGroups, units } from '../units/units.table.ts';
import { readPlanFile } from './plan-readers.ts';
import type { PlanAppendix } from './plan-table.ts';
import {
  type DocumentHit,
  documentBySymbolAndDate,
  documentsBySymbol,
  findImport,
  loadDirectory,
  type PlanTask,
  planTasks,
} from './plans.queries.ts';
import { planImports } from './plans.table.ts';

/**
 * A row is matched to a task of the same plan by its text when the folded contents reach this
 * Dice similarity (character trigrams of each word). On the seeds, different tasks of one plan
 * score at most 0.74 (004 PL II 33 / 42) and a one-word correction of a cell stays above 0.9;
 * pairs above 0.8 are the same work written twice (004 PL I 6 / PL II 3 score 0.996, PL I 21 /
 * PL II 35 0.895), which the code match keeps apart on a re-import.
 */
export const SIMILARITY_THRESHOLD = 0.8;
/**
 * A task with the row's code is taken first when the contents are at least this similar; a
 * renumbered plan (a row inserted above) then matches by text, and only a code no other row
 * claimed falls back to its task whatever the text (the cell was rewritten).
 */
export const CODE_MATCH_FLOOR = 0.5;

/** A name the resolver read from part of the text ("Sở X (Chi cục Y)") or fuzzily: a person should look. */
const SURE_CONFIDENCE = 0.95;
const STUB_TITLE = '(chưa có trích yếu)';
const PLAN_TITLE = '(chưa có trích yếu)';

const DEADLINE_HINT =
  'Hãy nhập như "Quý III/2026", "Trước ngày 30/6/2026", "Tháng 10/2026", "Năm 2026", "Thường xuyên" hoặc "Trước ngày 20 hằng tháng".';

// ---------------------------------------------------------------------------------------------
// Text similarity

const GRAMS = new Map<string, Set<string>>();

function grams(text: string): Set<string> {
  const cached = GRAMS.get(text);
  if (cached) return cached;
  const set = new Set<string>();
  for (const word of foldText(text).split(' ')) {
    if (!word) continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
  }
  if (GRAMS.size > 20_000) GRAMS.clear();
  GRAMS.set(text, set);
  return set;
}

/** Dice coefficient of the word trigrams of two folded texts (case, diacritics and punctuation ignored). */
export function contentSimilarity(a: string, b: string): number {
  const x = grams(a);
  const y = grams(b);
  if (x.size === 0 || y.size === 0) return x.size === y.size ? 1 : 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return (2 * common) / (x.size + y.size);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

// ---------------------------------------------------------------------------------------------
// The plan document

type PlanDocument = { symbol: string; issuedOn: string | null; title: string; documentId: string | null };

function readSymbol(text: string): { parsed: DocumentNumber; symbol: string } {
  const parsed = parseDocumentNumber(text);
  if (!parsed.parsed || !parsed.type) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Số, ký hiệu kế hoạch "${text}" không đúng dạng. Hãy nhập như "35/KH-UBND", "13-TB/CQTT", hoặc "Số: /KH-UBND" cho dự thảo chưa có số.`,
      [{ field: 'symbol', message: 'Số, ký hiệu có dạng 35/KH-UBND hoặc 13-TB/CQTT' }],
    );
  }
  return { parsed, symbol: formatDocumentNumber(parsed) };
}

const vnDate = (iso: string) => iso.split('-').reverse().join('/');

/**
 * The plan the appendix belongs to: by symbol and date. A numbered plan given without a date is
 * found when its symbol is unique; an unnumbered draft ("/KH-UBND") only by the same date (or
 * the same absence of one), since every draft shares that symbol.
 */
async function findPlanDocument(db: Db, provinceId: string, input: Omit<PlanUpload, 'bytes' | 'fileName'>): Promise<PlanDocument> {
  if (!input.symbol) return { symbol: '', issuedOn: input.issuedOn ?? null, title: input.title ?? '', documentId: null };
  const { parsed, symbol } = readSymbol(input.symbol);
  let found: DocumentHit | undefined;
  if (input.issuedOn || parsed.number === null) {
    const hits = await documentBySymbolAndDate(db, provinceId, symbol, input.issuedOn ?? null);
    const byTitle = input.title ? hits.find((h) => h.title === input.title) : undefined;
    // Drafts all share "/KH-UBND": one given with a title is that title's draft or a new one;
    // without a title, only a single draft of that date is taken to be it.
    if (parsed.number !== null) found = byTitle ?? hits[0];
    else found = input.title ? byTitle : hits.length === 1 ? hits[0] : undefined;
  } else {
    const hits = await documentsBySymbol(db, provinceId, [symbol]);
    if (hits.length > 1) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Có ${hits.length} văn bản số ${symbol} (${hits.map((h) => (h.issuedOn ? vnDate(h.issuedOn) : 'chưa có ngày')).join(', ')}). Hãy nhập ngày ban hành để chọn đúng kế hoạch.`,
        [{ field: 'issuedOn', message: 'Hãy nhập ngày ban hành' }],
      );
    }
    found = hits[0];
  }
  return {
    symbol,
    issuedOn: input.issuedOn ?? found?.issuedOn ?? null,
    title: input.title ?? found?.title ?? '',
    documentId: found?.id ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Rows

/** "I" from "PHỤ LỤC I: DANH MỤC…", "II" from "Phụ lục II"; "" when the heading names none. */
function appendixLabel(title: string): string {
  const word =
    foldText(title)
      .replace(/^(phu luc|pl)\b\s*/, '')
      .split(' ')[0] ?? '';
  return /^[ivxlc]+$|^\d+$/.test(word) ? word.toUpperCase() : '';
}

function appendixPrefixes(appendices: PlanAppendix[]): string[] {
  if (appendices.length < 2) return appendices.map(() => '');
  const labels = appendices.map((a) => appendixLabel(a.title));
  const unique = labels.every((l, i) => l !== '' && labels.indexOf(l) === i);
  return labels.map((l, i) => `PL ${unique ? l : i + 1}.`);
}

const pct = (n: number) => `${Math.round(n * 100)}%`;
const quote = (s: string) => `“${s.replace(/\s*\n\s*/g, ' ')}”`;

function unitIssues(field: 'lead' | 'support', matches: UnitMatch[]): PlanIssue[] {
  const issues: PlanIssue[] = [];
  for (const m of matches) {
    if (m.kind === 'unknown') {
      const hint = m.suggestion ? ` (gần giống ${quote(m.suggestion.name)}, ${pct(m.suggestion.confidence)})` : '';
      issues.push({
        field,
        message: `Chưa nhận ra đơn vị ${quote(m.text)}${hint}. Hãy chọn đơn vị hoặc nhóm tương ứng (hoặc tạo đơn vị mới); tên vẫn được giữ nguyên trong ô như văn bản viết.`,
      });
    } else if (m.method === 'fuzzy') {
      issues.push({
        field,
        message: `${quote(m.text)} được hiểu là ${quote(m.name ?? '')} (khớp gần đúng, độ tin cậy ${pct(m.confidence)}). Hãy kiểm tra và chọn lại nếu sai.`,
      });
    } else if (m.confidence < SURE_CONFIDENCE) {
      issues.push({
        field,
        message: `${quote(m.text)} được hiểu là ${quote(m.name ?? '')} (đọc từ một phần của tên, độ tin cậy ${pct(m.confidence)}). Hãy kiểm tra và chọn lại nếu sai.`,
      });
    }
  }
  return issues;
}

function deadlineIssue(field: 'deadline' | 'adjusted', d: Deadline, documentDate: string | null): PlanIssue | null {
  const label = field === 'deadline' ? 'thời hạn' : 'tiến độ điều chỉnh';
  if (d.kind === 'unparsed') {
    if (d.text.trim() === '') return field === 'deadline' ? { field, message: 'Nhiệm vụ chưa có thời hạn. Hãy nhập thời hạn.' } : null;
    return { field, message: `Không hiểu ${label} ${quote(d.text)}. ${DEADLINE_HINT}` };
  }
  if (d.needsReview) {
    const year = !documentDate && !/\d{4}/.test(d.text) ? ' (kế hoạch chưa có ngày ban hành)' : '';
    return {
      field,
      message: `Cần kiểm tra ${label} ${quote(d.text)}: chưa xác định chắc chắn được ngày hết hạn${year}. Hãy nhập lại thời hạn cụ thể nếu cần.`,
    };
  }
  return null;
}

function sameDeadline(a: Deadline, b: Deadline): boolean {
  return a.kind === b.kind && a.start === b.start && a.due === b.due && JSON.stringify(a.recurrence) === JSON.stringify(b.recurrence);
}

/** A unit or group that takes part; unknown names stay only in the cell's text. */
type Party = { kind: 'unit' | 'group'; id: string; name: string };

function partiesOf(matches: UnitMatch[]): Party[] {
  const out: Party[] = [];
  for (const m of matches) {
    if (m.kind === 'unknown' || !m.id || out.some((p) => p.kind === m.kind && p.id === m.id)) continue;
    out.push({ kind: m.kind, id: m.id, name: m.name ?? m.text });
  }
  return out;
}

/** What a row asks the task to be. */
interface Target {
  code: string;
  section: string;
  content: string;
  deliverable: string;
  leadText: string;
  supportText: string;
  leads: Party[];
  supports: Party[];
  deadline: Deadline;
  /** the adjustment to record: null when the column is empty or repeats the original deadline */
  adjusted: Deadline | null;
  /** parsed assigning documents, by normalised symbol */
  documents: string[];
}

function targetOf(row: PlanImportRow): Target {
  const leads = partiesOf(row.leads);
  const supports = partiesOf(row.supports).filter((s) => !leads.some((l) => l.kind === s.kind && l.id === s.id));
  return {
    code: row.code,
    section: row.section,
    content: row.content,
    deliverable: row.deliverable,
    leadText: row.leadText,
    supportText: row.supportText,
    leads,
    supports,
    deadline: row.deadline,
    adjusted: row.adjusted && !sameDeadline(row.adjusted, row.deadline) ? row.adjusted : null,
    documents: row.documents.filter((d) => parseDocumentNumber(d.symbol).parsed).map((d) => d.symbol),
  };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');

/** The fields a task would change to follow the row, as the preview shows them. */
function changesOf(t: Target, task: PlanTask): PlanChange[] {
  const changes: PlanChange[] = [];
  const compare = (field: string, before: string, after: string) => {
    if (before !== after) changes.push({ field, before, after });
  };
  compare('code', task.code, t.code);
  compare('section', task.section, t.section);
  compare('content', task.content, t.content);
  compare('deliverable', task.deliverable, t.deliverable);
  compare('leadText', task.leadText, t.leadText);
  compare('supportText', task.supportText, t.supportText);
  for (const [field, role, wanted] of [
    ['leads', 'lead', t.leads],
    ['supports', 'support', t.supports],
  ] as const) {
    const current = task.parties.filter((p) => p.role === role);
    const key = (p: { group: boolean; id: string }) => `${p.group ? 'g' : 'u'}:${p.id}`;
    const after = wanted.map((p) => `${p.kind === 'group' ? 'g' : 'u'}:${p.id}`);
    if (!sameSet(current.map(key), after)) {
      changes.push({ field, before: current.map((p) => p.name).join('; '), after: wanted.map((p) => p.name).join('; ') });
    }
  }
  compare('deadline', task.originalDeadline.text, t.deadline.text);
  if (t.adjusted && task.planAdjustment?.text !== t.adjusted.text) {
    changes.push({ field: 'adjusted', before: task.planAdjustment?.text ?? '', after: t.adjusted.text });
  }
  const have = new Set(task.documentSymbols.map((s) => s.toLowerCase()));
  const missing = t.documents.filter((s) => !have.has(s.toLowerCase()));
  if (missing.length) {
    changes.push({ field: 'documents', before: task.documentSymbols.join('; '), after: [...task.documentSymbols, ...missing].join('; ') });
  }
  return changes;
}

/**
 * Pairs rows with the plan's tasks: code (with similar enough text), then text similarity,
 * then code alone for a row whose text was rewritten. A task is taken once.
 */
function matchRows(
  rows: PlanImportRow[],
  existing: PlanTask[],
): Map<number, { task: PlanTask; by: 'code' | 'similarity'; similarity: number }> {
  const matches = new Map<number, { task: PlanTask; by: 'code' | 'similarity'; similarity: number }>();
  const taken = new Set<string>();
  const free = () => existing.filter((t) => !taken.has(t.id));
  const take = (row: PlanImportRow, task: PlanTask, by: 'code' | 'similarity', similarity: number) => {
    matches.set(row.row, { task, by, similarity });
    taken.add(task.id);
  };
  for (const row of rows) {
    if (!row.code) continue;
    const task = free().find((t) => t.code === row.code && contentSimilarity(row.content, t.content) >= CODE_MATCH_FLOOR);
    if (task) take(row, task, 'code', contentSimilarity(row.content, task.content));
  }
  const pairs: { row: PlanImportRow; task: PlanTask; similarity: number }[] = [];
  for (const row of rows) {
    if (matches.has(row.row)) continue;
    for (const task of free()) {
      const similarity = contentSimilarity(row.content, task.content);
      if (similarity >= SIMILARITY_THRESHOLD) pairs.push({ row, task, similarity });
    }
  }
  pairs.sort((a, b) => b.similarity - a.similarity || a.row.row - b.row.row);
  for (const p of pairs) if (!matches.has(p.row.row) && !taken.has(p.task.id)) take(p.row, p.task, 'similarity', p.similarity);
  for (const row of rows) {
    if (matches.has(row.row) || !row.code) continue;
    const task = free().find((t) => t.code === row.code);
    if (task) take(row, task, 'code', contentSimilarity(row.content, task.content));
  }
  return matches;
}

function statusOf(row: Pick<PlanImportRow, 'match'>): PlanImportRow['status'] {
  if (!row.match.taskId) return 'new';
  return row.match.changes.length ? 'changed' : 'unchanged';
}

function summaryOf(rows: PlanImportRow[]) {
  return {
    rows: rows.length,
    new: rows.filter((r) => r.status === 'new').length,
    changed: rows.filter((r) => r.status === 'changed').length,
    unchanged: rows.filter((r) => r.status === 'unchanged').length,
    issues: rows.filter((r) => r.issues.length > 0).length,
  };
}

/** The assigning document of each symbol: the one issued on or before the plan, newest first, else the newest. */
function pickDocuments(hits: DocumentHit[], planDate: string | null): Map<string, DocumentHit> {
  const bySymbol = new Map<string, DocumentHit>();
  for (const hit of hits) {
    const key = hit.symbol.toLowerCase();
    const current = bySymbol.get(key);
    const fits = (d: DocumentHit) => !planDate || !d.issuedOn || d.issuedOn <= planDate;
    if (!current || (!fits(current) && fits(hit))) bySymbol.set(key, hit);
  }
  return bySymbol;
}

// ---------------------------------------------------------------------------------------------
// Preview

/** What plan_imports.preview holds: the preview, and what it was computed against. */
interface StoredPreview {
  document: PlanDocument;
  rows: PlanImportRow[];
  warnings: PlanWarning[];
  /** the plan's tasks and their versions when the preview was made: a commit on a changed basis is refused */
  basis: { documentId: string | null; tasks: Record<string, number> };
}

/** The upload: the file and, as the form sends them (PlanImportUpload), the plan's symbol, date and title. */
export interface PlanUpload {
  bytes: Buffer;
  fileName: string;
  symbol?: string | undefined;
  issuedOn?: string | undefined;
  title?: string | undefined;
}

export interface BuiltPreview {
  format: 'docx' | 'xlsx' | 'text';
  stored: StoredPreview;
}

/** Reads, resolves and matches an upload; writes nothing (the CLI's --dry-run is exactly this). */
export async function buildPreview(db: Db, provinceId: string, input: PlanUpload): Promise<BuiltPreview> {
  const document = await findPlanDocument(db, provinceId, input);
  const file = await readPlanFile(input.bytes, input.fileName);
  const appendices = file.appendices.filter((a) => a.items.length > 0);
  if (!appendices.length) {
    throw new AppError(
      'BAD_REQUEST',
      'Bảng nhiệm vụ trong tệp không có dòng nhiệm vụ nào. Hãy kiểm tra lại tệp (mỗi nhiệm vụ một dòng có số thứ tự) rồi tải lên lần nữa.',
    );
  }
  const directory = await loadDirectory(db, provinceId);
  const prefixes = appendixPrefixes(appendices);
  const date = document.issuedOn;

  const symbols = appendices.flatMap((a) =>
    a.items.flatMap((item) =>
      parseDocumentNumbers(item.documents)
        .filter((d) => d.parsed)
        .map((d) => formatDocumentNumber(d)),
    ),
  );
  const known = pickDocuments(await documentsBySymbol(db, provinceId, symbols), date);

  const rows: PlanImportRow[] = [];
  const warnings: PlanWarning[] = [];
  appendices.forEach((appendix, index) => {
    const lines = new Set(appendix.items.map((item) => item.row));
    for (const w of appendix.warnings) {
      if (!lines.has(w.row)) warnings.push({ appendix: appendix.title, line: w.row, field: w.field, message: w.message });
    }
    for (const item of appendix.items) {
      const leads = resolveUnitNames(item.lead, directory);
      const supports = resolveUnitNames(item.support, directory);
      const deadline = parseDeadline(item.deadline, { documentDate: date });
      const adjusted = item.adjusted ? parseDeadline(item.adjusted, { documentDate: date }) : null;
      const issues: PlanIssue[] = appendix.warnings.filter((w) => w.row === item.row).map((w) => ({ field: w.field, message: w.message }));
      issues.push(...unitIssues('lead', leads), ...unitIssues('support', supports));
      if (
        !leads.some((m) => m.kind !== 'unknown') &&
        !issues.some((i) => i.field === 'lead' && i.message.includes('chưa có cơ quan chủ trì'))
      ) {
        issues.push({
          field: 'lead',
          message: 'Chưa xác định được cơ quan chủ trì. Hãy chọn đơn vị chủ trì, ánh xạ tên đơn vị chưa nhận ra, hoặc bỏ qua dòng này.',
        });
      }
      for (const s of partiesOf(supports)) {
        if (partiesOf(leads).some((l) => l.kind === s.kind && l.id === s.id)) {
          issues.push({
            field: 'support',
            message: `${quote(s.name)} vừa là cơ quan chủ trì vừa là cơ quan phối hợp; chỉ giữ vai trò chủ trì.`,
          });
        }
      }
      const deadlineProblem = deadlineIssue('deadline', deadline, date);
      if (deadlineProblem) issues.push(deadlineProblem);
      if (adjusted) {
        const adjustedProblem = deadlineIssue('adjusted', adjusted, date);
        if (adjustedProblem) issues.push(adjustedProblem);
        else if (sameDeadline(adjusted, deadline)) {
          issues.push({ field: 'adjusted', message: 'Tiến độ điều chỉnh trùng với thời hạn ban đầu nên không ghi nhận điều chỉnh.' });
        }
      }
      const docs = parseDocumentNumbers(item.documents).map((d) => {
        if (!d.parsed) {
          issues.push({
            field: 'documents',
            message: `Không đọc được số, ký hiệu văn bản ${quote(d.text)} nên văn bản này chưa được gắn với nhiệm vụ. Hãy kiểm tra lại ô Văn bản giao nhiệm vụ.`,
          });
          return { symbol: d.text, documentId: null, stub: false };
        }
        const symbol = formatDocumentNumber(d);
        const isPlan = document.symbol !== '' && symbol.toLowerCase() === document.symbol.toLowerCase();
        const hit = isPlan && document.documentId ? { id: document.documentId } : known.get(symbol.toLowerCase());
        return { symbol, documentId: hit?.id ?? null, stub: !hit && !isPlan };
      });
      rows.push({
        row: rows.length + 1,
        line: item.row,
        appendix: appendix.title,
        code: item.code ? `${prefixes[index]}${item.code}` : '',
        section: item.section,
        content: item.content,
        deliverable: item.deliverable,
        leadText: item.lead,
        supportText: item.support,
        leads,
        supports,
        deadline,
        adjusted,
        documents: docs,
        issues,
        match: { taskId: null, by: null, similarity: 0, changes: [] },
        status: 'new',
      });
    }
  });

  const existing = document.documentId ? await planTasks(db, provinceId, document.documentId) : [];
  const matches = matchRows(rows, existing);
  for (const row of rows) {
    const match = matches.get(row.row);
    if (match) {
      row.match = {
        taskId: match.task.id,
        by: match.by,
        similarity: round2(match.similarity),
        changes: changesOf(targetOf(row), match.task),
      };
    } else if (existing.length) {
      row.match.similarity = round2(Math.max(0, ...existing.map((t) => contentSimilarity(row.content, t.content))));
    }
    row.status = statusOf(row);
  }
  const matched = new Set([...matches.values()].map((m) => m.task.id));
  const absent = existing.filter((t) => !matched.has(t.id));
  if (absent.length) {
    warnings.push({
      appendix: '',
      line: 0,
      field: 'row',
      message: `${absent.length} nhiệm vụ đã có của kế hoạch không có trong tệp (${absent
        .slice(0, 10)
        .map((t) => t.code || quote(t.content.slice(0, 40)))
        .join(', ')}${absent.length > 10 ? ', …' : ''}); các nhiệm vụ này được giữ nguyên.`,
    });
  }
  return {
    format: file.format,
    stored: {
      document,
      rows,
      warnings,
      basis: { documentId: document.documentId, tasks: Object.fromEntries(existing.map((t) => [t.id, t.version])) },
    },
  };
}

type ImportRow = typeof planImports.$inferSelect;

function toPreview(row: ImportRow): PlanImportPreview {
  const stored = row.preview as StoredPreview;
  return {
    id: row.id,
    fileName: row.fileName,
    format: row.format as PlanImportPreview['format'],
    document: { ...stored.document, documentId: stored.document.documentId ?? row.documentId ?? null },
    rows: stored.rows,
    warnings: stored.warnings,
    summary: summaryOf(stored.rows),
    version: row.version,
    state: row.state as PlanImportPreview['state'],
    result: (row.result as PlanImportResult | null) ?? null,
  };
}

/**
 * Uploads a plan for review. Bad input fails before anything is written; the file itself is
 * kept (content-addressed) when it is a Word or Excel file and a data directory is given.
 */
export async function previewImport(
  db: Db,
  actor: Actor,
  input: PlanUpload,
  options: { dataDir?: string; requestId?: string } = {},
): Promise<PlanImportPreview> {
  const { format, stored } = await buildPreview(db, actor.provinceId, input);
  const fileName =
    normalizeText(input.fileName)
      .replace(/[\\/\0]/g, '_')
      .slice(0, 255) || 'ke-hoach';
  const file =
    options.dataDir && format !== 'text' ? await storeFile(db, options.dataDir, actor, fileName, input.bytes, options.requestId) : null;
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(planImports)
      .values({
        provinceId: actor.provinceId,
        fileId: file?.id ?? null,
        fileName,
        format,
        documentId: stored.document.documentId,
        preview: stored,
        createdBy: actor.userId,
      })
      .returning();
    if (!inserted) throw new Error('insert returned no row');
    await appendAudit(
      tx,
      actor,
      {
        action: 'plan-import.preview',
        entity: 'plan_import',
        entityId: inserted.id,
        after: { fileName, format, fileId: file?.id ?? null, document: stored.document, summary: summaryOf(stored.rows) },
      },
      options.requestId,
    );
    return inserted;
  });
  return toPreview(row);
}

export async function getImport(db: Db, actor: Actor, id: string): Promise<PlanImportPreview> {
  const row = await findImport(db, actor.provinceId, id);
  if (!row) throw notFound('bản nhập kế hoạch');
  return toPreview(row);
}

function stateConflict(state: string): AppError {
  return new AppError(
    'CONFLICT',
    state === 'committed'
      ? 'Bản xem trước này đã được ghi vào hệ thống. Hãy mở danh sách nhiệm vụ của kế hoạch; muốn nhập lại thì tải tệp lên lần nữa.'
      : 'Bản xem trước này đã bị hủy. Hãy tải tệp lên lại để nhập.',
  );
}

const staleImport = () =>
  new AppError('CONFLICT', 'Bản xem trước này đã được người khác cập nhật hoặc ghi. Hãy tải lại trang để xem trạng thái mới nhất.');

/** Takes the import for a state change: only from `preview`, only at the version the person saw. */
async function lockImport(tx: Db, actor: Actor, id: string, version: number | undefined): Promise<ImportRow> {
  const row = await findImport(tx, actor.provinceId, id);
  if (!row) throw notFound('bản nhập kế hoạch');
  if (row.state !== 'preview') throw stateConflict(row.state);
  if (version !== undefined && version !== row.version) throw staleImport();
  const [locked] = await tx
    .update(planImports)
    .set({ version: row.version + 1 })
    .where(and(eq(planImports.id, id), eq(planImports.version, row.version), eq(planImports.state, 'preview')))
    .returning();
  if (!locked) throw staleImport();
  return locked;
}

export async function discardImport(db: Db, actor: Actor, id: string, version?: number, requestId?: string): Promise<PlanImportPreview> {
  const row = await db.transaction(async (tx) => {
    await lockImport(tx, actor, id, version);
    const [done] = await tx.update(planImports).set({ state: 'discarded' }).where(eq(planImports.id, id)).returning();
    await appendAudit(
      tx,
      actor,
      { action: 'plan-import.discard', entity: 'plan_import', entityId: id, before: { state: 'preview' }, after: { state: 'discarded' } },
      requestId,
    );
    return done as ImportRow;
  });
  return toPreview(row);
}

// ---------------------------------------------------------------------------------------------
// Commit

function badRequest(message: string, details?: FieldError[]): never {
  throw new AppError('VALIDATION_FAILED', message, details);
}

/** A deadline a person typed in the preview must be understood: nobody reviews it after the commit. */
function typedDeadline(text: string, documentDate: string | null, field: string, label: string): Deadline {
  const deadline = parseDeadline(text, { documentDate });
  if (deadline.kind === 'unparsed' || deadline.needsReview) {
    badRequest(`Không hiểu ${label} "${text}". ${DEADLINE_HINT}`, [{ field, message: 'Thời hạn không đọc được' }]);
  }
  return deadline;
}

const rowName = (row: PlanImportRow) => `${row.code || 'không số'} (dòng ${row.line})`;

/** Units and groups the person chose must be active units and groups of the province. */
async function checkChosen(tx: Db, actor: Actor, unitIds: string[], groupIds: string[]) {
  const uniqueUnits = [...new Set(unitIds)];
  const uniqueGroups = [...new Set(groupIds)];
  if (uniqueUnits.length) {
    const found = await tx
      .select({ id: units.id })
      .from(units)
      .where(and(inArray(units.id, uniqueUnits), eq(units.provinceId, actor.provinceId), eq(units.active, true)));
    if (found.length !== uniqueUnits.length) badRequest('Có đơn vị đã chọn không tồn tại hoặc đã ngừng hoạt động. Hãy chọn lại đơn vị.');
  }
  if (uniqueGroups.length) {
    const found = await tx
      .select({ id: unitGroups.id })
      .from(unitGroups)
      .where(and(inArray(unitGroups.id, uniqueGroups), eq(unitGroups.provinceId, actor.provinceId)));
    if (found.length !== uniqueGroups.length) badRequest('Có nhóm đơn vị đã chọn không tồn tại. Hãy chọn lại nhóm.');
  }
}

/** A confirmed mapping becomes an alias of the unit or group (issue 4 §3), audited. */
async function addAlias(tx: Db, actor: Actor, mapping: UnitMapping, requestId?: string) {
  const text = normalizeText(mapping.text);
  const key = foldText(text);
  if (mapping.unitId) {
    const [unit] = await tx.select().from(units).where(eq(units.id, mapping.unitId));
    if (!unit || [unit.name, unit.shortName, ...unit.aliases].some((n) => foldText(n) === key)) return;
    const aliases = [...unit.aliases, text];
    await tx
      .update(units)
      .set({ aliases, searchText: unitSearchText({ ...unit, aliases }), version: unit.version + 1, updatedAt: new Date() })
      .where(eq(units.id, unit.id));
    await appendAudit(
      tx,
      actor,
      { action: 'unit.alias', entity: 'unit', entityId: unit.id, before: { aliases: unit.aliases }, after: { aliases } },
      requestId,
    );
  } else if (mapping.groupId) {
    const [group] = await tx.select().from(unitGroups).where(eq(unitGroups.id, mapping.groupId));
    if (!group || [group.phrase, ...group.aliases].some((n) => foldText(n) === key)) return;
    const aliases = [...group.aliases, text];
    await tx
      .update(unitGroups)
      .set({ aliases, searchText: foldText([group.phrase, ...aliases].join(' | ')) })
      .where(eq(unitGroups.id, group.id));
    await appendAudit(
      tx,
      actor,
      { action: 'unit-group.alias', entity: 'unit_group', entityId: group.id, before: { aliases: group.aliases }, after: { aliases } },
      requestId,
    );
  }
}

/** The row as the person left it: mappings and edits applied. */
function editedRow(
  row: PlanImportRow,
  edit: PlanImportCommit['rows'][number] | undefined,
  mapped: Map<string, UnitMatch>,
  directory: UnitDirectory,
  documentDate: string | null,
): PlanImportRow {
  const remap = (m: UnitMatch) => mapped.get(foldText(m.text)) ?? m;
  const next: PlanImportRow = { ...row, leads: row.leads.map(remap), supports: row.supports.map(remap) };
  if (!edit) return next;
  const field = (name: string) => `rows.${row.row}.${name}`;
  if (edit.content !== undefined) next.content = edit.content;
  if (edit.deadlineText !== undefined)
    next.deadline = typedDeadline(edit.deadlineText, documentDate, field('deadlineText'), `thời hạn của dòng ${rowName(row)}`);
  if (edit.adjustedText !== undefined) {
    const text = normalizeText(edit.adjustedText);
    next.adjusted = text ? typedDeadline(text, documentDate, field('adjustedText'), `tiến độ điều chỉnh của dòng ${rowName(row)}`) : null;
  }
  const unitMatch = (id: string): UnitMatch => {
    const unit = directory.units.find((u) => u.id === id);
    return { text: unit?.name ?? id, kind: 'unit', id, name: unit?.name ?? id, method: 'exact', confidence: 1 };
  };
  const groupMatch = (id: string): UnitMatch => {
    const group = directory.groups.find((g) => g.id === id);
    return { text: group?.phrase ?? id, kind: 'group', id, name: group?.phrase ?? id, method: 'exact', confidence: 1 };
  };
  const chosen = (current: UnitMatch[], unitIds: string[] | undefined, groupIds: string[] | undefined) => {
    if (unitIds === undefined && groupIds === undefined) return current;
    return [
      ...(unitIds === undefined ? current.filter((m) => m.kind === 'unit') : unitIds.map(unitMatch)),
      ...(groupIds === undefined ? current.filter((m) => m.kind === 'group') : groupIds.map(groupMatch)),
    ];
  };
  next.leads = chosen(next.leads, edit.leadUnitIds, edit.leadGroupIds);
  next.supports = chosen(next.supports, edit.supportUnitIds, edit.supportGroupIds);
  return next;
}

/** The resolved leads and supports of a row, as the tasks feature writes them. */
function partyIds(t: Target): Parties {
  const ids = (list: Target['leads'], kind: string) => list.filter((p) => p.kind === kind).map((p) => p.id);
  return {
    leadUnitIds: ids(t.leads, 'unit'),
    supportUnitIds: ids(t.supports, 'unit'),
    leadGroupIds: ids(t.leads, 'group'),
    supportGroupIds: ids(t.supports, 'group'),
  };
}

/**
 * Writes a reviewed preview: the plan document and stub documents, the confirmed aliases, then
 * each row as a new task or an update of its matched task, the "Tiến độ điều chỉnh" column as
 * an approved adjustment decided by the plan (once), a timeline line and audit record per task,
 * one audit record for the import, and the cross-plan link proposals. All or nothing.
 */
export async function commitImport(
  db: Db,
  actor: Actor,
  id: string,
  body: PlanImportCommit,
  requestId?: string,
): Promise<PlanImportResult> {
  return db.transaction(async (tx) => {
    const imported = await lockImport(tx, actor, id, body.version);
    const stored = imported.preview as StoredPreview;
    const plan = stored.document;
    const byRow = new Map(stored.rows.map((r) => [r.row, r]));

    // What the person sent must fit the preview and the province.
    const edits = new Map<number, PlanImportCommit['rows'][number]>();
    for (const edit of body.rows) {
      if (!byRow.has(edit.row))
        badRequest(`Không có dòng số ${edit.row} trong bản xem trước. Hãy tải lại trang rồi sửa lại.`, [
          { field: 'rows', message: `Dòng ${edit.row} không tồn tại` },
        ]);
      edits.set(edit.row, { ...edits.get(edit.row), ...edit });
    }
    await checkChosen(
      tx,
      actor,
      [
        ...body.unitMappings.flatMap((m) => (m.unitId ? [m.unitId] : [])),
        ...body.rows.flatMap((r) => [...(r.leadUnitIds ?? []), ...(r.supportUnitIds ?? [])]),
      ],
      [
        ...body.unitMappings.flatMap((m) => (m.groupId ? [m.groupId] : [])),
        ...body.rows.flatMap((r) => [...(r.leadGroupIds ?? []), ...(r.supportGroupIds ?? [])]),
      ],
    );
    if (body.unitMappings.some((m) => m.unitId && m.groupId)) badRequest('Mỗi tên chỉ ánh xạ tới một đơn vị hoặc một nhóm, không cả hai.');
    if (!plan.symbol) {
      badRequest('Kế hoạch chưa có số, ký hiệu. Hãy tải tệp lên lại và nhập số, ký hiệu (dự thảo chưa có số thì nhập "Số: /KH-UBND").', [
        { field: 'symbol', message: 'Hãy nhập số, ký hiệu của kế hoạch' },
      ]);
    }

    // The basis the person reviewed must still hold: same plan document, same tasks at the same versions.
    const [current] = await documentBySymbolAndDate(tx, actor.provinceId, plan.symbol, plan.issuedOn);
    const documentNow = plan.documentId ?? current?.id ?? null;
    const tasksNow = documentNow ? await planTasks(tx, actor.provinceId, documentNow) : [];
    const basisNow = Object.fromEntries(tasksNow.map((t) => [t.id, t.version]));
    if (
      documentNow !== stored.basis.documentId ||
      JSON.stringify(basisNow, Object.keys(basisNow).sort()) !== JSON.stringify(stored.basis.tasks, Object.keys(stored.basis.tasks).sort())
    ) {
      throw new AppError(
        'CONFLICT',
        'Nhiệm vụ của kế hoạch này đã thay đổi kể từ khi xem trước (có người sửa hoặc vừa nhập). Hãy tải tệp lên lại để xem các thay đổi mới nhất rồi ghi.',
      );
    }

    const directory = await loadDirectory(tx, actor.provinceId);
    const mapped = new Map<string, UnitMatch>();
    for (const m of body.unitMappings) {
      const unit = m.unitId ? directory.units.find((u) => u.id === m.unitId) : undefined;
      const group = m.groupId ? directory.groups.find((g) => g.id === m.groupId) : undefined;
      if (unit) mapped.set(foldText(m.text), { text: m.text, kind: 'unit', id: unit.id, name: unit.name, method: 'alias', confidence: 1 });
      else if (group)
        mapped.set(foldText(m.text), { text: m.text, kind: 'group', id: group.id, name: group.phrase, method: 'alias', confidence: 1 });
    }
    const rows = stored.rows.map((row) => ({ row, edit: edits.get(row.row) }));
    const active = rows.filter((r) => !r.edit?.skip);
    const targets = active.map(({ row, edit }) => {
      const next = editedRow(row, edit, mapped, directory, plan.issuedOn);
      return { row, target: targetOf(next) };
    });
    const leaderless = targets.filter((t) => t.target.leads.length === 0);
    if (leaderless.length) {
      badRequest(
        `Chưa có cơ quan chủ trì ở ${leaderless.length} dòng: ${leaderless
          .slice(0, 10)
          .map((t) => rowName(t.row))
          .join(
            ', ',
          )}${leaderless.length > 10 ? ', …' : ''}. Hãy chọn đơn vị chủ trì, ánh xạ tên đơn vị chưa nhận ra, hoặc bỏ qua các dòng đó.`,
        leaderless.map((t) => ({ field: `rows.${t.row.row}.leadUnitIds`, message: 'Chưa có cơ quan chủ trì' })),
      );
    }

    for (const m of body.unitMappings) await addAlias(tx, actor, m, requestId);

    // The plan document, then the assigning documents (stubs for the unknown ones).
    const planId =
      documentNow ??
      (
        await createDocument(
          tx,
          actor,
          {
            symbol: plan.symbol,
            issuedOn: plan.issuedOn,
            title: plan.title || PLAN_TITLE,
            issuerName: '',
            implementsIds: [],
            replacesIds: [],
          },
          requestId,
        )
      ).id;
    const wanted = [...new Set(targets.flatMap((t) => t.target.documents))];
    const documentIds = new Map<string, string>();
    for (const [key, hit] of pickDocuments(await documentsBySymbol(tx, actor.provinceId, wanted), plan.issuedOn))
      documentIds.set(key, hit.id);
    documentIds.set(plan.symbol.toLowerCase(), planId);
    for (const symbol of wanted) {
      if (documentIds.has(symbol.toLowerCase())) continue;
      const parsed = parseDocumentNumber(symbol);
      const [stub] = await tx
        .insert(documents)
        .values({
          provinceId: actor.provinceId,
          symbol,
          number: parsed.number,
          type: parsed.type,
          issuerCode: parsed.issuer,
          title: STUB_TITLE,
          searchText: documentSearchText({ symbol, title: STUB_TITLE, issuerName: '', unit: null }),
          createdBy: actor.userId,
        })
        .returning();
      if (!stub) throw new Error('insert returned no row');
      documentIds.set(symbol.toLowerCase(), stub.id);
      await appendAudit(
        tx,
        actor,
        {
          action: 'document.create',
          entity: 'document',
          entityId: stub.id,
          after: { id: stub.id, symbol, title: STUB_TITLE, stub: true, importId: id },
        },
        requestId,
      );
    }
    const docIdsOf = (t: Target) => [...new Set([planId, ...t.documents.map((s) => documentIds.get(s.toLowerCase()) as string)])];

    const adjustment = (taskId: string, from: Deadline, to: Deadline) =>
      tx.insert(deadlineAdjustments).values({
        provinceId: actor.provinceId,
        taskId,
        state: 'approved',
        fromDeadline: from,
        toDeadline: to,
        reason: `Tiến độ điều chỉnh theo kế hoạch ${plan.symbol}${plan.issuedOn ? ` ngày ${vnDate(plan.issuedOn)}` : ''}`,
        requestedBy: actor.userId,
        decidedBy: actor.userId,
        decidedAt: new Date(),
        decidingSymbol: plan.symbol,
        decidingDate: plan.issuedOn,
        decidingDocumentId: planId,
      });

    const result: PlanImportResult = {
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: rows.length - active.length,
      adjustments: 0,
      linksProposed: 0,
      documentId: planId,
    };
    const touched: string[] = [];
    const byTask = new Map(tasksNow.map((t) => [t.id, t]));
    for (const { row, target: t } of targets) {
      const task = row.match.taskId ? byTask.get(row.match.taskId) : undefined;
      if (!task) {
        const current = t.adjusted ?? t.deadline;
        const [created] = await tx
          .insert(tasks)
          .values({
            provinceId: actor.provinceId,
            documentId: planId,
            code: t.code,
            section: t.section,
            position: row.row,
            content: t.content,
            deliverable: t.deliverable,
            deadline: current,
            originalDeadline: t.deadline,
            dueOn: dueDay(current),
            leadText: t.leadText,
            supportText: t.supportText,
            searchText: '',
            createdBy: actor.userId,
          })
          .returning();
        if (!created) throw new Error('insert returned no row');
        await writeParties(tx, actor.provinceId, created.id, partyIds(t));
        await tx
          .insert(taskDocuments)
          .values(docIdsOf(t).map((documentId) => ({ provinceId: actor.provinceId, taskId: created.id, documentId })));
        if (t.adjusted) {
          await adjustment(created.id, t.deadline, t.adjusted);
          result.adjustments++;
        }
        await refreshSearchText(tx, created.id);
        const summary = `Nhập từ kế hoạch ${plan.symbol}, thời hạn: ${formatDeadline(t.deadline)}${t.adjusted ? `, điều chỉnh thành: ${formatDeadline(t.adjusted)}` : ''}`;
        await recordTaskChange(
          tx,
          actor,
          created,
          {
            action: 'task.import',
            summary,
            after: {
              importId: id,
              row: row.line,
              code: t.code,
              content: t.content,
              deadline: t.deadline,
              adjusted: t.adjusted,
              leads: t.leads,
              supports: t.supports,
              documents: t.documents,
            },
          },
          requestId,
        );
        result.created++;
        touched.push(created.id);
        continue;
      }

      const changes = changesOf(t, task);
      if (!changes.length) {
        result.unchanged++;
        continue;
      }
      const changed = new Set(changes.map((c) => c.field));
      const set: Partial<typeof tasks.$inferInsert> = {};
      for (const field of ['code', 'section', 'content', 'deliverable', 'leadText', 'supportText'] as const) {
        if (changed.has(field)) set[field] = t[field];
      }
      let currentDeadline = task.deadline;
      if (changed.has('deadline')) {
        set.originalDeadline = t.deadline;
        // An adjusted task keeps the deadline its decision set; only the original words change.
        if (!task.adjusted) {
          currentDeadline = t.deadline;
          Object.assign(set, { deadline: t.deadline, dueOn: dueDay(t.deadline) });
        }
      }
      if (changed.has('adjusted') && t.adjusted) {
        await adjustment(task.id, currentDeadline, t.adjusted);
        result.adjustments++;
        Object.assign(set, { deadline: t.adjusted, dueOn: dueDay(t.adjusted) });
      }
      const [updated] = await tx
        .update(tasks)
        .set({ ...set, version: sql`${tasks.version} + 1`, updatedAt: new Date() })
        .where(and(eq(tasks.id, task.id), eq(tasks.version, task.version), eq(tasks.documentId, planId)))
        .returning();
      if (!updated) throw staleImport();
      if (changed.has('leads') || changed.has('supports')) await writeParties(tx, actor.provinceId, task.id, partyIds(t));
      if (changed.has('documents')) {
        await tx
          .insert(taskDocuments)
          .values(docIdsOf(t).map((documentId) => ({ provinceId: actor.provinceId, taskId: task.id, documentId })))
          .onConflictDoNothing();
      }
      await refreshSearchText(tx, task.id);
      await recordTaskChange(
        tx,
        actor,
        updated,
        {
          action: 'task.import',
          summary: `Cập nhật theo kế hoạch ${plan.symbol}: ${changes.map((c) => PLAN_CHANGE_LABELS[c.field] ?? c.field).join(', ')}`,
          before: Object.fromEntries(changes.map((c) => [c.field, c.before])),
          after: { importId: id, row: row.line, ...Object.fromEntries(changes.map((c) => [c.field, c.after])) },
        },
        requestId,
      );
      result.updated++;
      touched.push(task.id);
    }

    result.linksProposed = await proposeLinks(tx, actor, touched);
    await appendAudit(
      tx,
      actor,
      {
        action: 'plan-import.commit',
        entity: 'plan_import',
        entityId: id,
        before: { state: 'preview' },
        after: {
          state: 'committed',
          fileName: imported.fileName,
          document: { ...plan, documentId: planId },
          mappings: body.unitMappings,
          edits: body.rows.length,
          ...result,
        },
      },
      requestId,
    );
    await tx
      .update(planImports)
      .set({ state: 'committed', result, documentId: planId, committedAt: new Date() })
      .where(eq(planImports.id, id));
    return result;
  });
}

// ---------------------------------------------------------------------------------------------
// The CLI's report (issue 4 §7)

type CliDeadline = { kind: string; start: string | null; due: string | null; text: string };
export interface CliReport {
  tasks: {
    code: string;
    section: string;
    title: string;
    leads: string[];
    supports: string[];
    deliverable: string;
    deadline: CliDeadline;
    adjustedDeadline: CliDeadline | null;
    documents: string[];
  }[];
  warnings: { row: number; field: string; message: string }[];
}

const cliDeadline = (d: Deadline): CliDeadline => ({ kind: d.kind, start: d.start, due: d.due, text: d.text });

/**
 * `npm run import -- <file> --dry-run --json`: each task with canonical unit names (unknown
 * names verbatim, with a warning), and every warning with its source line.
 */
export function cliReport(stored: Pick<StoredPreview, 'rows' | 'warnings'>): CliReport {
  const name = (m: UnitMatch) => m.name ?? m.text;
  // In file order: by appendix, then line (an XLSX numbers the rows of each sheet from 1).
  const appendices = [...new Set(stored.rows.map((r) => r.appendix))];
  const warnings = [
    ...stored.warnings.map((w) => ({ order: appendices.indexOf(w.appendix), row: w.line, field: w.field, message: w.message })),
    ...stored.rows.flatMap((r) =>
      r.issues.map((i) => ({
        order: appendices.indexOf(r.appendix),
        row: r.line,
        field: i.field,
        message: `${r.code || 'Dòng không số'}: ${i.message}`,
      })),
    ),
  ];
  return {
    tasks: stored.rows.map((r) => ({
      code: r.code,
      section: r.section,
      title: r.content,
      leads: r.leads.map(name),
      supports: r.supports.map(name),
      deliverable: r.deliverable,
      deadline: cliDeadline(r.deadline),
      adjustedDeadline: r.adjusted ? cliDeadline(r.adjusted) : null,
      documents: r.documents.map((d) => d.symbol),
    })),
    warnings: warnings
      .map((w, i) => ({ w, i }))
      .sort((a, b) => a.w.order - b.w.order || a.w.row - b.w.row || a.i - b.i)
      .map(({ w: { row, field, message } }) => ({ row, field, message })),
  };
}
