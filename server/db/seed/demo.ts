import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { Role } from '#common/permissions.ts';
import { seedFundingPlan } from '../../features/funding/funding.service.ts';
import { units } from '../../features/units/units.table.ts';
import { users } from '../../features/users/users.table.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import { hashPassword } from '../../kernel/auth/password.ts';
import type { Db } from '../client.ts';
import { seedDemoIndicators } from './demo-indicators.ts';
import { seedDemoPlans } from './demo-plans.ts';
import { loadProvince } from './province.ts';

export const DEMO_PASSWORD = 'ThaiNguyen@2026';

/** The demo logins the README lists: [username, full name, role, unit code]. */
export const DEMO_USERS: [string, string, Role, string][] = [
  ['admin', 'Quản trị hệ thống', 'admin', 'SKHCN'],
  ['coordinator', 'Nguyễn Thị Hà (Phòng Quản lý KH&CN)', 'coordinator', 'SKHCN'],
  ['officer', 'Trần Văn Minh', 'unit_officer', 'SYT'],
  ['head', 'Lê Thị Thu (Phó Giám đốc)', 'unit_head', 'SYT'],
  ['leader', 'Phạm Quốc Hùng (Ban Chỉ đạo)', 'leader', 'VPUBND'],
  ['commune', 'Hoàng Văn Tâm (UBND xã Tân Cương)', 'unit_officer', 'XA_TAN_CUONG'],
  ['commune-head', 'Đỗ Thị Lan (Chủ tịch UBND xã Tân Cương)', 'unit_head', 'XA_TAN_CUONG'],
  ['skhcn-officer', 'Vũ Minh Tuấn (Phòng Chuyển đổi số)', 'unit_officer', 'SKHCN'],
  ['skhcn-head', 'Ngô Thanh Bình (Phó Giám đốc Sở KH&CN)', 'unit_head', 'SKHCN'],
  ['finance', 'Đinh Thị Mai (Phòng Tài chính hành chính sự nghiệp)', 'unit_officer', 'STC'],
];

const provinceFile = new URL('./thai-nguyen.json', import.meta.url);

/**
 * The demo province with its units, logins and the seed documents; idempotent, so every start
 * may call it. With `plans` (the server and the bench, not the test template, which stays small
 * and fast), the appendices of plans 003 and 004 are imported as tasks (demo-plans.ts).
 */
export async function seedDemo(db: Db, options: { plans?: boolean } = {}): Promise<void> {
  const provinceId = await loadProvince(db, JSON.parse(fs.readFileSync(provinceFile, 'utf8')));
  await seedDemoUsers(db, provinceId);
  await seedDemoPlans(db, provinceId, { plans: options.plans ?? false });
  await seedDemoIndicators(db, provinceId);
  await seedFundingPlan(db, provinceId);
}

/** The demo logins that are not there yet (a login added to DEMO_USERS reaches older data directories too). */
async function seedDemoUsers(db: Db, provinceId: string) {
  const held = new Set((await db.select({ username: users.username }).from(users)).map((u) => u.username));
  const missing = DEMO_USERS.filter(([username]) => !held.has(username));
  if (!missing.length) return;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    for (const [username, fullName, role, unitCode] of missing) {
      const [unit] = await tx
        .select({ id: units.id })
        .from(units)
        .where(and(eq(units.provinceId, provinceId), eq(units.code, unitCode)));
      if (!unit) throw new Error(`demo unit ${unitCode} missing from thai-nguyen.json`);
      const [row] = await tx
        .insert(users)
        .values({ provinceId, unitId: unit.id, username, fullName, role, passwordHash })
        .returning({ id: users.id });
      await appendAudit(tx, null, {
        action: 'user.create',
        entity: 'user',
        entityId: row?.id,
        provinceId,
        after: { username, role, unitCode, seed: 'demo' },
      });
    }
  });
}
