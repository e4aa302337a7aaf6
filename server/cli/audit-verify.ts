import { verifyAuditChain } from '../kernel/audit/audit.service.ts';
import { openForCli } from './open.ts';

// npm run audit:verify — walks the hash chain; exit 1 names the first broken row.
const database = await openForCli();
await database.migrate();
const result = await verifyAuditChain(database.db);
await database.close();
database.release();
if (result.ok) {
  console.log(`✔ Nhật ký toàn vẹn: ${result.count} bản ghi, chuỗi băm khớp.`);
} else {
  console.error(`✖ Chuỗi nhật ký bị phá vỡ tại bản ghi seq=${result.seq}: ${result.reason}. (${result.count} bản ghi trước đó vẫn khớp.)`);
  process.exitCode = 1;
}
