import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { ALLOWED_FILE_TYPES, type StoredFile } from '#common/contracts/files.ts';
import { PROVINCE_WIDE_ROLES } from '#common/permissions.ts';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/guard.ts';
import { AppError, notFound } from '../errors.ts';
import { files } from './files.table.ts';

const OLD_OFFICE = { doc: 'application/msword', xls: 'application/vnd.ms-excel' } as const;

/** The file's real type from its bytes; the name's extension only picks between look-alikes. */
export async function detectType(bytes: Buffer, name: string): Promise<{ ext: string; mime: string }> {
  const found = await fileTypeFromBuffer(bytes);
  const nameExt = path.extname(name).slice(1).toLowerCase();
  if (found?.ext === 'cfb' && (nameExt === 'doc' || nameExt === 'xls')) return { ext: nameExt, mime: OLD_OFFICE[nameExt] };
  if (found && (ALLOWED_FILE_TYPES as readonly string[]).includes(found.ext)) return found;
  throw new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Loại tệp không được chấp nhận${found ? ` (${found.ext})` : ''}. Chỉ nhận PDF, Word, Excel, PowerPoint, ODF, ảnh PNG/JPG/WEBP hoặc ZIP.`,
  );
}

export function blobPath(dataDir: string, sha256: string) {
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Stores the bytes once per content (SHA-256) and records who uploaded them, with its audit. */
export async function storeFile(
  db: Db,
  dataDir: string,
  actor: Actor,
  name: string,
  bytes: Buffer,
  requestId?: string,
): Promise<StoredFile> {
  if (bytes.length === 0) throw new AppError('BAD_REQUEST', 'Tệp rỗng. Hãy chọn một tệp có nội dung.');
  const { mime } = await detectType(bytes, name);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = blobPath(dataDir, sha256);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const exists = await fs.stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) {
    const tmp = `${target}.${process.pid}.tmp`;
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, target);
  }
  const cleanName =
    name
      .normalize('NFC')
      .replace(/[\\/\0]/g, '_')
      .slice(0, 255) || 'tep';
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(files)
      .values({
        provinceId: actor.provinceId,
        sha256,
        size: bytes.length,
        mime,
        name: cleanName,
        unitId: actor.unitId,
        uploadedBy: actor.userId,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    const stored = { id: row.id, name: row.name, size: row.size, mime: row.mime, sha256 };
    await appendAudit(tx, actor, { action: 'file.upload', entity: 'file', entityId: row.id, after: stored }, requestId);
    return stored;
  });
}

/** Row rule: the uploader's unit and the province-wide roles may read a file. */
export function canReadFile(actor: Actor, file: { unitId: string | null; uploadedBy: string | null }) {
  return PROVINCE_WIDE_ROLES.includes(actor.role) || file.unitId === actor.unitId || file.uploadedBy === actor.userId;
}

/**
 * A feature's rule for the files attached to its records: "this file is evidence of a task
 * you can see", "this file is a document of your province". The kernel cannot import
 * features, so app.ts hands their grants to the files routes.
 */
export type FileGrant = (db: Db, actor: Actor, fileId: string) => Promise<boolean>;

export async function openFile(db: Db, dataDir: string, actor: Actor, id: string, grants: readonly FileGrant[] = []) {
  const [row] = await db.select().from(files).where(eq(files.id, id));
  if (!row) throw notFound('tệp');
  if (!canReadFile(actor, row)) {
    let granted = false;
    for (const grant of grants) if (!granted) granted = await grant(db, actor, id);
    if (!granted) throw notFound('tệp');
  }
  return { row, path: blobPath(dataDir, row.sha256) };
}
