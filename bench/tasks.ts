import { and, eq, ne } from 'drizzle-orm';
import { parseDeadline } from '#common/domain/deadline.ts';
import { dueDay } from '#common/domain/status.ts';
import { foldText } from '#common/domain/text.ts';
import type { Db } from '../server/db/client.ts';
import { tasks, taskUnits } from '../server/features/tasks/tasks.table.ts';
import { units } from '../server/features/units/units.table.ts';

const PHRASES = ['Quý III/2026', 'Trước ngày 30/4/2026', 'Tháng 10/2026', '2026', 'Thường xuyên', 'Trước ngày 20 hằng tháng', 'Quý I/2027'];
const WORDS = ['hạ tầng số', 'dữ liệu', 'chuyển đổi số', 'đổi mới sáng tạo', 'nhân lực', 'thể chế', 'y tế', 'giáo dục'];

/** `n` tasks spread over the demo province's units: a province's programme several times over. */
export async function generateTasks(db: Db, n: number): Promise<string[]> {
  const all = await db
    .select({ id: units.id, provinceId: units.provinceId, name: units.name })
    .from(units)
    .where(and(ne(units.kind, 'province'), eq(units.active, true)));
  const ids: string[] = [];
  for (let start = 0; start < n; start += 200) {
    const batch = Array.from({ length: Math.min(200, n - start) }, (_, k) => {
      const i = start + k;
      const lead = all[i % all.length] as (typeof all)[number];
      const deadline = parseDeadline(PHRASES[i % PHRASES.length] as string, { documentDate: '2026-04-01' });
      const content = `Nhiệm vụ ${i + 1}: triển khai ${WORDS[i % WORDS.length]} tại ${lead.name}`;
      return {
        row: {
          provinceId: lead.provinceId as string,
          code: `G.${i + 1}`,
          position: i,
          content,
          deadline,
          originalDeadline: deadline,
          dueOn: dueDay(deadline),
          state: i % 11 === 0 ? 'done' : 'open',
          completedOn: i % 11 === 0 ? '2026-06-30' : null,
          startedOn: i % 3 === 0 ? '2026-05-01' : null,
          tags: [WORDS[i % WORDS.length] as string],
          searchText: foldText(`${content} | ${lead.name}`),
        },
        lead,
        support: all[(i * 7 + 3) % all.length] as (typeof all)[number],
      };
    });
    const rows = await db
      .insert(tasks)
      .values(batch.map((b) => b.row))
      .returning({ id: tasks.id });
    await db.insert(taskUnits).values(
      rows.flatMap((r, k) => {
        const b = batch[k] as (typeof batch)[number];
        const links = [{ provinceId: b.row.provinceId, taskId: r.id, unitId: b.lead.id, role: 'lead' }];
        if (b.support.id !== b.lead.id) links.push({ provinceId: b.row.provinceId, taskId: r.id, unitId: b.support.id, role: 'support' });
        return links;
      }),
    );
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}
