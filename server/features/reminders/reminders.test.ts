import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDeadline } from '#common/domain/deadline.ts';
import { addDays } from '#common/domain/iso-date.ts';
import { foldText } from '#common/domain/text.ts';
import { auditLog } from '../../kernel/audit/audit.table.ts';
import { createMailer, type Mailer } from '../../kernel/mail/mailer.ts';
import { startSmtpSink } from '../../kernel/mail/smtp-sink.ts';
import { type Session, startTestApp, type TestApp } from '../../testing/harness.ts';
import { workingCalendarFor } from '../calendar/calendar.service.ts';
import { taskEvents, tasks, taskUnitGroups, taskUnits } from '../tasks/tasks.table.ts';
import { unitGroups, units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';
import { occasionFor, runReminders } from './reminders.job.ts';
import { notifications, reminders } from './reminders.table.ts';

const OFFICER_MAIL = 'tran.van.minh@syt.thainguyen.gov.vn';
const HEAD_MAIL = 'le.thi.thu@syt.thainguyen.gov.vn';
const DUE = '2026-10-15'; // a Thursday with no holiday near it
const CONTENT =
  'Xây dựng và vận hành nền tảng hồ sơ sức khỏe điện tử cho toàn bộ người dân trên địa bàn tỉnh, kết nối với Cổng dữ liệu quốc gia';

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let t: TestApp;
let provinceId: string;
let unitId: Record<string, string>;
let taskId: string;
const mailers: Mailer[] = [];

/** A fresh mailer, as a restarted process would have. */
function freshMailer(url = sink.url) {
  const m = createMailer({ smtpUrl: url, mailFrom: 'theodoi <no-reply@skhcn.thainguyen.gov.vn>' });
  mailers.push(m);
  return m;
}
const run = (asOf: string, mailer = freshMailer()) =>
  runReminders(t.db, mailer, { asOf, reminderDays: t.config.reminderDays, publicUrl: t.config.publicUrl });

async function createTask(
  content: string,
  deadlineText: string,
  over: Partial<typeof tasks.$inferInsert> = {},
  lead: string | null = 'SYT',
  support: string | null = 'XA_TAN_CUONG',
) {
  const deadline = parseDeadline(deadlineText);
  const [row] = await t.db
    .insert(tasks)
    .values({ provinceId, content, deadline, originalDeadline: deadline, dueOn: deadline.due, searchText: foldText(content), ...over })
    .returning();
  const id = row?.id as string;
  const links: (typeof taskUnits.$inferInsert)[] = [];
  if (lead) links.push({ provinceId, taskId: id, unitId: unitId[lead] as string, role: 'lead' });
  if (support) links.push({ provinceId, taskId: id, unitId: unitId[support] as string, role: 'support' });
  if (links.length) await t.db.insert(taskUnits).values(links);
  return id;
}

const notificationsOf = async (username: string, id = taskId) => {
  const [u] = await t.db.select().from(users).where(eq(users.username, username));
  return t.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, u?.id as string), eq(notifications.taskId, id)));
};
const mailsAbout = (id: string) => sink.received.filter((m) => m.text.includes(`/tasks/${id}`));

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({ smtpUrl: sink.url, publicUrl: 'https://theodoi.thainguyen.gov.vn' });
  const admin = await t.as('admin');
  provinceId = admin.me.user.provinceId;
  const rows = await t.db
    .select()
    .from(units)
    .where(inArray(units.code, ['SYT', 'XA_TAN_CUONG', 'SKHCN']));
  unitId = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  await t.db.update(users).set({ email: OFFICER_MAIL }).where(eq(users.username, 'officer'));
  taskId = await createTask(CONTENT, 'Trước ngày 15/10/2026');
});
afterAll(async () => {
  for (const m of mailers) m.close();
  await t.close();
  await sink.close();
});

