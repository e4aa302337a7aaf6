/**
 * npm run bench:reporting — the leaders' dashboard and the consolidated report at province scale
 * (bench/reporting-data.ts: 300 units, 10,000 tasks, 120,000 updates, 24 periods), on PGlite and,
 * when BENCH_DATABASE_URL is set, on PostgreSQL (a fresh database `theodoi_bench_<random>` on that
 * server, dropped at the end).
 *
 * For each engine: GET /api/dashboard p50 and p95 against the same figures computed by calling
 * `dashboard()` directly (the SQL the route runs, without HTTP, session, validation and
 * serialisation), timed interleaved so both see the same background load; then the time to
 * generate the consolidated report (figures, DOCX, appendix rows, XLSX). Targets: p95 ≤ 50 ms,
 * API ≤ 1.5× raw, report ≤ 1 s. BENCH_ROUNDS (default 200) sets the number of timed requests.
 */
import crypto from 'node:crypto';
import { and, count, desc, eq, lte, sql } from 'drizzle-orm';
import pg from 'pg';
import type { DashboardQuery } from '#common/contracts/reporting.ts';
import { vietnamDay } from '#common/domain/iso-date.ts';
import { monthKeysWithin } from '#common/domain/period.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { type Database, dropDatabaseWhenIdle, openPglite, openPostgres } from '../server/db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../server/db/seed/demo.ts';
import { draftNarrative, renderAppendixXlsx, renderReportDocx } from '../server/features/reporting/consolidated.render.ts';
import { appendixRows, reportData } from '../server/features/reporting/consolidated.service.ts';
import { dashboard } from '../server/features/reporting/dashboard.queries.ts';
import { reportingPeriods, unitReports } from '../server/features/reporting/reporting.table.ts';
import { tasks, taskUpdates } from '../server/features/tasks/tasks.table.ts';
import { units } from '../server/features/units/units.table.ts';
import { actorOfUser } from '../server/features/users/sessions.service.ts';
import { users } from '../server/features/users/users.table.ts';
import { vacuumEmbedded } from '../server/kernel/jobs/vacuum.ts';
import { generateProvince } from './reporting-data.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const WARMUP = 20;
const REPORT_ROUNDS = 3;
const TARGET = { p95: 50, ratio: 1.5, reportMs: 1000 };

const ms = (x: number) => x.toFixed(1).padStart(6);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

interface CaseResult {
  name: string;
  api: { p50: number; p95: number };
  raw: { p50: number; p95: number };
}

interface EngineResult {
  engine: string;
  cases: CaseResult[];
  reportMs: number;
}

