import fs from 'node:fs/promises';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { StoredFile } from '#common/contracts/files.ts';
import type { ConsolidatedReport, Narrative, ReportData } from '#common/contracts/reporting.ts';
import { parseIsoDate, vietnamDay } from '#common/domain/iso-date.ts';
import { monthKeysWithin } from '#common/domain/period.ts';
import { type Db, readAll, rowsOf } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { AppError, conflict, notFound } from '../../kernel/errors.ts';
import { openFile, storeFile } from '../../kernel/files/files.service.ts';
import { files } from '../../kernel/files/files.table.ts';
import { documents } from '../documents/documents.table.ts';
import { statusSql } from '../tasks/tasks.queries.ts';
import { tasks, taskUnitGroups, taskUnits, taskUpdates } from '../tasks/tasks.table.ts';
import { unitGroups, units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';
import { type AppendixRow, draftNarrative, type ReportHeading, renderAppendixXlsx, renderReportDocx } from './consolidated.render.ts';
import { asOfFor, figuresCondition } from './dashboard.queries.ts';
import {
  type BriefRow,
  briefsOf,
  briefsPart,
  type CubeRow,
  cubePart,
  figuresOfCube,
  figuresStatement,
  leadTexts,
  partJson,
  type SectionRow,
  sectionsPart,
} from './figures.queries.ts';
import { getPeriod, type PeriodRow, periodRef, type RegimeRow, requirePeriod } from './periods.service.ts';
import { consolidatedReports, reportingPeriods, reportRegimes, unitReports } from './reporting.table.ts';

type ReportRow = typeof consolidatedReports.$inferSelect;

/** How many overdue tasks the report's table lists, the longest overdue first. */
const REPORT_OVERDUE_LIMIT = 100;

/** "Tháng 4/2026" → "tháng 4/2026", for the middle of a sentence. */
const lowerFirst = (label: string) => label.charAt(0).toLocaleLowerCase('vi') + label.slice(1);

/**
 * Everything the report says, computed now: the figures as at the period's cut-off (Decree 09:
 * data to the 14th), the units' submissions as they stand today, and what the units wrote.
 */
export async function reportData(db: Db, actor: Actor, period: PeriodRow): Promise<ReportData> {
  const today = vietnamDay();
  const asOf = asOfFor({ key: period.key, label: period.label, start: period.startOn, end: period.endOn, due: period.dueOn }, today);
  const where = figuresCondition(actor, {});
  // The report lists the longest overdue; the appendix has every task with its status.
  const [figures, detail] = await readAll(
    db,
    () =>
      figuresStatement<{ cube: CubeRow[]; sections: SectionRow[]; briefs: BriefRow[] }>(db, {
        cube: partJson(cubePart(where, asOf)),
        sections: partJson(sectionsPart(where, asOf)),
        briefs: partJson(briefsPart(where, asOf, { overdue: REPORT_OVERDUE_LIMIT, dueSoon: 100 }, true)),
      }),
    () => getPeriod(db, actor, period.id),
  );
  const { plans, totals } = figuresOfCube(figures.cube);
  const { sections } = figures;
  const { overdue, dueSoon: dueNext } = briefsOf(figures.briefs, asOf);
  const unitName = (u: { name: string }) => u.name;
  const months = monthKeysWithin({ start: period.startOn, end: period.endOn });
  const fromReports = await db
    .select({ unit: units.shortName, obstacles: unitReports.obstacles, proposals: unitReports.proposals })
    .from(unitReports)
    .innerJoin(units, eq(units.id, unitReports.unitId))
    .where(and(eq(unitReports.periodId, period.id), inArray(unitReports.state, ['submitted', 'accepted'])))
    .orderBy(units.sortOrder, units.name);
  const fromUpdates = months.length
    ? await db
        .select({ unit: units.shortName, code: tasks.code, obstacles: taskUpdates.obstacles, proposals: taskUpdates.proposals })
        .from(taskUpdates)
        .innerJoin(units, eq(units.id, taskUpdates.unitId))
        .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
        .where(
          and(
            eq(taskUpdates.provinceId, actor.provinceId),
            inArray(taskUpdates.period, months),
            sql`(${taskUpdates.obstacles} <> '' or ${taskUpdates.proposals} <> '')`,
          ),
        )
        .orderBy(units.sortOrder, units.name, tasks.position)
        .limit(400)
    : [];
  const notes = (field: 'obstacles' | 'proposals') => [
    ...fromReports.filter((r) => r[field]).map((r) => ({ unit: r.unit, text: r[field] })),
    ...fromUpdates.filter((u) => u[field]).map((u) => ({ unit: u.unit, text: u.code ? `nhiệm vụ ${u.code}: ${u[field]}` : u[field] })),
  ];
  return {
    asOf,
    generatedOn: today,
    plans,
    totals,
    sections,
    overdue: overdue.map(({ openExplanation: _, ...o }) => o),
    rates: detail.rates,
    missingUnits: detail.units.filter((u) => u.submission === 'missing' || u.submission === 'pending').map((u) => unitName(u.unit)),
    lateUnits: detail.units.filter((u) => u.submission === 'late').map((u) => unitName(u.unit)),
    obstacles: notes('obstacles').slice(0, 200),
    proposals: notes('proposals').slice(0, 200),
    dueNext: dueNext.map((d) => ({
      taskId: d.id,
      code: d.code,
      content: d.content,
      documentSymbol: d.documentSymbol,
      leads: d.leads,
      due: d.due,
    })),
  };
}

/** One row per task in scope as at `asOf`, for the XLSX appendix. */
export async function appendixRows(db: Db, actor: Actor, asOf: string, monthKey: string): Promise<AppendixRow[]> {
  const where = figuresCondition(actor, {});
  // One statement, set-based: each task's parties and its updates up to the period are grouped
  // once (not looked up per task), and the rows come back as one JSON array, since thousands of
  // rows cost far more to hand over one by one (PGlite) than to parse as one text. The latest
  // lead result is the greatest "YYYY-MM" + result in byte order, less its 7-character period:
  // a plain aggregate, where sorting each task's updates took the appendix twice as long. A task
  // whose lead units both (or all) reported in its latest period shows each result with its
  // unit's name; only the few tasks with several leads are grouped by unit for that.
  const scoped = sql`(select ${tasks.id} from ${tasks} where ${where})`;
  const [row] = await rowsOf<{ rows: AppendixRow[] | string | null }>(
    db,
    sql`with parties as (
        select p.task_id, string_agg(p.name, '; ' order by p.kind, p.name) filter (where p.role = 'lead') as leads,
          string_agg(p.name, '; ' order by p.kind, p.name) filter (where p.role <> 'lead') as supports
        from (select tu.task_id, tu.role, u.name, 0 as kind from ${taskUnits} tu join ${units} u on u.id = tu.unit_id where tu.task_id in ${scoped}
          union all
          select tg.task_id, tg.role, g.phrase, 1 from ${taskUnitGroups} tg join ${unitGroups} g on g.id = tg.group_id where tg.task_id in ${scoped}) p
        group by p.task_id),
      updates as (
        select u.task_id, substr(max(u.period || u.result collate "C") filter (where u.role = 'lead'), 8) as result,
          sum(cardinality(u.file_ids)) as files
        from ${taskUpdates} u where u.task_id in ${scoped} and u.period <= ${monthKey} group by u.task_id),
      shared as (
        select l.task_id, ${leadTexts(sql`n.short_name`, sql`l.result`)} as result
        from (select u.task_id, u.unit_id, substr(max(u.period || u.result collate "C"), 8) as result,
            rank() over (partition by u.task_id order by max(u.period) desc) as latest
          from ${taskUpdates} u where u.role = 'lead' and u.period <= ${monthKey} and u.task_id in (
            select tu.task_id from ${taskUnits} tu where tu.role = 'lead' and tu.task_id in ${scoped} group by tu.task_id having count(*) > 1)
          group by u.task_id, u.unit_id) l
        join ${units} n on n.id = l.unit_id
        where l.latest = 1 group by l.task_id having count(*) > 1)
      select json_agg(json_build_object('documentSymbol', coalesce(d.symbol, ''), 'section', t.section, 'code', t.code,
          'content', t.content, 'leads', coalesce(p.leads, ''), 'supports', coalesce(p.supports, ''), 'deliverable', t.deliverable,
          'originalDeadline', t.original_deadline->>'text', 'deadline', t.deadline->>'text', 'status', t.st,
          'percent', case when t.st in ('done_on_time', 'done_late') then 100 else t.percent end,
          'result', coalesce(s.result, x.result, ''), 'evidence', (coalesce(x.files, 0) + cardinality(t.done_file_ids))::int)
        order by d.issued_on nulls last, d.symbol, t.position, t.section, t.code) as rows
      from (select ${tasks}.*, ${statusSql(asOf)} as st from ${tasks} where ${where}) t
      left join ${documents} d on d.id = t.document_id
      left join parties p on p.task_id = t.id
      left join updates x on x.task_id = t.id
      left join shared s on s.task_id = t.id`,
  );
  const rows = row?.rows ?? [];
  // A JSON column comes back parsed (node-postgres, PGlite) or as text.
  return typeof rows === 'string' ? JSON.parse(rows) : rows;
}

// ——— The register ———

async function requireReport(db: Db, actor: Actor, id: string) {
  const [row] = await db
    .select()
    .from(consolidatedReports)
    .where(and(eq(consolidatedReports.id, id), eq(consolidatedReports.provinceId, actor.provinceId)));
  if (!row) throw notFound('báo cáo tổng hợp');
  return row;
}

async function storedFile(db: Db, id: string | null): Promise<StoredFile | null> {
  if (!id) return null;
  const [row] = await db.select().from(files).where(eq(files.id, id));
  return row ? { id: row.id, name: row.name, size: row.size, mime: row.mime, sha256: row.sha256 } : null;
}

async function toReply(db: Db, actor: Actor, row: ReportRow): Promise<ConsolidatedReport> {
  const { period, regime } = await requirePeriod(db, actor, row.periodId);
  const [issuer] = row.issuedBy ? await db.select({ fullName: users.fullName }).from(users).where(eq(users.id, row.issuedBy)) : [];
  return {
    id: row.id,
    period: periodRef(period, regime),
    state: row.state as 'draft' | 'issued',
    symbol: row.symbol,
    summary: row.summary,
    narrative: row.narrative,
    recipients: row.recipients,
    signer: row.signer,
    data: row.data,
    issuedOn: row.issuedOn,
    issuedByName: issuer?.fullName ?? null,
    docxFile: await storedFile(db, row.docxFileId),
    xlsxFile: await storedFile(db, row.xlsxFileId),
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

export async function listConsolidated(db: Db, actor: Actor) {
  const rows = await db
    .select({ report: consolidatedReports, periodLabel: reportingPeriods.label, regimeName: reportRegimes.name })
    .from(consolidatedReports)
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, consolidatedReports.periodId))
    .innerJoin(reportRegimes, eq(reportRegimes.id, reportingPeriods.regimeId))
    .where(eq(consolidatedReports.provinceId, actor.provinceId))
    .orderBy(
      sql`${consolidatedReports.state} = 'issued'`,
      desc(consolidatedReports.year),
      desc(consolidatedReports.number),
      desc(consolidatedReports.createdAt),
    )
    .limit(1000);
  return rows.map(({ report, periodLabel, regimeName }) => ({
    id: report.id,
    state: report.state as 'draft' | 'issued',
    symbol: report.symbol,
    summary: report.summary,
    issuedOn: report.issuedOn,
    version: report.version,
    periodLabel,
    regimeName,
  }));
}

export async function getConsolidated(db: Db, actor: Actor, id: string) {
  return toReply(db, actor, await requireReport(db, actor, id));
}

const DEFAULT_RECIPIENTS = ['Ban Chỉ đạo tỉnh (để báo cáo)', 'UBND tỉnh (để báo cáo)', 'Lãnh đạo Sở', 'Lưu: VT, QLKH'];
const DEFAULT_SIGNER = { authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC', name: '' };

/** A new draft's words: the summary line, the narrative drafted from the figures, the usual recipients and signer. */
function draftFields(period: PeriodRow, data: ReportData) {
  return {
    summary: `Kết quả thực hiện nhiệm vụ phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số ${lowerFirst(period.label)}`,
    narrative: draftNarrative(data, period.label),
    recipients: DEFAULT_RECIPIENTS,
    signer: DEFAULT_SIGNER,
    data,
  };
}

/** Drafts the period's report, or returns the draft it already has (one draft per period). */
export async function createConsolidated(db: Db, actor: Actor, periodId: string, requestId?: string) {
  const { period } = await requirePeriod(db, actor, periodId);
  const data = await reportData(db, actor, period);
  const id = await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: consolidatedReports.id })
      .from(consolidatedReports)
      .where(and(eq(consolidatedReports.periodId, periodId), eq(consolidatedReports.state, 'draft')));
    if (existing) return existing.id;
    const [row] = await tx
      .insert(consolidatedReports)
      .values({ provinceId: actor.provinceId, periodId, ...draftFields(period, data), createdBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict();
    await appendAudit(
      tx,
      actor,
      { action: 'consolidated.create', entity: 'consolidated_report', entityId: row.id, after: { periodId, asOf: data.asOf } },
      requestId,
    );
    return row.id;
  });
  return getConsolidated(db, actor, id);
}

