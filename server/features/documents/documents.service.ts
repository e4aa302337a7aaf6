import { and, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { Document, DocumentCreate, DocumentEdit } from '#common/contracts/documents.ts';
import { type DocumentNumber, formatDocumentNumber, parseDocumentNumber } from '#common/domain/document-number.ts';
import { foldText } from '#common/domain/text.ts';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { canReadFile } from '../../kernel/files/files.service.ts';
import { files } from '../../kernel/files/files.table.ts';
import { units } from '../units/units.table.ts';
import { type DocumentRow, findDocument, findDocumentRow } from './documents.queries.ts';
import { documentLinks, documents } from './documents.table.ts';

const staleVersion = () =>
  new AppError(
    'CONFLICT',
    'Văn bản này đã được người khác sửa trong lúc bạn sửa. Hãy tải lại để xem bản mới nhất rồi nhập lại thay đổi của mình.',
  );

const vnDate = (iso: string) => iso.split('-').reverse().join('/');

/** The symbol as typed → its parts and the normalised form stored ("Số: 35/kh-UBND" → "35/KH-UBND"). */
function readSymbol(text: string): { parsed: DocumentNumber; symbol: string } {
  const parsed = parseDocumentNumber(text);
  if (!parsed.parsed || !parsed.type) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Số, ký hiệu "${text}" không đúng dạng. Hãy nhập như "35/KH-UBND", "2815/QĐ-TTg", "13-TB/CQTT", hoặc "Số: /KH-UBND" cho dự thảo chưa có số.`,
      [{ field: 'symbol', message: 'Số, ký hiệu có dạng 35/KH-UBND hoặc 13-TB/CQTT' }],
    );
  }
  return { parsed, symbol: formatDocumentNumber(parsed) };
}

async function issuerUnitOf(tx: Db, actor: Actor, id: string | null) {
  if (!id) return null;
  const [unit] = await tx
    .select({ id: units.id, name: units.name, shortName: units.shortName })
    .from(units)
    .where(and(eq(units.id, id), eq(units.provinceId, actor.provinceId)));
  if (!unit) {
    throw new AppError('BAD_REQUEST', 'Cơ quan ban hành không thuộc tỉnh. Hãy chọn lại trong danh sách đơn vị.', [
      { field: 'issuerUnitId', message: 'Không tìm thấy đơn vị' },
    ]);
  }
  return unit;
}

async function checkFile(tx: Db, actor: Actor, fileId: string) {
  const [file] = await tx.select().from(files).where(eq(files.id, fileId));
  if (!file || file.provinceId !== actor.provinceId || !canReadFile(actor, file)) {
    throw new AppError('BAD_REQUEST', 'Không tìm thấy tệp đính kèm, hoặc bạn không có quyền dùng tệp này. Hãy tải tệp lên lại.', [
      { field: 'fileId', message: 'Tệp không hợp lệ' },
    ]);
  }
}

/** Linked documents must be other documents of the same province. */
async function checkLinks(tx: Db, actor: Actor, ids: string[], field: string, selfId?: string) {
  const unique = [...new Set(ids)];
  const bad = (message: string) => new AppError('BAD_REQUEST', message, [{ field, message: 'Văn bản liên kết không hợp lệ' }]);
  if (selfId && unique.includes(selfId))
    throw bad('Một văn bản không thể thực hiện hoặc thay thế chính nó. Hãy bỏ văn bản này khỏi danh sách liên kết.');
  if (!unique.length) return unique;
  const found = await tx
    .select({ id: documents.id })
    .from(documents)
    .where(and(inArray(documents.id, unique), eq(documents.provinceId, actor.provinceId)));
  if (found.length !== unique.length) throw bad('Có văn bản liên kết không tồn tại trong tỉnh. Hãy chọn lại văn bản liên kết.');
  return unique;
}

/**
 * One number per symbol per year (Decree 30/2020/NĐ-CP: numbering restarts each year). The
 * advisory lock makes two concurrent saves of the same symbol wait for each other.
 */
async function checkDuplicate(tx: Db, actor: Actor, symbol: string, number: number | null, issuedOn: string | null, selfId?: string) {
  if (number === null) return;
  const year = issuedOn ? Number(issuedOn.slice(0, 4)) : null;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`document:${actor.provinceId}:${symbol.toLowerCase()}:${year}`}))`);
  const sameYear: SQL = year === null ? sql`${documents.issuedOn} is null` : sql`extract(year from ${documents.issuedOn}) = ${year}`;
  const [clash] = await tx
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.provinceId, actor.provinceId),
        sql`lower(${documents.symbol}) = ${symbol.toLowerCase()}`,
        sameYear,
        selfId ? ne(documents.id, selfId) : undefined,
      ),
    )
    .limit(1);
  if (clash) {
    const when = clash.issuedOn ? ` ngày ${vnDate(clash.issuedOn)}` : '';
    throw new AppError(
      'CONFLICT',
      `Đã có văn bản số ${clash.symbol}${when}: "${clash.title}". Hãy kiểm tra lại số, ký hiệu hoặc mở văn bản đã có.`,
      [{ field: 'symbol', message: `Trùng với văn bản ${clash.symbol}${when}` }],
    );
  }
}

function checkDate(number: number | null, issuedOn: string | null) {
  if (number !== null && !issuedOn) {
    throw new AppError('VALIDATION_FAILED', 'Văn bản đã có số thì phải có ngày ban hành. Hãy nhập ngày ban hành.', [
      { field: 'issuedOn', message: 'Hãy nhập ngày ban hành' },
    ]);
  }
}

