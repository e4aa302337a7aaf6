import fs from 'node:fs';
import path from 'node:path';
import { now, setClock } from '#common/domain/iso-date.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { type Database, openPglite, openPostgres } from './db/client.ts';
import { acquireDataLock, DataDirLockedError } from './db/data-lock.ts';
import { seedDemo } from './db/seed/demo.ts';
import { scheduleReminders } from './features/reminders/reminders.job.ts';
import { schedulePeriods } from './features/reporting/periods.job.ts';
import { scheduleBackups } from './kernel/jobs/backup.ts';
import { scheduleVacuum } from './kernel/jobs/vacuum.ts';

// env → db → migrate → buildApp() → listen → graceful close
const config = loadConfig();
let release = () => {};
let database: Database;
try {
  if (config.databaseUrl) {
    database = await openPostgres(config.databaseUrl);
  } else {
    release = acquireDataLock(config.dataDir);
    database = await openPglite(path.join(config.dataDir, 'pg'));
  }
} catch (error) {
  if (error instanceof DataDirLockedError) {
    console.error(`\n✖ ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

if (config.clockStart) setClock(config.clockStart);
await database.migrate();
if (config.seedDemo) await seedDemo(database.db, { plans: true });

const app = await buildApp({ database, config, logger: { level: config.logLevel } });
if (database.engine === 'pglite') {
  app.log.warn(
    { dataDir: config.dataDir },
    'Embedded database (PGlite, single process) in DATA_DIR. Production belongs on PostgreSQL: set DATABASE_URL=postgres://…',
  );
}
if (config.clockStart) app.log.warn({ now: now().toISOString() }, 'CLOCK_START is set: the product runs on a shifted clock');
if (!fs.existsSync(path.join(config.webDist, 'index.html'))) app.log.warn('web app not built (npm run build): serving the API only');

const stopBackups = database.pglite ? scheduleBackups(database.pglite, config.dataDir, app.log) : () => {};
const stopVacuum = database.pglite ? scheduleVacuum(database.pglite, app.log) : () => {};
const stopReminders = scheduleReminders(database.db, config, app.log);
const stopPeriods = schedulePeriods(database.db, app.log);

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  stopBackups();
  stopVacuum();
  await stopReminders();
  await stopPeriods();
  await app.close();
  await database.close();
  release();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
