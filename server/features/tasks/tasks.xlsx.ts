import type { TaskListQuery, TaskSummary } from '#common/contracts/tasks.ts';
import { formatDate } from '#common/domain/iso-date.ts';
import { TASK_STATUS_LABELS } from '#common/domain/status.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { writeXlsx, type XlsxRow } from '../../kernel/documents/xlsx.ts';
import { listCondition, taskOrder, today, toSummaries } from './tasks.queries.ts';
import { tasks } from './tasks.table.ts';

/** One export holds at most this many tasks; a province's whole programme is a few hundred. */
export const EXPORT_LIMIT = 5000;

/**
 * The appendix's columns (004 Phụ lục I/II: STT, content, lead, support, product, deadline,
 * assigning documents; the adjusted deadline beside the original), then the follow-up
 * columns, with a bold row for each section as in the plans.
 */
const COLUMNS: [keyof Row, string, number][] = [
  ['stt', 'STT', 6],
  ['content', 'Nội dung nhiệm vụ', 60],
  ['leads', 'Cơ quan chủ trì', 28],
  ['supports', 'Cơ quan phối hợp', 28],
  ['deliverable', 'Sản phẩm/kết quả', 32],
  ['original', 'Thời hạn hoàn thành', 20],
  ['adjusted', 'Tiến độ điều chỉnh', 20],
  ['documents', 'Văn bản giao nhiệm vụ', 22],
  ['status', 'Tình trạng', 22],
  ['percent', 'Tiến độ (%)', 10],
  ['completedOn', 'Ngày hoàn thành', 14],
  ['responsible', 'Người chịu trách nhiệm', 20],
];

type Row = Record<
  | 'stt'
  | 'content'
  | 'leads'
  | 'supports'
  | 'deliverable'
  | 'original'
  | 'adjusted'
  | 'documents'
  | 'status'
  | 'percent'
  | 'completedOn'
  | 'responsible',
  string | number
>;

function rowOf(t: TaskSummary): Row {
  const adjusted = t.deadline.text !== t.originalDeadline.text;
  return {
    stt: t.code,
    content: t.content,
    leads: t.leads.map((u) => u.name).join('; '),
    supports: t.supports.map((u) => u.name).join('; '),
    deliverable: t.deliverable,
    original: t.originalDeadline.text,
    adjusted: adjusted ? t.deadline.text : '',
    documents: t.documents.map((d) => d.symbol).join('; '),
    status: TASK_STATUS_LABELS[t.status] + (t.lateAgainstOriginal ? ' (trễ so với hạn ban đầu)' : ''),
    percent: t.percent,
    completedOn: t.completedOn ? formatDate(t.completedOn) : '',
    responsible: t.responsiblePerson,
  };
}

export async function exportTasksXlsx(db: Db, actor: Actor, query: TaskListQuery): Promise<Buffer> {
  const asOf = query.asOf ?? today();
  const rows = await db
    .select()
    .from(tasks)
    .where(listCondition(actor, query, asOf))
    .orderBy(...taskOrder(query.sort))
    .limit(EXPORT_LIMIT);
  const summaries = await toSummaries(db, actor, rows, asOf);
  const lines: XlsxRow[] = [];
  let section: string | null = null;
  for (const t of summaries) {
    if (query.sort !== 'due' && t.section && t.section !== section) {
      section = t.section;
      lines.push({ section: t.section });
    }
    const row = rowOf(t);
    lines.push(COLUMNS.map(([key]) => row[key]));
  }
  lines.push([], { note: `Trích xuất ngày ${formatDate(asOf)}: ${summaries.length} nhiệm vụ.` });
  return writeXlsx([{ name: 'Nhiệm vụ', columns: COLUMNS.map(([, header, width]) => ({ header, width })), rows: lines, textColumn: 1 }]);
}
