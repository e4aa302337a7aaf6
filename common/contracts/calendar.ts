import { CALENDAR_DAY_KINDS } from '../domain/calendar.ts';
import { IsoDate, text, z } from './z.ts';

export const CALENDAR_MIN_YEAR = 1990;
export const CALENDAR_MAX_YEAR = 2100;
const YEAR_MESSAGE = `Năm phải trong khoảng ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR}.`;

export const CalendarDayKind = z.enum(CALENDAR_DAY_KINDS);

export const CalendarDay = z.object({ date: IsoDate, kind: CalendarDayKind, name: z.string() });
export type CalendarDay = z.infer<typeof CalendarDay>;

export const CalendarParams = z.strictObject({
  year: z.coerce.number(YEAR_MESSAGE).int(YEAR_MESSAGE).min(CALENDAR_MIN_YEAR, YEAR_MESSAGE).max(CALENDAR_MAX_YEAR, YEAR_MESSAGE),
});

/**
 * A year's days off and swapped working days. `isDefault`: nobody has saved this year, so it is
 * the statutory list (Labour Code 2019, Art. 112) with version 0.
 */
export const CalendarYear = z.object({
  year: z.number().int(),
  days: z.array(CalendarDay),
  isDefault: z.boolean(),
  version: z.number().int(),
});
export type CalendarYear = z.infer<typeof CalendarYear>;

export const CalendarDayInput = z.strictObject({ date: IsoDate, kind: CalendarDayKind, name: text(200) });

/** The whole list of the year replaces the stored one; version is the one the editor loaded (0 for the default). */
export const CalendarSave = z.strictObject({
  version: z.number().int().min(0),
  days: z.array(CalendarDayInput).max(366),
});
export type CalendarSave = z.infer<typeof CalendarSave>;

export const CalendarReset = z.strictObject({ version: z.number().int().min(0) });