async function requireDraft(tx: Db, actor: Actor, id: string, version: number) {
  const row = await requireReport(tx, actor, id);
  if (row.state !== 'draft') throw new AppError('CONFLICT', `Báo cáo ${row.symbol} đã ban hành nên không sửa được nữa.`);
  if (row.version !== version) throw conflict();
  return row;
}

export async function editConsolidated(
  db: Db,
  actor: Actor,
  id: string,
  input: { version: number; summary?: string; narrative?: Narrative; recipients?: string[]; signer?: ReportRow['signer'] },
  requestId?: string,
) {
  await db.transaction(async (tx) => {
    const before = await requireDraft(tx, actor, id, input.version);
    const { version, ...fields } = input;
    const [after] = await tx
      .update(consolidatedReports)
      .set({ ...fields, version: version + 1 })
      .where(and(eq(consolidatedReports.id, id), eq(consolidatedReports.version, version)))
      .returning();
    if (!after) throw conflict();
    const pick = (r: ReportRow) => ({ summary: r.summary, narrative: r.narrative, recipients: r.recipients, signer: r.signer });
    await appendAudit(
      tx,
      actor,
      { action: 'consolidated.edit', entity: 'consolidated_report', entityId: id, before: pick(before), after: pick(after) },
      requestId,
    );
  });
  return getConsolidated(db, actor, id);
}