describe('when a reminder is due', () => {
  it('picks the latest occasion only, in working days', async () => {
    const cal = await workingCalendarFor(t.db, provinceId, [2026]);
    const days = [5, 1];
    expect(occasionFor(DUE, cal.addWorkingDays(DUE, -6), cal, days)).toBeNull();
    expect(occasionFor(DUE, cal.addWorkingDays(DUE, -5), cal, days)?.occasion).toBe(`due-5:${DUE}`);
    expect(occasionFor(DUE, cal.addWorkingDays(DUE, -3), cal, days)?.occasion).toBe(`due-5:${DUE}`);
    expect(occasionFor(DUE, cal.addWorkingDays(DUE, -1), cal, days)?.occasion).toBe(`due-1:${DUE}`);
    expect(occasionFor(DUE, DUE, cal, days)?.occasion).toBe(`due-1:${DUE}`);
    expect(occasionFor(DUE, '2026-10-16', cal, days)).toMatchObject({ kind: 'overdue', occasion: `overdue:${DUE}` });
    expect(occasionFor(DUE, '2026-10-22', cal, days)?.occasion).toBe(`overdue:${DUE}`);
    expect(occasionFor(DUE, '2026-10-23', cal, days)).toMatchObject({ kind: 'overdue-weekly', occasion: 'weekly:2026-10-23' });
    // down for two weeks: only the latest weekly occasion, not the ones missed
    expect(occasionFor(DUE, '2026-11-02', cal, days)?.occasion).toBe('weekly:2026-10-30');
    // Tết counts as days off: 5 working days before 25/2/2026 is 11/2, not 18/2
    expect(cal.addWorkingDays('2026-02-25', -5)).toBe('2026-02-11');
  });
});

