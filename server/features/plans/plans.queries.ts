import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Deadline } from '#common/domain/deadline.ts';
import type { UnitDirectory } from '#common/domain/unit-names.ts';
import { type Db, readAll } from '../../db/client.ts';
import { documents } from '../documents/documents.table.ts';
import { participantsOf } from '../tasks/tasks.queries.ts';
import { deadlineAdjustments, taskDocuments, tasks } from '../tasks/tasks.table.ts';
import { unitGroups, units } from '../units/units.table.ts';
import { planImports } from './plans.table.ts';

/** The active units and the group phrases of a province, as the name resolver reads them. */
export async function loadDirectory(db: Db, provinceId: string): Promise<UnitDirectory> {
  const [unitRows, groupRows] = await readAll(
    db,
    () =>
      db
        .select({ id: units.id, code: units.code, name: units.name, shortName: units.shortName, aliases: units.aliases })
        .from(units)
        .where(and(eq(units.provinceId, provinceId), eq(units.active, true)))
        .orderBy(asc(units.sortOrder), asc(units.name)),
    () =>
      db
        .select({ id: unitGroups.id, phrase: unitGroups.phrase, aliases: unitGroups.aliases })
        .from(unitGroups)
        .where(eq(unitGroups.provinceId, provinceId))
        .orderBy(asc(unitGroups.phrase)),
  );
  return { units: unitRows, groups: groupRows };
}

export type DocumentHit = { id: string; symbol: string; issuedOn: string | null; title: string; number: number | null };

const documentColumns = {
  id: documents.id,
  symbol: documents.symbol,
  issuedOn: documents.issuedOn,
  title: documents.title,
  number: documents.number,
};

/** Documents of the province by normalised symbol, case-insensitive, newest first. */
export async function documentsBySymbol(db: Db, provinceId: string, symbols: readonly string[]): Promise<DocumentHit[]> {
  const wanted = [...new Set(symbols.map((s) => s.toLowerCase()))];
  if (!wanted.length) return [];
  return db
    .select(documentColumns)
    .from(documents)
    .where(and(eq(documents.provinceId, provinceId), inArray(sql`lower(${documents.symbol})`, wanted)))
    .orderBy(desc(documents.issuedOn), asc(documents.createdAt));
}

/** The plan document with exactly this symbol and date (an undated draft matches only undated ones). */
export async function documentBySymbolAndDate(db: Db, provinceId: string, symbol: string, issuedOn: string | null) {
  return db
    .select(documentColumns)
    .from(documents)
    .where(
      and(
        eq(documents.provinceId, provinceId),
        sql`lower(${documents.symbol}) = ${symbol.toLowerCase()}`,
        issuedOn ? eq(documents.issuedOn, issuedOn) : isNull(documents.issuedOn),
      ),
    )
    .orderBy(asc(documents.createdAt));
}

/** A task of the plan with what an import compares: its units and groups, documents and adjustments. */
export interface PlanTask {
  id: string;
  version: number;
  state: string;
  code: string;
  section: string;
  content: string;
  deliverable: string;
  leadText: string;
  supportText: string;
  deadline: Deadline;
  originalDeadline: Deadline;
  /** unit and group ids by role, with their names for the preview */
  parties: { id: string; role: string; group: boolean; name: string }[];
  documentIds: string[];
  documentSymbols: string[];
  /** any approved adjustment: the current deadline then comes from a decision, not the plan's cell */
  adjusted: boolean;
  /** the newest approved adjustment this plan decided (its "Tiến độ điều chỉnh" column), if any */
  planAdjustment: Deadline | null;
}

/** Every task of one plan, in the plan's order. */
export async function planTasks(db: Db, provinceId: string, documentId: string): Promise<PlanTask[]> {
  const rows = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.provinceId, provinceId), eq(tasks.documentId, documentId)))
    .orderBy(asc(tasks.position), asc(tasks.createdAt));
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [parties, docs, adjustments] = await readAll(
    db,
    () => participantsOf(db, null, ids),
    () =>
      db
        .select({ taskId: taskDocuments.taskId, documentId: taskDocuments.documentId, symbol: documents.symbol })
        .from(taskDocuments)
        .innerJoin(documents, eq(documents.id, taskDocuments.documentId))
        .where(inArray(taskDocuments.taskId, ids)),
    () =>
      db
        .select({
          taskId: deadlineAdjustments.taskId,
          toDeadline: deadlineAdjustments.toDeadline,
          decidingDocumentId: deadlineAdjustments.decidingDocumentId,
        })
        .from(deadlineAdjustments)
        .where(and(inArray(deadlineAdjustments.taskId, ids), eq(deadlineAdjustments.state, 'approved')))
        .orderBy(asc(deadlineAdjustments.decidedAt), asc(deadlineAdjustments.requestedAt)),
  );
  return rows.map((r) => {
    const own = adjustments.filter((a) => a.taskId === r.id);
    const mine = docs.filter((d) => d.taskId === r.id);
    return {
      id: r.id,
      version: r.version,
      state: r.state,
      code: r.code,
      section: r.section,
      content: r.content,
      deliverable: r.deliverable,
      leadText: r.leadText,
      supportText: r.supportText,
      deadline: r.deadline,
      originalDeadline: r.originalDeadline,
      parties: parties.filter((p) => p.taskId === r.id).map((p) => ({ id: p.id, role: p.role, group: p.group, name: p.name })),
      documentIds: mine.map((d) => d.documentId),
      documentSymbols: mine.map((d) => d.symbol),
      adjusted: own.length > 0,
      planAdjustment: own.filter((a) => a.decidingDocumentId === documentId).at(-1)?.toDeadline ?? null,
    };
  });
}

/** One import of the caller's province. */
export async function findImport(db: Db, provinceId: string, id: string) {
  const [row] = await db
    .select()
    .from(planImports)
    .where(and(eq(planImports.id, id), eq(planImports.provinceId, provinceId)));
  return row ?? null;
}