/** Recomputes a draft's figures and redrafts its narrative from them. */
export async function refreshConsolidated(db: Db, actor: Actor, id: string, version: number, requestId?: string) {
  const current = await requireReport(db, actor, id);
  const { period } = await requirePeriod(db, actor, current.periodId);
  const data = await reportData(db, actor, period);
  await db.transaction(async (tx) => {
    await requireDraft(tx, actor, id, version);
    const [after] = await tx
      .update(consolidatedReports)
      .set({ data, narrative: draftNarrative(data, period.label), version: version + 1 })
      .where(and(eq(consolidatedReports.id, id), eq(consolidatedReports.version, version)))
      .returning();
    if (!after) throw conflict();
    await appendAudit(
      tx,
      actor,
      { action: 'consolidated.refresh', entity: 'consolidated_report', entityId: id, after: { asOf: data.asOf } },
      requestId,
    );
  });
  return getConsolidated(db, actor, id);
}

/** The header of the report: the province's governing body and the issuing unit (the drafter's). */
async function headingOf(db: Db, row: ReportRow, period: PeriodRow): Promise<ReportHeading> {
  const [issuer] = await db
    .select({ name: units.name, code: units.code })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, row.createdBy ?? ''));
  const [province] = await db
    .select({ shortName: units.shortName, name: units.name, aliases: units.aliases })
    .from(units)
    .where(eq(units.id, period.provinceId));
  const code = issuer?.code ?? 'SKHCN';
  return {
    governingBody: province?.aliases[0] ?? `UBND ${(province?.name ?? '').toLocaleUpperCase('vi')}`,
    issuingBody: (issuer?.name ?? 'Sở Khoa học và Công nghệ').toLocaleUpperCase('vi'),
    symbol: row.symbol || `/BC-${code}`,
    place: province?.shortName ?? '',
    issuedOn: row.issuedOn,
    summary: row.summary,
    signer: row.signer,
    recipients: row.recipients,
    draft: row.state === 'draft',
  };
}