describe('the reminder job', () => {
  it('mails and notifies the lead unit once, 5 working days before the deadline', async () => {
    const cal = await workingCalendarFor(t.db, provinceId, [2026]);
    const asOf = cal.addWorkingDays(DUE, -5);
    expect(asOf).toBe('2026-10-08');
    const result = await run(asOf);
    expect(result.failed).toBe(0);
    expect(result.created).toBeGreaterThanOrEqual(1);

    const mails = mailsAbout(taskId);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.to).toEqual([OFFICER_MAIL]);
    expect(mail?.subject).toBe(`[theodoi] Nhắc hạn: ${CONTENT.slice(0, 79).trimEnd()}… — hạn 15/10/2026`);
    expect(mail?.text).toContain('Kính gửi: Sở Y tế');
    expect(mail?.text).toContain(CONTENT);
    expect(mail?.text).toContain('Thời hạn: 15/10/2026');
    expect(mail?.text).toContain('Còn 5 ngày làm việc đến hạn (15/10/2026).');
    expect(mail?.text).toContain(`https://theodoi.thainguyen.gov.vn/tasks/${taskId}`);

    const mine = await notificationsOf('officer');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'due-soon', link: `/tasks/${taskId}` });
    expect(mine[0]?.title).toContain('Sắp đến hạn');
    // every active person of the lead unit is told in the app; the support unit is not
    expect(await notificationsOf('head')).toHaveLength(1);
    expect(await notificationsOf('commune')).toHaveLength(0);

    const events = await t.db.select().from(taskEvents).where(eq(taskEvents.taskId, taskId));
    expect(events.map((e) => e.summary)).toEqual([expect.stringContaining('Còn 5 ngày làm việc')]);
    expect(events[0]?.actorName).toBe('Hệ thống');
  });

  it('sends nothing twice: run again, and run again after a restart', async () => {
    await run('2026-10-08');
    await run('2026-10-09');
    // a restarted process: new mailer, same database
    const restarted = freshMailer();
    expect(await run('2026-10-09', restarted)).toMatchObject({ created: 0, mailed: 0 });
    expect(mailsAbout(taskId)).toHaveLength(1);
    expect(await notificationsOf('officer')).toHaveLength(1);
  });

  it('mails on the next run what a failed or interrupted run recorded but could not mail', async () => {
    const srv = net.createServer();
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const { port } = srv.address() as net.AddressInfo;
    await new Promise((resolve) => srv.close(resolve));

    // the day before the deadline, with the mail server unreachable
    const down = await run('2026-10-14', freshMailer(`smtp://127.0.0.1:${port}`));
    expect(down.mailed).toBe(0);
    expect(down.failed).toBeGreaterThanOrEqual(1);
    const [row] = await t.db
      .select()
      .from(reminders)
      .where(and(eq(reminders.taskId, taskId), eq(reminders.occasion, `due-1:${DUE}`)));
    expect(row?.mailedAt).toBeNull();
    expect(row?.mailError).toBeTruthy();
    expect(mailsAbout(taskId)).toHaveLength(1);
    expect(await notificationsOf('officer')).toHaveLength(2);

    const next = await run('2026-10-14');
    expect(next.created).toBe(0);
    expect(next.mailed).toBeGreaterThanOrEqual(1);
    const mails = mailsAbout(taskId);
    expect(mails).toHaveLength(2);
    expect(mails[1]?.text).toContain('Còn 1 ngày làm việc đến hạn (15/10/2026).');
    await run('2026-10-15');
    expect(mailsAbout(taskId)).toHaveLength(2);
    expect(await notificationsOf('officer')).toHaveLength(2);
  });

  it('reminds the day after the deadline, and tells the coordinators', async () => {
    await t.db.update(users).set({ email: HEAD_MAIL }).where(eq(users.username, 'head'));
    await run('2026-10-16');
    const mails = mailsAbout(taskId);
    expect(mails).toHaveLength(3);
    const overdue = mails[2];
    expect(overdue?.subject).toMatch(/^\[theodoi\] Quá hạn: .* — hạn 15\/10\/2026$/);
    expect(overdue?.to.sort()).toEqual([HEAD_MAIL, OFFICER_MAIL].sort());
    expect(overdue?.text).toContain('đã quá hạn mà chưa được báo cáo hoàn thành');
    expect(overdue?.text).toContain('Đã quá hạn 1 ngày (hạn 15/10/2026)');

    const escalation = await notificationsOf('coordinator');
    expect(escalation).toHaveLength(1);
    expect(escalation[0]).toMatchObject({ kind: 'escalation', link: `/tasks/${taskId}` });
    expect(escalation[0]?.title).toContain('Nhiệm vụ quá hạn');
    expect(escalation[0]?.body).toContain('Đơn vị chủ trì: Sở Y tế');
    // the admin of the same unit is not a coordinator
    expect(await notificationsOf('admin')).toHaveLength(0);
    const [esc] = await t.db
      .select()
      .from(reminders)
      .where(and(eq(reminders.taskId, taskId), eq(reminders.kind, 'escalation')));
    expect(esc).toMatchObject({ unitId: unitId.SKHCN, occasion: 'escalation:2026-10-16', mailTo: [] });

    // a week later, again; in between, nothing
    await run('2026-10-20');
    expect(mailsAbout(taskId)).toHaveLength(3);
    await run('2026-10-23');
    expect(mailsAbout(taskId)).toHaveLength(4);
    expect(mailsAbout(taskId)[3]?.text).toContain('nhắc lại');
    expect(await notificationsOf('coordinator')).toHaveLength(2);
  });

  it('leaves alone tasks that are done, paused, continuous or recurring', async () => {
    const ids = [
      await createTask('Nhiệm vụ đã xong', 'Trước ngày 15/10/2026', { state: 'done', completedOn: '2026-10-01' }),
      await createTask('Nhiệm vụ tạm dừng', 'Trước ngày 15/10/2026', { state: 'paused' }),
      await createTask('Nhiệm vụ thường xuyên', 'Thường xuyên'),
      await createTask('Báo cáo tháng', 'Trước ngày 20 hằng tháng'),
    ];
    await run('2026-10-16');
    const rows = await t.db.select().from(reminders).where(inArray(reminders.taskId, ids));
    expect(rows).toHaveLength(0);
  });

  it('does not flood a task first seen after several occasions passed', async () => {
    const late = await createTask('Ban hành quy chế phối hợp', 'Trước ngày 30/9/2026', {}, 'SYT');
    await run(addDays('2026-09-30', 20));
    const rows = await t.db
      .select()
      .from(reminders)
      .where(and(eq(reminders.taskId, late), eq(reminders.unitId, unitId.SYT as string)));
    expect(rows.map((r) => r.occasion)).toEqual(['weekly:2026-10-15']);
    expect(mailsAbout(late)).toHaveLength(1);
  });
});

