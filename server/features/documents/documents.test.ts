import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '#common/contracts/documents.ts';
import { parseDeadline } from '#common/domain/deadline.ts';
import { verifyAuditChain } from '../../kernel/audit/audit.service.ts';
import { auditLog } from '../../kernel/audit/audit.table.ts';
import { multipart, type Session, startTestApp, type TestApp } from '../../testing/harness.ts';
import { taskDocuments, tasks } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import { documentLinks, documents } from './documents.table.ts';

let t: TestApp;
let coordinator: Session;
beforeAll(async () => {
  t = await startTestApp();
  coordinator = await t.as('coordinator');
});
afterAll(() => t.close());

const rowCount = async () => ({
  documents: (await t.db.select({ n: count() }).from(documents))[0]?.n,
  links: (await t.db.select({ n: count() }).from(documentLinks))[0]?.n,
  audit: (await t.db.select({ n: count() }).from(auditLog))[0]?.n,
});

const newDocument = (over: object = {}) => ({
  symbol: '35/KH-UBND',
  issuedOn: '2026-04-10',
  title: 'Kế hoạch thực hiện Nghị quyết số 57-NQ/TW',
  issuerName: 'UBND tỉnh Thái Nguyên',
  ...over,
});

async function create(over: object = {}): Promise<Document> {
  const res = await coordinator.post('/api/documents', newDocument(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('number and symbol', () => {
  it('reads the five forms of the seed plans', async () => {
    const cases = [
      ['13-TB/CQTT', '13-TB/CQTT', 13, 'TB', 'CQTT', 'Thông báo'],
      ['35/KH-UBND', '35/KH-UBND', 35, 'KH', 'UBND', 'Kế hoạch'],
      ['2815/QĐ-TTg', '2815/QĐ-TTg', 2815, 'QĐ', 'TTg', 'Quyết định'],
      ['41-KH/TU', '41-KH/TU', 41, 'KH', 'TU', 'Kế hoạch'],
      ['Số: /KH-UBND', '/KH-UBND', null, 'KH', 'UBND', 'Kế hoạch'],
    ] as const;
    for (const [typed, symbol, number, type, issuerCode, typeLabel] of cases) {
      const doc = await create({ symbol: typed, issuedOn: number === null ? null : '2025-11-20', title: `Văn bản ${typed}` });
      expect(doc, typed).toMatchObject({ symbol, number, type, issuerCode, typeLabel, version: 1, taskCount: 0 });
      expect((await coordinator.get(`/api/documents/${doc.id}`)).json()).toMatchObject({ symbol, number, type });
    }
  });

  it('refuses an unreadable symbol with a Vietnamese example on the field, and writes nothing', async () => {
    const before = await rowCount();
    for (const symbol of ['Kế hoạch năm 2026', '35-UBND', 'abc/']) {
      const res = await coordinator.post('/api/documents', newDocument({ symbol }));
      expect(res.statusCode, symbol).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.message).toContain('35/KH-UBND');
      expect(res.json().error.message).toContain('13-TB/CQTT');
      expect(res.json().error.details[0].field).toBe('symbol');
    }
    const empty = await coordinator.post('/api/documents', newDocument({ symbol: '', title: '' }));
    expect(empty.statusCode).toBe(400);
    expect(await rowCount()).toEqual(before);
  });

  it('requires an issue date once the document has a number', async () => {
    const res = await coordinator.post('/api/documents', newDocument({ symbol: '77/KH-UBND', issuedOn: null }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('issuedOn');
  });

  it('refuses the same numbered symbol twice in one year, naming the existing document', async () => {
    const first = await create({ symbol: '120/KH-UBND', issuedOn: '2026-03-02', title: 'Kế hoạch chuyển đổi số năm 2026' });
    const before = await rowCount();
    const dup = await coordinator.post('/api/documents', newDocument({ symbol: 'Số: 120/kh-UBND', issuedOn: '2026-09-30' }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('CONFLICT');
    expect(dup.json().error.message).toContain('120/KH-UBND');
    expect(dup.json().error.message).toContain('Kế hoạch chuyển đổi số năm 2026');
    expect(dup.json().error.details[0].field).toBe('symbol');
    expect(await rowCount()).toEqual(before);
    // numbering restarts every year; unnumbered drafts never clash
    expect((await coordinator.post('/api/documents', newDocument({ symbol: '120/KH-UBND', issuedOn: '2027-01-05' }))).statusCode).toBe(201);
    await create({ symbol: 'Số: /KH-UBND', issuedOn: null });
    await create({ symbol: 'Số: /KH-UBND', issuedOn: null });
    // an edit onto another document's symbol is a duplicate too
    const other = await create({ symbol: '121/KH-UBND', issuedOn: '2026-03-05' });
    const clash = await coordinator.patch(`/api/documents/${other.id}`, { version: other.version, symbol: '120/KH-UBND' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.message).toContain(first.title);
  });
});

describe('search and filters', () => {
  it('finds documents without diacritics, by symbol, title and issuing unit', async () => {
    const [skhcn] = await t.db.select().from(units).where(eq(units.code, 'SKHCN'));
    const doc = await create({
      symbol: '08/KH-SKHCN',
      issuedOn: '2026-02-14',
      title: 'Kế hoạch phát triển khoa học, công nghệ và đổi mới sáng tạo',
      issuerName: '',
      issuerUnitId: skhcn?.id,
    });
    expect(doc.issuerUnit?.name).toBe('Sở Khoa học và Công nghệ');
    for (const q of ['ke hoach phat trien', 'KẾ HOẠCH đổi mới', '08/KH-SKHCN', 'khoa hoc va cong nghe', 'so khcn']) {
      const res = await coordinator.get(`/api/documents?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(
        res.json().items.map((d: Document) => d.id),
        q,
      ).toContain(doc.id);
    }
    const none = await coordinator.get(`/api/documents?q=${encodeURIComponent('ke hoach khong co that')}`);
    expect(none.json().total).toBe(0);
    const byUnit = (await coordinator.get(`/api/documents?issuerUnitId=${skhcn?.id}`)).json();
    expect(byUnit.items.map((d: Document) => d.id)).toEqual([doc.id]);
  });

  it('filters by type and year, newest first', async () => {
    await create({ symbol: '05-TB/TU', issuedOn: '2024-05-05', title: 'Thông báo kết luận' });
    const tb = (await coordinator.get('/api/documents?type=TB&pageSize=100')).json();
    expect(tb.items.length).toBeGreaterThan(1);
    expect(tb.items.every((d: Document) => d.type === 'TB')).toBe(true);
    const y2024 = (await coordinator.get('/api/documents?year=2024')).json();
    expect(y2024.items.map((d: Document) => d.symbol)).toEqual(['05-TB/TU']);
    const all = (await coordinator.get('/api/documents?pageSize=500')).json().items as Document[];
    const dated = all.filter((d) => d.issuedOn).map((d) => d.issuedOn);
    expect(dated).toEqual([...dated].sort().reverse());
    expect((await coordinator.get('/api/documents?type=XYZ')).statusCode).toBe(400);
  });
});

describe('links, files and tasks', () => {
  it('shows implements and replaces links in both directions, and keeps them on an edit that does not touch them', async () => {
    const notice = await create({ symbol: '19-TB/CQTT', issuedOn: '2026-01-15', title: 'Thông báo kết luận của Thường trực Tỉnh ủy' });
    const old = await create({ symbol: '10/KH-UBND', issuedOn: '2026-01-20', title: 'Kế hoạch cũ' });
    const plan = await create({
      symbol: '36/KH-UBND',
      issuedOn: '2026-04-11',
      title: 'Kế hoạch mới',
      implementsIds: [notice.id],
      replacesIds: [old.id],
    });
    expect(plan.implements.map((d) => d.symbol)).toEqual(['19-TB/CQTT']);
    expect(plan.replaces.map((d) => d.symbol)).toEqual(['10/KH-UBND']);
    const noticeNow = (await coordinator.get(`/api/documents/${notice.id}`)).json();
    expect(noticeNow.implementedBy).toEqual([
      { id: plan.id, symbol: '36/KH-UBND', type: 'KH', issuedOn: '2026-04-11', title: 'Kế hoạch mới' },
    ]);
    expect((await coordinator.get(`/api/documents/${old.id}`)).json().replacedBy.map((d: Document) => d.id)).toEqual([plan.id]);

    const renamed = await coordinator.patch(`/api/documents/${plan.id}`, { version: plan.version, title: 'Kế hoạch mới (sửa)' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().implements.map((d: Document) => d.id)).toEqual([notice.id]);
    expect(renamed.json().replaces.map((d: Document) => d.id)).toEqual([old.id]);

    const unlinked = await coordinator.patch(`/api/documents/${plan.id}`, { version: renamed.json().version, replacesIds: [] });
    expect(unlinked.json().replaces).toEqual([]);
    expect((await coordinator.get(`/api/documents/${old.id}`)).json().replacedBy).toEqual([]);
  });

  it('refuses links to itself or to documents that do not exist', async () => {
    const doc = await create({ symbol: '200/KH-UBND', issuedOn: '2026-05-01' });
    const self = await coordinator.patch(`/api/documents/${doc.id}`, { version: doc.version, implementsIds: [doc.id] });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.details[0].field).toBe('implementsIds');
    const before = await rowCount();
    const missing = await coordinator.post('/api/documents', newDocument({ symbol: '201/KH-UBND', replacesIds: [randomUUID()] }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].field).toBe('replacesIds');
    expect(await rowCount()).toEqual(before);
  });

  it('attaches an uploaded file, and refuses a file that does not exist', async () => {
    const upload = await coordinator.request('POST', {
      url: '/api/files',
      ...multipart('ke-hoach.pdf', Buffer.from('%PDF-1.4\n% ke hoach\n%%EOF\n')),
    });
    expect(upload.statusCode).toBe(201);
    const doc = await create({ symbol: '300/KH-UBND', fileId: upload.json().id });
    expect(doc.file).toMatchObject({ id: upload.json().id, name: 'ke-hoach.pdf', mime: 'application/pdf' });
    // a document's file is as readable as the document: any unit of the province
    const commune = await t.as('commune');
    expect((await commune.get(`/api/files/${upload.json().id}`)).statusCode).toBe(200);
    const bad = await coordinator.post('/api/documents', newDocument({ symbol: '301/KH-UBND', fileId: randomUUID() }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('fileId');
  });

  it('counts each task once, whether assigned as its own document or in the assigning documents column', async () => {
    const doc = await create({ symbol: '400/KH-UBND', issuedOn: '2026-06-01' });
    const provinceId = coordinator.me.user.provinceId;
    const deadline = parseDeadline('Quý III/2026');
    const task = (content: string, documentId: string | null) => ({
      provinceId,
      documentId,
      content,
      deadline,
      originalDeadline: deadline,
      searchText: content,
    });
    const [a, b] = await t.db
      .insert(tasks)
      .values([task('Nhiệm vụ A', doc.id), task('Nhiệm vụ B', null)])
      .returning();
    await t.db.insert(taskDocuments).values([
      { provinceId, taskId: a?.id as string, documentId: doc.id },
      { provinceId, taskId: b?.id as string, documentId: doc.id },
    ]);
    expect((await coordinator.get(`/api/documents/${doc.id}`)).json().taskCount).toBe(2);
  });
});

describe('editing and permissions', () => {
  it('catches a concurrent edit by its version instead of overwriting it', async () => {
    const doc = await create({ symbol: '500/KH-UBND' });
    const first = await coordinator.patch(`/api/documents/${doc.id}`, { version: doc.version, title: 'Trích yếu của người thứ nhất' });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(2);
    const second = await coordinator.patch(`/api/documents/${doc.id}`, { version: doc.version, title: 'Trích yếu của người thứ hai' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.message).toContain('đã được người khác sửa');
    expect((await coordinator.get(`/api/documents/${doc.id}`)).json().title).toBe('Trích yếu của người thứ nhất');
  });

  it('re-parses a changed symbol and updates the search text', async () => {
    const doc = await create({ symbol: 'Số: /KH-UBND', issuedOn: null, title: 'Dự thảo kế hoạch' });
    const res = await coordinator.patch(`/api/documents/${doc.id}`, { version: doc.version, symbol: '7/KH-UBND', issuedOn: '2026-07-07' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ symbol: '07/KH-UBND', number: 7, type: 'KH', issuedOn: '2026-07-07' });
    const found = (await coordinator.get('/api/documents?q=07%2FKH-UBND')).json();
    expect(found.items.map((d: Document) => d.id)).toContain(doc.id);
  });

  it('lets every role read documents province-wide, and only the coordinator write them', async () => {
    const doc = await create({ symbol: '600/KH-UBND' });
    for (const username of ['officer', 'commune', 'head', 'leader', 'admin']) {
      const s = await t.as(username);
      expect((await s.get('/api/documents')).statusCode, username).toBe(200);
      expect((await s.get(`/api/documents/${doc.id}`)).statusCode, username).toBe(200);
      const before = await rowCount();
      const post = await s.post('/api/documents', newDocument({ symbol: '601/KH-UBND' }));
      expect(post.statusCode, username).toBe(403);
      expect((await s.patch(`/api/documents/${doc.id}`, { version: 1, title: 'x' })).statusCode, username).toBe(403);
      expect(await rowCount()).toEqual(before);
    }
    expect((await coordinator.get(`/api/documents/${randomUUID()}`)).statusCode).toBe(404);
    expect((await coordinator.patch(`/api/documents/${randomUUID()}`, { version: 1, title: 'x' })).statusCode).toBe(404);
  });

  it('records every write in the audit log, with before and after', async () => {
    const doc = await create({ symbol: '700/KH-UBND' });
    await coordinator.patch(`/api/documents/${doc.id}`, { version: doc.version, title: 'Trích yếu mới' });
    const entries = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'document'), eq(auditLog.entityId, doc.id)))
      .orderBy(auditLog.seq);
    expect(entries.map((e) => e.action)).toEqual(['document.create', 'document.update']);
    expect(entries[0]?.actorName).toBe('coordinator');
    expect(entries[1]?.before).toMatchObject({ title: doc.title });
    expect(entries[1]?.after).toMatchObject({ title: 'Trích yếu mới' });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
