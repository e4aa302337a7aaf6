import type { PGlite } from '@electric-sql/pglite';
import type { FastifyBaseLogger } from 'fastify';

/**
 * VACUUM (ANALYZE) of the embedded database. PGlite runs PostgreSQL as one process, without the
 * autovacuum workers: without this its planner statistics would never be gathered and its
 * visibility map never set, so the figures' index-only scans would read the table instead.
 * About a second at province scale (10,000 tasks). PostgreSQL's autovacuum does this itself.
 */
export async function vacuumEmbedded(pglite: PGlite): Promise<void> {
  await pglite.exec('VACUUM (ANALYZE)');
}

/** Vacuums a minute after start, then every hour (DESIGN.md "Jobs"). */
export function scheduleVacuum(pglite: PGlite, log: FastifyBaseLogger, everyMs = 3_600_000): () => void {
  const run = () =>
    vacuumEmbedded(pglite)
      .then(() => log.debug('embedded database vacuumed and analysed'))
      .catch((err) => log.error({ err }, 'vacuum failed'));
  const first = setTimeout(run, 60_000);
  const every = setInterval(run, everyMs);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