/** The report's DOCX (Decree 30 layout) and its XLSX appendix, rendered from a row's frozen figures and words. */
function renderers(db: Db, actor: Actor, row: ReportRow, period: PeriodRow, regime: Pick<RegimeRow, 'name'>) {
  return {
    docx: async () => renderReportDocx(await headingOf(db, row, period), row.data, row.narrative),
    xlsx: async () => {
      const monthKey = monthKeysWithin({ start: period.startOn, end: period.endOn }).at(-1) ?? period.key;
      const rows = await appendixRows(db, actor, row.data.asOf, monthKey);
      const title = `PHỤ LỤC: TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ${period.label.toLocaleUpperCase('vi')} (${regime.name})${row.symbol ? ` — kèm theo Báo cáo số ${row.symbol}` : ''}`;
      return renderAppendixXlsx(title, row.data.asOf, rows);
    },
  };
}

async function renderFiles(db: Db, actor: Actor, row: ReportRow, period: PeriodRow, regime: Pick<RegimeRow, 'name'>) {
  const render = renderers(db, actor, row, period, regime);
  return { docx: await render.docx(), xlsx: await render.xlsx() };
}

/**
 * Issues the draft: the next number of the issuing unit's yearly sequence (Decree 30/2020:
 * numbers below 10 take a leading 0), then figures, narrative and both files are frozen.
 */
