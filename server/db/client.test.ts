import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../testing/harness.ts';
import { type Database, readAll, rowsOf } from './client.ts';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

/** A read that notes when it starts and ends, and takes a little while. */
function tracked(log: string[], name: string) {
  return async () => {
    log.push(`${name} starts`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    log.push(`${name} ends`);
    return name;
  };
}

describe('readAll', () => {
  it('returns the reads in order, one after another inside a transaction (one connection)', async () => {
    const log: string[] = [];
    const results = await database.db.transaction((tx) => readAll(tx, tracked(log, 'a'), tracked(log, 'b')));
    expect(results).toEqual(['a', 'b']);
    expect(log).toEqual(['a starts', 'a ends', 'b starts', 'b ends']);
  });

  it('runs them at once on a PostgreSQL pool, one after another on PGlite', async () => {
    const log: string[] = [];
    expect(await readAll(database.db, tracked(log, 'a'), tracked(log, 'b'))).toEqual(['a', 'b']);
    expect(log).toEqual(
      database.engine === 'postgres' ? ['a starts', 'b starts', 'a ends', 'b ends'] : ['a starts', 'a ends', 'b starts', 'b ends'],
    );
  });

  it('passes on what the database answers', async () => {
    const answers = await readAll(
      database.db,
      () => rowsOf<{ n: number }>(database.db, sql`select 1 as n`),
      () => rowsOf<{ n: number }>(database.db, sql`select 2 as n`),
    );
    expect(answers).toEqual([[{ n: 1 }], [{ n: 2 }]]);
  });
});
