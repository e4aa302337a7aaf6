/**
 * Funding: the Đề án's needs by source, the money allocated each year to units for tasks or
 * projects, what is paid out and when, and the disbursement rates by task, unit, source and in
 * all. Sở Tài chính enters and reads every unit's; a unit its own; province-wide roles read all.
 */
import { and, eq, inArray, like, lte, type SQL } from 'drizzle-orm';
import type { Allocation, AllocationCreate, DisbursementCreate, FundingOptions, FundingSummary } from '#common/contracts/funding.ts';
import type { UnitRef } from '#common/contracts/tasks.ts';
import { disbursementRate, FUNDING_SOURCES, type FundingSource, MILLION, millions } from '#common/domain/funding.ts';
import { formatDate, vietnamDay } from '#common/domain/iso-date.ts';
import { searchWords } from '#common/domain/text.ts';
import { type Db, readAll } from '../../db/client.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { AppError, conflict, notFound } from '../../kernel/errors.ts';
import { seesWholeProvince } from '../tasks/tasks.policy.ts';
import { escapeLike, taskScopeCondition } from '../tasks/tasks.queries.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import { fundingAllocations, fundingDisbursements, fundingPlans } from './funding.table.ts';

/**
 * The province's finance department, by its code in the province file: it enters the budget of
 * every unit and reports on it monthly (004 Phụ lục I, item 24).
 */
export const FINANCE_UNIT_CODE = 'STC';

/** Whether the caller reads and writes every unit's funding (province-wide roles read; Sở Tài chính also writes). */
async function seesAllFunding(db: Db, actor: Actor): Promise<boolean> {
  if (seesWholeProvince(actor)) return true;
  const [unit] = await db.select({ code: units.code }).from(units).where(eq(units.id, actor.unitId));
  return unit?.code === FINANCE_UNIT_CODE;
}

async function scopeCondition(db: Db, actor: Actor): Promise<SQL> {
  return and(
    eq(fundingAllocations.provinceId, actor.provinceId),
    (await seesAllFunding(db, actor)) ? undefined : eq(fundingAllocations.unitId, actor.unitId),
  ) as SQL;
}

export async function requireAllocation(db: Db, actor: Actor, id: string) {
  const [row] = await db
    .select()
    .from(fundingAllocations)
    .where(and(eq(fundingAllocations.id, id), await scopeCondition(db, actor)));
  if (!row) throw notFound('khoản kinh phí');
  return row;
}

type Figures = { allocated: number; disbursed: number; rate: number };
const figuresOf = (allocated: number, disbursed: number): Figures => ({
  allocated,
  disbursed,
  rate: disbursementRate(disbursed, allocated),
});

/**
 * What an allocation may be for, matching the words typed: the units and tasks of the province
 * for Sở Tài chính (it budgets every unit), the caller's own unit and tasks otherwise.
 */
export async function fundingOptions(db: Db, actor: Actor, q: string): Promise<FundingOptions> {
  const all = await seesAllFunding(db, actor);
  const words = searchWords(q);
  const [unitRows, taskRows] = await readAll(
    db,
    () =>
      db
        .select({ id: units.id, name: units.name, shortName: units.shortName })
        .from(units)
        .where(
          and(
            eq(units.provinceId, actor.provinceId),
            eq(units.active, true),
            all ? undefined : eq(units.id, actor.unitId),
            ...words.map((w) => like(units.searchText, `%${escapeLike(w)}%`)),
          ),
        )
        .orderBy(units.sortOrder, units.name)
        .limit(30),
    () =>
      db
        .select({ id: tasks.id, code: tasks.code, content: tasks.content })
        .from(tasks)
        .where(
          and(
            all ? eq(tasks.provinceId, actor.provinceId) : taskScopeCondition(actor),
            ...words.map((w) => like(tasks.searchText, `%${escapeLike(w)}%`)),
          ),
        )
        .orderBy(tasks.documentId, tasks.position)
        .limit(30),
  );
  return { finance: all && !seesWholeProvince(actor), units: unitRows, tasks: taskRows };
}

