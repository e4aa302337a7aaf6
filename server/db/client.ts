import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

export type Schema = typeof schema;
// biome-ignore lint/suspicious/noExplicitAny: both engines' query results fit this base type
export type Db = PgDatabase<PgQueryResultHKT & any, Schema>;

/** The rows of a raw SQL statement; both engines' results carry `rows`. */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
/**
 * Whether statements of `db` run side by side: a PostgreSQL pool serves each on its own
 * connection (and core). PGlite runs one at a time; a transaction holds one connection, on which
 * node-postgres warns of (and pg@9 refuses) a query sent while another runs.
 */
export function runsConcurrently(db: Db): boolean {
  return typeof (db as { $client?: { idleCount?: unknown } }).$client?.idleCount === 'number';
}

/** Independent reads at once where `db` runs them side by side, otherwise one after another. */
export async function readAll<T extends unknown[]>(db: Db, ...reads: { [K in keyof T]: () => PromiseLike<T[K]> }): Promise<T> {
  if (runsConcurrently(db)) return (await Promise.all(reads.map((read) => read()))) as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as T;
}

export type Engine = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  engine: Engine;
  /** the embedded engine itself, for dumps; absent on PostgreSQL */
  pglite?: PGlite;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const extensions = { unaccent, pg_trgm };

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    engine: 'postgres',
    migrate: () => migratePg(db as never, { migrationsFolder }),
    close: () => pool.end(),
  };
}

/**
 * Drops the database `name` through `admin` (connected to another database of the same server)
 * once the pool that used it has let go. pg-pool's end() resolves when its clients are told to
 * end, not when their connections close; a forced drop meanwhile would kill them, and they would
 * surface as uncaught errors (57P01).
 */
export async function dropDatabaseWhenIdle(admin: pg.Client, name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
    if (rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await admin.query(`drop database if exists ${name} with (force)`);
}

/** PGlite in a directory (or in memory when dir is undefined). */
export async function openPglite(dir?: string, loadDataDir?: Blob): Promise<Database> {
  if (dir && !fs.existsSync(path.join(dir, 'PG_VERSION'))) await initPgliteDir(dir);
  const client = await PGlite.create(dir, { extensions, ...(loadDataDir ? { loadDataDir } : {}) });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    pglite: client,
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: () => client.close(),
  };
}

/**
 * initdb into a sibling directory, then rename: a crash during the first start never
 * leaves a half-made cluster behind where the next start would look for one.
 */
async function initPgliteDir(dir: string) {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.init-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const client = await PGlite.create(tmp, { extensions });
  await client.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
}
