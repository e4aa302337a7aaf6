import { and, eq, inArray, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskLink } from '#common/contracts/links.ts';
import type { Task } from '#common/contracts/tasks.ts';
import { vietnamDay } from '#common/domain/iso-date.ts';
import { currentPeriod } from '#common/domain/period.ts';
import { verifyAuditChain } from '../../kernel/audit/audit.service.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { type Session, startTestApp, type TestApp } from '../../testing/harness.ts';
import { taskLinks, tasks, taskUpdates } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';
import { proposeLinks, sameSource } from './links.service.ts';
import { appendixOf, distinctiveWords, LINK_THRESHOLD, provinceStopPhrase, similarity, wordingOf } from './links.similarity.ts';

/**
 * The seeds' own wording (../shared/seeds: 003 appendix; 004 Phụ lục I and II), copied here:
 * the regional Innovation Centre appears three times (DESIGN.md rule 8), the digital
 * infrastructure plan twice; the rest is different work, some of it worded alike.
 */
const SEED = {
  ic003: { code: '4.3', content: 'Xây dựng Đề án thành lập Trung tâm đổi mới sáng tạo vùng Việt Bắc', deliverable: '' },
  ic21: {
    code: 'PL I.21',
    content: 'Thành lập Trung tâm Đổi mới sáng tạo vùng',
    deliverable: 'Quyết định thành lập Trung tâm Đổi mới sáng tạo vùng thuộc Đại học Thái Nguyên',
  },
  ic35: {
    code: 'PL II.35',
    content: 'Thành lập Trung tâm Đổi mới sáng tạo vùng Việt Bắc',
    deliverable: 'Ban hành Quyết định thành lập Trung tâm Đổi mới sáng tạo vùng Việt Bắc và đi vào hoạt động',
  },
  launch22: {
    code: 'PL I.22',
    content:
      'Chuẩn bị các nội dung ký kết hợp tác giữa tỉnh Thái Nguyên và Đại học Thái Nguyên; chuẩn bị các điều kiện để ra mắt Trung tâm Đổi mới sáng tạo vùng',
    deliverable: 'Hoàn thành ký kết và ra mắt Trung tâm Đổi mới sáng tạo vùng',
  },
  infra6: {
    code: 'PL I.6',
    content:
      'Xây dựng kế hoạch phát triển hạ tầng số của tỉnh giai đoạn 2026 - 2030, bảo đảm đồng bộ, khả thi, hiện đại, an toàn, an ninh và có tính dự phòng cao; tạo nền tảng thúc đẩy chính quyền số, kinh tế số, xã hội số',
    deliverable: 'Hoàn thành mục tiêu phủ sóng 5G trên dân số đạt 95%',
  },
  infra3: {
    code: 'PL II.3',
    content:
      'Xây dựng, triển khai kế hoạch phát triển hạ tầng số của tỉnh giai đoạn 2026 - 2030, bảo đảm đồng bộ, khả thi, hiện đại, an toàn, an ninh và có tính dự phòng cao; tạo nền tảng thúc đẩy chính quyền số, kinh tế số, xã hội số',
    deliverable:
      'Sở KH&CN làm việc với các doanh nghiệp viễn thông trên địa bàn tỉnh trước ngày 10/4/2026, để thống nhất kế hoạch, lộ trình triển khai hạ tầng 5G',
  },
  warehouse10: {
    code: 'PL I.10',
    content: '(2) Hoàn thiện, đưa vào vận hành thực chất kho dữ liệu dùng chung và Trung tâm giám sát, điều hành thông minh của tỉnh',
    deliverable: 'Kho dữ liệu dùng chung và Trung tâm giám sát, điều hành thông minh của tỉnh được triển khai, vận hành',
  },
  traffic17: {
    code: 'PL II.17',
    content:
      'Xây dựng trung tâm dữ liệu, quản lý, giám sát, xử lý vi phạm và điều hành giao thông tỉnh Thái Nguyên (Trung tâm dữ liệu cấp 2)',
    deliverable: 'Tổ chức triển khai giai đoạn đầu của nhiệm vụ xây dựng Trung tâm dữ liệu cấp 2',
  },
  dataCentre7: {
    code: 'PL II.7',
    content: 'Thu hút đầu tư xây dựng Trung tâm dữ liệu tại tỉnh',
    deliverable: 'Khởi công xây dựng Trung tâm dữ liệu tại tỉnh',
  },
  yenBinh003: { code: '4.8', content: 'Hoàn thành xây dựng Khu Công nghệ số tập trung Yên Bình', deliverable: '' },
};
type SeedKey = keyof typeof SEED;

