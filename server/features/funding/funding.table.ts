import { bigint, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tasks } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';

/** The Đề án's funding needs by source for 2026–2030 (002 Part 3 §II), in đồng. */
export const fundingPlans = pgTable(
  'funding_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    /** where the figure comes from: "Đề án 002, Phần 3 §II" */
    source: text('source').notNull(),
    fundingSource: text('funding_source').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('funding_plans_source_idx').on(t.provinceId, t.fundingSource)],
);

/**
 * Money allocated for a year from a source to a unit, for a task or a named project, in đồng.
 * Entered by Sở Tài chính or by the unit itself.
 */
export const fundingAllocations = pgTable(
  'funding_allocations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    year: integer('year').notNull(),
    /** central | provincial_investment | provincial_recurrent | non_budget */
    fundingSource: text('funding_source').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    taskId: uuid('task_id').references(() => tasks.id),
    /** the project's name when the money is not for a task of the plans */
    project: text('project').notNull().default(''),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('funding_allocations_year_idx').on(t.provinceId, t.year), index('funding_allocations_unit_idx').on(t.unitId)],
);

/** Money paid out of an allocation on a day, in đồng. */
export const fundingDisbursements = pgTable(
  'funding_disbursements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    allocationId: uuid('allocation_id')
      .notNull()
      .references(() => fundingAllocations.id),
    on: date('on').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    note: text('note').notNull().default(''),
    enteredBy: uuid('entered_by').references(() => users.id),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('funding_disbursements_allocation_idx').on(t.allocationId, t.on)],
);
