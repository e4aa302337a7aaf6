import fs from 'node:fs';
import { ZodError } from 'zod';
import { loadProvince } from '../db/seed/province.ts';
import { openForCli } from './open.ts';

// npm run province:load -- server/db/seed/ninh-binh.json — a new province from data alone.
const file = process.argv[2];
if (!file) {
  console.error('Cách dùng: npm run province:load -- <tệp tỉnh .json>');
  process.exit(2);
}
const database = await openForCli();
await database.migrate();
try {
  const id = await loadProvince(database.db, JSON.parse(fs.readFileSync(file, 'utf8')));
  console.log(`✔ Đã nạp tỉnh từ ${file} (id ${id}).`);
} catch (error) {
  console.error(
    `✖ Không nạp được ${file}: ${error instanceof ZodError ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (error as Error).message}`,
  );
  process.exitCode = 1;
}
await database.close();
database.release();
