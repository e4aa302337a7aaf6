import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tasks } from '../tasks/tasks.table.ts';
import { units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';

/**
 * The 2030 targets (chỉ tiêu, Đề án 002 Part 2 §I.2): what is measured, by whom, how often, and
 * the path from the baseline to the target (common/domain/indicator.ts).
 */
export const indicators = pgTable(
  'indicators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** infrastructure | resources | science_technology | innovation | digital_transformation | cyber_security */
    group: text('group').notNull(),
    measure: text('measure').notNull(),
    /** percent | count | number | rank */
    kind: text('kind').notNull(),
    /** higher | lower | level */
    direction: text('direction').notNull(),
    baselineValue: doublePrecision('baseline_value'),
    baselineYear: integer('baseline_year'),
    yearlyTargets: jsonb('yearly_targets').$type<{ year: number; value: number }[]>().notNull().default(sql`'[]'::jsonb`),
    target2030: doublePrecision('target_2030').notNull(),
    ownerUnitId: uuid('owner_unit_id')
      .notNull()
      .references(() => units.id),
    /** monthly | quarterly | half | annual (Decree 09 periods) */
    frequency: text('frequency').notNull(),
    /** sum | mean | latest: how commune values make the province's */
    aggregation: text('aggregation').notNull(),
    byCommune: boolean('by_commune').notNull().default(false),
    source: text('source').notNull().default(''),
    quote: text('quote').notNull().default(''),
    /** a change from the previous value larger than this needs a comment (null: any change) */
    maxChange: doublePrecision('max_change'),
    /** share of the expected value reached at or above which a value is on track */
    onTrack: doublePrecision('on_track').notNull().default(0.95),
    /** below this share a value is off track */
    offTrack: doublePrecision('off_track').notNull().default(0.85),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('indicators_code_idx').on(t.provinceId, t.code), index('indicators_owner_idx').on(t.ownerUnitId)],
);

/**
 * A value of an indicator for a period (its Decree 09 key), for the owner unit or, for an
 * indicator broken down by commune, for one commune. Entered by the officer, submitted by the
 * unit head, approved (and so locked) by the coordinator.
 */
export const indicatorValues = pgTable(
  'indicator_values',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id),
    periodKey: text('period_key').notNull(),
    /** the period's last day of data: where the value sits on the path */
    periodEnd: date('period_end').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    value: doublePrecision('value').notNull(),
    comment: text('comment').notNull().default(''),
    /** draft | submitted | approved | returned */
    state: text('state').notNull().default('draft'),
    enteredBy: uuid('entered_by').references(() => users.id),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /** the coordinator's words when returning or un-approving */
    reviewComment: text('review_comment').notNull().default(''),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('indicator_values_slot_idx').on(t.indicatorId, t.periodKey, t.unitId),
    index('indicator_values_unit_idx').on(t.unitId),
  ],
);

/** Every step of a value (entered, submitted, approved, returned, un-approved): its history, kept. */
export const indicatorValueEvents = pgTable(
  'indicator_value_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    valueId: uuid('value_id')
      .notNull()
      .references(() => indicatorValues.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    by: uuid('by')
      .notNull()
      .references(() => users.id),
    action: text('action').notNull(),
    value: doublePrecision('value').notNull(),
    comment: text('comment').notNull().default(''),
  },
  (t) => [index('indicator_value_events_value_idx').on(t.valueId, t.at)],
);

/** The tasks that drive an indicator. */
export const indicatorTasks = pgTable(
  'indicator_tasks',
  {
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id),
  },
  (t) => [primaryKey({ columns: [t.indicatorId, t.taskId] }), index('indicator_tasks_task_idx').on(t.taskId)],
);
