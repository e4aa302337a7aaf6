import { and, asc, count, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Document, DocumentListQuery, DocumentRef } from '#common/contracts/documents.ts';
import { DOCUMENT_TYPE_LABELS, type DocumentType } from '#common/domain/document-number.ts';
import { type Db, readAll } from '../../db/client.ts';
import type { FileGrant } from '../../kernel/files/files.service.ts';
import { files } from '../../kernel/files/files.table.ts';
import { taskDocuments, tasks } from '../tasks/tasks.table.ts';
import { searchCondition } from '../units/units.queries.ts';
import { units } from '../units/units.table.ts';
import { documentLinks, documents } from './documents.table.ts';

export type DocumentRow = typeof documents.$inferSelect;
type LinkKind = 'implements' | 'replaces';

export function toDocumentRef(row: DocumentRow): DocumentRef {
  return { id: row.id, symbol: row.symbol, type: row.type, issuedOn: row.issuedOn, title: row.title };
}

export function typeLabel(type: string | null): string {
  return (type && DOCUMENT_TYPE_LABELS[type as DocumentType]) || '';
}

const byDate = (a: DocumentRef, b: DocumentRef) => (a.issuedOn ?? '').localeCompare(b.issuedOn ?? '') || a.symbol.localeCompare(b.symbol);

/** Distinct tasks of each document: by the task's own document, or by the "assigning documents" column. */
async function taskCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
  const { rows } = (await db.execute(sql`
    select document_id, count(distinct task_id)::int as n from (
      select ${taskDocuments.documentId} as document_id, ${taskDocuments.taskId} as task_id
        from ${taskDocuments} where ${inArray(taskDocuments.documentId, ids)}
      union
      select ${tasks.documentId}, ${tasks.id} from ${tasks} where ${inArray(tasks.documentId, ids)}
    ) t group by document_id`)) as unknown as { rows: { document_id: string; n: number }[] };
  return new Map(rows.map((r) => [r.document_id, Number(r.n)]));
}

/** Rows → full documents, with each related table read once for the whole batch. */
export async function hydrate(db: Db, rows: DocumentRow[]): Promise<Document[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const unitIds = [...new Set(rows.flatMap((r) => (r.issuerUnitId ? [r.issuerUnitId] : [])))];
  const fileIds = [...new Set(rows.flatMap((r) => (r.fileId ? [r.fileId] : [])))];
  const [unitRows, fileRows, outgoing, incoming, counts] = await readAll(
    db,
    async () =>
      unitIds.length
        ? await db.select({ id: units.id, name: units.name, shortName: units.shortName }).from(units).where(inArray(units.id, unitIds))
        : [],
    async () => (fileIds.length ? await db.select().from(files).where(inArray(files.id, fileIds)) : []),
    () =>
      db
        .select({ at: documentLinks.fromId, kind: documentLinks.kind, doc: documents })
        .from(documentLinks)
        .innerJoin(documents, eq(documents.id, documentLinks.toId))
        .where(inArray(documentLinks.fromId, ids)),
    () =>
      db
        .select({ at: documentLinks.toId, kind: documentLinks.kind, doc: documents })
        .from(documentLinks)
        .innerJoin(documents, eq(documents.id, documentLinks.fromId))
        .where(inArray(documentLinks.toId, ids)),
    () => taskCounts(db, ids),
  );
  const unitById = new Map(unitRows.map((u) => [u.id, u]));
  const fileById = new Map(fileRows.map((f) => [f.id, { id: f.id, name: f.name, size: f.size, mime: f.mime, sha256: f.sha256 }]));
  const refs = (links: typeof outgoing, id: string, kind: LinkKind) =>
    links
      .filter((l) => l.at === id && l.kind === kind)
      .map((l) => toDocumentRef(l.doc))
      .sort(byDate);

  return rows.map((row) => ({
    id: row.id,
    symbol: row.symbol,
    number: row.number,
    type: row.type,
    typeLabel: typeLabel(row.type),
    issuerCode: row.issuerCode,
    issuerUnit: (row.issuerUnitId && unitById.get(row.issuerUnitId)) || null,
    issuerName: row.issuerName,
    issuedOn: row.issuedOn,
    title: row.title,
    file: (row.fileId && fileById.get(row.fileId)) || null,
    implements: refs(outgoing, row.id, 'implements'),
    replaces: refs(outgoing, row.id, 'replaces'),
    implementedBy: refs(incoming, row.id, 'implements'),
    replacedBy: refs(incoming, row.id, 'replaces'),
    taskCount: counts.get(row.id) ?? 0,
    version: row.version,
  }));
}

/** Documents are shared province-wide (a plan is read by every unit it assigns): the province is the only row rule. */
export async function findDocumentRow(db: Db, provinceId: string, id: string): Promise<DocumentRow | undefined> {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.id, id), eq(documents.provinceId, provinceId)));
  return row;
}

export async function findDocument(db: Db, provinceId: string, id: string): Promise<Document | undefined> {
  const row = await findDocumentRow(db, provinceId, id);
  return row ? (await hydrate(db, [row]))[0] : undefined;
}

export async function listDocuments(db: Db, provinceId: string, query: DocumentListQuery) {
  const where = and(
    eq(documents.provinceId, provinceId),
    searchCondition(documents.searchText, query.q),
    query.type ? eq(documents.type, query.type) : undefined,
    query.year ? and(gte(documents.issuedOn, `${query.year}-01-01`), lte(documents.issuedOn, `${query.year}-12-31`)) : undefined,
    query.issuerUnitId ? eq(documents.issuerUnitId, query.issuerUnitId) : undefined,
  );
  const [rows, [total]] = await readAll(
    db,
    () =>
      db
        .select()
        .from(documents)
        .where(where)
        // newest first; an undated draft after the dated ones
        .orderBy(sql`${documents.issuedOn} desc nulls last`, desc(documents.createdAt), asc(documents.symbol))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
    () => db.select({ n: count() }).from(documents).where(where),
  );
  return { items: await hydrate(db, rows), total: total?.n ?? 0 };
}

/** A document's file is as public as the document: anyone of its province may read it. */
export const documentFileGrant: FileGrant = async (db, actor, fileId) => {
  const [row] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.fileId, fileId), eq(documents.provinceId, actor.provinceId)))
    .limit(1);
  return Boolean(row);
};
