import { DOCUMENT_TYPES } from '../domain/document-number.ts';
import { StoredFile } from './files.ts';
import { Id, IsoDate, PageQuery, pageOf, text, z } from './z.ts';

/** A document as other features show it: "35/KH-UBND ngày 10/4/2026 — Kế hoạch …". */
export const DocumentRef = z.object({
  id: Id,
  symbol: z.string(),
  type: z.string().nullable(),
  issuedOn: IsoDate.nullable(),
  title: z.string(),
});
export type DocumentRef = z.infer<typeof DocumentRef>;

/** A document (văn bản) with its links both ways: what it implements or replaces, and what implements or replaces it. */
export const Document = z.object({
  id: Id,
  /** normalised by formatDocumentNumber, without "Số:"; "/KH-UBND" for an unnumbered draft */
  symbol: z.string(),
  number: z.number().int().nullable(),
  type: z.string().nullable(),
  typeLabel: z.string(),
  /** the issuer part of the symbol: "UBND", "CQTT", "TTg" */
  issuerCode: z.string(),
  issuerUnit: z.object({ id: Id, name: z.string(), shortName: z.string() }).nullable(),
  issuerName: z.string(),
  issuedOn: IsoDate.nullable(),
  title: z.string(),
  file: StoredFile.nullable(),
  implements: z.array(DocumentRef),
  replaces: z.array(DocumentRef),
  implementedBy: z.array(DocumentRef),
  replacedBy: z.array(DocumentRef),
  /** tasks assigned by this document */
  taskCount: z.number().int(),
  version: z.number().int(),
});
export type Document = z.infer<typeof Document>;

export const DocumentListQuery = PageQuery.extend({
  q: z.string().max(200).optional(),
  type: z.enum(DOCUMENT_TYPES).optional(),
  /** the year of the issue date */
  year: z.coerce.number().int().min(1945).max(2100).optional(),
  issuerUnitId: Id.optional(),
});
export type DocumentListQuery = z.infer<typeof DocumentListQuery>;
export const DocumentPage = pageOf(Document);

export const DocumentParams = z.strictObject({ id: Id });

const SymbolText = text(100);
const Title = text(2000);
const IssuerName = z
  .string()
  .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim())
  .pipe(z.string().max(300));
const Links = z.array(Id).max(50);

/**
 * The symbol as typed ("35/KH-UBND", "Số: /KH-UBND"); the server parses and normalises it.
 * An unnumbered draft may have no issue date yet; a numbered document must have one.
 */
export const DocumentCreate = z.strictObject({
  symbol: SymbolText,
  issuedOn: IsoDate.nullable().default(null),
  title: Title,
  issuerUnitId: Id.nullable().optional(),
  issuerName: IssuerName.default(''),
  fileId: Id.nullable().optional(),
  implementsIds: Links.default([]),
  replacesIds: Links.default([]),
});
export type DocumentCreate = z.infer<typeof DocumentCreate>;

/**
 * Only the fields sent change. Written out rather than `DocumentCreate.partial()`: zod 4
 * still applies a field's default inside `.partial()`, which would wipe the links of
 * every PATCH that does not mention them.
 */
export const DocumentEdit = z.strictObject({
  version: z.number().int().min(1),
  symbol: SymbolText.optional(),
  issuedOn: IsoDate.nullable().optional(),
  title: Title.optional(),
  issuerUnitId: Id.nullable().optional(),
  issuerName: IssuerName.optional(),
  fileId: Id.nullable().optional(),
  implementsIds: Links.optional(),
  replacesIds: Links.optional(),
});
export type DocumentEdit = z.infer<typeof DocumentEdit>;
