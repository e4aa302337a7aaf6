import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthy, killServers, loginTo, type ServerProcess as Server, spawnServer, serverUrl as url } from './testing/process.ts';

/**
 * The real server process on the embedded engine (PGlite in DATA_DIR): start-up, the
 * data-directory lock, a crash and restart on the same directory, and a clean stop. It runs
 * on PGlite whatever TEST_DATABASE_URL says, since the lock is what it tests.
 */
let dataDir: string;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'theodoi-main-'));
});

afterAll(async () => {
  await killServers();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const startServer = () => spawnServer(dataDir);
const login = (s: Server) => loginTo(s, 'admin');

/** The server's pino log lines (JSON on stdout). */
function logLines(s: Server): { level: number; msg: string }[] {
  return s
    .stdout()
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    });
}

const pidFile = () => path.join(dataDir, 'theodoi.pid');

describe('server process on the embedded engine', () => {
  let first: Server;
  let unitId: string;

  it('starts, answers /api/health with db "pglite", and warns that production belongs on PostgreSQL', async () => {
    first = await startServer();
    const health = await healthy(first);
    expect(health).toMatchObject({ status: 'ok', db: 'pglite' });
    const warning = logLines(first).find((l) => l.level === 40 && /PGlite/.test(l.msg));
    expect(warning?.msg).toContain('PostgreSQL');
    expect(warning?.msg).toContain('DATABASE_URL');
    expect(fs.readFileSync(pidFile(), 'utf8')).toBe(String(first.child.pid));
  });

  it('refuses a second server on the same DATA_DIR with a clear message, and the first keeps serving', async () => {
    const second = await startServer();
    const { code } = await second.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(second.stderr()).toContain(`Thư mục dữ liệu ${dataDir} đang được một tiến trình theodoi khác sử dụng (PID ${first.child.pid})`);
    expect(second.stderr()).toContain('đặt DATA_DIR khác');
    const res = await fetch(url(first, '/api/health'));
    expect(res.status).toBe(200);
    expect(fs.readFileSync(pidFile(), 'utf8')).toBe(String(first.child.pid));
  });

  it('keeps a unit created over HTTP through a SIGKILL and a restart on the same directory', async () => {
    const { cookie, csrfToken, provinceId } = await login(first);
    const res = await fetch(url(first, '/api/units'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({
        parentId: provinceId,
        kind: 'department',
        code: 'SO_THU_NGHIEM',
        name: 'Sở Thử nghiệm',
        shortName: 'Sở TN',
      }),
    });
    expect(res.status).toBe(201);
    unitId = (await res.json()).id;

    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    // the crash left its pid file behind; the next start must take it over
    expect(fs.readFileSync(pidFile(), 'utf8')).toBe(String(first.child.pid));

    const restarted = await startServer();
    expect(await healthy(restarted)).toMatchObject({ status: 'ok', db: 'pglite' });
    expect(fs.readFileSync(pidFile(), 'utf8')).toBe(String(restarted.child.pid));
    const session = await login(restarted);
    const unit = await fetch(url(restarted, `/api/units/${unitId}`), { headers: { cookie: session.cookie } });
    expect(unit.status).toBe(200);
    expect(await unit.json()).toMatchObject({ id: unitId, code: 'SO_THU_NGHIEM', name: 'Sở Thử nghiệm', parentId: provinceId });
    first = restarted;
  });

  it('closes cleanly on SIGTERM: exit code 0 and the pid file removed', async () => {
    first.child.kill('SIGTERM');
    const { code, signal } = await first.exited;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(fs.existsSync(pidFile())).toBe(false);
    // nothing failed on the way out: no error logged, nothing thrown
    expect(logLines(first).filter((l) => l.level >= 50)).toEqual([]);
    expect(first.stderr()).not.toMatch(/error/i);
  });
});
