import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { FastifyBaseLogger } from 'fastify';

const DAY_MS = 24 * 3_600_000;
const KEEP = 7;

/**
 * Daily dumps of the embedded database to DATA_DIR/backups (the last 7 are kept).
 * Idempotent: a dump is taken only when the newest one is older than a day, so restarts
 * never pile up copies. PostgreSQL has its own tools (pg_dump, PITR) and is left alone.
 */
export function scheduleBackups(pglite: PGlite, dataDir: string, log: FastifyBaseLogger): () => void {
  const dir = path.join(dataDir, 'backups');
  const run = async () => {
    fs.mkdirSync(dir, { recursive: true });
    const existing = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.tar.gz'))
      .sort();
    const newest = existing.at(-1);
    if (newest && Date.now() - fs.statSync(path.join(dir, newest)).mtimeMs < DAY_MS) return;
    const dump = await pglite.dumpDataDir('gzip');
    const name = `theodoi-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
    const tmp = path.join(dir, `${name}.tmp`);
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, path.join(dir, name));
    for (const old of [...existing, name].sort().slice(0, -KEEP)) fs.rmSync(path.join(dir, old), { force: true });
    log.info({ file: name }, 'embedded database backup written');
  };
  const guarded = () => run().catch((err) => log.error({ err }, 'backup failed'));
  const first = setTimeout(guarded, 60_000);
  const every = setInterval(guarded, 3_600_000);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
