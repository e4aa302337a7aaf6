import path from 'node:path';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import { type Database, type Db, openPglite, openPostgres } from '../db/client.ts';
import { acquireDataLock, DataDirLockedError } from '../db/data-lock.ts';
import { units } from '../features/units/units.table.ts';
import { actorOfUser } from '../features/users/sessions.service.ts';
import { users } from '../features/users/users.table.ts';
import type { Actor } from '../kernel/auth/guard.ts';
import { AppError } from '../kernel/errors.ts';

/** Opens the database a command-line tool works on, with the same lock the server takes. */
export async function openForCli(): Promise<Database & { release: () => void }> {
  const config = loadConfig();
  if (config.databaseUrl) return { ...(await openPostgres(config.databaseUrl)), release: () => {} };
  try {
    const release = acquireDataLock(config.dataDir);
    const database = await openPglite(path.join(config.dataDir, 'pg'));
    return { ...database, release };
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`✖ ${error.message}\n  (Công cụ dòng lệnh cần dừng máy chủ khi dùng cơ sở dữ liệu nhúng.)`);
      process.exit(2);
    }
    throw error;
  }
}

/** The province a command works on: the only one, or the one whose code `--province` names. */
export async function provinceRoot(db: Db, code: string | undefined) {
  const roots = await db
    .select()
    .from(units)
    .where(and(isNull(units.parentId), eq(units.kind, 'province')));
  const root = code ? roots.find((r) => r.code === code) : roots.length === 1 ? roots[0] : undefined;
  if (!root) {
    throw new AppError(
      'BAD_REQUEST',
      roots.length
        ? 'Có nhiều tỉnh trong cơ sở dữ liệu (hoặc không có tỉnh mã đã nêu): hãy chỉ rõ --province MA_TINH.'
        : 'Chưa có tỉnh nào. Nạp tỉnh trước: npm run province:load -- <tệp.json>',
    );
  }
  return root;
}

/** Who a command's work is recorded as: the province's first coordinator, else its first admin. */
export async function provinceActor(db: Db, provinceId: string): Promise<Actor> {
  const people = await db
    .select()
    .from(users)
    .where(and(eq(users.provinceId, provinceId), eq(users.active, true)))
    .orderBy(asc(users.createdAt));
  const user = people.find((u) => u.role === 'coordinator') ?? people.find((u) => u.role === 'admin');
  if (!user) {
    throw new AppError(
      'BAD_REQUEST',
      'Tỉnh chưa có cán bộ đầu mối hay quản trị viên nào để ghi tên người thực hiện. Hãy tạo trước: npm run admin:create -- --username …',
    );
  }
  return actorOfUser(user, 'cli');
}
