import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { IsoDate } from '#common/contracts/z.ts';
import { loadConfig } from '../config.ts';
import { buildPreview, cliReport, commitImport, discardImport, previewImport } from '../features/plans/plans.service.ts';
import { AppError } from '../kernel/errors.ts';
import { openForCli, provinceActor, provinceRoot } from './open.ts';

/**
 * npm run import -- <file> [--document "13-TB/CQTT"] [--date 2026-04-01] [--title "…"] [--dry-run] [--json] [--province MA_TINH]
 *
 * Imports a plan's appendix (DOCX, XLSX or text) as the API does: the preview, then one
 * commit, as the province's first coordinator (or its first admin). `--dry-run` writes
 * nothing; with `--json` it prints the tasks as read (issue 4 §7). Exit 2 on bad input.
 */
const USAGE =
  'Cách dùng: npm run import -- <tệp kế hoạch> [--document "Số: /KH-UBND"] [--date 2026-04-01] [--title "Trích yếu"] [--dry-run] [--json] [--province MA_TINH]';

function fail(message: string): never {
  console.error(`✖ ${message}\n${USAGE}`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      document: { type: 'string' },
      date: { type: 'string' },
      title: { type: 'string' },
      province: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
}
try {
  args = parse();
} catch (error) {
  fail(`Tham số không hợp lệ (${(error as Error).message}).`);
}
const { values, positionals } = args;
if (positionals.length !== 1) fail(positionals.length ? 'Mỗi lần chỉ nhập một tệp.' : 'Hãy cho biết tệp kế hoạch cần nhập.');
const file = positionals[0] as string;
if (values.date !== undefined && !IsoDate.safeParse(values.date).success)
  fail(`Ngày "${values.date}" không đúng dạng năm-tháng-ngày, ví dụ 2026-04-01.`);
if (!values['dry-run'] && !values.document) {
  fail(
    'Hãy cho biết số, ký hiệu của kế hoạch bằng --document (dự thảo chưa có số: --document "Số: /KH-UBND"), hoặc dùng --dry-run để chỉ xem.',
  );
}
let bytes: Buffer;
try {
  bytes = fs.readFileSync(file);
} catch {
  fail(`Không đọc được tệp ${file}. Hãy kiểm tra đường dẫn.`);
}

const database = await openForCli();
let exitCode = 0;
try {
  await database.migrate();
  const { db } = database;
  const root = await provinceRoot(db, values.province);
  const input = {
    bytes,
    fileName: path.basename(file),
    symbol: values.document,
    issuedOn: values.date,
    title: values.title,
  };

  if (values['dry-run']) {
    const { stored } = await buildPreview(db, root.id, input);
    const report = cliReport(stored);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      console.log(`Đọc được ${report.tasks.length} nhiệm vụ từ ${input.fileName} (chưa ghi gì).`);
      for (const w of report.warnings) console.log(`  ⚠ dòng ${w.row} [${w.field}] ${w.message}`);
    }
  } else {
    const actor = await provinceActor(db, root.id);
    const preview = await previewImport(db, actor, input, { dataDir: loadConfig().dataDir });
    try {
      const result = await commitImport(db, actor, preview.id, { version: preview.version, unitMappings: [], rows: [] });
      if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        const flagged = preview.summary.issues;
        console.log(
          `✔ Đã nhập ${input.fileName} vào kế hoạch ${preview.document.symbol}${preview.document.issuedOn ? ` ngày ${preview.document.issuedOn.split('-').reverse().join('/')}` : ''}: ` +
            `${result.created} nhiệm vụ mới, ${result.updated} cập nhật, ${result.unchanged} không đổi, ${result.skipped} bỏ qua; ` +
            `${result.adjustments} điều chỉnh thời hạn; ${result.linksProposed} đề xuất liên kết với kế hoạch khác.`,
        );
        if (flagged) console.log(`  ⚠ ${flagged} dòng có ô cần kiểm tra: xem bằng --dry-run hoặc trên trang nhập kế hoạch.`);
      }
    } catch (error) {
      // The preview stays on record as discarded: the commit wrote nothing.
      await discardImport(db, actor, preview.id).catch(() => {});
      throw error;
    }
  }
} catch (error) {
  if (error instanceof AppError && error.status < 500) {
    console.error(`✖ ${error.message}`);
    for (const d of error.details ?? []) console.error(`  - ${d.field}: ${d.message}`);
    exitCode = 2;
  } else {
    console.error(`✖ Lỗi khi nhập ${file}: ${(error as Error).message}`);
    exitCode = 1;
  }
}
await database.close();
database.release();
process.exitCode = exitCode;
