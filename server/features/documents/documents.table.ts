import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { files } from '../../kernel/files/files.table.ts';
import { units } from '../units/units.table.ts';

/**
 * Documents (văn bản): plans, notices, decisions. The number and symbol is kept as written
 * ("13-TB/CQTT", "35/KH-UBND", "Số: /KH-UBND") next to its parsed parts
 * (common/domain/document-number.ts); the type follows Decree 30/2020/NĐ-CP, Appendix III.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    /** the number and symbol as written, without "Số:" */
    symbol: text('symbol').notNull(),
    /** null for an unnumbered draft */
    number: integer('number'),
    type: text('type'),
    /** the issuer part of the symbol: "UBND", "CQTT", "TTg" */
    issuerCode: text('issuer_code').notNull().default(''),
    /** the issuing body, when it is a unit of the province */
    issuerUnitId: uuid('issuer_unit_id').references(() => units.id),
    /** the issuing body in words, for bodies outside the province ("Thủ tướng Chính phủ") */
    issuerName: text('issuer_name').notNull().default(''),
    issuedOn: date('issued_on'),
    title: text('title').notNull(),
    fileId: uuid('file_id').references(() => files.id),
    searchText: text('search_text').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('documents_province_idx').on(t.provinceId, t.issuedOn),
    index('documents_search_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
  ],
);

export const DOCUMENT_LINK_KINDS = ['implements', 'replaces'] as const;

/** "implements" (a plan implementing a notice) and "replaces" links between documents. */
export const documentLinks = pgTable(
  'document_links',
  {
    provinceId: uuid('province_id').notNull(),
    fromId: uuid('from_id')
      .notNull()
      .references(() => documents.id),
    toId: uuid('to_id')
      .notNull()
      .references(() => documents.id),
    kind: text('kind').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fromId, t.toId, t.kind] }), index('document_links_to_idx').on(t.toId)],
);

/** The columns of a `DocumentRef`: a document as its tasks and links cite it. */
export const documentRefColumns = {
  id: documents.id,
  symbol: documents.symbol,
  type: documents.type,
  issuedOn: documents.issuedOn,
  title: documents.title,
};
