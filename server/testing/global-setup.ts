import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../db/client.ts';
import { seedDemo } from '../db/seed/demo.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** a migrated, demo-seeded PGlite dump every test file starts from */
    pgliteTemplate: string;
    /** on PostgreSQL: the migrated, demo-seeded template database */
    pgTemplate: string;
  }
}

/**
 * Migrates and seeds once per run; each test file then gets a fresh copy of that database
 * (a PGlite dump loaded in memory, or CREATE DATABASE … TEMPLATE on PostgreSQL).
 */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theodoi-test-'));
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `theodoi_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    const database = await openPostgres(withDatabase(url, name));
    await database.migrate();
    await seedDemo(database.db);
    await database.close();
    project.provide('pgTemplate', name);
    project.provide('pgliteTemplate', '');
    return async () => {
      const { rows } = await admin.query(`select datname from pg_database where datname like $1 or datname = $2`, [`${name}_f_%`, name]);
      for (const r of rows) await admin.query(`drop database if exists "${r.datname}" with (force)`);
      await admin.end();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const database = await openPglite();
  await database.migrate();
  await seedDemo(database.db);
  const dump = await database.pglite?.dumpDataDir('none');
  const file = path.join(dir, 'template.tar');
  fs.writeFileSync(file, Buffer.from(await (dump as Blob).arrayBuffer()));
  await database.close();
  project.provide('pgliteTemplate', file);
  project.provide('pgTemplate', '');
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export { openPglite, openPostgres };
