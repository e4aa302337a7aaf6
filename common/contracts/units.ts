import { UNIT_KINDS } from '../domain/units.ts';
import { Id, IsoDate, PageQuery, pageOf, text, z } from './z.ts';

export const UnitKind = z.enum(UNIT_KINDS);
const Code = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9_-]{2,40}$/, 'Mã đơn vị chỉ gồm chữ in hoa không dấu, số, "_" hoặc "-" (2–40 ký tự)');
const Aliases = z.array(text(300)).max(50);

export const Unit = z.object({
  id: Id,
  provinceId: Id.nullable(),
  parentId: Id.nullable(),
  code: z.string(),
  kind: UnitKind,
  name: z.string(),
  shortName: z.string(),
  aliases: z.array(z.string()),
  active: z.boolean(),
  validFrom: IsoDate.nullable(),
  validTo: IsoDate.nullable(),
  successorId: Id.nullable(),
  sortOrder: z.number().int(),
  version: z.number().int(),
});
export type Unit = z.infer<typeof Unit>;

export const UnitListQuery = PageQuery.extend({
  q: z.string().max(200).optional(),
  kind: UnitKind.optional(),
  parentId: Id.optional(),
  status: z.enum(['active', 'inactive', 'all']).default('active'),
});
export type UnitListQuery = z.infer<typeof UnitListQuery>;
export const UnitPage = pageOf(Unit);

export const UnitParams = z.strictObject({ id: Id });

export const UnitCreate = z.strictObject({
  parentId: Id,
  code: Code,
  kind: UnitKind.exclude(['province']),
  name: text(300),
  shortName: text(150),
  aliases: Aliases.default([]),
  validFrom: IsoDate.nullable().optional(),
  sortOrder: z.number().int().min(0).max(100000).default(0),
});
export type UnitCreate = z.infer<typeof UnitCreate>;

/** version: the one the editor loaded; a different current version means a concurrent edit. */
export const UnitUpdate = z.strictObject({
  version: z.number().int().min(1),
  parentId: Id.optional(),
  code: Code.optional(),
  kind: UnitKind.exclude(['province']).optional(),
  name: text(300).optional(),
  shortName: text(150).optional(),
  aliases: Aliases.optional(),
  validFrom: IsoDate.nullable().optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});
export type UnitUpdate = z.infer<typeof UnitUpdate>;

export const UnitDeactivate = z.strictObject({
  version: z.number().int().min(1),
  validTo: IsoDate,
  /** the unit it was merged into, if any */
  successorId: Id.nullable().optional(),
});
export const UnitActivate = z.strictObject({ version: z.number().int().min(1) });

export const UnitHistoryEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export const UnitHistory = z.array(UnitHistoryEntry);

export const UnitGroup = z.object({ id: Id, phrase: z.string(), aliases: z.array(z.string()), kinds: z.array(UnitKind) });
export const UnitGroupList = z.array(UnitGroup);

export const UnitImportReply = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

/** The columns of the units workbook, in order: export writes them, import reads them by header. */
export const UNIT_SHEET_COLUMNS = [
  ['code', 'Mã'],
  ['name', 'Tên đầy đủ'],
  ['shortName', 'Tên viết tắt'],
  ['kind', 'Loại'],
  ['parentCode', 'Mã đơn vị cấp trên'],
  ['aliases', 'Tên gọi khác (ngăn cách bởi ;)'],
  ['active', 'Đang hoạt động'],
  ['validFrom', 'Hiệu lực từ'],
  ['validTo', 'Hiệu lực đến'],
] as const;
