import type { FormRule } from 'antd';
import { Typography } from 'antd';
import { DEADLINE_KIND_LABELS, type Deadline, formatDeadline, parseDeadline } from '#common/domain/deadline.ts';
import { fmtDate } from './tasks-api.ts';

export const UNREADABLE_DEADLINE =
  'Không đọc được thời hạn này. Hãy viết như "Trước ngày 10/4/2026", "Quý III/2026", "Tháng 6/2026" hoặc "Thường xuyên".';

/** "Quý III/2026 → hạn 30/09/2026", or what the deadline means when it has no last day. */
export function deadlineMeaning(d: Deadline): string {
  const label = formatDeadline(d);
  if (!d.due) return d.kind === 'continuous' ? `${label} (không có hạn cuối)` : label;
  // A dated deadline already names its day: "hạn 10/04/2026" says it once.
  if (d.kind === 'date') return `hạn ${fmtDate(d.due)}${d.ongoing ? ', sau đó thường xuyên' : ''}`;
  return `${label} → hạn ${fmtDate(d.due)}`;
}

/** The form rule: the same reading the server does, so an unreadable phrase never leaves the form. */
export function deadlineRule(documentDate?: string | null): FormRule {
  return {
    validator: async (_rule, value: string | undefined) => {
      if (!value?.trim()) return;
      if (parseDeadline(value, { documentDate }).kind === 'unparsed') throw new Error(UNREADABLE_DEADLINE);
    },
  };
}

/** The live reading of a deadline phrase, shown under its field while the user types. */
export function DeadlinePreview({ text, documentDate }: { text: string | undefined; documentDate?: string | null }) {
  if (!text?.trim()) return null;
  const d = parseDeadline(text, { documentDate });
  if (d.kind === 'unparsed') return null;
  return (
    <div data-testid="deadline-preview" style={{ marginTop: 4 }}>
      <Typography.Text type="success">{deadlineMeaning(d)}</Typography.Text>
      <Typography.Text type="secondary"> · {DEADLINE_KIND_LABELS[d.kind]}</Typography.Text>
      {d.needsReview && <Typography.Text type="warning"> · cần rà soát lại sau khi lưu</Typography.Text>}
    </div>
  );
}