const STOP = provinceStopPhrase('Tỉnh Thái Nguyên');
const score = (a: SeedKey, b: SeedKey) => similarity(wordingOf(SEED[a], STOP), wordingOf(SEED[b], STOP));

describe('similarity of wording (links.similarity.ts)', () => {
  it('finds the Innovation Centre in 003, 004 Phụ lục I and 004 Phụ lục II, and the infrastructure plan twice', () => {
    expect(score('ic003', 'ic21')).toBeCloseTo(9 / 13, 3);
    expect(score('ic003', 'ic35')).toBeCloseTo(11 / 13, 3);
    expect(score('ic21', 'ic35')).toBeCloseTo(9 / 11, 3);
    expect(score('infra6', 'infra3')).toBe(1);
    for (const [a, b] of [
      ['ic003', 'ic21'],
      ['ic003', 'ic35'],
      ['ic21', 'ic35'],
      ['infra6', 'infra3'],
    ] as const)
      expect(score(a, b), `${a} ${b}`).toBeGreaterThanOrEqual(LINK_THRESHOLD);
  });

  it('keeps different work below the threshold, however alike its words', () => {
    const pairs: [SeedKey, SeedKey][] = [
      ['launch22', 'ic35'], // launching the Centre is not founding it
      ['launch22', 'ic003'],
      ['warehouse10', 'traffic17'], // two "data centres"
      ['dataCentre7', 'ic35'],
      ['dataCentre7', 'traffic17'],
      ['yenBinh003', 'ic003'],
    ];
    for (const [a, b] of pairs) expect(score(a, b), `${a} ${b}`).toBeLessThan(0.4);
  });

  it('drops the words of administrative prose and the province name, and folds diacritics', () => {
    expect([...distinctiveWords('Triển khai thực hiện các nhiệm vụ trên địa bàn tỉnh Thái Nguyên', STOP)]).toEqual([]);
    expect(distinctiveWords('Chuyển đổi số hoá')).toEqual(distinctiveWords('chuyển đổi số hóa'));
    // a generic deliverable says nothing; a specific one counts
    expect(wordingOf({ content: 'x', deliverable: 'Quyết định của UBND tỉnh' }).deliverable).toBeNull();
    expect(wordingOf(SEED.ic35).deliverable).not.toBeNull();
  });

  it('tells the appendices of one plan apart by the task code', () => {
    expect(appendixOf('PL I.21')).toBe('i');
    expect(appendixOf('PL II.35')).toBe('ii');
    expect(appendixOf('Phụ lục II - 35')).toBe('ii');
    expect(appendixOf('PL 2.3')).toBe('2');
    expect(appendixOf('4.3')).toBe('');
    const t = (documentId: string | null, code: string, assigning: string[] = []) => ({ documentId, code, assigning: new Set(assigning) });
    expect(sameSource(t('d4', 'PL I.21'), t('d4', 'PL II.35'))).toBe(false);
    expect(sameSource(t('d4', 'PL I.21'), t('d4', 'PL I.22'))).toBe(true);
    expect(sameSource(t('d3', '4.3'), t('d4', 'PL II.35'))).toBe(false);
    expect(sameSource(t(null, '', ['n']), t(null, '', ['n', 'm']))).toBe(true);
    expect(sameSource(t(null, '', ['n']), t(null, '', ['m']))).toBe(false);
    expect(sameSource(t(null, '', ['d4']), t('d4', 'PL I.1'))).toBe(false);
  });
});

let t: TestApp;
let coordinator: Session;
let officer: Session;
let coordinatorActor: Actor;
const unit: Record<string, string> = {};
const doc: Record<string, string> = {};
const id: Partial<Record<SeedKey | 'typed' | 'm1' | 'm2', string>> = {};
const PERIOD = currentPeriod(vietnamDay()).key;

