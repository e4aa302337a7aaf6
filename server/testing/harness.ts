import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import { type Database, dropDatabaseWhenIdle, openPglite, openPostgres } from '../db/client.ts';
import { DEMO_PASSWORD } from '../db/seed/demo.ts';
import { withDatabase } from './global-setup.ts';

/**
 * A fresh database for one test file: a copy of the migrated, demo-seeded template, on
 * PGlite by default and on PostgreSQL when TEST_DATABASE_URL is set. Never a mock.
 */
export async function freshDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const template = fs.readFileSync(inject('pgliteTemplate'));
    return openPglite(undefined, new Blob([template]));
  }
  const template = inject('pgTemplate');
  const name = `${template}_f_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const database = await openPostgres(withDatabase(url, name));
  return {
    ...database,
    close: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await dropDatabaseWhenIdle(c, name);
      await c.end();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** The real app over real HTTP injection, on a fresh database, with helpers to act as a user. */
export async function startTestApp(overrides: Partial<Config> = {}) {
  const database = await freshDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'theodoi-files-'));
  const config = { ...loadConfig({}), dataDir, webDist: '/nonexistent', ...overrides };
  const app = await buildApp({ database, config });
  await app.ready();
  const sessions = new Map<string, Session>();

  /** Logs in (once per user and file: login is rate-limited) and returns a session. */
  async function as(username: string, password = DEMO_PASSWORD): Promise<Session> {
    const cached = sessions.get(username);
    if (cached) return cached;
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'theodoi_session');
    const me = res.json();
    const session = new Session(app, `theodoi_session=${cookie?.value}`, me.csrfToken, me);
    sessions.set(username, session);
    return session;
  }

  return {
    app,
    db: database.db,
    database,
    config,
    as,
    forget: (username: string) => sessions.delete(username),
    close: async () => {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type InjectOptions = { url: string; payload?: unknown; headers?: Record<string, string>; csrf?: boolean };

/** A logged-in user: every request carries the session cookie and, on writes, the CSRF token. */
export class Session {
  constructor(
    readonly app: Awaited<ReturnType<typeof buildApp>>,
    readonly cookie: string,
    readonly csrfToken: string,
    readonly me: { user: { id: string; unitId: string; provinceId: string; role: string } },
  ) {}

  request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', { url, payload, headers = {}, csrf = true }: InjectOptions) {
    return this.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as string }),
      headers: { cookie: this.cookie, ...(csrf && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}), ...headers },
    });
  }
  get(url: string) {
    return this.request('GET', { url });
  }
  post(url: string, payload?: unknown, options: Omit<InjectOptions, 'url' | 'payload'> = {}) {
    return this.request('POST', { url, payload: payload ?? {}, ...options });
  }
  patch(url: string, payload: unknown) {
    return this.request('PATCH', { url, payload });
  }
}

/** A multipart body with one file, as a browser would send it. */
export function multipart(filename: string, bytes: Buffer, field = 'file') {
  const boundary = `----theodoi${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
