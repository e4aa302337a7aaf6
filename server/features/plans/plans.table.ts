import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { documents } from '../documents/documents.table.ts';
import { users } from '../users/users.table.ts';

/**
 * One upload of a plan's appendix: parsed into a preview a person reviews and corrects, then
 * committed in one transaction. The preview is kept (with the file), so a commit works on
 * exactly what the person saw, and a discarded import leaves nothing behind but this row.
 */
export const planImports = pgTable(
  'plan_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    fileId: uuid('file_id'),
    fileName: text('file_name').notNull(),
    /** docx | xlsx | text */
    format: text('format').notNull(),
    /** the plan the appendix belongs to, once known (chosen at upload or created at commit) */
    documentId: uuid('document_id').references(() => documents.id),
    /** the preview: rows, matches, warnings (common/contracts/plans.ts) */
    preview: jsonb('preview').notNull(),
    /** preview | committed | discarded */
    state: text('state').notNull().default('preview'),
    /** what the commit did: created, updated, unchanged, links proposed */
    result: jsonb('result'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    committedAt: timestamp('committed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('plan_imports_province_idx').on(t.provinceId, t.createdAt)],
);
