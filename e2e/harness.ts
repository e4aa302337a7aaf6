/**
 * The end-to-end harness: the real server (built web app, embedded database in a fresh
 * directory, demo seed) and a real headless Chromium. It builds nothing: run `npm run build`
 * first, as CI does.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const ARTIFACTS = path.join(ROOT, '.e2e-artifacts');
export const DEMO_PASSWORD = 'ThaiNguyen@2026';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Harness {
  baseUrl: string;
  browser: Browser;
  /** a fresh browser context (its own cookies) with one page, closed after the test */
  newPage(): Promise<Page>;
  /** what the server printed, for a failing test's report */
  serverLog(): string;
  /** stops the server and starts it again on the same data directory and port, with more environment (time passes: CLOCK_START) */
  restart(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl: string, server: ChildProcess, log: () => string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with code ${server.exitCode} before it was healthy:\n${log()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${log()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Chromium with the flags this machine needs (no sandbox as root, no calls to the outside). */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

function harnessOn(
  baseUrl: string,
  browser: Browser,
  serverLog: () => string,
  stopServer: () => Promise<void>,
  restart: (env?: Record<string, string>) => Promise<void> = async () => {
    throw new Error('an external server cannot be restarted');
  },
): Harness {
  const contexts: BrowserContext[] = [];
  return {
    baseUrl,
    browser,
    serverLog,
    restart,
    async stop() {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await browser.close().catch(() => {});
      await stopServer();
    },
    async newPage() {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
        viewport: { width: 1366, height: 800 },
      });
      contexts.push(context);
      return context.newPage();
    },
  };
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  // E2E_BASE_URL: drive a server that is already running (npm run dev, say) instead of a fresh one.
  const external = process.env.E2E_BASE_URL;
  if (external)
    return harnessOn(
      external.replace(/\/$/, ''),
      await launchChromium(),
      () => '',
      async () => {},
    );
  if (!fs.existsSync(path.join(ROOT, 'dist/web/index.html'))) {
    throw new Error('dist/web is missing: run `npm run build` before the end-to-end tests.');
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'theodoi-e2e-'));
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  const serverLog = () => output;
  const spawnServer = (more: Record<string, string>) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: '1', LOG_LEVEL: 'warn', ...more },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    return child;
  };
  let server = spawnServer(env);

  const stopServer = async () => {
    await stopProcess(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const restart = async (more: Record<string, string> = {}) => {
    await stopProcess(server);
    server = spawnServer({ ...env, ...more });
    await waitForHealth(baseUrl, server, serverLog);
  };
  try {
    await waitForHealth(baseUrl, server, serverLog);
    return harnessOn(baseUrl, await launchChromium(), serverLog, stopServer, restart);
  } catch (error) {
    await stopServer();
    throw error;
  }
}

/**
 * One harness per spec file: started before its tests, stopped after them; a failing test
 * leaves a screenshot of every open page in .e2e-artifacts/.
 */
export function setupHarness(env: Record<string, string> = {}): Harness {
  let harness: Harness | undefined;
  const get = (): Harness => {
    if (!harness) throw new Error('harness not started');
    return harness;
  };
  beforeAll(async () => {
    harness = await startHarness(env);
  }, 180_000);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || !harness) return;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const slug = `${path.basename(ctx.task.file?.name ?? 'spec', '.spec.ts')}-${ctx.task.name}`.replace(/[^\w-]+/g, '_').slice(0, 100);
    const pages = harness.browser.contexts().flatMap((c) => c.pages());
    await Promise.allSettled(pages.map((page, i) => page.screenshot({ path: path.join(ARTIFACTS, `${slug}-${i}.png`), fullPage: true })));
    fs.writeFileSync(path.join(ARTIFACTS, `${slug}-server.log`), harness.serverLog());
  });
  afterAll(async () => {
    await harness?.stop();
  }, 60_000);
  return {
    get baseUrl() {
      return get().baseUrl;
    },
    get browser() {
      return get().browser;
    },
    newPage: () => get().newPage(),
    serverLog: () => get().serverLog(),
    restart: (env) => get().restart(env),
    stop: () => get().stop(),
  };
}

/** Logs in through the login form and waits until the app shell shows the user. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('user-name').waitFor();
}

/** Logs out through the header's user menu. */
export async function logout(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
  await page.waitForURL('**/login');
}

/** The labels of the side menu, in order. */
export async function menuLabels(page: Page): Promise<string[]> {
  const items = page.locator('.ant-layout-sider').getByRole('menuitem');
  return (await items.allInnerTexts()).map((t) => t.trim());
}

/** A request made by the page itself (its cookies, its origin), as a script in it would. */
export async function browserFetch(
  page: Page,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; contentType: string; json: unknown }> {
  return page.evaluate(
    async ({ url, init }) => {
      const response = await fetch(url, {
        method: init.method ?? 'GET',
        headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        credentials: 'same-origin',
      });
      const contentType = response.headers.get('content-type') ?? '';
      const json = contentType.includes('json') ? await response.json() : null;
      return { status: response.status, contentType, json };
    },
    { url, init },
  );
}

/** A small valid PDF (the server reads the type from the bytes). */
export function writePdf(dir: string, name: string): string {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  const file = path.join(dir, name);
  fs.writeFileSync(file, body);
  return file;
}
