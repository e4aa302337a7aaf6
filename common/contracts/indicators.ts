import {
  AGGREGATIONS,
  DIRECTIONS,
  INDICATOR_FREQUENCIES,
  INDICATOR_GROUPS,
  TRACK_STATUSES,
  VALUE_KINDS,
  VALUE_STATES,
} from '../domain/indicator.ts';
import { UnitRef } from './tasks.ts';
import { Id, IsoDate, text, z } from './z.ts';

const YearValue = z.object({ year: z.number().int().min(2000).max(2030), value: z.number() });

/** An approved value of the province (for an indicator broken down by commune: the communes' aggregate). */
export const SeriesPoint = z.object({ periodKey: z.string(), periodLabel: z.string(), periodEnd: IsoDate, value: z.number() });
export type SeriesPoint = z.infer<typeof SeriesPoint>;

export const IndicatorSummary = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  group: z.enum(INDICATOR_GROUPS),
  measure: z.string(),
  kind: z.enum(VALUE_KINDS),
  direction: z.enum(DIRECTIONS),
  baseline: YearValue.nullable(),
  yearly: z.array(YearValue),
  target2030: z.number(),
  owner: UnitRef,
  frequency: z.enum(INDICATOR_FREQUENCIES),
  aggregation: z.enum(AGGREGATIONS),
  byCommune: z.boolean(),
  source: z.string(),
  quote: z.string(),
  maxChange: z.number().nullable(),
  onTrack: z.number(),
  offTrack: z.number(),
  version: z.number().int(),
  /** the latest approved value, the value the path expects then, the judgement, the trend to 2030 */
  latest: SeriesPoint.nullable(),
  expected: z.number().nullable(),
  status: z.enum(TRACK_STATUSES),
  forecast: z.number().nullable(),
});
export type IndicatorSummary = z.infer<typeof IndicatorSummary>;

export const ValueEvent = z.object({ at: z.string(), by: z.string(), action: z.string(), value: z.number(), comment: z.string() });

export const IndicatorValue = z.object({
  id: Id,
  indicatorId: Id,
  periodKey: z.string(),
  periodLabel: z.string(),
  periodEnd: IsoDate,
  unit: UnitRef,
  value: z.number(),
  comment: z.string(),
  state: z.enum(VALUE_STATES),
  reviewComment: z.string(),
  version: z.number().int(),
  history: z.array(ValueEvent),
});
export type IndicatorValue = z.infer<typeof IndicatorValue>;

export const IndicatorDetail = IndicatorSummary.extend({
  path: z.array(z.object({ on: IsoDate, value: z.number(), kind: z.enum(['baseline', 'yearly', 'target']) })),
  series: z.array(SeriesPoint),
  /** every value in the caller's scope, newest period first */
  values: z.array(IndicatorValue),
  /** periods a value may be entered for today (from the period's start to the end of the next) */
  openPeriods: z.array(z.object({ key: z.string(), label: z.string() })),
  /** the units the caller may enter values for */
  entryUnits: z.array(UnitRef),
  tasks: z.array(z.object({ id: Id, code: z.string(), content: z.string() })),
});
export type IndicatorDetail = z.infer<typeof IndicatorDetail>;

export const IndicatorParams = z.object({ id: Id });
export const ValueSlotParams = z.object({ id: Id, period: z.string().max(10) });
export const ValueParams = z.object({ id: Id });

export const ValueEntry = z.strictObject({
  /** the commune, for an indicator broken down by commune; otherwise the owner unit */
  unitId: Id.optional(),
  value: z.number({ error: 'Giá trị phải là một số.' }),
  comment: z.string().trim().max(2000).default(''),
  /** the version last read, when changing a value already entered */
  version: z.number().int().min(1).optional(),
});
export type ValueEntry = z.infer<typeof ValueEntry>;

export const ValueReview = z.strictObject({
  version: z.number().int().min(1),
  comment: z.string().trim().max(2000).default(''),
});
export type ValueReview = z.infer<typeof ValueReview>;

export const IndicatorTasksBody = z.strictObject({ taskIds: z.array(Id).max(200) });

export const IndicatorCreate = z.strictObject({
  code: text(20),
  name: text(300),
  group: z.enum(INDICATOR_GROUPS),
  measure: text(50),
  kind: z.enum(VALUE_KINDS),
  direction: z.enum(DIRECTIONS),
  baseline: YearValue.nullable().default(null),
  yearly: z.array(YearValue).max(10).default([]),
  target2030: z.number(),
  ownerUnitId: Id,
  frequency: z.enum(INDICATOR_FREQUENCIES),
  aggregation: z.enum(AGGREGATIONS).default('latest'),
  byCommune: z.boolean().default(false),
  source: z.string().trim().max(500).default(''),
  quote: z.string().trim().max(2000).default(''),
  maxChange: z.number().positive().nullable().default(null),
  onTrack: z.number().min(0).max(2).default(0.95),
  offTrack: z.number().min(0).max(2).default(0.85),
});
export type IndicatorCreate = z.infer<typeof IndicatorCreate>;
