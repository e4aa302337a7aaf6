import { date, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Each year's actual list of days off and swapped working days (DESIGN.md rule 4). A year
 * without rows uses the statutory holidays computed by common/domain/calendar.ts; an admin
 * who edits a year stores the whole list, compensatory days and swaps included.
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    provinceId: uuid('province_id').notNull(),
    date: date('date').notNull(),
    year: integer('year').notNull(),
    /** holiday | compensatory | day-off | working-day (common/domain/calendar.ts) */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provinceId, t.date] })],
);

/** The years an admin has reviewed: their calendar_days rows are the whole list. */
export const calendarYears = pgTable(
  'calendar_years',
  {
    provinceId: uuid('province_id').notNull(),
    year: integer('year').notNull(),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provinceId, t.year] })],
);
