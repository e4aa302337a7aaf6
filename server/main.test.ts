import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './db/seed/demo.ts';

/**
 * The real server process on the embedded engine (PGlite in DATA_DIR): start-up, the
 * data-directory lock, a crash and restart on the same directory, and a clean stop. It runs
 * on PGlite whatever TEST_DATABASE_URL says, since the lock is what it tests.
 */
const ROOT = path.resolve(import.meta.dirname, '..');

interface Server {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let dataDir: string;
const started: Server[] = [];

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'theodoi-main-'));
});

afterAll(async () => {
  for (const s of started) {
    if (s.child.exitCode === null && s.child.signalCode === null) {
      s.child.kill('SIGKILL');
      await s.exited;
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

async function startServer(): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_DEMO: '1',
    WEB_DIST: '/nonexistent',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const server = { child, port, stdout: () => out, stderr: () => err, exited };
  started.push(server);
  return server;
}

const url = (s: Server, p: string) => `http://127.0.0.1:${s.port}${p}`;

/** Waits until the server answers /api/health, or fails with its output if it exits first. */
async function healthy(s: Server) {
  let gone = false;
  void s.exited.then(() => {
    gone = true;
  });
  for (let i = 0; i < 600; i++) {
    if (gone) throw new Error(`server exited before answering:\n${s.stdout()}\n${s.stderr()}`);
    try {
      const res = await fetch(url(s, '/api/health'));
      if (res.ok) return res.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server never answered /api/health:\n${s.stdout()}\n${s.stderr()}`);
}

async function login(s: Server) {
  const res = await fetch(url(s, '/api/auth/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const me = await res.json();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c?.startsWith('theodoi_session='));
  expect(cookie).toBeDefined();
  return { cookie: cookie as string, csrfToken: me.csrfToken as string, provinceId: me.user.provinceId as string };
}

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