/** Every figure of a year, with the money paid out up to `asOf`. */
export async function fundingSummary(db: Db, actor: Actor, query: { year?: number; asOf?: string }): Promise<FundingSummary> {
  const asOf = query.asOf ?? vietnamDay();
  const year = query.year ?? Number(asOf.slice(0, 4));
  const rows = await db
    .select({
      allocation: fundingAllocations,
      unit: { id: units.id, name: units.name, shortName: units.shortName },
      task: { id: tasks.id, code: tasks.code, content: tasks.content },
    })
    .from(fundingAllocations)
    .innerJoin(units, eq(units.id, fundingAllocations.unitId))
    .leftJoin(tasks, eq(tasks.id, fundingAllocations.taskId))
    .where(and(await scopeCondition(db, actor), eq(fundingAllocations.year, year)))
    .orderBy(units.sortOrder, units.name, fundingAllocations.createdAt);
  const ids = rows.map((r) => r.allocation.id);
  const [paid, plan] = await readAll(
    db,
    async () =>
      ids.length
        ? await db
            .select()
            .from(fundingDisbursements)
            .where(and(inArray(fundingDisbursements.allocationId, ids), lte(fundingDisbursements.on, asOf)))
            .orderBy(fundingDisbursements.on)
        : [],
    () => db.select().from(fundingPlans).where(eq(fundingPlans.provinceId, actor.provinceId)),
  );
  const allocations: Allocation[] = rows.map(({ allocation: a, unit, task }) => {
    const disbursements = paid.filter((d) => d.allocationId === a.id).map((d) => ({ id: d.id, on: d.on, amount: d.amount, note: d.note }));
    const disbursed = disbursements.reduce((s, d) => s + d.amount, 0);
    return {
      id: a.id,
      year: a.year,
      source: a.fundingSource as FundingSource,
      unit,
      task: task?.id ? (task as { id: string; code: string; content: string }) : null,
      project: a.project,
      amount: a.amount,
      note: a.note,
      disbursed,
      rate: disbursementRate(disbursed, a.amount),
      version: a.version,
      disbursements,
    };
  });
  const sum = (list: readonly Allocation[]) =>
    figuresOf(
      list.reduce((s, a) => s + a.amount, 0),
      list.reduce((s, a) => s + a.disbursed, 0),
    );
  const groupBy = <K>(key: (a: Allocation) => K) => {
    const groups = new Map<K, Allocation[]>();
    for (const a of allocations) groups.set(key(a), [...(groups.get(key(a)) ?? []), a]);
    return groups;
  };
  const byUnit = [...groupBy((a) => a.unit.id).values()].map((list) => ({ unit: (list[0] as Allocation).unit as UnitRef, ...sum(list) }));
  const byTask = [...groupBy((a) => a.task?.id ?? null).entries()]
    .filter(([id]) => id !== null)
    .map(([, list]) => ({ task: (list[0] as Allocation).task as NonNullable<Allocation['task']>, ...sum(list) }));
  return {
    year,
    asOf,
    plan: FUNDING_SOURCES.map((source) => ({ source, amount: plan.find((p) => p.fundingSource === source)?.amount ?? 0 })),
    total: sum(allocations),
    bySource: FUNDING_SOURCES.map((source) => ({ source, ...sum(allocations.filter((a) => a.source === source)) })),
    byUnit,
    byTask,
    allocations,
  };
}

