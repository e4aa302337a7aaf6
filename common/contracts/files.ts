import { Id, z } from './z.ts';

export const StoredFile = z.object({
  id: Id,
  name: z.string(),
  size: z.number().int(),
  mime: z.string(),
  sha256: z.string(),
});
export type StoredFile = z.infer<typeof StoredFile>;

export const FileParams = z.strictObject({ id: Id });

/** What evidence and dossiers may be: checked on the bytes, never on the name alone. */
export const ALLOWED_FILE_TYPES = ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'doc', 'xls', 'png', 'jpg', 'webp', 'zip'] as const;
