import { Id, IsoDate, z } from './z.ts';

/** A document as other features show it: "35/KH-UBND ngày 10/4/2026 — Kế hoạch …". */
export const DocumentRef = z.object({
  id: Id,
  symbol: z.string(),
  type: z.string().nullable(),
  issuedOn: IsoDate.nullable(),
  title: z.string(),
});
export type DocumentRef = z.infer<typeof DocumentRef>;
