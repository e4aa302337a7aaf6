// Every table of the product, for drizzle-kit and for typed queries.

export * from '../features/calendar/calendar.table.ts';
export * from '../features/documents/documents.table.ts';
export * from '../features/explanations/explanations.table.ts';
export * from '../features/funding/funding.table.ts';
export * from '../features/indicators/indicators.table.ts';
export * from '../features/plans/plans.table.ts';
export * from '../features/reminders/reminders.table.ts';
export * from '../features/reporting/reporting.table.ts';
export * from '../features/tasks/tasks.table.ts';
export * from '../features/units/units.table.ts';
export * from '../features/users/users.table.ts';
export * from '../kernel/audit/audit.table.ts';
export * from '../kernel/files/files.table.ts';