async function benchEngine(label: string, database: Database): Promise<EngineResult> {
  console.log(`\n=== ${label} ===`);
  const { db } = database;
  const [, migrateMs] = await timed(() => database.migrate());
  const [, seedMs] = await timed(() => seedDemo(db, { plans: true }));
  const [root] = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.kind, 'province'), eq(units.code, 'THAI_NGUYEN')));
  if (!root) throw new Error('demo province missing');
  const userOf = async (username: string) => {
    const [user] = await db.select().from(users).where(eq(users.username, username));
    if (!user) throw new Error(`demo user ${username} missing`);
    return actorOfUser(user, 'bench');
  };
  const coordinator = await userOf('coordinator');
  const leader = await userOf('leader');
  const [generated, generateMs] = await timed(() => generateProvince(db, root.id, coordinator));
  // What the server's jobs do after such a load: PGlite's hourly vacuum (it has no autovacuum
  // worker), PostgreSQL's autovacuum. Both gather statistics and set the visibility map.
  const [, vacuumMs] = await timed(() => (database.pglite ? vacuumEmbedded(database.pglite) : db.execute(sql`vacuum analyze`)));
  console.log(
    `migrate ${migrateMs.toFixed(0)} ms, demo seed ${seedMs.toFixed(0)} ms, generate ${generateMs.toFixed(0)} ms, vacuum ${vacuumMs.toFixed(0)} ms`,
  );
  console.log(
    `generated: ${Object.entries(generated.rows)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
  );
  const sizes: [string, Promise<{ n: number }[]>][] = [
    ['units', db.select({ n: count() }).from(units)],
    ['tasks', db.select({ n: count() }).from(tasks)],
    ['task_updates', db.select({ n: count() }).from(taskUpdates)],
    ['reporting_periods', db.select({ n: count() }).from(reportingPeriods)],
    ['unit_reports', db.select({ n: count() }).from(unitReports)],
  ];
  const counted: string[] = [];
  for (const [name, query] of sizes) counted.push(`${name} ${(await query)[0]?.n}`);
  console.log(`dataset (count(*), demo included): ${counted.join(', ')}`);

  const app = await buildApp({ database, config: { ...loadConfig({}), webDist: '/nonexistent' } });
  await app.ready();
  const login = async (username: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    const cookie = `theodoi_session=${res.cookies[0]?.value}`;
    const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    return { cookie, csrf: me.json().csrfToken as string };
  };
  const leaderSession = await login('leader');
  const coordinatorSession = await login('coordinator');
  const get = async (url: string, cookie = leaderSession.cookie) => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res;
  };

  // Baseline, as bench/run.ts: the same process, the same run.
  for (let i = 0; i < WARMUP; i++) await get('/api/health');
  const h0 = performance.now();
  for (let i = 0; i < ROUNDS; i++) await get('/api/health');
  const baseline = (performance.now() - h0) / ROUNDS;
  console.log(`baseline GET /api/health: ${baseline.toFixed(3)} ms/request (${ROUNDS} rounds)`);

  const documentId = generated.documentIds[3] as string;
  const cases: [string, DashboardQuery][] = [
    ['today', {}],
    ['period=2026-04', { period: '2026-04' }],
    ['documentId (1,000 tasks)', { documentId }],
  ];
  const results: CaseResult[] = [];
  console.log(`\nGET /api/dashboard vs dashboard() (${ROUNDS} rounds each, interleaved; ms)`);
  console.log(`${'case'.padEnd(26)}   api p50 api p95   raw p50 raw p95   ratio p50/p95   p95≤${TARGET.p95}  ratio≤${TARGET.ratio}`);
  for (const [name, query] of cases) {
    const url = `/api/dashboard?${new URLSearchParams(query as Record<string, string>)}`;
    const check = await get(url);
    const body = check.json();
    if (typeof body.total !== 'number' || body.total === 0) throw new Error(`dashboard ${name}: no tasks counted`);
    for (let i = 0; i < WARMUP; i++) {
      await get(url);
      await dashboard(db, leader, query);
    }
    const api: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate which goes first, so neither always follows the other.
      const runApi = async () => api.push((await timed(() => get(url)))[1]);
      const runRaw = async () => raw.push((await timed(() => dashboard(db, leader, query)))[1]);
      if (i % 2) {
        await runApi();
        await runRaw();
      } else {
        await runRaw();
        await runApi();
      }
    }
    const r: CaseResult = {
      name: `${name} (${body.total} tasks)`,
      api: { p50: quantile(api, 0.5), p95: quantile(api, 0.95) },
      raw: { p50: quantile(raw, 0.5), p95: quantile(raw, 0.95) },
    };
    results.push(r);
    const ratio50 = r.api.p50 / r.raw.p50;
    const ratio95 = r.api.p95 / r.raw.p95;
    console.log(
      `${r.name.padEnd(26)}  ${ms(r.api.p50)}  ${ms(r.api.p95)}    ${ms(r.raw.p50)}  ${ms(r.raw.p95)}   ${ratio50.toFixed(2).padStart(5)} / ${ratio95.toFixed(2).padEnd(5)}   ${verdict(r.api.p95 <= TARGET.p95)}    ${verdict(ratio50 <= TARGET.ratio && ratio95 <= TARGET.ratio)}  (api p50 ×${(r.api.p50 / baseline).toFixed(0)} baseline)`,
    );
  }

  // The consolidated report of the latest period already due.
  const [period] = await db
    .select()
    .from(reportingPeriods)
    .where(and(eq(reportingPeriods.regimeId, generated.regimeId), lte(reportingPeriods.dueOn, vietnamDay())))
    .orderBy(desc(reportingPeriods.endOn))
    .limit(1);
  if (!period) throw new Error('no generated period is due yet');
  console.log(`\nconsolidated report, period ${period.key} (${REPORT_ROUNDS} rounds; ms)`);
  const heading = {
    governingBody: 'UBND TỈNH THÁI NGUYÊN',
    issuingBody: 'SỞ KHOA HỌC VÀ CÔNG NGHỆ',
    symbol: '/BC-SKHCN',
    place: 'Thái Nguyên',
    issuedOn: null,
    summary: `Kết quả thực hiện nhiệm vụ ${period.label}`,
    signer: { authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC', name: '' },
    recipients: ['Lưu: VT'],
    draft: true,
  };
  const monthKey = monthKeysWithin({ start: period.startOn, end: period.endOn }).at(-1) ?? period.key;
  const totals: number[] = [];
  for (let i = 0; i < REPORT_ROUNDS; i++) {
    const [data, dataMs] = await timed(() => reportData(db, coordinator, period));
    const [docx, docxMs] = await timed(() => renderReportDocx(heading, data, draftNarrative(data, period.label)));
    const [rows, rowsMs] = await timed(() => appendixRows(db, coordinator, data.asOf, monthKey));
    const [xlsx, xlsxMs] = await timed(async () => renderAppendixXlsx(`PHỤ LỤC ${period.label}`, data.asOf, rows));
    const total = dataMs + docxMs + rowsMs + xlsxMs;
    totals.push(total);
    console.log(
      `  reportData ${ms(dataMs)}  DOCX ${ms(docxMs)} (${(docx.length / 1024).toFixed(0)} KB)  appendixRows ${ms(rowsMs)} (${rows.length} rows)  XLSX ${ms(xlsxMs)} (${(xlsx.length / 1024).toFixed(0)} KB)  total ${ms(total)}`,
    );
  }
  const reportMs = quantile(totals, 0.5);
  for (let i = 0; i < REPORT_ROUNDS; i++) {
    const [created, createMs] = await timed(() =>
      app.inject({
        method: 'POST',
        url: '/api/consolidated-reports',
        headers: { cookie: coordinatorSession.cookie, 'x-csrf-token': coordinatorSession.csrf },
        payload: { periodId: period.id },
      }),
    );
    if (created.statusCode !== 200) throw new Error(`POST /api/consolidated-reports: ${created.statusCode} ${created.body.slice(0, 300)}`);
    const id = created.json().id as string;
    const [, docxMs] = await timed(() => get(`/api/consolidated-reports/${id}/report.docx`, coordinatorSession.cookie));
    const [, xlsxMs] = await timed(() => get(`/api/consolidated-reports/${id}/appendix.xlsx`, coordinatorSession.cookie));
    console.log(`  API: POST /api/consolidated-reports ${ms(createMs)}  GET report.docx ${ms(docxMs)}  GET appendix.xlsx ${ms(xlsxMs)}`);
  }
  console.log(
    `report generation (median of direct totals): ${reportMs.toFixed(0)} ms  ${verdict(reportMs <= TARGET.reportMs)} (≤ ${TARGET.reportMs} ms)`,
  );

  await app.close();
  return { engine: label, cases: results, reportMs };
}

/** A fresh database on the server of `url`, dropped once `run` is done. */
async function withBenchDatabase<T>(url: string, run: (database: Database) => Promise<T>): Promise<T> {
  const server = new URL(url);
  if (!server.username) server.username = process.env.PGUSER || process.env.USER || 'postgres';
  const name = `theodoi_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const target = new URL(server.toString());
  target.pathname = `/${name}`;
  try {
    const database = await openPostgres(target.toString());
    try {
      return await run(database);
    } finally {
      await database.close();
    }
  } finally {
    await dropDatabaseWhenIdle(admin, name);
    await admin.end();
  }
}

