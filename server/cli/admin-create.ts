import { parseArgs } from 'node:util';
import { and, eq, isNull } from 'drizzle-orm';
import { UserCreate } from '#common/contracts/users.ts';
import { units } from '../features/units/units.table.ts';
import { users } from '../features/users/users.table.ts';
import { appendAudit } from '../kernel/audit/audit.service.ts';
import { hashPassword } from '../kernel/auth/password.ts';
import { openForCli } from './open.ts';

/**
 * npm run admin:create -- --username admin --name "Họ tên" [--unit SKHCN] [--province THAI_NGUYEN]
 * The password comes from ADMIN_PASSWORD or standard input, never from the command line
 * (it would stay in the shell history).
 */
const { values } = parseArgs({
  options: { username: { type: 'string' }, name: { type: 'string' }, unit: { type: 'string' }, province: { type: 'string' } },
});
const password = process.env.ADMIN_PASSWORD ?? (await readStdin());
const input = UserCreate.safeParse({
  username: values.username,
  fullName: values.name ?? values.username,
  role: 'admin',
  unitId: crypto.randomUUID(),
  password,
});
if (!input.success) {
  console.error(`✖ ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}`);
  console.error('Cách dùng: ADMIN_PASSWORD=… npm run admin:create -- --username admin --name "Họ tên" [--unit MA_DON_VI]');
  process.exit(2);
}
const database = await openForCli();
await database.migrate();
const { db } = database;
const roots = await db
  .select()
  .from(units)
  .where(and(isNull(units.parentId), eq(units.kind, 'province')));
const root = values.province ? roots.find((r) => r.code === values.province) : roots[0];
let exitCode = 0;
if (!root || (!values.province && roots.length > 1)) {
  console.error('✖ Chưa có tỉnh nào (hoặc có nhiều tỉnh: hãy chỉ rõ --province). Nạp tỉnh trước: npm run province:load -- <tệp.json>');
  exitCode = 2;
} else {
  const [unit] = values.unit
    ? await db
        .select()
        .from(units)
        .where(and(eq(units.provinceId, root.id), eq(units.code, values.unit)))
    : [root];
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.username, input.data.username));
  if (!unit) {
    console.error(`✖ Không có đơn vị mã ${values.unit}.`);
    exitCode = 2;
  } else if (taken) {
    console.error(`✖ Tên đăng nhập ${input.data.username} đã tồn tại.`);
    exitCode = 2;
  } else {
    const passwordHash = await hashPassword(input.data.password);
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({
          provinceId: root.id,
          unitId: unit.id,
          username: input.data.username,
          fullName: input.data.fullName,
          role: 'admin',
          passwordHash,
        })
        .returning({ id: users.id });
      await appendAudit(tx, null, {
        action: 'user.create',
        entity: 'user',
        entityId: row?.id,
        provinceId: root.id,
        after: { username: input.data.username, role: 'admin', via: 'cli' },
      });
    });
    console.log(`✔ Đã tạo quản trị viên ${input.data.username} (${unit.name}).`);
  }
}
await database.close();
database.release();
process.exitCode = exitCode;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}
