import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openPglite } from '../../db/client.ts';
import { vacuumEmbedded } from './vacuum.ts';

/** The plan of the figures' reading of the tasks (the `filtered` table of figures.queries.ts). */
async function figuresPlan(database: Database, provinceId: string): Promise<string> {
  const rows = await database.pglite?.query<{ 'QUERY PLAN': string }>(
    `explain (analyze, costs off) select id, document_id, position, due_on, completed_on, state, percent, deadline_done
       from tasks where province_id = $1`,
    [provinceId],
  );
  return (rows?.rows ?? []).map((r) => r['QUERY PLAN']).join('\n');
}

describe('vacuumEmbedded', () => {
  let database: Database;
  const provinceId = randomUUID();
  beforeAll(async () => {
    database = await openPglite();
    await database.migrate();
    await database.db.execute(sql`insert into tasks (province_id, content, deadline, original_deadline, due_on, search_text)
      select ${provinceId}::uuid, repeat('Nội dung nhiệm vụ theo phụ lục của kế hoạch, ', 12) || i, '{"kind":"date","text":"31/12/2026"}', '{"kind":"date","text":"31/12/2026"}',
        date '2026-01-01' + (i % 365), 'nhiem vu ' || i
      from generate_series(1, 3000) i`);
  });
  afterAll(() => database.close());

  it('lets the figures read the tasks from their covering index alone, as autovacuum would on PostgreSQL', async () => {
    // Task rows are wide (content, deadlines, search text), as a plan's are. Never vacuumed (PGlite has no autovacuum worker): the visibility map is empty.
    expect(await figuresPlan(database, provinceId)).not.toMatch(/Index Only Scan using tasks_figures_idx[\s\S]*Heap Fetches: 0/);
    await vacuumEmbedded(database.pglite as NonNullable<Database['pglite']>);
    const plan = await figuresPlan(database, provinceId);
    expect(plan).toContain('Index Only Scan using tasks_figures_idx');
    expect(plan).toContain('Heap Fetches: 0');
  });
});
