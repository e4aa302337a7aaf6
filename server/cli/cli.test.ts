import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openPglite } from '../db/client.ts';
import { acquireDataLock } from '../db/data-lock.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { tasks } from '../features/tasks/tasks.table.ts';
import { units } from '../features/units/units.table.ts';
import { users } from '../features/users/users.table.ts';
import { auditLog } from '../kernel/audit/audit.table.ts';
import { verifyPassword } from '../kernel/auth/password.ts';

/**
 * The command-line tools as an operator runs them (`npm run province:load`, `admin:create`,
 * `audit:verify`, `report`): real processes on a real PGlite data directory, their default.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const NINH_BINH = 'server/db/seed/ninh-binh.json';
const PASSWORD = 'Mat-khau-Ninh-Binh-2026';

const dirs: string[] = [];
const tmpDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theodoi-cli-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function cli(script: string, args: string[], dataDir: string, extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, ...extraEnv };
  delete env.DATABASE_URL;
  if (!('ADMIN_PASSWORD' in extraEnv)) delete env.ADMIN_PASSWORD;
  const child = spawn(process.execPath, ['--import', 'tsx', `server/cli/${script}.ts`, ...args], { cwd: ROOT, env });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

/** Opens the data directory as the tools do (lock first), for a look inside. */
async function withDb<T>(dataDir: string, fn: (database: Database) => Promise<T>): Promise<T> {
  const release = acquireDataLock(dataDir);
  const database = await openPglite(path.join(dataDir, 'pg'));
  try {
    return await fn(database);
  } finally {
    await database.close();
    release();
  }
}

async function ninhBinhUnits(database: Database) {
  const [root] = await database.db
    .select()
    .from(units)
    .where(and(eq(units.code, 'NINH_BINH'), isNull(units.parentId)));
  if (!root) return { root, unitCount: 0 };
  const [row] = await database.db.select({ n: count() }).from(units).where(eq(units.provinceId, root.id));
  return { root, unitCount: row?.n ?? 0 };
}

/** The database's own message for a refused statement (drizzle wraps it as the cause). */
async function refusal(query: Promise<unknown>): Promise<string> {
  try {
    await query;
  } catch (error) {
    const e = error as Error & { cause?: Error };
    return e.cause?.message ?? e.message;
  }
  return 'not refused';
}

