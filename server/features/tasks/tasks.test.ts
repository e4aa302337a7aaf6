import { count, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '#common/contracts/tasks.ts';
import { vietnamDay } from '#common/domain/iso-date.ts';
import { currentPeriod } from '#common/domain/period.ts';
import { TASK_STATUSES } from '#common/domain/status.ts';
import { verifyAuditChain } from '../../kernel/audit/audit.service.ts';
import { multipart, type Session, startTestApp, type TestApp } from '../../testing/harness.ts';
import { documents } from '../documents/documents.table.ts';
import { unitGroups, units } from '../units/units.table.ts';
import { openAt, statusSql } from './tasks.queries.ts';
import { tasks, taskUpdateRevisions } from './tasks.table.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
let t: TestApp;
let coordinator: Session;
let officer: Session;
let commune: Session;
const unit: Record<string, string> = {};
let documentId: string;
const period = () => currentPeriod(vietnamDay()).key;

async function upload(s: Session, name = 'minh-chung.pdf', bytes = PDF): Promise<string> {
  const res = await s.request('POST', { url: '/api/files', ...multipart(name, bytes) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function createTask(body: Record<string, unknown>): Promise<Task> {
  const res = await coordinator.post('/api/tasks', {
    content: 'Xây dựng kế hoạch phát triển hạ tầng số của ngành y tế',
    deadlineText: 'Quý III/2026',
    leadUnitIds: [unit.SYT],
    documentId,
    section: 'III. Tập trung tạo lập, hoàn thiện hạ tầng nền tảng và dữ liệu của tỉnh',
    code: 'PL I.9',
    deliverable: 'Kế hoạch của UBND tỉnh',
    responsiblePerson: 'Nguyễn Văn A',
    tags: ['y tế'],
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  t = await startTestApp();
  coordinator = await t.as('coordinator');
  officer = await t.as('officer');
  commune = await t.as('commune');
  const rows = await t.db
    .select()
    .from(units)
    .where(inArray(units.code, ['SYT', 'XA_TAN_CUONG', 'SKHCN', 'SGDDT']));
  for (const r of rows) unit[r.code] = r.id;
  const [doc] = await t.db
    .insert(documents)
    .values({
      provinceId: officer.me.user.provinceId,
      symbol: '35/KH-UBND',
      number: 35,
      type: 'KH',
      issuerCode: 'UBND',
      issuedOn: '2026-04-10',
      title: 'Kế hoạch thực hiện Thông báo kết luận số 13-TB/CQTT',
      searchText: 'ke hoach',
    })
    .returning();
  documentId = doc?.id as string;
});
afterAll(() => t.close());

describe('tasks: the "5 rõ", scope and validation', () => {
  it('creates a task with a Vietnamese deadline and shows it to the lead unit only', async () => {
    const task = await createTask({});
    expect(task.deadline).toMatchObject({ kind: 'quarter', due: '2026-09-30', text: 'Quý III/2026' });
    expect(task.leads.map((u) => u.id)).toEqual([unit.SYT]);
    expect(task.documents.map((d) => d.symbol)).toEqual(['35/KH-UBND']);
    expect(task.myRole).toBeNull();

    const seen = await officer.get(`/api/tasks/${task.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().myRole).toBe('lead');
    expect((await officer.get('/api/tasks?q=ha tang so nganh y te')).json().items.map((i: Task) => i.id)).toContain(task.id);

    // another unit: 404 on the task, absent from lists and search
    expect((await commune.get(`/api/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await commune.get(`/api/tasks/${task.id}/timeline`)).statusCode).toBe(404);
    expect((await commune.get('/api/tasks?q=ha tang so nganh y te')).json().total).toBe(0);
    expect(JSON.stringify((await commune.get('/api/my-work')).json())).not.toContain(task.id);
  });

  it('refuses a deadline with no meaning on the form and writes nothing', async () => {
    const [before] = await t.db.select({ n: count() }).from(tasks);
    const res = await coordinator.post('/api/tasks', {
      content: 'Việc thử',
      deadlineText: 'khi nào xong thì thôi',
      leadUnitIds: [unit.SYT],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('Không hiểu thời hạn');
    expect(res.json().error.details[0].field).toBe('deadlineText');
    const [after] = await t.db.select({ n: count() }).from(tasks);
    expect(after?.n).toBe(before?.n);
  });

  it('refuses unknown units and a unit that both leads and supports', async () => {
    const unknown = await coordinator.post('/api/tasks', {
      content: 'Việc',
      deadlineText: '2026',
      leadUnitIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(400);
    const both = await coordinator.post('/api/tasks', {
      content: 'Việc',
      deadlineText: '2026',
      leadUnitIds: [unit.SYT],
      supportUnitIds: [unit.SYT],
    });
    expect(both.statusCode).toBe(400);
  });

  it('only coordinators create tasks', async () => {
    const res = await officer.post('/api/tasks', { content: 'Việc', deadlineText: '2026', leadUnitIds: [unit.SYT] });
    expect(res.statusCode).toBe(403);
  });

  it('catches a stale edit with the version check', async () => {
    const task = await createTask({ content: 'Sửa đồng thời' });
    const first = await coordinator.patch(`/api/tasks/${task.id}`, { version: task.version, deliverable: 'Báo cáo A' });
    expect(first.statusCode).toBe(200);
    const second = await coordinator.patch(`/api/tasks/${task.id}`, { version: task.version, deliverable: 'Báo cáo B' });
    expect(second.statusCode).toBe(409);
    const stored = (await coordinator.get(`/api/tasks/${task.id}`)).json();
    expect(stored.deliverable).toBe('Báo cáo A');
    // fields absent from the edit are left alone
    expect(stored).toMatchObject({ tags: ['y tế'], code: 'PL I.9', responsiblePerson: 'Nguyễn Văn A' });
  });
});

describe('updates, review and completion', () => {
  it('runs the whole cycle: update with evidence → return → resubmit → accept → propose done → confirm', async () => {
    const task = await createTask({ content: 'Chuyển đổi số bệnh viện tuyến tỉnh' });
    const p = period();
    const work = (await officer.get('/api/my-work')).json();
    expect(work.toReport.map((x: Task) => x.id)).toContain(task.id);

    const fileId = await upload(officer);
    const sent = await officer.request('PUT', {
      url: `/api/tasks/${task.id}/updates/${p}`,
      payload: { claim: 'in_progress', percent: 40, result: 'Đã khảo sát 12 bệnh viện', fileIds: [fileId] },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const update = sent.json().updates[0];
    expect(update).toMatchObject({ state: 'submitted', percent: 40, period: p, role: 'lead' });
    expect(update.files[0].name).toBe('minh-chung.pdf');
    expect((await officer.get('/api/my-work')).json().toReport.map((x: Task) => x.id)).not.toContain(task.id);
    expect((await coordinator.get('/api/my-work')).json().toReview.map((x: { task: Task }) => x.task.id)).toContain(task.id);

    const noComment = await coordinator.post(`/api/tasks/${task.id}/updates/${update.id}/review`, {
      version: update.version,
      decision: 'return',
    });
    expect(noComment.statusCode).toBe(400);
    const returned = await coordinator.post(`/api/tasks/${task.id}/updates/${update.id}/review`, {
      version: update.version,
      decision: 'return',
      comment: 'Bổ sung danh sách bệnh viện',
    });
    expect(returned.statusCode).toBe(200);
    const mine = (await officer.get('/api/my-work')).json();
    expect(mine.returned[0].update.reviewComment).toBe('Bổ sung danh sách bệnh viện');

    const again = await officer.request('PUT', {
      url: `/api/tasks/${task.id}/updates/${p}`,
      payload: {
        version: returned.json().updates[0].version,
        claim: 'in_progress',
        percent: 50,
        result: 'Đã khảo sát 12 bệnh viện: A, B, C…',
        fileIds: [fileId],
      },
    });
    expect(again.statusCode, again.body).toBe(200);
    const resubmitted = again.json().updates[0];
    expect(resubmitted).toMatchObject({ state: 'submitted', revision: 2, percent: 50 });

    const accepted = await coordinator.post(`/api/tasks/${task.id}/updates/${resubmitted.id}/review`, {
      version: resubmitted.version,
      decision: 'accept',
    });
    expect(accepted.statusCode).toBe(200);
    const final = accepted.json().updates[0];
    expect(final.state).toBe('accepted');
    // the returned version is kept: submitted, returned, submitted again, accepted
    expect(final.revisions.map((r: { action: string }) => r.action)).toEqual(['submitted', 'returned', 'submitted', 'accepted']);
    expect(final.revisions[0].snapshot.percent).toBe(40);
    expect(final.revisions[1].comment).toBe('Bổ sung danh sách bệnh viện');
    const locked = await officer.request('PUT', {
      url: `/api/tasks/${task.id}/updates/${p}`,
      payload: { version: final.version, claim: 'in_progress', percent: 60 },
    });
    expect(locked.statusCode).toBe(409);

    const current = (await officer.get(`/api/tasks/${task.id}`)).json();
    const noEvidence = await officer.post(`/api/tasks/${task.id}/propose-done`, {
      version: current.version,
      completedOn: '2026-09-15',
      fileIds: [],
    });
    expect(noEvidence.statusCode).toBe(400);
    const proposed = await officer.post(`/api/tasks/${task.id}/propose-done`, {
      version: current.version,
      completedOn: '2026-09-15',
      note: 'Đã ban hành kế hoạch',
      fileIds: [await upload(officer, 'ke-hoach.pdf')],
    });
    expect(proposed.statusCode, proposed.body).toBe(200);
    expect(proposed.json().state).toBe('done_proposed');
    const confirmed = await coordinator.post(`/api/tasks/${task.id}/confirm-done`, { version: proposed.json().version });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ state: 'done', status: 'done_on_time', completedOn: '2026-09-15', percent: 100 });

    const timeline = (await officer.get(`/api/tasks/${task.id}/timeline`)).json();
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'task.confirm-done',
      'task.propose-done',
      'update.accept',
      'update.submit',
      'update.return',
      'update.submit',
      'task.create',
    ]);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it('refuses updates for another unit’s task, evidence of another unit and future periods', async () => {
    const task = await createTask({ content: 'Việc của Sở Y tế' });
    const p = period();
    const other = await commune.request('PUT', {
      url: `/api/tasks/${task.id}/updates/${p}`,
      payload: { claim: 'in_progress', percent: 10 },
    });
    expect(other.statusCode).toBe(404);
    const communeFile = await upload(commune, 'cua-xa.pdf');
    const foreign = await officer.request('PUT', {
      url: `/api/tasks/${task.id}/updates/${p}`,
      payload: { claim: 'in_progress', percent: 10, fileIds: [communeFile] },
    });
    expect(foreign.statusCode).toBe(400);
    const contradiction = await officer.request('PUT', {
      url: `/api/tasks/${task.id}/updates/${p}`,
      payload: { claim: 'not_started', percent: 40 },
    });
    expect(contradiction.statusCode).toBe(400);
    expect(contradiction.json().error.details[0].message).toContain('Đang thực hiện');
    const ownFile = await upload(officer, 'cua-so.pdf');
    const filed = await officer.request('PUT', {
      url: `/api/tasks/${task.id}/updates/${p}`,
      payload: { claim: 'in_progress', percent: 10, fileIds: [ownFile] },
    });
    expect(filed.statusCode).toBe(200);
    // evidence of a task the commune does not take part in stays hidden from it
    expect((await commune.get(`/api/files/${ownFile}`)).statusCode).toBe(404);
    const future = await officer.request('PUT', {
      url: `/api/tasks/${task.id}/updates/2099-01`,
      payload: { claim: 'in_progress', percent: 10 },
    });
    expect(future.statusCode).toBe(400);
    const [revisions] = await t.db.select({ n: count() }).from(taskUpdateRevisions);
    const exe = await officer.request('POST', {
      url: '/api/files',
      ...multipart('bao-cao.pdf', Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff')),
    });
    expect(exe.statusCode).toBe(415);
    expect((await t.db.select({ n: count() }).from(taskUpdateRevisions))[0]?.n).toBe(revisions?.n);
  });

  it('lets a support unit contribute, the lead merge it, and only the lead propose done', async () => {
    const task = await createTask({ content: 'Số hóa hồ sơ sức khỏe tại xã', supportUnitIds: [unit.XA_TAN_CUONG] });
    const p = period();
    expect((await commune.get(`/api/tasks/${task.id}`)).json().myRole).toBe('support');
    const contribution = await commune.request('PUT', {
      url: `/api/tasks/${task.id}/updates/${p}`,
      payload: { claim: 'in_progress', percent: 30, result: 'Xã đã số hóa 500 hồ sơ' },
    });
    expect(contribution.statusCode, contribution.body).toBe(200);
    const contributionId = contribution.json().updates.find((u: { role: string }) => u.role === 'support').id;
    const evidence = await upload(officer, 'tong-hop.pdf');
    const merged = await officer.request('PUT', {
      url: `/api/tasks/${task.id}/updates/${p}`,
      payload: {
        claim: 'in_progress',
        percent: 35,
        result: 'Tổng hợp: Xã đã số hóa 500 hồ sơ',
        mergedIds: [contributionId],
        fileIds: [evidence],
      },
    });
    expect(merged.statusCode, merged.body).toBe(200);
    // the support unit reads the lead's evidence of a task it supports
    expect((await commune.get(`/api/files/${evidence}`)).statusCode).toBe(200);
    expect(merged.json().updates.find((u: { role: string }) => u.role === 'lead').mergedIds).toEqual([contributionId]);
    const fileId = await upload(commune, 'xa.pdf');
    const notLead = await commune.post(`/api/tasks/${task.id}/propose-done`, {
      version: merged.json().version,
      completedOn: '2026-09-01',
      fileIds: [fileId],
    });
    expect(notLead.statusCode).toBe(403);
  });
});

describe('recurring duties', () => {
  it('judges "before the 20th each month" per period by the lead unit’s report', async () => {
    const task = await createTask({ content: 'Báo cáo kết quả thực hiện hằng tháng', deadlineText: 'Trước ngày 20 hằng tháng' });
    const before: Task = (await officer.get(`/api/tasks/${task.id}`)).json();
    const due = before.currentPeriod.due;
    expect(before.occurrences.find((o) => o.due === due)?.result).toBe('pending');
    const sent = await officer.request('PUT', {
      url: `/api/tasks/${task.id}/updates/${before.currentPeriod.key}`,
      payload: { claim: 'in_progress', percent: 0, result: 'Báo cáo tháng' },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const after: Task = sent.json();
    expect(after.occurrences.find((o) => o.due === due)).toMatchObject({ result: 'done', reportedOn: vietnamDay() });
    // a duty with no single deadline is never called overdue
    expect(after.status).toBe('in_progress_on_time');
  });
});

describe('deadline adjustments (004 Phụ lục II)', () => {
  it('follows the new deadline after a decision with its document, and keeps "late against the original"', async () => {
    const task = await createTask({ content: 'Ban hành quy định định mức kinh tế - kỹ thuật', deadlineText: 'Tháng 10/2026' });
    expect(task.status).toBe(vietnamDay() > '2026-10-31' ? 'in_progress_overdue' : 'not_started');
    const bad = await officer.post(`/api/tasks/${task.id}/adjustments`, {
      deadlineText: 'sớm nhất có thể',
      reason: 'Chờ hướng dẫn của Bộ',
    });
    expect(bad.statusCode).toBe(400);
    const requested = await officer.post(`/api/tasks/${task.id}/adjustments`, {
      deadlineText: 'Quý II/2027',
      reason: 'Chờ hướng dẫn của Bộ',
    });
    expect(requested.statusCode, requested.body).toBe(200);
    const adjustment = requested.json().adjustments[0];
    expect(adjustment.state).toBe('requested');
    const twice = await officer.post(`/api/tasks/${task.id}/adjustments`, { deadlineText: 'Quý III/2027', reason: 'Lần hai' });
    expect(twice.statusCode).toBe(409);

    const noDocument = await coordinator.post(`/api/tasks/${task.id}/adjustments/${adjustment.id}/decide`, { decision: 'approved' });
    expect(noDocument.statusCode).toBe(400);
    const decided = await coordinator.post(`/api/tasks/${task.id}/adjustments/${adjustment.id}/decide`, {
      decision: 'approved',
      decidingSymbol: 'Số: 35/KH-UBND',
      decidingDate: '2026-04-10',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const after: Task = decided.json();
    expect(after.deadline).toMatchObject({ kind: 'quarter', due: '2027-06-30' });
    expect(after.originalDeadline.text).toBe('Tháng 10/2026');
    expect(after.status).toBe('not_started');
    expect(after.lateAgainstOriginal).toBe(vietnamDay() > '2026-10-31');
    expect(after.adjustments[0]).toMatchObject({ state: 'approved', decidingSymbol: '35/KH-UBND', decidingDate: '2026-04-10' });
    const timeline = (await officer.get(`/api/tasks/${task.id}/timeline`)).json();
    expect(timeline[0].summary).toContain('35/KH-UBND');

    // after an adjustment, the deadline changes only through another adjustment
    const edit = await coordinator.patch(`/api/tasks/${task.id}`, { version: after.version, deadlineText: 'Quý IV/2027' });
    expect(edit.statusCode).toBe(400);
    const recorded = await coordinator.post(`/api/tasks/${task.id}/deadline`, {
      deadlineText: 'Quý IV/2027',
      reason: 'Theo kết luận của Ban Chỉ đạo',
      decidingSymbol: '13-TB/CQTT',
      decidingDate: '2026-04-01',
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json().adjustments).toHaveLength(2);
    expect(recorded.json().deadline.due).toBe('2027-12-31');
  });
});

describe('the task board', () => {
  it('filters by status in SQL exactly as computeStatus judges each task', async () => {
    const all = (await coordinator.get('/api/tasks?pageSize=500')).json().items as Task[];
    expect(new Set(all.map((x) => x.status)).size).toBeGreaterThan(1);
    for (const status of TASK_STATUSES) {
      const filtered = (await coordinator.get(`/api/tasks?pageSize=500&status=${status}`)).json().items as Task[];
      expect(filtered.map((x) => x.id).sort(), status).toEqual(
        all
          .filter((x) => x.status === status)
          .map((x) => x.id)
          .sort(),
      );
    }
  });

  it('filters by unit role, document, section, tag and due range', async () => {
    // the commune supports an earlier task of this file and leads this one
    await createTask({
      code: 'PL I.7',
      content: 'Triển khai phong trào “Bình dân học vụ số” tại xã',
      leadUnitIds: [unit.XA_TAN_CUONG],
      supportUnitIds: [unit.SKHCN],
      deadlineText: 'Tháng 4/2026',
      tags: ['nhân lực số'],
    });
    const support = (await coordinator.get(`/api/tasks?unitId=${unit.XA_TAN_CUONG}&unitRole=support`)).json();
    expect(support.items.map((x: Task) => x.content)).toEqual(['Số hóa hồ sơ sức khỏe tại xã']);
    const lead = (await coordinator.get(`/api/tasks?unitId=${unit.XA_TAN_CUONG}&unitRole=lead`)).json();
    expect(lead.items.map((x: Task) => x.code)).toEqual(['PL I.7']);
    expect((await coordinator.get(`/api/tasks?unitId=${unit.XA_TAN_CUONG}`)).json().total).toBe(2);
    const byDoc = (await coordinator.get(`/api/tasks?documentId=${documentId}&pageSize=500`)).json();
    expect(byDoc.total).toBeGreaterThan(3);
    const everything = (await coordinator.get('/api/tasks?pageSize=500')).json().items as Task[];
    const byTag = (await coordinator.get(`/api/tasks?pageSize=500&tag=${encodeURIComponent('y tế')}`)).json().items as Task[];
    expect(byTag.length).toBeGreaterThan(5);
    expect(byTag.map((x) => x.id).sort()).toEqual(
      everything
        .filter((x) => x.tags.includes('y tế'))
        .map((x) => x.id)
        .sort(),
    );
    expect(
      (await coordinator.get('/api/tasks?dueFrom=2026-09-30&dueTo=2026-09-30')).json().items.every((x: Task) => x.dueOn === '2026-09-30'),
    ).toBe(true);
    const facets = (await coordinator.get('/api/tasks/facets')).json();
    expect(facets.sections).toContain('III. Tập trung tạo lập, hoàn thiện hạ tầng nền tảng và dữ liệu của tỉnh');
    expect(facets.tags).toContain('y tế');
  });

  it('exports the filtered list to XLSX with the appendix columns, within the caller’s scope', async () => {
    const res = await coordinator.get(`/api/tasks/export.xlsx?documentId=${documentId}`);
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    const header = (sheet.getRow(1).values as string[]).slice(1, 8);
    expect(header).toEqual([
      'STT',
      'Nội dung nhiệm vụ',
      'Cơ quan chủ trì',
      'Cơ quan phối hợp',
      'Sản phẩm/kết quả',
      'Thời hạn hoàn thành',
      'Tiến độ điều chỉnh',
    ]);
    const texts: string[] = [];
    sheet.eachRow((row) => texts.push(String(row.getCell(2).value ?? '')));
    expect(texts).toContain('III. Tập trung tạo lập, hoàn thiện hạ tầng nền tảng và dữ liệu của tỉnh');
    expect(texts).toContain('Chuyển đổi số bệnh viện tuyến tỉnh');

    const communeExport = await commune.get('/api/tasks/export.xlsx');
    const communeBook = new ExcelJS.Workbook();
    await communeBook.xlsx.load(communeExport.rawPayload as unknown as ArrayBuffer);
    const communeTexts: string[] = [];
    communeBook.worksheets[0]?.eachRow((row) => communeTexts.push(String(row.getCell(2).value ?? '')));
    expect(communeTexts).toContain('Số hóa hồ sơ sức khỏe tại xã');
    expect(communeTexts).not.toContain('Chuyển đổi số bệnh viện tuyến tỉnh');
  });

  it('keeps each task’s row in the province of its creator', async () => {
    const rows = await t.db.select({ provinceId: tasks.provinceId }).from(tasks);
    expect(rows.every((r) => r.provinceId === coordinator.me.user.provinceId)).toBe(true);
    const [doc] = await t.db.select().from(documents).where(eq(documents.id, documentId));
    expect(doc?.symbol).toBe('35/KH-UBND');
  });
});

describe('tasks assigned to a group phrase', () => {
  it('reaches every unit of the group’s kinds, who report as lead, and no one else', async () => {
    const [communes] = await t.db.select().from(unitGroups).where(eq(unitGroups.phrase, 'UBND các xã, phường'));
    const task = await createTask({
      content: 'Triển khai Chiến dịch 100 ngày đêm số hóa tại các xã',
      leadUnitIds: [],
      leadGroupIds: [communes?.id],
      supportUnitIds: [unit.SYT],
    });
    expect(task.leads).toEqual([{ id: communes?.id, name: 'UBND các xã, phường', shortName: 'UBND các xã, phường', group: true }]);

    // the commune sees it as lead, in the board, in search and in its work to report
    const seen: Task = (await commune.get(`/api/tasks/${task.id}`)).json();
    expect(seen.myRole).toBe('lead');
    expect((await commune.get('/api/tasks?q=chien dich 100 ngay dem so hoa tai cac xa')).json().total).toBe(1);
    expect((await commune.get('/api/my-work')).json().toReport.map((x: Task) => x.id)).toContain(task.id);
    expect((await coordinator.get(`/api/tasks?unitId=${unit.XA_TAN_CUONG}&unitRole=lead`)).json().items.map((x: Task) => x.id)).toContain(
      task.id,
    );
    const report = await commune.request('PUT', {
      url: `/api/tasks/${task.id}/updates/${period()}`,
      payload: { claim: 'in_progress', percent: 20, result: 'Xã đã số hóa 300 hồ sơ' },
    });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().updates[0]).toMatchObject({ role: 'lead', unit: { id: unit.XA_TAN_CUONG } });

    // Sở Y tế supports by name; Sở Giáo dục (a department, not a commune) does not take part
    expect((await officer.get(`/api/tasks/${task.id}`)).json().myRole).toBe('support');
    const sgd = await t.db.select({ id: units.id }).from(units).where(eq(units.code, 'SGDDT'));
    expect((await coordinator.get(`/api/tasks?unitId=${sgd[0]?.id}`)).json().items.map((x: Task) => x.id)).not.toContain(task.id);

    // an edit that does not mention the group keeps it
    const edited = await coordinator.patch(`/api/tasks/${task.id}`, { version: report.json().version, deliverable: 'Báo cáo kết quả' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().leads.map((l: { group: boolean }) => l.group)).toEqual([true]);
    const noLead = await coordinator.patch(`/api/tasks/${task.id}`, { version: edited.json().version, leadGroupIds: [] });
    expect(noLead.statusCode).toBe(400);
  });
});

describe('the status in SQL', () => {
  it('openAt holds exactly for the statuses still to do, on every state and day', async () => {
    const [doc] = await t.db
      .insert(documents)
      .values({ provinceId: officer.me.user.provinceId, symbol: '9/KH-UBND', title: 'Kế hoạch trạng thái', searchText: 'trang thai' })
      .returning();
    const make = async (deadlineText: string, change: Partial<typeof tasks.$inferInsert>) => {
      const created = await createTask({ documentId: doc?.id, deadlineText, code: '' });
      await t.db.update(tasks).set(change).where(eq(tasks.id, created.id));
    };
    await make('Trước ngày 10/4/2026', { startedOn: null });
    await make('Trước ngày 10/4/2026', { startedOn: '2026-04-01' });
    await make('Trước ngày 10/4/2026', { state: 'done', completedOn: '2026-04-05' });
    await make('Trước ngày 10/4/2026', { state: 'done', completedOn: '2026-04-20' });
    await make('Trước ngày 10/4/2026', { state: 'done', completedOn: null });
    await make('Trước ngày 10/4/2026', { state: 'done_proposed', startedOn: '2026-04-01' });
    await make('Trước ngày 10/4/2026', { state: 'paused' });
    await make('Trước ngày 10/4/2026', { state: 'cancelled' });
    await make('Đã hoàn thành', { state: 'open' });
    await make('Hằng năm', { startedOn: '2026-04-01' });
    const seen = new Set<string>();
    for (const asOf of ['2026-03-31', '2026-04-10', '2026-04-11', '2026-04-25']) {
      const rows = await t.db
        .select({ status: statusSql(asOf), open: openAt(asOf) })
        .from(tasks)
        .where(eq(tasks.documentId, doc?.id as string));
      expect(rows).toHaveLength(10);
      for (const r of rows) {
        seen.add(r.status as string);
        expect(r.open, `${asOf} ${r.status}`).toBe(
          ['not_started', 'in_progress_on_time', 'in_progress_overdue'].includes(r.status as string),
        );
      }
    }
    expect([...seen].sort()).toEqual([...TASK_STATUSES].sort());
  });
});
