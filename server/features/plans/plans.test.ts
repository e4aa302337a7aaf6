/**
 * Plan imports through HTTP on a real database: preview, commit, re-import, an edited cell,
 * unit mappings, bad input; and the CLI's --dry-run --json against the hand-checked golden
 * files (fixtures/003.import.json, 004.import.json).
 *
 * The goldens were produced by `npm run import -- fixtures/003.txt --document "Số: /KH-UBND"
 * --dry-run --json` and `… fixtures/004.txt --document "13-TB/CQTT" --date 2026-04-01 …`, then
 * read task by task against the seed rows and server/db/seed/thai-nguyen.json: every lead and
 * support name is a canonical unit name or group phrase of the seed (the one unknown, "Bộ Xây
 * dựng" in PL II 26, stays verbatim with a warning: a ministry is not Sở Xây dựng); "Sở NN&MT
 * (Chi cục …)" names the Chi cục; "các địa phương" is the seed's alias of "UBND các xã, phường";
 * every deadline was checked against its words ("Quý I" of PL II takes 2026 from the date;
 * "02/10/2026" is 2 October; PL II 3's long adjusted cell is due 30/11/2026); the documents
 * column splits on ";" and ",". Uncertain cells come back as warnings: page-split cells,
 * names read from part of the text, deadlines to review, PL II 44's adjustment equal to its
 * original deadline.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanImportPreview, PlanImportRow } from '#common/contracts/plans.ts';
import { foldText } from '#common/domain/text.ts';
import { auditLog } from '../../kernel/audit/audit.table.ts';
import { files } from '../../kernel/files/files.table.ts';
import { type Session, startTestApp, type TestApp } from '../../testing/harness.ts';
import { documents } from '../documents/documents.table.ts';
import { deadlineAdjustments, taskDocuments, taskEvents, tasks, taskUnitGroups, taskUnits } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import { buildPreview, cliReport, contentSimilarity, SIMILARITY_THRESHOLD } from './plans.service.ts';
import { planImports } from './plans.table.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const SEED_003 = fixture('003.txt');
const SEED_004 = fixture('004.txt');

/** A multipart body with one file and form fields, as the web page sends it. */
function form(fileName: string, bytes: Buffer, fields: Record<string, string> = {}) {
  const boundary = `----theodoi${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

let t: TestApp;
let coordinator: Session;
let provinceId: string;

/** Tasks of 004 typed in by hand under the demo's own copy of the plan ("/KH-UBND" of 15/4/2026), before any import. */
let typedIn: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  coordinator = await t.as('coordinator');
  provinceId = coordinator.me.user.provinceId;
  const [plan] = await t.db
    .select()
    .from(documents)
    .where(and(eq(documents.symbol, '/KH-UBND'), eq(documents.issuedOn, '2026-04-15')));
  const unitIds = Object.fromEntries(
    (
      await t.db
        .select()
        .from(units)
        .where(inArray(units.code, ['SKHCN', 'STC']))
    ).map((u) => [u.code, u.id]),
  );
  const typed = [
    {
      code: 'PL I.2',
      content: 'Ban hành quy định định mức kinh tế - kỹ thuật áp dụng đối với dịch vụ sự nghiệp công sử dụng ngân sách nhà nước',
      leadUnitIds: [unitIds.SKHCN],
      supportUnitIds: [unitIds.STC],
      deadlineText: 'Trước ngày 30/4/2026',
    },
    {
      code: 'PL II.7',
      content: 'Thu hút đầu tư xây dựng Trung tâm dữ liệu tại tỉnh',
      leadUnitIds: [unitIds.STC, unitIds.SKHCN],
      deadlineText: 'Quý II/2026',
    },
    {
      code: 'BC',
      content: 'Báo cáo kết quả thực hiện Kế hoạch hằng tháng, gửi Sở Khoa học và Công nghệ tổng hợp',
      leadUnitIds: [unitIds.SKHCN],
      deadlineText: 'Trước ngày 20 hằng tháng',
    },
  ];
  for (const task of typed) {
    const res = await coordinator.post('/api/tasks', { ...task, documentId: plan?.id });
    expect(res.statusCode, res.body).toBe(201);
    typedIn = { ...typedIn, [task.code]: res.json().id };
  }
});
afterAll(() => t.close());

async function upload(fileName: string, bytes: Buffer, fields: Record<string, string> = {}, session = coordinator) {
  return session.request('POST', { url: '/api/plan-imports', ...form(fileName, bytes, fields) });
}

async function preview(fileName: string, bytes: Buffer, fields: Record<string, string>): Promise<PlanImportPreview> {
  const res = await upload(fileName, bytes, fields);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const commit = (p: PlanImportPreview, body: Record<string, unknown> = {}) =>
  coordinator.post(`/api/plan-imports/${p.id}/commit`, { version: p.version, unitMappings: [], rows: [], ...body });

async function counts() {
  const n = async (table: typeof tasks | typeof deadlineAdjustments | typeof documents | typeof planImports | typeof files) =>
    (await t.db.select({ n: count() }).from(table))[0]?.n ?? 0;
  const links = async (table: typeof taskUnits | typeof taskUnitGroups | typeof taskDocuments) =>
    (await t.db.select({ n: count() }).from(table))[0]?.n ?? 0;
  return {
    tasks: await n(tasks),
    adjustments: await n(deadlineAdjustments),
    documents: await n(documents),
    imports: await n(planImports),
    files: await n(files),
    taskUnits: await links(taskUnits),
    taskGroups: await links(taskUnitGroups),
    taskDocuments: await links(taskDocuments),
    audit: (await t.db.select({ n: count() }).from(auditLog))[0]?.n ?? 0,
  };
}

const byCode = (p: PlanImportPreview, code: string) => p.rows.find((r) => r.code === code) as PlanImportRow;

/** 004 as its own plan: an unnumbered draft dated apart from the demo's copy of it. */
const PLAN_004 = { symbol: 'Số: /KH-UBND', issuedOn: '2026-04-02', title: 'Kế hoạch triển khai Thông báo 13-TB/CQTT (thử nhập)' };

describe('plan 004 from text: preview, commit, re-import, an edited cell', () => {
  let first: PlanImportPreview;
  let documentId: string;

  it('previews PL I (25) and PL II (52) rows, each with its parsed fields and the uncertain cells flagged; writes no task', async () => {
    const before = await counts();
    first = await preview('004.txt', SEED_004, PLAN_004);
    expect(first.state).toBe('preview');
    expect(first.format).toBe('text');
    expect(first.document).toEqual({ symbol: '/KH-UBND', issuedOn: '2026-04-02', title: PLAN_004.title, documentId: null });
    expect(first.rows.filter((r) => r.appendix.startsWith('PHỤ LỤC I:'))).toHaveLength(25);
    expect(first.rows.filter((r) => r.appendix.startsWith('PHỤ LỤC II:'))).toHaveLength(52);
    expect(first.rows.map((r) => r.code).slice(0, 2)).toEqual(['PL I.1', 'PL I.2']);
    expect(first.rows.at(-1)?.code).toBe('PL II.52');
    expect(first.summary).toMatchObject({ rows: 77, new: 77, changed: 0, unchanged: 0 });
    expect(first.rows.every((r) => r.status === 'new' && r.match.taskId === null)).toBe(true);

    const pl1 = byCode(first, 'PL I.1');
    expect(pl1.leads.map((m) => [m.kind, m.name])).toEqual([['unit', 'Sở Khoa học và Công nghệ']]);
    expect(pl1.supports.map((m) => [m.kind, m.name])).toEqual([['group', 'Các sở, ban, ngành, địa phương']]);
    expect(pl1.deadline).toMatchObject({ kind: 'date', due: '2026-04-10', text: 'Trước ngày 10/4/2026' });
    expect(pl1.adjusted).toBeNull();
    const [notice] = await t.db.select().from(documents).where(eq(documents.symbol, '13-TB/CQTT'));
    expect(pl1.documents).toEqual([
      { symbol: '13-TB/CQTT', documentId: notice?.id, stub: false },
      { symbol: '41-KH/TU', documentId: null, stub: true },
      { symbol: '35/KH-UBND', documentId: null, stub: true },
    ]);

    // PL II: the original deadline takes its year from the plan; "Tiến độ điều chỉnh" is parsed too.
    const pl2 = byCode(first, 'PL II.1');
    expect(pl2.deadline).toMatchObject({ kind: 'quarter', start: '2026-01-01', due: '2026-03-31', text: 'Quý I' });
    expect(pl2.adjusted).toMatchObject({ kind: 'date', due: '2026-04-10', text: 'Hoàn thành trước ngày 10/4/2026' });

    // uncertain cells: an unknown unit, a name read from part of the text, a merged row, an adjustment equal to the original
    const unknown = byCode(first, 'PL II.26');
    expect(unknown.supports.find((m) => m.kind === 'unknown')?.text).toBe('Bộ Xây dựng');
    expect(unknown.issues).toEqual([
      expect.objectContaining({ field: 'support', message: expect.stringContaining('Chưa nhận ra đơn vị “Bộ Xây dựng”') }),
    ]);
    expect(
      byCode(first, 'PL II.46')
        .issues.map((i) => i.message)
        .join(' '),
    ).toContain('độ tin cậy 90%');
    expect(byCode(first, 'PL I.4').issues.map((i) => i.field)).toEqual(['lead', 'deliverable']);
    expect(byCode(first, 'PL I.4').issues[0]?.message).toContain('sang trang');
    expect(byCode(first, 'PL II.44').issues).toEqual([
      expect.objectContaining({ field: 'deliverable' }),
      { field: 'adjusted', message: 'Tiến độ điều chỉnh trùng với thời hạn ban đầu nên không ghi nhận điều chỉnh.' },
    ]);
    expect(byCode(first, 'PL I.2').issues).toEqual([]);
    expect(first.summary.issues).toBe(first.rows.filter((r) => r.issues.length).length);

    const after = await counts();
    expect({ ...after, imports: before.imports, audit: before.audit }).toEqual(before);
    expect(after.imports).toBe(before.imports + 1);
  });

  it('commits 77 tasks with their units, documents and 46 adjustments decided by the plan, in one go', async () => {
    const before = await counts();
    const res = await commit(first);
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    // PL II: 52 rows, 5 without an adjusted cell (16, 38, 50, 51, 52), 44 equal to its original.
    expect(result).toMatchObject({ created: 77, updated: 0, unchanged: 0, skipped: 0, adjustments: 46, linksProposed: expect.any(Number) });
    documentId = result.documentId;

    const after = await counts();
    expect(after.tasks - before.tasks).toBe(77);
    expect(after.adjustments - before.adjustments).toBe(46);
    // the plan itself and three stubs (41-KH/TU, 35/KH-UBND, 08-CTr/BCĐ); 13-TB/CQTT was on file
    expect(after.documents - before.documents).toBe(4);
    const stubs = await t.db
      .select()
      .from(documents)
      .where(inArray(documents.symbol, ['41-KH/TU', '35/KH-UBND', '08-CTr/BCĐ']));
    expect(stubs.map((d) => [d.symbol, d.title, d.issuedOn]).sort()).toEqual([
      ['08-CTr/BCĐ', '(chưa có trích yếu)', null],
      ['35/KH-UBND', '(chưa có trích yếu)', null],
      ['41-KH/TU', '(chưa có trích yếu)', null],
    ]);

    const planTasks = await t.db.select().from(tasks).where(eq(tasks.documentId, documentId));
    expect(planTasks).toHaveLength(77);
    const task = planTasks.find((x) => x.code === 'PL II.1');
    expect(task).toMatchObject({
      leadText: 'Sở KH&CN',
      supportText: 'Các sở, ban, ngành, địa phương, doanh nghiệp liên quan',
      dueOn: '2026-04-10',
      section: expect.stringMatching(/^I\. /),
    });
    expect(task?.originalDeadline).toMatchObject({ kind: 'quarter', due: '2026-03-31', text: 'Quý I' });
    expect(task?.deadline).toMatchObject({ kind: 'date', due: '2026-04-10', text: 'Hoàn thành trước ngày 10/4/2026' });
    const [adjustment] = await t.db
      .select()
      .from(deadlineAdjustments)
      .where(eq(deadlineAdjustments.taskId, task?.id as string));
    expect(adjustment).toMatchObject({
      state: 'approved',
      decidingSymbol: '/KH-UBND',
      decidingDate: '2026-04-02',
      decidingDocumentId: documentId,
    });
    const [skhcn] = await t.db.select().from(units).where(eq(units.code, 'SKHCN'));
    expect(
      await t.db
        .select()
        .from(taskUnits)
        .where(eq(taskUnits.taskId, task?.id as string)),
    ).toEqual([expect.objectContaining({ unitId: skhcn?.id, role: 'lead' })]);
    expect(
      await t.db
        .select()
        .from(taskUnitGroups)
        .where(eq(taskUnitGroups.taskId, task?.id as string)),
    ).toEqual([expect.objectContaining({ role: 'support' })]);
    const assigning = await t.db
      .select({ symbol: documents.symbol })
      .from(taskDocuments)
      .innerJoin(documents, eq(documents.id, taskDocuments.documentId))
      .where(eq(taskDocuments.taskId, task?.id as string));
    expect(assigning.map((d) => d.symbol).sort()).toEqual(['/KH-UBND', '08-CTr/BCĐ', '41-KH/TU'].sort());
    // unknown names stay in the cell as written
    expect(planTasks.find((x) => x.code === 'PL II.26')?.supportText).toBe('Bộ Xây dựng; Sở KH&CN; các đơn vị có liên quan');
    const events = await t.db
      .select()
      .from(taskEvents)
      .where(eq(taskEvents.taskId, task?.id as string));
    expect(events.map((e) => e.kind)).toEqual(['task.import']);
    // the board finds imported tasks by unit name without diacritics
    expect(task?.searchText).toContain(foldText('Sở Khoa học và Công nghệ'));

    const again = await commit(first);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('đã được ghi');
    const read = await coordinator.get(`/api/plan-imports/${first.id}`);
    expect(read.json()).toMatchObject({ state: 'committed', result: { created: 77, documentId } });
    expect((await counts()).tasks).toBe(after.tasks);
  });

  it('re-importing the same file: every row unchanged, and the commit writes no task, adjustment or document', async () => {
    const before = await counts();
    const second = await preview('004.txt', SEED_004, PLAN_004);
    expect(second.document.documentId).toBe(documentId);
    expect(second.summary).toMatchObject({ rows: 77, new: 0, changed: 0, unchanged: 77 });
    expect(second.rows.every((r) => r.match.by === 'code' && r.match.similarity === 1)).toBe(true);
    expect(second.rows.flatMap((r) => r.documents).every((d) => d.documentId && !d.stub)).toBe(true);
    const res = await commit(second);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 0, unchanged: 77, adjustments: 0, documentId });
    const after = await counts();
    for (const key of ['tasks', 'adjustments', 'documents', 'taskUnits', 'taskGroups', 'taskDocuments', 'files'] as const) {
      expect(after[key], key).toBe(before[key]);
    }
  });

  it('an edited deadline cell shows as that one change, and the commit updates only that task', async () => {
    const text = SEED_004.toString('utf8')
      .split('\n')
      .map((line) =>
        line.startsWith('2.\tBan hành quy định định mức') ? line.replace('Trước ngày 30/4/2026', 'Trước ngày 15/5/2026') : line,
      )
      .join('\n');
    const edited = await preview('004-sua.txt', Buffer.from(text), PLAN_004);
    expect(edited.summary).toMatchObject({ new: 0, changed: 1, unchanged: 76 });
    const row = byCode(edited, 'PL I.2');
    expect(row.status).toBe('changed');
    expect(row.match.changes).toEqual([{ field: 'deadline', before: 'Trước ngày 30/4/2026', after: 'Trước ngày 15/5/2026' }]);

    const versions = new Map((await t.db.select().from(tasks).where(eq(tasks.documentId, documentId))).map((x) => [x.id, x.version]));
    const before = await counts();
    const res = await commit(edited);
    expect(res.json()).toMatchObject({ created: 0, updated: 1, unchanged: 76 });
    const after = await t.db.select().from(tasks).where(eq(tasks.documentId, documentId));
    const changed = after.filter((x) => x.version !== versions.get(x.id));
    expect(changed.map((x) => x.code)).toEqual(['PL I.2']);
    expect(changed[0]).toMatchObject({ dueOn: '2026-05-15', deadline: expect.objectContaining({ text: 'Trước ngày 15/5/2026' }) });
    expect((await counts()).tasks).toBe(before.tasks);
    const events = await t.db
      .select()
      .from(taskEvents)
      .where(eq(taskEvents.taskId, changed[0]?.id as string));
    expect(events.map((e) => e.summary)).toContain('Cập nhật theo kế hoạch /KH-UBND: thời hạn');
  });

  it('the same plan as DOCX matches the tasks imported from text: only the edited cell differs, and the file is kept', async () => {
    const before = await counts();
    const docx = await preview('004.docx', fixture('004.docx'), PLAN_004);
    expect(docx.format).toBe('docx');
    expect(docx.summary).toMatchObject({ rows: 77, new: 0, changed: 1, unchanged: 76 });
    expect(byCode(docx, 'PL I.2').match.changes).toEqual([
      { field: 'deadline', before: 'Trước ngày 15/5/2026', after: 'Trước ngày 30/4/2026' },
    ]);
    const after = await counts();
    expect(after.files).toBe(before.files + 1);
    expect(after.tasks).toBe(before.tasks);
    const [row] = await t.db.select().from(planImports).where(eq(planImports.id, docx.id));
    expect(row?.fileId).toBeTruthy();
    await coordinator.post(`/api/plan-imports/${docx.id}/discard`, { version: docx.version });
  });

  it('never touches tasks of another plan: the demo copy of 004 keeps its tasks when this one is re-imported', async () => {
    const copies = await t.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.code, 'PL I.2')));
    expect(copies.length).toBe(2);
    const other = copies.find((x) => x.documentId !== documentId);
    expect(other?.id).toBe(typedIn['PL I.2']);
    expect(other?.version).toBe(1);
  });
});

describe('matching by code and by text', () => {
  it('a renumbered row is matched by its text, and the plan’s own typed-in tasks by code', async () => {
    // The demo's copy of 004 ("/KH-UBND" of 15/4/2026) holds three tasks typed in by hand: PL I.2, PL II.7 and BC.
    const p = await preview('004.txt', SEED_004, { symbol: 'Số: /KH-UBND', issuedOn: '2026-04-15' });
    expect(p.document.documentId).not.toBeNull();
    const row = byCode(p, 'PL I.2');
    expect(row.match).toMatchObject({ taskId: typedIn['PL I.2'], by: 'code', similarity: 1 });
    expect(row.match.changes.map((c) => c.field)).toContain('leadText');
    expect(byCode(p, 'PL II.7').match.taskId).toBe(typedIn['PL II.7']);
    expect(p.summary.new).toBe(77 - 2);
    expect(p.warnings.map((w) => w.message).join(' ')).toContain('1 nhiệm vụ đã có của kế hoạch không có trong tệp (BC)');
    await coordinator.post(`/api/plan-imports/${p.id}/discard`, { version: p.version });
  });

  it('the similarity threshold separates an edited cell from a different task of the seeds', () => {
    const a = 'Ban hành quy định định mức kinh tế - kỹ thuật áp dụng đối với dịch vụ sự nghiệp công sử dụng ngân sách nhà nước';
    expect(contentSimilarity(a, a.replace('kinh tế - kỹ thuật', 'kinh tế-kỹ thuật'))).toBeGreaterThan(0.9);
    expect(contentSimilarity(a, 'Triển khai Kế hoạch “Chiến dịch 100 ngày đêm cao điểm thực hiện số hóa”')).toBeLessThan(
      SIMILARITY_THRESHOLD,
    );
  });
});

describe('unit mappings, skipped rows and row edits', () => {
  const PLAN = [
    'STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn',
    '1.\tXây dựng cổng thông tin hợp tác công tư\tBan Đổi mới sáng tạo\tSở Tài chính\tQuý III/2026',
    '2.\tTổ chức hội thảo giới thiệu các bài toán lớn của tỉnh\tSở Khoa học và Công nghệ\tBan Đổi mới sáng tạo\tTháng 9/2026',
    '3.\tKhảo sát nhu cầu chuyển đổi số của doanh nghiệp\tQuỹ phát triển KH&CN\t\tKhông rõ khi nào',
  ].join('\n');
  const fields = { symbol: '12/KH-SKHCN', issuedOn: '2026-05-04', title: 'Kế hoạch thử ánh xạ đơn vị' };

  it('a row whose lead is unknown is refused by name, and nothing is written', async () => {
    const p = await preview('thu.txt', Buffer.from(PLAN), fields);
    expect(byCode(p, '1').leads[0]).toMatchObject({ kind: 'unknown', text: 'Ban Đổi mới sáng tạo' });
    expect(byCode(p, '3').issues.map((i) => i.field)).toEqual(['lead', 'lead', 'deadline']);
    const before = await counts();
    const res = await commit(p);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('Chưa có cơ quan chủ trì ở 2 dòng: 1 (dòng 2), 3 (dòng 4)');
    expect(res.json().error.details).toEqual([
      { field: 'rows.1.leadUnitIds', message: 'Chưa có cơ quan chủ trì' },
      { field: 'rows.3.leadUnitIds', message: 'Chưa có cơ quan chủ trì' },
    ]);
    expect(await counts()).toEqual(before);
    await coordinator.post(`/api/plan-imports/${p.id}/discard`, { version: p.version });
  });

  it('a confirmed mapping becomes an alias of the unit, a skipped row is not written, an edited deadline is parsed', async () => {
    const [skhcn] = await t.db.select().from(units).where(eq(units.code, 'SKHCN'));
    const p = await preview('thu.txt', Buffer.from(PLAN), fields);
    const badDeadline = await commit(p, {
      unitMappings: [{ text: 'Ban Đổi mới sáng tạo', unitId: skhcn?.id, groupId: null }],
      rows: [{ row: 3, deadlineText: 'khi nào xong' }],
    });
    expect(badDeadline.statusCode).toBe(400);
    expect(badDeadline.json().error.message).toContain('Không hiểu thời hạn của dòng 3 (dòng 4) "khi nào xong"');

    const res = await commit(p, {
      unitMappings: [{ text: 'Ban Đổi mới sáng tạo', unitId: skhcn?.id, groupId: null }],
      rows: [
        { row: 2, deadlineText: 'Trước ngày 30/9/2026' },
        { row: 3, skip: true },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 2, skipped: 1, adjustments: 0 });
    const [unit] = await t.db.select().from(units).where(eq(units.code, 'SKHCN'));
    expect(unit?.aliases).toContain('Ban Đổi mới sáng tạo');
    expect(unit?.searchText).toContain('ban doi moi sang tao');
    expect(unit?.version).toBe((skhcn?.version ?? 0) + 1);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'unit.alias'));
    expect(audit.at(-1)).toMatchObject({ entityId: skhcn?.id });

    const created = await t.db.select().from(tasks).where(eq(tasks.documentId, res.json().documentId));
    const first = created.find((x) => x.code === '1');
    expect(first?.leadText).toBe('Ban Đổi mới sáng tạo');
    const parties = await t.db
      .select()
      .from(taskUnits)
      .where(eq(taskUnits.taskId, first?.id as string));
    expect(parties.map((r) => r.role).sort()).toEqual(['lead', 'support']);
    expect(parties.find((r) => r.role === 'lead')?.unitId).toBe(skhcn?.id);
    // SKHCN leads row 2 and the mapped name supports it: it keeps the lead role only
    const second = created.find((x) => x.code === '2');
    expect(second?.deadline).toMatchObject({ kind: 'date', due: '2026-09-30' });
    expect(
      (
        await t.db
          .select()
          .from(taskUnits)
          .where(eq(taskUnits.taskId, second?.id as string))
      ).map((r) => r.role),
    ).toEqual(['lead']);

    // the next upload knows the name
    const next = await preview('thu.txt', Buffer.from(PLAN), { ...fields, issuedOn: '2026-05-05' });
    expect(byCode(next, '1').leads[0]).toMatchObject({ kind: 'unit', id: skhcn?.id, method: 'alias', confidence: 1 });
  });
});

describe('bad input gets a Vietnamese 4xx and writes nothing', () => {
  const cases: [string, string, Buffer, Record<string, string>, number, string][] = [
    ['binary garbage', 'rac.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), {}, 415, 'Không đọc được tệp'],
    [
      'a text without a table',
      'van-ban.txt',
      Buffer.from('Kế hoạch này chưa có phụ lục.\nChỉ có lời văn.\n'),
      {},
      400,
      'Không tìm thấy bảng nhiệm vụ',
    ],
    [
      'a table without a task header',
      'bang.txt',
      Buffer.from('Họ tên\tChức vụ\nNguyễn Văn A\tGiám đốc\n'),
      {},
      400,
      'Không tìm thấy bảng nhiệm vụ',
    ],
    ['an empty file', 'rong.txt', Buffer.alloc(0), {}, 400, 'Tệp rỗng'],
    ['a 100 MB file', 'lon.docx', Buffer.alloc(100 * 1024 * 1024, 0x41), {}, 413, 'Tệp quá lớn'],
    ['a corrupt DOCX', 'hong.docx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]), {}, 400, ''],
    ['a malformed symbol', '004.txt', SEED_004, { symbol: 'Kế hoạch số mấy' }, 400, 'Số, ký hiệu kế hoạch'],
    ['a malformed date', '004.txt', SEED_004, { symbol: '35/KH-UBND', issuedOn: '31/4/2026' }, 400, 'Thông tin kế hoạch chưa hợp lệ'],
  ];
  for (const [name, fileName, bytes, fields, status, message] of cases) {
    it(name, async () => {
      const before = await counts();
      const res = await upload(fileName, bytes, fields);
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body).toBeLessThan(500);
      if (status) expect([status, 413, 415, 400]).toContain(res.statusCode);
      expect(res.json().error.message).toContain(message);
      expect(res.json().error.message).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/);
      expect(await counts()).toEqual(before);
    });
  }

  it('a JSON body instead of a form is refused', async () => {
    const res = await coordinator.post('/api/plan-imports', { file: 'x' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.message).toContain('multipart/form-data');
  });

  it('the server keeps serving', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});

describe('permissions and states', () => {
  it('a unit officer may not upload, read or commit imports (403); a leader neither', async () => {
    const p = await preview('004.txt', SEED_004, { symbol: 'Số: /KH-UBND', issuedOn: '2026-04-03' });
    const officer = await t.as('officer');
    expect((await upload('004.txt', SEED_004, {}, officer)).statusCode).toBe(403);
    expect((await officer.get(`/api/plan-imports/${p.id}`)).statusCode).toBe(403);
    expect((await officer.post(`/api/plan-imports/${p.id}/commit`, { version: p.version })).statusCode).toBe(403);
    expect((await (await t.as('leader')).get(`/api/plan-imports/${p.id}`)).statusCode).toBe(403);

    const discarded = await coordinator.post(`/api/plan-imports/${p.id}/discard`, { version: p.version });
    expect(discarded.json()).toMatchObject({ state: 'discarded' });
    const late = await commit(p, { version: discarded.json().version });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('đã bị hủy');
  });

  it('a stale version or a changed plan is refused with 409', async () => {
    const p = await preview('004.txt', SEED_004, { symbol: 'Số: /KH-UBND', issuedOn: '2026-04-04' });
    const q = await preview('004.txt', SEED_004, { symbol: 'Số: /KH-UBND', issuedOn: '2026-04-04' });
    expect((await commit(p, { version: p.version + 5 })).statusCode).toBe(409);
    expect((await commit(p)).statusCode).toBe(200);
    // q was computed before p created the plan: committing it would duplicate every task
    const before = await counts();
    const stale = await commit(q);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain('Hãy tải tệp lên lại');
    expect((await counts()).tasks).toBe(before.tasks);
  });
});

describe('the CLI report (npm run import -- … --dry-run --json) equals the hand-checked goldens', () => {
  const golden = (name: string) => JSON.parse(fixture(name).toString('utf8'));

  it('003 and 004, through the function the CLI calls', async () => {
    const report003 = cliReport(
      (await buildPreview(t.db, provinceId, { bytes: SEED_003, fileName: '003.txt', symbol: 'Số: /KH-UBND' })).stored,
    );
    expect(report003).toEqual(golden('003.import.json'));
    expect(report003.tasks).toHaveLength(19);
    const report004 = cliReport(
      (await buildPreview(t.db, provinceId, { bytes: SEED_004, fileName: '004.txt', symbol: '13-TB/CQTT', issuedOn: '2026-04-01' })).stored,
    );
    expect(report004).toEqual(golden('004.import.json'));
    expect(report004.tasks.filter((x) => x.code.startsWith('PL I.'))).toHaveLength(25);
    expect(report004.tasks.filter((x) => x.code.startsWith('PL II.'))).toHaveLength(52);
  });

  it('the DOCX and XLSX fixtures give the same tasks as the text (their warnings point to their own rows)', async () => {
    for (const [file, golden003or004, fields] of [
      ['003.docx', '003.import.json', { symbol: 'Số: /KH-UBND' }],
      ['003.xlsx', '003.import.json', { symbol: 'Số: /KH-UBND' }],
      ['004.docx', '004.import.json', { symbol: '13-TB/CQTT', issuedOn: '2026-04-01' }],
      ['004.xlsx', '004.import.json', { symbol: '13-TB/CQTT', issuedOn: '2026-04-01' }],
    ] as const) {
      const report = cliReport((await buildPreview(t.db, provinceId, { bytes: fixture(file), fileName: file, ...fields })).stored);
      const expected = golden(golden003or004);
      expect(report.tasks, file).toEqual(expected.tasks);
      const lines = (m: string) => m.replace(/dòng \d+/g, 'dòng …');
      expect(
        report.warnings.map((w) => [w.field, lines(w.message)]),
        file,
      ).toEqual(expected.warnings.map((w: { field: string; message: string }) => [w.field, lines(w.message)]));
    }
  });

  describe('as a real process on its own data directory', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'theodoi-import-'));
    afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    function cli(script: string, args: string[], env: Record<string, string> = {}) {
      const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, ...env };
      delete childEnv.DATABASE_URL;
      const child = spawn(process.execPath, ['--import', 'tsx', `server/cli/${script}.ts`, ...args], { cwd: ROOT, env: childEnv });
      child.stdin.end();
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
        child.on('close', (code) => resolve({ code, stdout, stderr })),
      );
    }
    const file004 = 'server/features/plans/fixtures/004.txt';

    it('dry run prints the golden JSON; the import commits 77 tasks; a second import changes nothing; bad input exits 2', async () => {
      expect((await cli('province-load', ['server/db/seed/thai-nguyen.json'])).code).toBe(0);
      const dry = await cli('import', [file004, '--document', '13-TB/CQTT', '--date', '2026-04-01', '--dry-run', '--json']);
      expect(dry.code, dry.stderr).toBe(0);
      expect(JSON.parse(dry.stdout)).toEqual(golden('004.import.json'));

      const nobody = await cli('import', [file004, '--document', 'Số: /KH-UBND', '--date', '2026-04-20']);
      expect(nobody.code).toBe(2);
      expect(nobody.stderr).toContain('npm run admin:create');
      expect((await cli('admin-create', ['--username', 'quantri'], { ADMIN_PASSWORD: 'Mat-khau-Thai-Nguyen-2026' })).code).toBe(0);

      const first = await cli('import', [file004, '--document', 'Số: /KH-UBND', '--date', '2026-04-20']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('77 nhiệm vụ mới, 0 cập nhật, 0 không đổi, 0 bỏ qua; 46 điều chỉnh thời hạn');
      const second = await cli('import', [file004, '--document', 'Số: /KH-UBND', '--date', '2026-04-20']);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain('0 nhiệm vụ mới, 0 cập nhật, 77 không đổi');

      const garbage = path.join(dataDir, 'rac.bin');
      fs.writeFileSync(garbage, Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 31) % 256)));
      const bad = await cli('import', [garbage, '--dry-run', '--json']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('Không đọc được tệp');
      expect(bad.stdout).toBe('');
      const noDocument = await cli('import', [file004]);
      expect(noDocument.code).toBe(2);
      expect(noDocument.stderr).toContain('--document');
    }, 180_000);
  });
});
