/**
 * npm run bench:import — the plan importer's cost on the embedded engine: reading 004 (text,
 * DOCX, XLSX), then preview and commit of 004 (77 tasks) and of a generated 1,000-task
 * appendix. The last column compares the cost per task with 004's, so a non-linear slowdown
 * shows whatever the machine.
 */
import fs from 'node:fs';
import { openPglite } from '../server/db/client.ts';
import { seedDemo } from '../server/db/seed/demo.ts';
import { demoCoordinator } from '../server/db/seed/demo-plans.ts';
import { readPlanFile } from '../server/features/plans/plan-readers.ts';
import { commitImport, previewImport } from '../server/features/plans/plans.service.ts';
import { units } from '../server/features/units/units.table.ts';

const database = await openPglite();
await database.migrate();
await seedDemo(database.db);
const db = database.db;
const [root] = await db.select({ provinceId: units.provinceId }).from(units).limit(1);
const actor = await demoCoordinator(db, root?.provinceId as string);
if (!actor) throw new Error('no demo coordinator');

async function time<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

const fixtures = new URL('../server/features/plans/fixtures/', import.meta.url);
for (const name of ['004.txt', '004.docx', '004.xlsx']) {
  const bytes = fs.readFileSync(new URL(name, fixtures));
  const [file, ms] = await time(() => readPlanFile(bytes, name));
  const rows = file.appendices.reduce((n, a) => n + a.items.length, 0);
  console.log(`read ${name.padEnd(9)} ${(bytes.length / 1024).toFixed(0).padStart(4)} KB  ${rows} tasks  ${ms.toFixed(0)} ms`);
}

/** An appendix in the seeds' format: 10 sections of `n / 10` tasks, real unit names, real deadline phrases. */
function generatedAppendix(n: number, names: string[]): string {
  const phrases = ['Quý III/2026', 'Trước ngày 30/6/2026', 'Tháng 10/2026', 'Thường xuyên', 'Trước ngày 20 hằng tháng', '2026 - 2027'];
  const lines = [
    'PHỤ LỤC: DANH MỤC NHIỆM VỤ (sinh tự động để đo)',
    'STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tSản phẩm/kết quả\tHạn hoàn thành\tVăn bản giao nhiệm vụ',
  ];
  const roman = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
  for (let i = 0; i < n; i++) {
    if (i % (n / 10) === 0) lines.push(`<b>${roman[i / (n / 10)]}</b>\t<b>Nhóm nhiệm vụ ${i / (n / 10) + 1}</b>\t\t\t\t\t`);
    const lead = names[i % names.length];
    const support = names[(i * 7 + 3) % names.length];
    lines.push(
      `${i + 1}.\tNhiệm vụ ${i + 1}: triển khai nền tảng số phục vụ ${lead} giai đoạn ${2026 + (i % 4)}\t${lead}\t${support}; Các sở, ban, ngành, địa phương\tBáo cáo kết quả ${i + 1}\t${phrases[i % phrases.length]}\t13-TB/CQTT; 41-KH/TU`,
    );
  }
  return lines.join('\n');
}

const names = (await db.select({ name: units.name }).from(units))
  .map((u) => u.name)
  .filter((n) => n.startsWith('Sở') || n.startsWith('Xã'));
const cases: [string, Buffer, string][] = [
  ['004 (77 tasks)', fs.readFileSync(new URL('004.txt', fixtures)), 'Số: /KH-UBND'],
  ['generated (1,000 tasks)', Buffer.from(generatedAppendix(1000, names)), '999/KH-UBND'],
];
let perTask = 0;
for (const [label, bytes, symbol] of cases) {
  const [preview, previewMs] = await time(() =>
    previewImport(db, actor, { bytes, fileName: 'plan.txt', symbol, issuedOn: '2026-04-20', title: label }),
  );
  const [result, commitMs] = await time(() =>
    commitImport(db, actor, preview.id, { version: preview.version, unitMappings: [], rows: [] }),
  );
  const [, againMs] = await time(async () => {
    const second = await previewImport(db, actor, { bytes, fileName: 'plan.txt', symbol, issuedOn: '2026-04-20', title: label });
    return commitImport(db, actor, second.id, { version: second.version, unitMappings: [], rows: [] });
  });
  const cost = (previewMs + commitMs) / preview.rows.length;
  perTask ||= cost;
  console.log(
    `${label.padEnd(24)} preview ${previewMs.toFixed(0).padStart(6)} ms  commit ${commitMs.toFixed(0).padStart(6)} ms (${result.created} created, ${result.linksProposed} links)  re-import ${againMs.toFixed(0).padStart(6)} ms  ${cost.toFixed(1)} ms/task ×${(cost / perTask).toFixed(1)}`,
  );
}
await database.close();
