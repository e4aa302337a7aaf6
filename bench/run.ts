import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { openPglite } from '../server/db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../server/db/seed/demo.ts';
import { generateTasks } from './tasks.ts';

/**
 * npm run bench — request costs on the embedded engine, as ratios to GET /api/health
 * (the same process, the same run), so the numbers compare across machines.
 */
const ROUNDS = 300;
const database = await openPglite();
await database.migrate();
const t0 = performance.now();
await seedDemo(database.db, { plans: true });
const seedMs = performance.now() - t0;
const taskIds = await generateTasks(database.db, 2000);
const app = await buildApp({ database, config: { ...loadConfig({}), webDist: '/nonexistent' } });
await app.ready();
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'coordinator', password: DEMO_PASSWORD } });
const cookie = `theodoi_session=${login.cookies[0]?.value}`;

async function time(url: string): Promise<number> {
  for (let i = 0; i < 20; i++) await app.inject({ method: 'GET', url, headers: { cookie } });
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i++) await app.inject({ method: 'GET', url, headers: { cookie } });
  return (performance.now() - start) / ROUNDS;
}

const baseline = await time('/api/health');
const cases: [string, string][] = [
  ['current user (/api/me)', '/api/me'],
  ['unit list, first page', '/api/units?pageSize=50'],
  ['unit search "so khcn"', '/api/units?q=so%20khcn'],
  ['unit search "xa tan"', '/api/units?q=xa%20tan'],
  ['task board, first page', '/api/tasks?pageSize=50'],
  ['task search "ha tang so"', '/api/tasks?q=ha%20tang%20so'],
  ['tasks overdue (status)', '/api/tasks?status=in_progress_overdue&pageSize=50'],
  ['task detail', `/api/tasks/${taskIds[0]}`],
  ['my work (coordinator)', '/api/my-work'],
];
console.log(`baseline GET /api/health: ${baseline.toFixed(3)} ms/request (${ROUNDS} rounds)`);
for (const [name, url] of cases) {
  const ms = await time(url);
  console.log(`${name.padEnd(28)} ${ms.toFixed(3)} ms  ×${(ms / baseline).toFixed(1)} baseline`);
}
const l0 = performance.now();
for (let i = 0; i < 5; i++)
  await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leader', password: DEMO_PASSWORD } });
console.log(
  `login (argon2id verify)        ${((performance.now() - l0) / 5).toFixed(1)} ms  ×${((performance.now() - l0) / 5 / baseline).toFixed(0)} baseline`,
);
const e0 = performance.now();
const exported = await app.inject({ method: 'GET', url: '/api/tasks/export.xlsx', headers: { cookie } });
console.log(
  `XLSX export of ${taskIds.length + 96} tasks: ${(performance.now() - e0).toFixed(0)} ms, ${(exported.rawPayload.length / 1024).toFixed(0)} KB`,
);
console.log(`demo seed (Thái Nguyên: 148 units, 6 users, plans 003 and 004 imported: 96 tasks): ${seedMs.toFixed(0)} ms`);
await app.close();
await database.close();
