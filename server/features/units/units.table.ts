import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The unit tree: the province is the root (kind "province", province_id = its own id),
 * every other unit hangs below it. Units are never deleted: a merged or renamed unit is
 * deactivated with valid_to and, where it was merged, a successor.
 */
export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id'),
    parentId: uuid('parent_id').references((): AnyPgColumn => units.id),
    code: text('code').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    /** folded name + short name + aliases + code (common/domain/text.ts foldText) */
    searchText: text('search_text').notNull(),
    active: boolean('active').notNull().default(true),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
    successorId: uuid('successor_id').references((): AnyPgColumn => units.id),
    sortOrder: integer('sort_order').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('units_province_code_idx').on(t.provinceId, t.code),
    index('units_parent_idx').on(t.parentId),
    index('units_search_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
  ],
);

/** Phrases that stand for many units ("Các sở, ban, ngành", "UBND các xã, phường"). */
export const unitGroups = pgTable(
  'unit_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    phrase: text('phrase').notNull(),
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    kinds: text('kinds').array().notNull().default(sql`'{}'::text[]`),
    searchText: text('search_text').notNull(),
  },
  (t) => [uniqueIndex('unit_groups_phrase_idx').on(t.provinceId, t.phrase)],
);
