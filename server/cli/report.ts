import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { and, eq, or } from 'drizzle-orm';
import { previewPeriodReport } from '../features/reporting/consolidated.service.ts';
import { reportingPeriods, reportRegimes } from '../features/reporting/reporting.table.ts';
import { AppError } from '../kernel/errors.ts';
import { openForCli, provinceActor, provinceRoot } from './open.ts';

/**
 * npm run report -- --regime monthly --period 2026-04 --out <dir> [--province MA_TINH]
 *
 * Writes the consolidated report of a period (DOCX in the Decree 30/2020 layout, XLSX appendix)
 * from the current data, as a draft: nothing is numbered or stored (issue 5 §3). `--regime` is
 * a regime's code or its frequency. Exit 2 on bad input.
 */
const USAGE = 'Cách dùng: npm run report -- --regime monthly|<mã chế độ> --period 2026-04 --out <thư mục> [--province MA_TINH]';

function fail(message: string): never {
  console.error(`✖ ${message}\n${USAGE}`);
  process.exit(2);
}

let values: { regime?: string; period?: string; out?: string; province?: string };
try {
  ({ values } = parseArgs({
    options: { regime: { type: 'string' }, period: { type: 'string' }, out: { type: 'string' }, province: { type: 'string' } },
  }));
} catch (error) {
  fail(`Tham số không hợp lệ (${(error as Error).message}).`);
}
if (!values.regime || !values.period || !values.out) fail('Hãy cho biết đủ --regime, --period và --out.');

const database = await openForCli();
let exitCode = 0;
try {
  await database.migrate();
  const { db } = database;
  const root = await provinceRoot(db, values.province);
  const actor = await provinceActor(db, root.id);
  const [found] = await db
    .select({ period: reportingPeriods, regime: reportRegimes })
    .from(reportingPeriods)
    .innerJoin(reportRegimes, eq(reportRegimes.id, reportingPeriods.regimeId))
    .where(
      and(
        eq(reportingPeriods.provinceId, root.id),
        eq(reportingPeriods.key, values.period),
        or(eq(reportRegimes.code, values.regime), eq(reportRegimes.frequency, values.regime)),
      ),
    )
    .orderBy(reportRegimes.createdAt)
    .limit(1);
  if (!found) {
    throw new AppError(
      'NOT_FOUND',
      `Không có kỳ báo cáo ${values.period} của chế độ "${values.regime}". Kỳ tháng có dạng 2026-04, quý 2026-Q2, năm 2026; kỳ chỉ có khi đã bắt đầu.`,
    );
  }
  const { docx, xlsx, data } = await previewPeriodReport(db, actor, found.period.id);
  fs.mkdirSync(values.out, { recursive: true });
  const docxPath = path.join(values.out, `bao-cao-${found.regime.code}-${found.period.key}.docx`);
  const xlsxPath = path.join(values.out, `phu-luc-${found.regime.code}-${found.period.key}.xlsx`);
  fs.writeFileSync(docxPath, docx);
  fs.writeFileSync(xlsxPath, xlsx);
  console.log(
    `✔ ${found.period.label} (${found.regime.name}), số liệu đến ${data.asOf}: ${data.totals.total} nhiệm vụ, ${data.totals.overdue} quá hạn; ` +
      `${data.rates.submitted}/${data.rates.expected} đơn vị đã báo cáo.\n  ${docxPath}\n  ${xlsxPath}`,
  );
} catch (error) {
  if (error instanceof AppError && error.status < 500) {
    console.error(`✖ ${error.message}`);
    exitCode = 2;
  } else {
    console.error(`✖ Lỗi khi lập báo cáo: ${(error as Error).message}`);
    exitCode = 1;
  }
}
await database.close();
database.release();
process.exitCode = exitCode;
