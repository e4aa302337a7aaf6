import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '../features/units/units.table.ts';
import { verifyAuditChain } from '../kernel/audit/audit.service.ts';
import { auditLog } from '../kernel/audit/audit.table.ts';
import { withDatabase } from '../testing/global-setup.ts';
import { type Database, openPglite, openPostgres } from './client.ts';
import { acquireDataLock } from './data-lock.ts';

/**
 * The crash test: a child writes in a loop and is killed with SIGKILL at 20 random moments.
 * After each kill the database reopens, and every write that had been acknowledged is still
 * there, with its audit record, and the audit chain still verifies. The engine is the
 * suite's: PGlite by default, PostgreSQL when TEST_DATABASE_URL is set.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const ROUNDS = 20;
const url = process.env.TEST_DATABASE_URL;
const engine = url ? 'postgres' : 'pglite';

let dataDir: string;
let dbName = '';
let childUrl: string | undefined;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'theodoi-crash-'));
  if (url) {
    dbName = `theodoi_crash_${crypto.randomBytes(4).toString('hex')}`;
    await adminQuery(`create database ${dbName}`);
    childUrl = withDatabase(url, dbName);
  }
});

afterAll(async () => {
  if (dbName) await adminQuery(`drop database if exists ${dbName} with (force)`);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function adminQuery(text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const UUID = /^ack ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** One life of the writer: started, then killed with SIGKILL at a random moment. */
async function crashRound(round: number, acked: Set<string>) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (childUrl) env.DATABASE_URL = childUrl;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/testing/crash-writer.ts'], { cwd: ROOT, env });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  let ready = false;
  let ackedThisRound = 0;
  let firstAck: () => void = () => {};
  const gotFirstAck = new Promise<void>((resolve) => {
    firstAck = resolve;
  });
  let pending = '';
  child.stdout?.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? ''; // a line cut short by the kill was never acknowledged
    for (const line of lines) {
      if (line === 'ready') ready = true;
      const m = UUID.exec(line);
      if (m?.[1]) {
        acked.add(m[1]);
        ackedThisRound++;
        firstAck();
      }
    }
  });

  // Most rounds crash while writes are flowing (from the first acknowledged write on); every
  // fourth crashes at a random moment of start-up: open, crash recovery, migrate, seed.
  const duringStartup = round % 4 === 3;
  const early = await Promise.race([
    duringStartup ? sleep(Math.random() * 2500).then(() => null) : gotFirstAck.then(() => sleep(Math.random() * 400)).then(() => null),
    exited,
  ]);
  if (early) throw new Error(`writer exited by itself (${JSON.stringify(early)}) in round ${round}:\n${stderr}`);
  child.kill('SIGKILL');
  const { signal } = await exited;
  expect(signal, stderr).toBe('SIGKILL');
  return { ready, ackedThisRound };
}

/** Reopens the database as the next server start would and checks every acknowledged write. */
async function reopenAndCheck(acked: Set<string>, writerWasReady: boolean) {
  let release = () => {};
  let database: Database;
  if (childUrl) {
    database = await openPostgres(childUrl);
  } else {
    // A writer that got as far as writing left its pid file behind: the lock must be taken
    // over, not refused.
    const pidFile = path.join(dataDir, 'theodoi.pid');
    if (writerWasReady) expect(fs.existsSync(pidFile)).toBe(true);
    release = acquireDataLock(dataDir);
    expect(fs.readFileSync(pidFile, 'utf8')).toBe(String(process.pid));
    database = await openPglite(path.join(dataDir, 'pg'));
  }
  try {
    await database.migrate();
    const ids = [...acked];
    const found = new Set<string>();
    const audited = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      for (const r of await database.db.select({ id: units.id }).from(units).where(inArray(units.id, batch))) found.add(r.id);
      const rows = await database.db
        .select({ entityId: auditLog.entityId })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'unit.create'), inArray(auditLog.entityId, batch)));
      for (const r of rows) audited.add(r.entityId as string);
    }
    expect(ids.filter((id) => !found.has(id))).toEqual([]);
    expect(ids.filter((id) => !audited.has(id))).toEqual([]);
    const chain = await verifyAuditChain(database.db);
    expect(chain).toMatchObject({ ok: true });
    expect(chain.count).toBeGreaterThanOrEqual(acked.size);
  } finally {
    await database.close();
    release();
  }
}

describe(`crash safety on ${engine}`, () => {
  it(
    'keeps every acknowledged write through 20 SIGKILLs at random moments',
    async () => {
      const acked = new Set<string>();
      let roundsWithWrites = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const { ready, ackedThisRound } = await crashRound(round, acked);
        if (ackedThisRound) roundsWithWrites++;
        await reopenAndCheck(acked, ready);
      }
      // Every round that crashed mid-writing had acknowledged at least one write, so the
      // check above was never vacuous.
      expect(roundsWithWrites).toBeGreaterThanOrEqual(ROUNDS - Math.ceil(ROUNDS / 4));
      expect(acked.size).toBeGreaterThanOrEqual(roundsWithWrites);
    },
    5 * 60_000,
  );
});
