import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { GatheredUpdate, Narrative, ReportData } from '#common/contracts/reporting.ts';
import { files } from '../../kernel/files/files.table.ts';
import { units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';

/**
 * Report regimes (chế độ báo cáo): the reporting calendar is configuration (DESIGN.md rule 3).
 * Periods follow Decree 09/2019 Art. 12 cut-offs (common/domain/period.ts); the due day comes
 * from the plan ("trước ngày 20 hằng tháng", 004 §III.2; "trước ngày 15/12", 003).
 */
export const reportRegimes = pgTable(
  'report_regimes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** monthly | quarterly | half | nine_months | annual | ad_hoc */
    frequency: text('frequency').notNull(),
    cutoffDay: integer('cutoff_day').notNull().default(14),
    dueDay: integer('due_day').notNull(),
    source: text('source').notNull().default(''),
    activeFrom: date('active_from').notNull(),
    closeAfterDays: integer('close_after_days').notNull().default(30),
    /** the units that must report */
    unitIds: uuid('unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('report_regimes_code_idx').on(t.provinceId, t.code)],
);

/**
 * One period of a regime, opened by the period job when its data range begins and closed
 * `closeAfterDays` after its due day. The units expected to report are fixed when it opens,
 * so a later change of the regime never rewrites a past period's rates.
 */
export const reportingPeriods = pgTable(
  'reporting_periods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    regimeId: uuid('regime_id')
      .notNull()
      .references(() => reportRegimes.id),
    key: text('key').notNull(),
    label: text('label').notNull(),
    startOn: date('start_on').notNull(),
    endOn: date('end_on').notNull(),
    dueOn: date('due_on').notNull(),
    /** open | closed */
    state: text('state').notNull().default('open'),
    unitIds: uuid('unit_ids').array().notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('reporting_periods_key_idx').on(t.regimeId, t.key), index('reporting_periods_end_idx').on(t.provinceId, t.endOn)],
);

/**
 * A unit's report for a period: drafted by its officer, submitted (and locked) by its head,
 * accepted or returned by the coordinator. `firstSubmittedOn` judges timeliness, as DHIS2
 * does with the first completion: a report sent on time and returned for a fix stays on time.
 */
export const unitReports = pgTable(
  'unit_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    periodId: uuid('period_id')
      .notNull()
      .references(() => reportingPeriods.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** draft | submitted | returned | accepted */
    state: text('state').notNull().default('draft'),
    summary: text('summary').notNull().default(''),
    obstacles: text('obstacles').notNull().default(''),
    proposals: text('proposals').notNull().default(''),
    /** the task updates as they stood when the head submitted */
    updates: jsonb('updates').$type<GatheredUpdate[]>(),
    preparedBy: uuid('prepared_by').references(() => users.id),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    firstSubmittedOn: date('first_submitted_on'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewComment: text('review_comment').notNull().default(''),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('unit_reports_period_unit_idx').on(t.periodId, t.unitId), index('unit_reports_unit_idx').on(t.unitId)],
);

/**
 * The Department's consolidated report for a period (báo cáo tổng hợp). A draft's figures can be
 * refreshed; issuing numbers it in the Department's yearly sequence (Decree 30/2020: one
 * sequence per agency per year) and freezes figures, narrative and files for good.
 */
export const consolidatedReports = pgTable(
  'consolidated_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    periodId: uuid('period_id')
      .notNull()
      .references(() => reportingPeriods.id),
    /** draft | issued */
    state: text('state').notNull().default('draft'),
    year: integer('year'),
    number: integer('number'),
    symbol: text('symbol').notNull().default(''),
    summary: text('summary').notNull(),
    narrative: jsonb('narrative').$type<Narrative>().notNull(),
    recipients: text('recipients').array().notNull(),
    signer: jsonb('signer').$type<{ authority: string; title: string; name: string }>().notNull(),
    data: jsonb('data').$type<ReportData>().notNull(),
    docxFileId: uuid('docx_file_id').references(() => files.id),
    xlsxFileId: uuid('xlsx_file_id').references(() => files.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    issuedBy: uuid('issued_by').references(() => users.id),
    issuedOn: date('issued_on'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('consolidated_reports_number_idx').on(t.provinceId, t.year, t.number),
    // one draft per period at a time
    uniqueIndex('consolidated_reports_draft_idx').on(t.periodId).where(sql`state = 'draft'`),
  ],
);
