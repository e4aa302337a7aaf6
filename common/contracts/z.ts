import { z } from 'zod';

// One place configures zod: its messages are Vietnamese on the server and in the web app alike.
z.config(z.locales.vi());

export { z };

/** Non-empty trimmed NFC text with a length limit: the shape of every name-like field. */
export function text(max: number, min = 1) {
  return z
    .string()
    .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(min).max(max));
}

export const Id = z.uuid();
export const IsoDate = z.iso.date();

export const PageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

export const ErrorReply = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string().optional(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorReply = z.infer<typeof ErrorReply>;

export const OkReply = z.object({ ok: z.literal(true) });