describe('a manual reminder (đôn đốc)', () => {
  let coordinator: Session;
  beforeAll(async () => {
    coordinator = await t.as('coordinator');
  });

  it('is sent by a coordinator to the lead units, mailed, on the timeline and audited', async () => {
    const before = sink.received.length;
    const message = 'Đề nghị Sở Y tế khẩn trương hoàn thành, báo cáo kết quả trước ngày 25/10/2026.';
    const res = await coordinator.post(`/api/tasks/${taskId}/reminders`, { message });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      kind: 'manual',
      message,
      unit: { id: unitId.SYT },
      sentByName: 'Nguyễn Thị Hà (Phòng Quản lý KH&CN)',
    });
    expect(created[0].mailedAt).toBeTruthy();

    expect(sink.received.length).toBe(before + 1);
    const mail = sink.received.at(-1);
    expect(mail?.subject).toMatch(/^\[theodoi\] Đôn đốc: Xây dựng và vận hành nền tảng hồ sơ sức khỏe/);
    expect(mail?.to.sort()).toEqual([HEAD_MAIL, OFFICER_MAIL].sort());
    expect(mail?.text).toContain(message);
    expect(mail?.text).toContain('Ý kiến đôn đốc của cán bộ đầu mối (Nguyễn Thị Hà (Phòng Quản lý KH&CN))');

    const events = await t.db.select().from(taskEvents).where(eq(taskEvents.taskId, taskId));
    expect(events.map((e) => e.summary)).toContain(`Cán bộ đầu mối đôn đốc: ${message}`);
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'task.remind'), eq(auditLog.entityId, taskId)));
    expect(audit).toHaveLength(1);
  });

  it('reaches the support units too when asked', async () => {
    await t.db.update(users).set({ email: 'hoang.van.tam@tancuong.thainguyen.gov.vn' }).where(eq(users.username, 'commune'));
    const before = sink.received.length;
    const res = await coordinator.post(`/api/tasks/${taskId}/reminders`, { message: 'Đề nghị các đơn vị phối hợp.', includeSupport: true });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toHaveLength(2);
    expect(sink.received.length).toBe(before + 2);
    expect(sink.received.slice(-2).flatMap((m) => m.to)).toContain('hoang.van.tam@tancuong.thainguyen.gov.vn');
    expect(await notificationsOf('commune')).toHaveLength(1);
  });

  it('is refused to a unit officer, and checks its message', async () => {
    const officer = await t.as('officer');
    expect((await officer.post(`/api/tasks/${taskId}/reminders`, { message: 'Tự nhắc' })).statusCode).toBe(403);
    expect((await coordinator.post(`/api/tasks/${taskId}/reminders`, { message: '' })).statusCode).toBe(400);
    expect((await coordinator.post(`/api/tasks/${taskId}/reminders`, { message: 'x'.repeat(2001) })).statusCode).toBe(400);
  });

  it("lists a task's reminders to those who see the task", async () => {
    const officer = await t.as('officer');
    const res = await officer.get(`/api/tasks/${taskId}/reminders`);
    expect(res.statusCode).toBe(200);
    const kinds = res.json().map((r: { kind: string }) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['manual', 'due-soon', 'overdue', 'overdue-weekly', 'escalation']));
    const other = await createTask('Nhiệm vụ của Sở KH&CN', 'Trước ngày 15/10/2026', {}, 'SKHCN');
    const { statusCode } = await (await t.as('head')).get(`/api/tasks/${other}/reminders`);
    expect(statusCode).toBe(404);
  });
});