const task = (key: keyof typeof id) => id[key] as string;
const pairKey = (a: string, b: string) => (a < b ? `${a}/${b}` : `${b}/${a}`);

async function createDocument(symbol: string, issuedOn: string, title: string) {
  const res = await coordinator.post('/api/documents', { symbol, issuedOn, title });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function createTask(key: keyof typeof id, body: Record<string, unknown>) {
  const res = await coordinator.post('/api/tasks', { deadlineText: 'Quý II/2026', leadUnitIds: [unit.SKHCN], ...body });
  expect(res.statusCode, res.body).toBe(201);
  id[key] = res.json().id;
}

async function links(where?: ReturnType<typeof and>) {
  return t.db.select().from(taskLinks).where(where);
}

async function propose(ids: string[]) {
  return t.db.transaction((tx) => proposeLinks(tx, coordinatorActor, ids));
}

async function getTask(s: Session, taskId: string): Promise<Task> {
  const res = await s.get(`/api/tasks/${taskId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function linkBetween(a: string, b: string) {
  const [row] = await links(
    or(and(eq(taskLinks.taskId, a), eq(taskLinks.otherTaskId, b)), and(eq(taskLinks.taskId, b), eq(taskLinks.otherTaskId, a))),
  );
  return row;
}

beforeAll(async () => {
  t = await startTestApp();
  coordinator = await t.as('coordinator');
  officer = await t.as('officer');
  const rows = await t.db
    .select()
    .from(units)
    .where(inArray(units.code, ['SKHCN', 'SYT', 'DHTN']));
  for (const r of rows) unit[r.code] = r.id;
  const [u] = await t.db.select().from(users).where(eq(users.username, 'coordinator'));
  if (!u) throw new Error('no coordinator');
  coordinatorActor = {
    userId: u.id,
    username: u.username,
    fullName: u.fullName,
    role: 'coordinator',
    unitId: u.unitId,
    provinceId: u.provinceId,
    sessionId: 'test',
    csrfToken: 'test',
    totpPending: false,
  };
  doc.p003 = await createDocument('12/KH-UBND', '2026-01-20', 'Kế hoạch hỗ trợ doanh nghiệp phát triển dịch vụ số theo hình thức PPP');
  doc.p004 = await createDocument('95/KH-UBND', '2026-04-15', 'Kế hoạch triển khai Thông báo kết luận số 13-TB/CQTT');
  doc.tu41 = await createDocument('41-KH/TU', '2026-01-15', 'Kế hoạch của Ban Thường vụ Tỉnh ủy');
  doc.bcd08 = await createDocument('08-CTr/BCĐ', '2026-02-01', 'Chương trình công tác năm 2026 của Ban Chỉ đạo');

  // Leads are chosen for the scope checks: Sở Y tế (the officer's unit) leads the two 004
  // Innovation Centre tasks, Sở KH&CN alone leads the one of 003.
  await createTask('ic003', { ...SEED.ic003, documentId: doc.p003, deadlineText: 'Quý II năm 2026' });
  await createTask('ic21', {
    ...SEED.ic21,
    documentId: doc.p004,
    documentIds: [doc.tu41],
    leadUnitIds: [unit.DHTN, unit.SYT],
    deadlineText: 'Trước ngày 15/4/2026',
  });
  await createTask('ic35', { ...SEED.ic35, documentId: doc.p004, documentIds: [doc.bcd08, doc.tu41], leadUnitIds: [unit.SYT] });
  await createTask('launch22', { ...SEED.launch22, documentId: doc.p004, documentIds: [doc.tu41], deadlineText: 'Trước ngày 15/4/2026' });
  await createTask('infra6', { ...SEED.infra6, documentId: doc.p004, deadlineText: 'Trước ngày 30/11/2026' });
  await createTask('infra3', { ...SEED.infra3, documentId: doc.p004, deadlineText: 'Quý I/2026' });
  await createTask('warehouse10', { ...SEED.warehouse10, documentId: doc.p004, deadlineText: 'Bắt đầu từ ngày 10/4/2026' });
  await createTask('traffic17', { ...SEED.traffic17, documentId: doc.p004 });
  await createTask('dataCentre7', { ...SEED.dataCentre7, documentId: doc.p004 });
  await createTask('yenBinh003', { ...SEED.yenBinh003, documentId: doc.p003 });
});
afterAll(() => t.close());

const ours = (l: TaskLink) => Object.values(id).includes(l.task.id) && Object.values(id).includes(l.otherTask.id);

describe('proposing links (DESIGN.md rule 8)', () => {
  it('proposes exactly the same work in other plans, and nothing else', async () => {
    const all = Object.values(id) as string[];
    expect(await propose(all)).toBe(4);
    const rows = await links();
    expect(new Set(rows.map((r) => pairKey(r.taskId, r.otherTaskId)))).toEqual(
      new Set([
        pairKey(task('ic003'), task('ic21')),
        pairKey(task('ic003'), task('ic35')),
        pairKey(task('ic21'), task('ic35')),
        pairKey(task('infra6'), task('infra3')),
      ]),
    );
    for (const r of rows) {
      expect(r.taskId < r.otherTaskId).toBe(true);
      expect(r.state).toBe('proposed');
    }
    expect((await linkBetween(task('ic21'), task('ic35')))?.similarity).toBe(82);
    expect((await linkBetween(task('ic003'), task('ic35')))?.similarity).toBe(85);
    expect((await linkBetween(task('ic003'), task('ic21')))?.similarity).toBe(69);
    expect((await linkBetween(task('infra6'), task('infra3')))?.similarity).toBe(100);
  });

  it('is idempotent: proposing again adds nothing', async () => {
    expect(await propose(Object.values(id) as string[])).toBe(0);
    expect(await propose([task('ic21')])).toBe(0);
    expect(await links()).toHaveLength(4);
  });

  it('lists the proposals with both tasks for the coordinator, most alike first; units may not', async () => {
    const res = await coordinator.get('/api/task-links');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: TaskLink[]; total: number };
    expect(page.total).toBe(4);
    expect(page.items.map((l) => l.similarity)).toEqual([...page.items.map((l) => l.similarity)].sort((a, b) => b - a));
    expect(page.items.filter(ours).map((l) => l.similarity)).toEqual([100, 85, 82, 69]);
    const ic = page.items.find((l) => l.similarity === 82) as TaskLink;
    expect([ic.task.code, ic.otherTask.code].sort()).toEqual(['PL I.21', 'PL II.35']);
    expect(ic.task.documents.length).toBeGreaterThan(0);
    expect((await coordinator.get('/api/task-links?state=confirmed')).json().total).toBe(0);
    expect((await coordinator.get('/api/task-links?page=2&pageSize=3')).json().items).toHaveLength(1);
    expect((await officer.get('/api/task-links')).statusCode).toBe(403);
  });
});

describe('deciding on a proposal', () => {
  it('refuses a unit officer', async () => {
    const link = await linkBetween(task('ic21'), task('ic35'));
    expect((await officer.post(`/api/task-links/${link?.id}/confirm`)).statusCode).toBe(403);
    expect((await officer.post(`/api/task-links/${link?.id}/reject`)).statusCode).toBe(403);
    expect((await officer.post(`/api/tasks/${task('ic21')}/propose-links`)).statusCode).toBe(403);
    expect((await linkBetween(task('ic21'), task('ic35')))?.state).toBe('proposed');
  });

  it('confirms: one task with all assigning documents and one shared progress', async () => {
    // Sở Y tế reports on the Phụ lục II task
    const update = await officer.request('PUT', {
      url: `/api/tasks/${task('ic35')}/updates/${PERIOD}`,
      payload: { claim: 'in_progress', percent: 40, result: 'Đã trình dự thảo Quyết định thành lập Trung tâm' },
    });
    expect(update.statusCode, update.body).toBe(200);

    const link = await linkBetween(task('ic21'), task('ic35'));
    const res = await coordinator.post(`/api/task-links/${link?.id}/confirm`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'confirmed', decidedByName: expect.any(String) });
    expect((await coordinator.post(`/api/task-links/${link?.id}/confirm`)).statusCode).toBe(409);
    expect((await coordinator.post(`/api/task-links/${link?.id}/reject`)).statusCode).toBe(409);

    const [a, b] = await t.db
      .select()
      .from(tasks)
      .where(inArray(tasks.id, [task('ic21'), task('ic35')]));
    expect(a?.linkGroupId).toBeTruthy();
    expect(a?.linkGroupId).toBe(b?.linkGroupId);

    const ic21 = await getTask(coordinator, task('ic21'));
    expect(ic21.linked.find((l) => l.task.id === task('ic35'))).toMatchObject({ state: 'confirmed', similarity: 82, linkId: link?.id });
    // the coordinator also sees the proposal still open with the 003 task
    expect(ic21.linked.find((l) => l.task.id === task('ic003'))).toMatchObject({ state: 'proposed' });
    expect(ic21.documents.map((d) => d.symbol).sort()).toEqual(['08-CTr/BCĐ', '41-KH/TU', '95/KH-UBND'].sort());
    expect(ic21.updates.map((u) => [u.taskId, u.result])).toEqual([[task('ic35'), 'Đã trình dự thảo Quyết định thành lập Trung tâm']]);
    // each task keeps its own occurrences and its own 5 rõ
    expect(ic21.code).toBe('PL I.21');

    const ic35 = await getTask(coordinator, task('ic35'));
    expect(ic35.linked.map((l) => [l.task.id, l.state])).toContainEqual([task('ic21'), 'confirmed']);

    const timeline = (await coordinator.get(`/api/tasks/${task('ic21')}/timeline`)).json() as { kind: string; summary: string }[];
    expect(timeline.find((e) => e.kind === 'task.link')?.summary).toContain('PL II.35 (95/KH-UBND)');
    expect((await coordinator.get(`/api/tasks/${task('ic35')}/timeline`)).json().map((e: { kind: string }) => e.kind)).toContain(
      'task.link',
    );
  });

  it('confirming a third plan makes one group, and the pair it implies is confirmed too', async () => {
    const link = await linkBetween(task('ic003'), task('ic35'));
    expect((await coordinator.post(`/api/task-links/${link?.id}/confirm`)).statusCode).toBe(200);
    // 003 4.3 ↔ PL I.21 was proposed; the two confirmations answer it
    expect((await linkBetween(task('ic003'), task('ic21')))?.state).toBe('confirmed');
    const groups = await t.db
      .selectDistinct({ g: tasks.linkGroupId })
      .from(tasks)
      .where(inArray(tasks.id, [task('ic003'), task('ic21'), task('ic35')]));
    expect(groups).toHaveLength(1);
    const ic003 = await getTask(coordinator, task('ic003'));
    expect(ic003.linked.map((l) => l.state)).toEqual(['confirmed', 'confirmed']);
    expect(ic003.documents.map((d) => d.symbol)).toEqual(['41-KH/TU', '12/KH-UBND', '08-CTr/BCĐ', '95/KH-UBND']);
    const waiting = (await coordinator.get('/api/task-links')).json() as { items: TaskLink[] };
    expect(waiting.items.filter(ours).map((l) => l.similarity)).toEqual([100]);
  });

  it('shows a unit officer only the linked tasks and progress within its scope', async () => {
    const [skhcn] = await t.db.select().from(units).where(eq(units.code, 'SKHCN'));
    await t.db.insert(taskUpdates).values({
      provinceId: coordinatorActor.provinceId,
      taskId: task('ic003'),
      unitId: skhcn?.id as string,
      role: 'lead',
      period: PERIOD,
      result: 'Đề án đã trình UBND tỉnh',
    });
    const asCoordinator = await getTask(coordinator, task('ic21'));
    expect(asCoordinator.updates.map((u) => u.taskId).sort()).toEqual([task('ic003'), task('ic35')].sort());

    const ic21 = await getTask(officer, task('ic21'));
    expect(ic21.linked.map((l) => l.task.id)).toEqual([task('ic35')]);
    expect(ic21.updates.map((u) => u.taskId)).toEqual([task('ic35')]);
    // documents belong to the whole province: every assigning document shows
    expect(ic21.documents.map((d) => d.symbol)).toContain('12/KH-UBND');
    // the 003 task itself stays out of reach
    expect((await officer.get(`/api/tasks/${task('ic003')}`)).statusCode).toBe(404);
  });

  it('rejects: the pair is kept and never proposed again', async () => {
    const link = await linkBetween(task('infra6'), task('infra3'));
    const res = await coordinator.post(`/api/task-links/${link?.id}/reject`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe('rejected');
    expect((await coordinator.post(`/api/task-links/${link?.id}/confirm`)).statusCode).toBe(409);
    expect(await propose([task('infra6'), task('infra3')])).toBe(0);
    const again = await coordinator.post(`/api/tasks/${task('infra6')}/propose-links`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ proposed: 0 });
    expect((await linkBetween(task('infra6'), task('infra3')))?.state).toBe('rejected');
    expect((await getTask(coordinator, task('infra6'))).linked).toEqual([]);
    expect(((await coordinator.get('/api/task-links')).json().items as TaskLink[]).filter(ours)).toEqual([]);
    const rejected = (await coordinator.get('/api/task-links?state=rejected')).json();
    expect(rejected.total).toBe(1);
    expect(rejected.items[0]).toMatchObject({ similarity: 100, decidedByName: expect.any(String), decidedAt: expect.any(String) });
  });

  it('proposes on demand for a task typed in by hand, and a confirmation merges it into the group', async () => {
    await createTask('typed', { content: 'Thành lập Trung tâm Đổi mới sáng tạo vùng Việt Bắc', documentIds: [doc.tu41] });
    const res = await coordinator.post(`/api/tasks/${task('typed')}/propose-links`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ proposed: 3 });
    const link = await linkBetween(task('typed'), task('ic21'));
    expect((await coordinator.post(`/api/task-links/${link?.id}/confirm`)).statusCode).toBe(200);
    for (const other of ['ic003', 'ic21', 'ic35'] as const)
      expect((await linkBetween(task('typed'), task(other)))?.state).toBe('confirmed');
    const typed = await getTask(coordinator, task('typed'));
    expect(typed.linked).toHaveLength(3);
    expect(typed.updates).toHaveLength(2);
    expect(await propose([task('typed')])).toBe(0);
  });

  it('merges two existing groups into one', async () => {
    await createTask('m1', { ...SEED.warehouse10, code: 'X.1', documentId: doc.p003 });
    const g1 = task('m1');
    await createTask('m2', { ...SEED.warehouse10, code: 'X.2', documentId: doc.tu41 });
    const g2 = task('m2');
    expect(await propose([g1])).toBeGreaterThanOrEqual(1);
    const first = await linkBetween(g1, g2);
    expect((await coordinator.post(`/api/task-links/${first?.id}/confirm`)).statusCode).toBe(200);
    // a proposal from elsewhere between the two groups
    const [bridge] = await t.db
      .insert(taskLinks)
      .values({
        provinceId: coordinatorActor.provinceId,
        ...(g1 < task('ic35') ? { taskId: g1, otherTaskId: task('ic35') } : { taskId: task('ic35'), otherTaskId: g1 }),
        similarity: 50,
      })
      .returning();
    expect((await coordinator.post(`/api/task-links/${bridge?.id}/confirm`)).statusCode).toBe(200);
    const members = [g1, g2, task('ic003'), task('ic21'), task('ic35'), task('typed')];
    const groups = await t.db.selectDistinct({ g: tasks.linkGroupId }).from(tasks).where(inArray(tasks.id, members));
    expect(groups).toHaveLength(1);
    const confirmed = await links(
      and(eq(taskLinks.state, 'confirmed'), inArray(taskLinks.taskId, members), inArray(taskLinks.otherTaskId, members)),
    );
    expect(confirmed).toHaveLength((6 * 5) / 2);
    expect((await getTask(coordinator, task('ic21'))).linked).toHaveLength(5);
    // every task whose group grew has a timeline line
    const timeline = (await coordinator.get(`/api/tasks/${task('typed')}/timeline`)).json() as { kind: string; summary: string }[];
    const lines = timeline.filter((e) => e.kind === 'task.link').map((e) => e.summary);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('Liên kết với X.1 (12/KH-UBND); X.2 (41-KH/TU): cùng nhiệm vụ tại kế hoạch khác, qua nhóm liên kết');
    const bridgeLine = (await coordinator.get(`/api/tasks/${g1}/timeline`)).json()[0].summary;
    expect(bridgeLine).toContain('Xác nhận cùng nhiệm vụ với PL II.35 (95/KH-UBND) tại kế hoạch khác; liên kết cả với');
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