const auditCount = async (database: Database) => (await database.db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;

describe('a second province from data alone, its first admin, and the audit chain', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = tmpDir();
  });

  it('province:load creates Ninh Bình from its JSON, and a second load changes nothing', async () => {
    const first = await cli('province-load', [NINH_BINH], dataDir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Đã nạp tỉnh từ ${NINH_BINH}`);
    const before = await withDb(dataDir, async (d) => ({ ...(await ninhBinhUnits(d)), audit: await auditCount(d) }));
    const fileUnits = JSON.parse(fs.readFileSync(path.join(ROOT, NINH_BINH), 'utf8')).units.length;
    expect(before.root?.name).toBe('Tỉnh Ninh Bình');
    expect(before.unitCount).toBe(fileUnits + 1); // the units and the province root
    expect(before.audit).toBe(1);

    const again = await cli('province-load', [NINH_BINH], dataDir);
    expect(again.code, again.stderr).toBe(0);
    const after = await withDb(dataDir, async (d) => ({ ...(await ninhBinhUnits(d)), audit: await auditCount(d) }));
    expect(after.root?.id).toBe(before.root?.id);
    expect(after.unitCount).toBe(before.unitCount);
    expect(after.audit).toBe(before.audit);
  });

  it('admin:create refuses a short password in Vietnamese (exit 2) and creates nothing', async () => {
    const res = await cli('admin-create', ['--username', 'quantri', '--name', 'Quản trị Ninh Bình'], dataDir, {
      ADMIN_PASSWORD: 'ngan-qua',
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Mật khẩu phải có ít nhất 12 ký tự');
    expect(await withDb(dataDir, (d) => d.db.select().from(users))).toEqual([]);
  });

  it('admin:create with ADMIN_PASSWORD creates an admin of the province whose password verifies', async () => {
    const res = await cli('admin-create', ['--username', 'quantri', '--name', 'Quản trị Ninh Bình'], dataDir, {
      ADMIN_PASSWORD: PASSWORD,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Đã tạo quản trị viên quantri');
    const { user, root } = await withDb(dataDir, async (d) => ({
      user: (await d.db.select().from(users).where(eq(users.username, 'quantri')))[0],
      root: (await ninhBinhUnits(d)).root,
    }));
    expect(user).toMatchObject({ role: 'admin', fullName: 'Quản trị Ninh Bình', provinceId: root?.id, unitId: root?.id });
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user?.passwordHash, PASSWORD)).toBe(true);
    expect(await verifyPassword(user?.passwordHash, 'Mat-khau-sai-2026')).toBe(false);

    // a second admin, so the chain has a row in its middle to tamper with below
    const second = await cli('admin-create', ['--username', 'quantri2'], dataDir, { ADMIN_PASSWORD: PASSWORD });
    expect(second.code, second.stderr).toBe(0);
    const taken = await cli('admin-create', ['--username', 'quantri'], dataDir, { ADMIN_PASSWORD: PASSWORD });
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('đã tồn tại');
  });

  it('audit:verify prints the count; the log refuses UPDATE and DELETE; a tampered row is named', async () => {
    const ok = await cli('audit-verify', [], dataDir);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Nhật ký toàn vẹn: 3 bản ghi');

    await withDb(dataDir, async ({ db }) => {
      expect(await refusal(db.execute(sql`update audit_log set after = '{"x":1}'::jsonb where seq = 2`))).toContain(
        'audit_log is append-only: UPDATE',
      );
      expect(await refusal(db.execute(sql`delete from audit_log where seq = 3`))).toContain('audit_log is append-only: DELETE');
      const rows = await db.select().from(auditLog).orderBy(auditLog.seq);
      expect(rows.map((r) => r.action)).toEqual(['province.load', 'user.create', 'user.create']);
      // what only someone with the keys to the server could do: switch the guard off, edit
      await db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
      await db.execute(sql`update audit_log set after = '{"username":"ke-gian"}'::jsonb where seq = 2`);
      await db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
    });

    const broken = await cli('audit-verify', [], dataDir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('seq=2');
    expect(broken.stderr).toContain('1 bản ghi trước đó vẫn khớp');
  });
});

describe('admin:create without a province', () => {
  it('says to load a province first, and exits 2', async () => {
    const dataDir = tmpDir();
    const res = await cli('admin-create', ['--username', 'quantri'], dataDir, { ADMIN_PASSWORD: PASSWORD });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Chưa có tỉnh nào');
    expect(res.stderr).toContain('npm run province:load');
    expect(await withDb(dataDir, (d) => d.db.select().from(users))).toEqual([]);
  });
});

describe('report', () => {
  it('writes the DOCX and the XLSX of a period from the current data; bad input exits 2 and writes nothing', async () => {
    const dataDir = tmpDir();
    const tasksHeld = await withDb(dataDir, async (database) => {
      await database.migrate();
      await seedDemo(database.db, { plans: true });
      return (await database.db.select({ n: count() }).from(tasks))[0]?.n ?? 0;
    });
    const out = path.join(dataDir, 'bao-cao');
    const res = await cli('report', ['--regime', 'monthly', '--period', '2026-04', '--out', out], dataDir);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('số liệu đến 2026-04-14');
    const files = fs.readdirSync(out).sort();
    expect(files).toEqual(['bao-cao-thang-2026-04.docx', 'phu-luc-thang-2026-04.xlsx']);
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(out, files[0] as string)));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('w:w="11906"');
    expect(xml).toContain('/BC-SKHCN');
    expect(xml).toContain('Tháng 4/2026');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(out, files[1] as string));
    let taskRows = 0;
    book.worksheets[0]?.eachRow((row, i) => {
      if (i > 3 && row.getCell(9).value !== null) taskRows++;
    });
    expect(taskRows).toBe(tasksHeld);

    const unknown = await cli('report', ['--regime', 'monthly', '--period', '2031-01', '--out', path.join(dataDir, 'khac')], dataDir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Không có kỳ báo cáo 2031-01');
    const missing = await cli('report', ['--regime', 'monthly', '--period', '2026-04'], dataDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Hãy cho biết đủ --regime, --period và --out');
    expect(fs.existsSync(path.join(dataDir, 'khac'))).toBe(false);
  });
});