describe('a bulk reminder from the board (POST /api/reminders)', () => {
  const COMMUNE_MAIL = 'hoang.van.tam@tancuong.thainguyen.gov.vn';
  let coordinator: Session;
  let healthTask: string;
  let communeTask: string;
  let doneTask: string;
  let leaderless: string;
  beforeAll(async () => {
    coordinator = await t.as('coordinator');
    await t.db.update(users).set({ email: COMMUNE_MAIL }).where(eq(users.username, 'commune'));
    healthTask = await createTask('Triển khai bệnh án điện tử tại các bệnh viện tuyến tỉnh', 'Trước ngày 30/11/2026');
    communeTask = await createTask('Xây dựng xã Tân Cương thành xã nông thôn mới thông minh', 'Quý IV/2026', {}, 'XA_TAN_CUONG', null);
    doneTask = await createTask('Nhiệm vụ đã hoàn thành của Sở Y tế', 'Trước ngày 15/10/2026', {
      state: 'done',
      completedOn: '2026-10-01',
    });
    leaderless = await createTask('Nhiệm vụ chưa giao đơn vị chủ trì', 'Quý IV/2026', {}, null);
  });

  /** Everything a reminder writes, counted, to prove a refused request wrote nothing. */
  const written = async () => {
    const [r, n, e, a] = await Promise.all([
      t.db.select().from(reminders),
      t.db.select().from(notifications),
      t.db.select().from(taskEvents),
      t.db.select().from(auditLog),
    ]);
    return { reminders: r.length, notifications: n.length, events: e.length, audit: a.length };
  };

  it("mails each task's lead unit, and skips a done task and a task without a lead unit, saying why", async () => {
    const before = sink.received.length;
    const message = 'Đề nghị quý đơn vị khẩn trương thực hiện và báo cáo tiến độ các nhiệm vụ được giao.';
    const res = await coordinator.post('/api/reminders', { taskIds: [healthTask, doneTask, communeTask, leaderless], message });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({
      sent: 2,
      reminders: 2,
      skipped: [
        { taskId: doneTask, reason: 'Nhiệm vụ đã hoàn thành hoặc đã hủy, không cần đôn đốc.' },
        { taskId: leaderless, reason: 'Nhiệm vụ chưa có đơn vị chủ trì để đôn đốc. Hãy giao đơn vị chủ trì trước.' },
      ],
    });

    // one mail per unit reminded, through a real SMTP server
    expect(sink.received.length).toBe(before + 2);
    const [health] = mailsAbout(healthTask);
    expect(health?.to.sort()).toEqual([HEAD_MAIL, OFFICER_MAIL].sort());
    expect(health?.subject).toBe('[theodoi] Đôn đốc: Triển khai bệnh án điện tử tại các bệnh viện tuyến tỉnh — hạn 30/11/2026');
    expect(health?.text).toContain('Kính gửi: Sở Y tế');
    expect(health?.text).toContain(message);
    const [commune] = mailsAbout(communeTask);
    expect(commune?.to).toEqual([COMMUNE_MAIL]);
    expect(commune?.subject).toBe('[theodoi] Đôn đốc: Xây dựng xã Tân Cương thành xã nông thôn mới thông minh — hạn 31/12/2026');
    expect(mailsAbout(doneTask)).toHaveLength(0);
    expect(mailsAbout(leaderless)).toHaveLength(0);

    // the people of each lead unit are told in the app; the support unit was not asked for
    expect(await notificationsOf('officer', healthTask)).toHaveLength(1);
    expect(await notificationsOf('head', healthTask)).toHaveLength(1);
    expect(await notificationsOf('commune', healthTask)).toHaveLength(0);
    expect(await notificationsOf('commune', communeTask)).toHaveLength(1);

    // a timeline line and an audit record for each task reminded, none for the skipped
    const events = await t.db
      .select()
      .from(taskEvents)
      .where(inArray(taskEvents.taskId, [healthTask, communeTask, doneTask, leaderless]));
    expect(events.map((e) => [e.taskId, e.summary]).sort()).toEqual(
      [
        [healthTask, `Cán bộ đầu mối đôn đốc: ${message}`],
        [communeTask, `Cán bộ đầu mối đôn đốc: ${message}`],
      ].sort(),
    );
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'task.remind'), inArray(auditLog.entityId, [healthTask, communeTask, doneTask, leaderless])));
    expect(audit.map((a) => a.entityId).sort()).toEqual([healthTask, communeTask].sort());
    const rows = await t.db
      .select()
      .from(reminders)
      .where(inArray(reminders.taskId, [healthTask, communeTask]));
    expect(rows.every((r) => r.kind === 'manual' && r.mailedAt !== null)).toBe(true);
  });

  it('reaches the support units too when asked', async () => {
    const res = await coordinator.post('/api/reminders', { taskIds: [healthTask], message: 'Đề nghị phối hợp.', includeSupport: true });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ sent: 1, reminders: 2, skipped: [] });
    expect(await notificationsOf('commune', healthTask)).toHaveLength(1);
  });

  it('refuses the whole request with 404 when one id is unknown or out of scope, and writes nothing', async () => {
    const elsewhere = await createTask('Nhiệm vụ của tỉnh khác', 'Quý IV/2026', { provinceId: randomUUID() });
    for (const stranger of [randomUUID(), elsewhere]) {
      const before = await written();
      const mails = sink.received.length;
      const res = await coordinator.post('/api/reminders', { taskIds: [healthTask, communeTask, stranger], message: 'Đôn đốc.' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
      expect(await written()).toEqual(before);
      expect(sink.received.length).toBe(mails);
    }
  });

  it('is refused to a unit officer, and checks its list', async () => {
    const before = await written();
    const officer = await t.as('officer');
    expect((await officer.post('/api/reminders', { taskIds: [healthTask], message: 'Tự nhắc' })).statusCode).toBe(403);
    expect((await coordinator.post('/api/reminders', { taskIds: [], message: 'Đôn đốc.' })).statusCode).toBe(400);
    expect((await coordinator.post('/api/reminders', { taskIds: [healthTask, healthTask], message: 'Đôn đốc.' })).statusCode).toBe(400);
    const tooMany = Array.from({ length: 201 }, () => randomUUID());
    expect((await coordinator.post('/api/reminders', { taskIds: tooMany, message: 'Đôn đốc.' })).statusCode).toBe(400);
    expect((await coordinator.post('/api/reminders', { taskIds: [healthTask], message: ' ' })).statusCode).toBe(400);
    expect(await written()).toEqual(before);
  });

  it('leaves the one-task route as it was: 400 for a done task or one without a lead unit', async () => {
    const before = await written();
    for (const id of [doneTask, leaderless]) {
      const res = await coordinator.post(`/api/tasks/${id}/reminders`, { message: 'Đôn đốc.' });
      expect(res.statusCode).toBe(400);
    }
    expect((await coordinator.post(`/api/tasks/${doneTask}/reminders`, { message: 'Đôn đốc.' })).json().error.message).toBe(
      'Nhiệm vụ đã hoàn thành hoặc đã hủy, không cần đôn đốc.',
    );
    expect((await coordinator.post(`/api/tasks/${randomUUID()}/reminders`, { message: 'Đôn đốc.' })).statusCode).toBe(404);
    expect(await written()).toEqual(before);
  });
});

