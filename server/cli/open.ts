import path from 'node:path';
import { loadConfig } from '../config.ts';
import { type Database, openPglite, openPostgres } from '../db/client.ts';
import { acquireDataLock, DataDirLockedError } from '../db/data-lock.ts';

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
