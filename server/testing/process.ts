import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { DEMO_PASSWORD } from '../db/seed/demo.ts';

/**
 * The real server process (`node server/main.ts`) for tests that need one: start-up, locks,
 * crashes and restarts, scheduled jobs. Always on the embedded engine in the given DATA_DIR.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: ServerProcess[] = [];

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** Spawns a server on a free port with the demo seed; `env` adds to or overrides the defaults. */
export async function spawnServer(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_DEMO: '1',
    WEB_DIST: '/nonexistent',
    LOG_LEVEL: 'warn',
    ...env,
  };
  // The embedded engine, whatever TEST_DATABASE_URL says: the data directory is what these tests are about.
  delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: childEnv });
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

/** SIGKILLs every server still running: for afterAll. */
export async function killServers() {
  for (const s of started.splice(0)) {
    if (s.child.exitCode === null && s.child.signalCode === null) {
      s.child.kill('SIGKILL');
      await s.exited;
    }
  }
}

export const serverUrl = (s: ServerProcess, p: string) => `http://127.0.0.1:${s.port}${p}`;

/** Waits until the server answers /api/health and returns it, or fails with its output if it exits first. */
export async function healthy(s: ServerProcess) {
  let gone = false;
  void s.exited.then(() => {
    gone = true;
  });
  for (let i = 0; i < 600; i++) {
    if (gone) throw new Error(`server exited before answering:\n${s.stdout()}\n${s.stderr()}`);
    try {
      const res = await fetch(serverUrl(s, '/api/health'));
      if (res.ok) return res.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server never answered /api/health:\n${s.stdout()}\n${s.stderr()}`);
}

export interface ProcessLogin {
  cookie: string;
  csrfToken: string;
  provinceId: string;
}

/** Logs a demo user in over real HTTP. */
export async function loginTo(s: ServerProcess, username: string): Promise<ProcessLogin> {
  const res = await fetch(serverUrl(s, '/api/auth/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const me = await res.json();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c?.startsWith('theodoi_session='));
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return { cookie, csrfToken: me.csrfToken, provinceId: me.user.provinceId };
}