const summary: EngineResult[] = [];
const embedded = await openPglite();
try {
  summary.push(await benchEngine('PGlite (in memory)', embedded));
} finally {
  await embedded.close();
}
const url = process.env.BENCH_DATABASE_URL;
if (url) summary.push(await withBenchDatabase(url, (database) => benchEngine(`PostgreSQL (${new URL(url).host})`, database)));
else console.log('\n(set BENCH_DATABASE_URL=postgres://… to run on PostgreSQL as well)');

console.log('\n=== summary ===');
for (const e of summary) {
  const worstP95 = Math.max(...e.cases.map((c) => c.api.p95));
  const worstRatio = Math.max(...e.cases.flatMap((c) => [c.api.p50 / c.raw.p50, c.api.p95 / c.raw.p95]));
  console.log(
    `${e.engine.padEnd(32)} dashboard p95 ≤ ${TARGET.p95} ms: ${verdict(worstP95 <= TARGET.p95)} (worst ${worstP95.toFixed(1)})   API/raw ≤ ${TARGET.ratio}: ${verdict(worstRatio <= TARGET.ratio)} (worst ${worstRatio.toFixed(2)})   report ≤ ${TARGET.reportMs} ms: ${verdict(e.reportMs <= TARGET.reportMs)} (${e.reportMs.toFixed(0)})`,
  );
}