/** Sở Tài chính allocates to any unit; a unit records what it was given. */
export async function createAllocation(db: Db, actor: Actor, input: AllocationCreate, requestId?: string) {
  const all = await seesAllFunding(db, actor);
  if (!all && input.unitId !== actor.unitId)
    throw new AppError('FORBIDDEN', 'Đơn vị chỉ nhập kinh phí của chính mình; Sở Tài chính nhập cho mọi đơn vị.');
  const [unit] = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.id, input.unitId), eq(units.provinceId, actor.provinceId)));
  if (!unit)
    throw new AppError('BAD_REQUEST', 'Đơn vị không tồn tại. Hãy chọn đơn vị trong danh sách.', [
      { field: 'unitId', message: 'Hãy chọn đơn vị.' },
    ]);
  if (input.taskId) {
    const [task] = await db
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(eq(tasks.id, input.taskId), eq(tasks.provinceId, actor.provinceId)));
    if (!task)
      throw new AppError('BAD_REQUEST', 'Nhiệm vụ không tồn tại. Hãy chọn lại.', [{ field: 'taskId', message: 'Hãy chọn lại nhiệm vụ.' }]);
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(fundingAllocations)
      .values({
        provinceId: actor.provinceId,
        year: input.year,
        fundingSource: input.source,
        unitId: input.unitId,
        taskId: input.taskId,
        project: input.project,
        amount: input.amount,
        note: input.note,
        createdBy: actor.userId,
      })
      .returning();
    await appendAudit(tx, actor, { action: 'funding.allocate', entity: 'funding_allocation', entityId: row?.id, after: input }, requestId);
    return row as typeof fundingAllocations.$inferSelect;
  });
}

/** A payment out of an allocation: on a day not in the future, never more than what is left. */
export async function addDisbursement(db: Db, actor: Actor, allocationId: string, input: DisbursementCreate, requestId?: string) {
  const allocation = await requireAllocation(db, actor, allocationId);
  if (input.on > vietnamDay())
    throw new AppError('BAD_REQUEST', `Ngày giải ngân ${formatDate(input.on)} chưa tới. Hãy ghi khoản đã chi.`, [
      { field: 'on', message: 'Ngày chưa tới.' },
    ]);
  if (input.on < `${allocation.year}-01-01`)
    throw new AppError('BAD_REQUEST', `Khoản này được giao cho năm ${allocation.year}; ngày giải ngân không thể trước đó.`, [
      { field: 'on', message: `Ngày phải từ 01/01/${allocation.year}.` },
    ]);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(fundingAllocations).where(eq(fundingAllocations.id, allocationId)).for('update');
    if (!current || current.version !== input.version) throw conflict();
    const paid = await tx
      .select({ amount: fundingDisbursements.amount })
      .from(fundingDisbursements)
      .where(eq(fundingDisbursements.allocationId, allocationId));
    const left = current.amount - paid.reduce((s, p) => s + p.amount, 0);
    if (input.amount > left)
      throw new AppError('BAD_REQUEST', `Số giải ngân vượt số còn lại của khoản được giao (còn ${millions(left)} triệu đồng).`, [
        { field: 'amount', message: `Còn ${millions(left)} triệu đồng.` },
      ]);
    const [row] = await tx
      .insert(fundingDisbursements)
      .values({ allocationId, on: input.on, amount: input.amount, note: input.note, enteredBy: actor.userId })
      .returning();
    await tx
      .update(fundingAllocations)
      .set({ version: current.version + 1, updatedAt: new Date() })
      .where(eq(fundingAllocations.id, allocationId));
    await appendAudit(
      tx,
      actor,
      { action: 'funding.disburse', entity: 'funding_disbursement', entityId: row?.id, after: { allocationId, ...input } },
      requestId,
    );
    return row;
  });
}

/** The Đề án's needs for 2026–2030 by source (002 Part 3 §II, in million đồng). Idempotent. */
export const DE_AN_NEEDS: Record<FundingSource, number> = {
  central: 370_850,
  provincial_investment: 537_000,
  provincial_recurrent: 2_980_977,
  non_budget: 12_415_000,
};

export async function seedFundingPlan(db: Db, provinceId: string): Promise<void> {
  await db
    .insert(fundingPlans)
    .values(
      FUNDING_SOURCES.map((s) => ({ provinceId, source: 'Đề án 002, Phần 3 §II', fundingSource: s, amount: DE_AN_NEEDS[s] * MILLION })),
    )
    .onConflictDoNothing();
}
