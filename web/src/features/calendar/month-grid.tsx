import { Tooltip } from 'antd';
import type { CalendarDay } from '#common/contracts/calendar.ts';
import { CALENDAR_DAY_KIND_LABELS, CALENDAR_DAY_KINDS } from '#common/domain/calendar.ts';
import { formatDate, weekday } from '#common/domain/iso-date.ts';
import { isWeekend, monthsOf, WEEK_HEADS, WEEKDAY_NAMES } from './calendar-days.ts';

/** The year at a glance: twelve small months, days off coloured, working days counted per month. */
export function MonthGrid({
  year,
  days,
  today,
  onPick,
}: {
  year: number;
  days: CalendarDay[];
  today: string;
  onPick: (date: string) => void;
}) {
  const months = monthsOf(year, days);
  const total = months.reduce((n, m) => n + m.workingDays, 0);
  return (
    <div>
      <div className="calendar-legend">
        {CALENDAR_DAY_KINDS.map((k) => (
          <span key={k}>
            <i className={`calendar-cell ${k}`} style={{ cursor: 'default' }} />
            {CALENDAR_DAY_KIND_LABELS[k]}
          </span>
        ))}
        <span>
          <i className="calendar-cell weekend" style={{ cursor: 'default' }} />
          Nghỉ cuối tuần
        </span>
        <span style={{ marginLeft: 'auto', fontWeight: 600, color: '#262626' }} data-testid="calendar-total">
          Cả năm: {total} ngày làm việc
        </span>
      </div>
      <div className="calendar-months">
        {months.map((m) => (
          <div key={m.month}>
            <div className="calendar-month-title">
              Tháng {m.month}
              <span data-testid={`working-days-${m.month}`}>{m.workingDays} ngày làm việc</span>
            </div>
            <div className="calendar-month-grid">
              {WEEK_HEADS.map((h) => (
                <div key={h} className="head">
                  {h}
                </div>
              ))}
              {Array.from({ length: m.leading }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: empty cells before the 1st have no identity
                <div key={`pad-${i}`} />
              ))}
              {m.cells.map((c) => {
                const kind = c.entry?.kind ?? (isWeekend(c.date) ? 'weekend' : '');
                const label = `${WEEKDAY_NAMES[weekday(c.date)]}, ${formatDate(c.date)}${c.entry ? ` — ${c.entry.name}` : ''}${c.working ? '' : ' (nghỉ)'}`;
                const cell = (
                  <button
                    key={c.date}
                    type="button"
                    className={`calendar-cell ${kind}${c.date === today ? ' today' : ''}`}
                    aria-label={label}
                    onClick={() => onPick(c.date)}
                  >
                    {c.day}
                  </button>
                );
                return c.entry ? (
                  <Tooltip key={c.date} title={label}>
                    {cell}
                  </Tooltip>
                ) : (
                  cell
                );
              })}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
