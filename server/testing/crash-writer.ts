import path from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import { type Database, openPglite, openPostgres } from '../db/client.ts';
import { acquireDataLock } from '../db/data-lock.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { createUnit } from '../features/units/units.service.ts';
import { units } from '../features/units/units.table.ts';
import { users } from '../features/users/users.table.ts';
import type { Actor } from '../kernel/auth/guard.ts';

/**
 * The child of the crash test (server/db/crash.test.ts): it opens the database exactly as
 * server/main.ts does (DATABASE_URL, else the locked PGlite directory in DATA_DIR), then
 * writes units through the real service in a loop until it is killed with SIGKILL.
 *
 * Protocol on stdout, one line each: `ready` once writes begin, then `ack <unit id>` for
 * every write, printed only after its transaction has committed. An `ack` is therefore a
 * promise the database must keep across the crash.
 */
const config = loadConfig();
let database: Database;
if (config.databaseUrl) {
  database = await openPostgres(config.databaseUrl);
} else {
  acquireDataLock(config.dataDir); // never released: this process only ever dies by SIGKILL
  database = await openPglite(path.join(config.dataDir, 'pg'));
}
await database.migrate();
await seedDemo(database.db);

const { db } = database;
const [province] = await db
  .select()
  .from(units)
  .where(and(isNull(units.parentId), eq(units.kind, 'province')));
const [admin] = await db.select().from(users).where(eq(users.username, 'admin'));
if (!province || admin?.role !== 'admin') throw new Error('the demo seed is missing its province or admin');
const actor: Actor = {
  userId: admin.id,
  username: admin.username,
  fullName: admin.fullName,
  role: 'admin',
  unitId: admin.unitId,
  provinceId: province.id,
  sessionId: 'crash-writer',
  csrfToken: 'crash-writer',
  totpPending: false,
};

const ack = (line: string) => process.stdout.write(`${line}\n`);
ack('ready');

// Several writers at once, so the crash can also land while transactions queue for the
// audit chain's advisory lock (PostgreSQL) or for the single PGlite connection.
const WRITERS = 3;
let next = 0;
async function writer() {
  for (;;) {
    const n = next++;
    const code = `CRASH_${process.pid}_${n}`;
    const unit = await createUnit(db, actor, {
      parentId: actor.provinceId,
      code,
      kind: 'department',
      name: `Đơn vị thử sập nguồn ${process.pid}-${n}`,
      shortName: `Thử ${n}`,
      aliases: [],
      sortOrder: 0,
    });
    ack(`ack ${unit.id}`);
  }
}
await Promise.all(Array.from({ length: WRITERS }, writer));
