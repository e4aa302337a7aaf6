import path from 'node:path';

/** Everything the process reads from its environment, read once in main.ts. */
export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    /** the demo province and its logins: on by default for the embedded engine only */
    seedDemo: env.SEED_DEMO ? env.SEED_DEMO === '1' : !env.DATABASE_URL,
    requireAdminTotp: env.REQUIRE_ADMIN_TOTP === '1',
    /** secure cookies need HTTPS; set COOKIE_SECURE=1 behind a TLS proxy */
    cookieSecure: env.COOKIE_SECURE === '1',
    uploadLimitBytes: Number(env.UPLOAD_LIMIT_MB ?? 25) * 1024 * 1024,
    sessionIdleMinutes: Number(env.SESSION_IDLE_MINUTES ?? 120),
    sessionAbsoluteHours: Number(env.SESSION_ABSOLUTE_HOURS ?? 12),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDist: path.resolve(env.WEB_DIST ?? './dist/web'),
    /** smtp(s)://user:pass@host:port; without it reminders go out in the app only (docs/decisions/005-mail.md) */
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'theodoi <no-reply@localhost>',
    /** "due soon" reminders, in working days before the deadline */
    reminderDays: (env.REMINDER_DAYS ?? '5,1')
      .split(',')
      .map((d) => Number(d.trim()))
      .filter((d) => Number.isInteger(d) && d > 0),
    /** the reminder job runs this many seconds after start, then every `reminderIntervalSeconds` */
    reminderFirstRunSeconds: seconds(env.REMINDER_FIRST_RUN_SECONDS, 30),
    reminderIntervalSeconds: seconds(env.REMINDER_INTERVAL_SECONDS, 3600),
    /** the product's clock starts at this instant (training rooms, journeys; docs/decisions/008-clock.md) */
    clockStart: instant(env.CLOCK_START),
    /** the address people open the app at: links in e-mails */
    publicUrl: (env.PUBLIC_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
  };
}

/** A positive number of seconds from the environment, or the default when unset, empty or not one. */
function seconds(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value?.trim() && Number.isFinite(n) && n > 0 ? n : fallback;
}

/** An ISO instant from the environment, or null when unset; a malformed one stops the start. */
function instant(value: string | undefined): Date | null {
  if (!value?.trim()) return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new Error(`CLOCK_START is not an ISO date-time: ${value}`);
  return at;
}