describe('notifications', () => {
  it('shows each user their own, newest first, and counts the unread', async () => {
    const officer = await t.as('officer');
    const res = await officer.get('/api/notifications?limit=100');
    expect(res.statusCode).toBe(200);
    const { items, unread } = res.json();
    const [me] = await t.db.select().from(users).where(eq(users.username, 'officer'));
    const own = await t.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, me?.id as string));
    expect(own.length).toBeLessThanOrEqual(100);
    expect(items).toHaveLength(own.length);
    expect(unread).toBe(own.length);
    expect((await officer.get('/api/notifications?limit=2')).json().items).toHaveLength(2);
    expect(items[0].kind).toBe('manual');
    const times = items.map((n: { createdAt: string }) => n.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it("marks one read, refuses someone else's with 404, and marks all read", async () => {
    const officer = await t.as('officer');
    const coordinator = await t.as('coordinator');
    const [mine] = (await officer.get('/api/notifications')).json().items;
    const [theirs] = (await coordinator.get('/api/notifications')).json().items;

    expect((await coordinator.post(`/api/notifications/${mine.id}/read`)).statusCode).toBe(404);
    const read = await officer.post(`/api/notifications/${mine.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toBeTruthy();
    const after = (await officer.get('/api/notifications?limit=100')).json();
    expect(after.unread).toBe(after.items.length - 1);

    const all = await officer.post('/api/notifications/read-all');
    expect(all.json().updated).toBe(after.unread);
    expect((await officer.get('/api/notifications')).json().unread).toBe(0);
    // the coordinator's are untouched
    const still = (await coordinator.get('/api/notifications')).json();
    expect(still.items.find((n: { id: string }) => n.id === theirs.id).readAt).toBeNull();
  });
});

describe('a task led by a group phrase', () => {
  it('reminds every unit of the group’s kinds: each commune is told, no department is', async () => {
    const [communes] = await t.db.select().from(unitGroups).where(eq(unitGroups.phrase, 'UBND các xã, phường'));
    const id = await createTask('Số hóa hồ sơ hộ tịch tại các xã, phường', 'Trước ngày 15/10/2026', {}, null, null);
    await t.db.insert(taskUnitGroups).values({ provinceId, taskId: id, groupId: communes?.id as string, role: 'lead' });
    const communeMail = 'hoang.van.tam@tancuong.thainguyen.gov.vn';
    await t.db.update(users).set({ email: communeMail }).where(eq(users.username, 'commune'));
    await run('2026-10-08');
    expect(await notificationsOf('commune', id)).toHaveLength(1);
    expect(await notificationsOf('officer', id)).toHaveLength(0);
    expect(mailsAbout(id).map((m) => m.to)).toEqual([[communeMail]]);
    // one sent-log row per commune and ward of the province, none for a department
    const rows = await t.db.select({ unitId: reminders.unitId }).from(reminders).where(eq(reminders.taskId, id));
    const kinds = await t.db
      .select({ kind: units.kind })
      .from(units)
      .where(
        inArray(
          units.id,
          rows.map((r) => r.unitId),
        ),
      );
    expect(rows.length).toBeGreaterThan(50);
    expect(new Set(kinds.map((k) => k.kind))).toEqual(new Set(['commune', 'ward']));
  });
});
