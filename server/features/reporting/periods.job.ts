import type { FastifyBaseLogger } from 'fastify';
import { vietnamDay } from '#common/domain/iso-date.ts';
import type { Db } from '../../db/client.ts';
import { openPeriods } from './periods.service.ts';

/**
 * Opens and closes reporting periods at start and every hour after (DESIGN.md "Jobs"). The
 * run is idempotent (periods are unique per regime and key), so a restart repeats nothing.
 */
export function schedulePeriods(db: Db, log: Pick<FastifyBaseLogger, 'info' | 'error'>, everyMs = 3_600_000) {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = openPeriods(db, vietnamDay())
      .then((r) => {
        if (r.opened || r.closed) log.info(r, 'reporting periods opened/closed');
      })
      .catch((err) => log.error({ err }, 'reporting periods run failed'))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const every = setInterval(tick, everyMs);
  every.unref();
  return async () => {
    clearInterval(every);
    await running;
  };
}