export function documentSearchText(d: {
  symbol: string;
  title: string;
  issuerName: string;
  unit: { name: string; shortName: string } | null;
}) {
  return foldText([d.symbol, d.title, d.issuerName, d.unit?.name ?? '', d.unit?.shortName ?? ''].join(' | '));
}

async function writeLinks(tx: Db, actor: Actor, fromId: string, kind: 'implements' | 'replaces', toIds: string[] | undefined) {
  if (!toIds) return;
  await tx.delete(documentLinks).where(and(eq(documentLinks.fromId, fromId), eq(documentLinks.kind, kind)));
  if (toIds.length) {
    await tx.insert(documentLinks).values(toIds.map((toId) => ({ provinceId: actor.provinceId, fromId, toId, kind })));
  }
}

async function reread(tx: Db, actor: Actor, id: string): Promise<Document> {
  const document = await findDocument(tx, actor.provinceId, id);
  if (!document) throw new Error(`document ${id} vanished inside its own transaction`);
  return document;
}

export async function createDocument(db: Db, actor: Actor, input: DocumentCreate, requestId?: string): Promise<Document> {
  const { parsed, symbol } = readSymbol(input.symbol);
  checkDate(parsed.number, input.issuedOn);
  return db.transaction(async (tx) => {
    const unit = await issuerUnitOf(tx, actor, input.issuerUnitId ?? null);
    if (input.fileId) await checkFile(tx, actor, input.fileId);
    const implementsIds = await checkLinks(tx, actor, input.implementsIds, 'implementsIds');
    const replacesIds = await checkLinks(tx, actor, input.replacesIds, 'replacesIds');
    await checkDuplicate(tx, actor, symbol, parsed.number, input.issuedOn);
    const [row] = await tx
      .insert(documents)
      .values({
        provinceId: actor.provinceId,
        symbol,
        number: parsed.number,
        type: parsed.type,
        issuerCode: parsed.issuer,
        issuerUnitId: unit?.id ?? null,
        issuerName: input.issuerName,
        issuedOn: input.issuedOn,
        title: input.title,
        fileId: input.fileId ?? null,
        searchText: documentSearchText({ symbol, title: input.title, issuerName: input.issuerName, unit }),
        createdBy: actor.userId,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await writeLinks(tx, actor, row.id, 'implements', implementsIds);
    await writeLinks(tx, actor, row.id, 'replaces', replacesIds);
    const document = await reread(tx, actor, row.id);
    await appendAudit(tx, actor, { action: 'document.create', entity: 'document', entityId: row.id, after: document }, requestId);
    return document;
  });
}

async function requireDocument(tx: Db, actor: Actor, id: string): Promise<DocumentRow> {
  const row = await findDocumentRow(tx, actor.provinceId, id);
  if (!row) throw notFound('văn bản');
  return row;
}

export async function updateDocument(db: Db, actor: Actor, id: string, input: DocumentEdit, requestId?: string): Promise<Document> {
  const read = input.symbol === undefined ? null : readSymbol(input.symbol);
  return db.transaction(async (tx) => {
    const before = await requireDocument(tx, actor, id);
    // Optimistic concurrency: the edit applies only to the version the editor loaded.
    if (before.version !== input.version) throw staleVersion();
    const symbol = read?.symbol ?? before.symbol;
    const number = read ? read.parsed.number : before.number;
    const issuedOn = input.issuedOn === undefined ? before.issuedOn : input.issuedOn;
    checkDate(number, issuedOn);
    const issuerUnitId = input.issuerUnitId === undefined ? before.issuerUnitId : input.issuerUnitId;
    const unit = await issuerUnitOf(tx, actor, issuerUnitId);
    if (input.fileId && input.fileId !== before.fileId) await checkFile(tx, actor, input.fileId);
    const implementsIds = input.implementsIds && (await checkLinks(tx, actor, input.implementsIds, 'implementsIds', id));
    const replacesIds = input.replacesIds && (await checkLinks(tx, actor, input.replacesIds, 'replacesIds', id));
    if (symbol !== before.symbol || issuedOn !== before.issuedOn) await checkDuplicate(tx, actor, symbol, number, issuedOn, id);

    const beforeDocument = await reread(tx, actor, id);
    const title = input.title ?? before.title;
    const issuerName = input.issuerName ?? before.issuerName;
    const [row] = await tx
      .update(documents)
      .set({
        symbol,
        number,
        type: read ? read.parsed.type : before.type,
        issuerCode: read ? read.parsed.issuer : before.issuerCode,
        issuerUnitId: unit?.id ?? null,
        issuerName,
        issuedOn,
        title,
        fileId: input.fileId === undefined ? before.fileId : input.fileId,
        searchText: documentSearchText({ symbol, title, issuerName, unit }),
        version: before.version + 1,
        updatedAt: new Date(),
      })
      .where(and(eq(documents.id, id), eq(documents.version, input.version)))
      .returning();
    if (!row) throw staleVersion();
    await writeLinks(tx, actor, id, 'implements', implementsIds);
    await writeLinks(tx, actor, id, 'replaces', replacesIds);
    const document = await reread(tx, actor, id);
    await appendAudit(
      tx,
      actor,
      { action: 'document.update', entity: 'document', entityId: id, before: beforeDocument, after: document },
      requestId,
    );
    return document;
  });
}
