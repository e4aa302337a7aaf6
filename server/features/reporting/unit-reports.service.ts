import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { GatheredUpdate, UnitReport, UnitReportDraft } from '#common/contracts/reporting.ts';
import { now, vietnamDay } from '#common/domain/iso-date.ts';
import { monthKeysWithin } from '#common/domain/period.ts';
import { submissionState } from '#common/domain/reporting.ts';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { AppError, conflict } from '../../kernel/errors.ts';
import { seesWholeProvince } from '../tasks/tasks.policy.ts';
import { namesUnit } from '../tasks/tasks.queries.ts';
import { tasks, taskUpdates } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';
import { periodRef, requirePeriod, unitsInScope } from './periods.service.ts';
import { unitReports } from './reporting.table.ts';

type ReportRow = typeof unitReports.$inferSelect;

const NOT_EXPECTED = 'Không có báo cáo này: đơn vị không thuộc diện báo cáo kỳ này, hoặc bạn không có quyền xem.';

/** The period and the unit, if the unit must report in it and the caller may see its report. */
export async function requireSlot(db: Db, actor: Actor, periodId: string, unitId: string) {
  const { period, regime } = await requirePeriod(db, actor, periodId);
  if (!period.unitIds.includes(unitId)) throw new AppError('NOT_FOUND', NOT_EXPECTED);
  const [unit] = await db
    .select({ id: units.id, name: units.name, shortName: units.shortName })
    .from(units)
    .where(and(eq(units.id, unitId), seesWholeProvince(actor) ? undefined : sql`${units.id} in ${unitsInScope(actor)}`));
  if (!unit) throw new AppError('NOT_FOUND', NOT_EXPECTED);
  return { period, regime, unit };
}

/** Only the unit's own people write its report: a parent unit reads, never writes for it. */
function requireOwnUnit(actor: Actor, unitId: string) {
  if (actor.unitId !== unitId) throw new AppError('FORBIDDEN', 'Chỉ cán bộ của chính đơn vị mới lập và gửi báo cáo của đơn vị.');
}

/**
 * The unit's task updates in the period's months (a quarter gathers three months), newest
 * month first, and the tasks it leads that have none: the gap the report shows.
 */
export async function gatherUpdates(db: Db, unitId: string, period: { startOn: string; endOn: string }) {
  const months = monthKeysWithin({ start: period.startOn, end: period.endOn });
  const rows = months.length
    ? await db
        .select({ update: taskUpdates, code: tasks.code, content: tasks.content })
        .from(taskUpdates)
        .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
        .where(and(eq(taskUpdates.unitId, unitId), inArray(taskUpdates.period, months)))
        .orderBy(sql`${taskUpdates.period} desc`, asc(tasks.position))
    : [];
  const updates: GatheredUpdate[] = rows.map(({ update: u, code, content }) => ({
    taskId: u.taskId,
    taskCode: code,
    taskContent: content,
    role: u.role as 'lead' | 'support',
    period: u.period,
    claim: u.claim as GatheredUpdate['claim'],
    percent: u.percent,
    result: u.result,
    obstacles: u.obstacles,
    proposals: u.proposals,
    fileCount: u.fileIds.length,
  }));
  const reported = [...new Set(updates.map((u) => u.taskId))];
  const withoutUpdate = await db
    .select({ taskId: tasks.id, taskCode: tasks.code, taskContent: tasks.content })
    .from(tasks)
    .where(
      and(
        namesUnit(unitId, 'lead'),
        inArray(tasks.state, ['open', 'done_proposed']),
        reported.length ? notInArray(tasks.id, reported) : undefined,
      ),
    )
    .orderBy(asc(tasks.documentId), asc(tasks.position))
    .limit(300);
  return { updates, withoutUpdate };
}

async function nameOf(db: Db, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [row] = await db.select({ fullName: users.fullName }).from(users).where(eq(users.id, userId));
  return row?.fullName ?? null;
}

export async function getUnitReport(db: Db, actor: Actor, periodId: string, unitId: string): Promise<UnitReport> {
  const { period, regime, unit } = await requireSlot(db, actor, periodId, unitId);
  const row = await reportOf(db, periodId, unitId);
  // A draft shows the updates as they are now; a submitted report, as they were when sent.
  const live = await gatherUpdates(db, unitId, period);
  const locked = row && row.state !== 'draft' && row.state !== 'returned' && row.updates;
  return {
    id: row?.id ?? null,
    period: periodRef(period, regime),
    unit,
    state: (row?.state ?? 'none') as UnitReport['state'],
    submission: submissionState(row?.firstSubmittedOn ?? null, period.dueOn, vietnamDay()),
    summary: row?.summary ?? '',
    obstacles: row?.obstacles ?? '',
    proposals: row?.proposals ?? '',
    updates: locked ? (row.updates as GatheredUpdate[]) : live.updates,
    withoutUpdate: live.withoutUpdate,
    preparedByName: await nameOf(db, row?.preparedBy ?? null),
    submittedByName: await nameOf(db, row?.submittedBy ?? null),
    firstSubmittedOn: row?.firstSubmittedOn ?? null,
    submittedAt: row?.submittedAt?.toISOString() ?? null,
    reviewComment: row?.reviewComment ?? '',
    reviewedAt: row?.reviewedAt?.toISOString() ?? null,
    version: row?.version ?? 0,
  };
}

async function reportOf(db: Db, periodId: string, unitId: string): Promise<ReportRow | undefined> {
  const [row] = await db
    .select()
    .from(unitReports)
    .where(and(eq(unitReports.periodId, periodId), eq(unitReports.unitId, unitId)));
  return row;
}