export async function issueConsolidated(db: Db, actor: Actor, dataDir: string, id: string, version: number, requestId?: string) {
  await db.transaction(async (tx) => {
    const before = await requireDraft(tx, actor, id, version);
    // Decree 30/2020: an issued document carries its signer's name.
    if (!before.signer.name.trim())
      throw new AppError('VALIDATION_FAILED', 'Hãy nhập họ tên người ký trước khi ban hành báo cáo.', [
        { field: 'signer.name', message: 'Chưa có họ tên người ký' },
      ]);
    const { period, regime } = await requirePeriod(tx, actor, before.periodId);
    const issuedOn = vietnamDay();
    const year = parseIsoDate(issuedOn)?.year as number;
    // One sequence per province and year: serialise concurrent issues.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`consolidated:${actor.provinceId}:${year}`}))`);
    const [last] = await tx
      .select({ number: sql<number>`max(${consolidatedReports.number})` })
      .from(consolidatedReports)
      .where(and(eq(consolidatedReports.provinceId, actor.provinceId), eq(consolidatedReports.year, year)));
    const number = (last?.number ?? 0) + 1;
    const heading = await headingOf(tx, before, period);
    const symbol = `${String(number).padStart(2, '0')}${heading.symbol.replace(/^\s*\d*/, '')}`;
    const issued = { ...before, state: 'issued', year, number, symbol, issuedOn, issuedBy: actor.userId };
    const { docx, xlsx } = await renderFiles(tx, actor, issued, period, regime);
    const slug = symbol.replace(/[^\w-]+/g, '-');
    const docxFile = await storeFile(tx, dataDir, actor, `bao-cao-${slug}.docx`, docx, requestId);
    const xlsxFile = await storeFile(tx, dataDir, actor, `phu-luc-${slug}.xlsx`, xlsx, requestId);
    const [after] = await tx
      .update(consolidatedReports)
      .set({
        state: 'issued',
        year,
        number,
        symbol,
        issuedOn,
        issuedBy: actor.userId,
        docxFileId: docxFile.id,
        xlsxFileId: xlsxFile.id,
        version: version + 1,
      })
      .where(and(eq(consolidatedReports.id, id), eq(consolidatedReports.version, version)))
      .returning();
    if (!after) throw conflict();
    await appendAudit(
      tx,
      actor,
      {
        action: 'consolidated.issue',
        entity: 'consolidated_report',
        entityId: id,
        after: { symbol, issuedOn, docx: docxFile.sha256, xlsx: xlsxFile.sha256 },
      },
      requestId,
    );
  });
  return getConsolidated(db, actor, id);
}

/** The report's DOCX or XLSX: the stored file once issued; a fresh preview of a draft. */
export async function consolidatedFile(db: Db, actor: Actor, dataDir: string, id: string, kind: 'docx' | 'xlsx') {
  const row = await requireReport(db, actor, id);
  const fileId = kind === 'docx' ? row.docxFileId : row.xlsxFileId;
  if (row.state === 'issued' && fileId) {
    const { row: file, path } = await openFile(db, dataDir, actor, fileId);
    return { name: file.name, bytes: await fs.readFile(path) };
  }
  const { period, regime } = await requirePeriod(db, actor, row.periodId);
  // A preview renders only the file asked for.
  const bytes = await renderers(db, actor, row, period, regime)[kind]();
  return { name: `${kind === 'docx' ? 'bao-cao' : 'phu-luc'}-du-thao-${period.key}.${kind}`, bytes };
}

/**
 * The period's report as a draft would read now, without storing anything (npm run report:
 * automation writes the files from the current data).
 */
export async function previewPeriodReport(db: Db, actor: Actor, periodId: string) {
  const { period, regime } = await requirePeriod(db, actor, periodId);
  const data = await reportData(db, actor, period);
  const row = {
    ...draftFields(period, data),
    id: '',
    provinceId: actor.provinceId,
    periodId,
    state: 'draft',
    year: null,
    number: null,
    symbol: '',
    docxFileId: null,
    xlsxFileId: null,
    createdBy: actor.userId,
    createdAt: new Date(),
    issuedBy: null,
    issuedOn: null,
    version: 0,
  } satisfies ReportRow;
  return { data, ...(await renderFiles(db, actor, row, period, regime)) };
}