function requireOpen(period: { state: string; label: string }) {
  if (period.state !== 'open')
    throw new AppError('CONFLICT', `Kỳ báo cáo ${period.label} đã khóa, không nhận thêm báo cáo. Hãy liên hệ Sở KH&CN nếu cần bổ sung.`);
}

function fieldsOf(row: ReportRow) {
  return { state: row.state, summary: row.summary, obstacles: row.obstacles, proposals: row.proposals };
}

/** The officer saves the unit's draft; a returned report is edited the same way. */
export async function saveDraft(db: Db, actor: Actor, periodId: string, unitId: string, input: UnitReportDraft, requestId?: string) {
  await db.transaction(async (tx) => {
    const { period } = await requireSlot(tx, actor, periodId, unitId);
    requireOwnUnit(actor, unitId);
    requireOpen(period);
    const existing = await reportOf(tx, periodId, unitId);
    const fields = {
      summary: input.summary,
      obstacles: input.obstacles,
      proposals: input.proposals,
      preparedBy: actor.userId,
      updatedAt: now(),
    };
    let row: ReportRow | undefined;
    if (!existing) {
      if (input.version !== undefined) throw conflict();
      [row] = await tx
        .insert(unitReports)
        .values({ ...fields, provinceId: actor.provinceId, periodId, unitId })
        .onConflictDoNothing()
        .returning();
    } else {
      if (existing.state === 'submitted' || existing.state === 'accepted')
        throw new AppError('CONFLICT', 'Báo cáo đã gửi nên đã khóa. Nếu cần sửa, hãy đề nghị Sở KH&CN trả lại báo cáo.');
      if (input.version === undefined || input.version !== existing.version) throw conflict();
      [row] = await tx
        .update(unitReports)
        .set({ ...fields, version: existing.version + 1 })
        .where(and(eq(unitReports.id, existing.id), eq(unitReports.version, existing.version)))
        .returning();
    }
    if (!row) throw conflict();
    await appendAudit(
      tx,
      actor,
      {
        action: 'unit-report.save',
        entity: 'unit_report',
        entityId: row.id,
        before: existing ? fieldsOf(existing) : null,
        after: fieldsOf(row),
      },
      requestId,
    );
  });
  return getUnitReport(db, actor, periodId, unitId);
}

/** The unit head submits: the report and its updates are locked as they stand. */
export async function submitReport(db: Db, actor: Actor, periodId: string, unitId: string, version: number, requestId?: string) {
  await db.transaction(async (tx) => {
    const { period } = await requireSlot(tx, actor, periodId, unitId);
    requireOwnUnit(actor, unitId);
    requireOpen(period);
    const existing = await reportOf(tx, periodId, unitId);
    if (!existing) throw new AppError('CONFLICT', 'Báo cáo chưa được lập. Hãy lưu nháp báo cáo trước khi gửi.');
    if (existing.state === 'submitted' || existing.state === 'accepted')
      throw new AppError('CONFLICT', `Báo cáo ${period.label} của đơn vị đã được gửi rồi. Không cần gửi lại.`);
    if (existing.version !== version) throw conflict();
    const { updates } = await gatherUpdates(tx, unitId, period);
    const at = now();
    const [row] = await tx
      .update(unitReports)
      .set({
        state: 'submitted',
        updates,
        submittedBy: actor.userId,
        submittedAt: at,
        firstSubmittedOn: existing.firstSubmittedOn ?? vietnamDay(at),
        version: version + 1,
        updatedAt: at,
      })
      .where(and(eq(unitReports.id, existing.id), eq(unitReports.version, version)))
      .returning();
    if (!row) throw conflict();
    const late = submissionState(row.firstSubmittedOn, period.dueOn, vietnamDay(at)) === 'late';
    await appendAudit(
      tx,
      actor,
      {
        action: 'unit-report.submit',
        entity: 'unit_report',
        entityId: row.id,
        before: fieldsOf(existing),
        after: { ...fieldsOf(row), late },
      },
      requestId,
    );
  });
  return getUnitReport(db, actor, periodId, unitId);
}

export async function reviewReport(
  db: Db,
  actor: Actor,
  periodId: string,
  unitId: string,
  input: { version: number; decision: 'accept' | 'return'; comment: string },
  requestId?: string,
) {
  await db.transaction(async (tx) => {
    await requireSlot(tx, actor, periodId, unitId);
    const existing = await reportOf(tx, periodId, unitId);
    if (existing?.state !== 'submitted') throw new AppError('CONFLICT', 'Báo cáo này chưa được gửi hoặc đã được xử lý. Hãy tải lại trang.');
    if (existing.version !== input.version) throw conflict();
    if (input.decision === 'return' && !input.comment)
      throw new AppError('VALIDATION_FAILED', 'Hãy ghi rõ lý do trả lại để đơn vị biết cần sửa gì.', [
        { field: 'comment', message: 'Cần nhập lý do' },
      ]);
    const [row] = await tx
      .update(unitReports)
      .set({
        state: input.decision === 'accept' ? 'accepted' : 'returned',
        reviewedBy: actor.userId,
        reviewedAt: now(),
        reviewComment: input.comment,
        version: existing.version + 1,
      })
      .where(and(eq(unitReports.id, existing.id), eq(unitReports.version, existing.version)))
      .returning();
    if (!row) throw conflict();
    await appendAudit(
      tx,
      actor,
      {
        action: `unit-report.${input.decision}`,
        entity: 'unit_report',
        entityId: row.id,
        before: { state: existing.state },
        after: { state: row.state, comment: input.comment },
      },
      requestId,
    );
  });
  return getUnitReport(db, actor, periodId, unitId);
}
