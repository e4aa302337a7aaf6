import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Deadline } from '#common/domain/deadline.ts';
import { documents } from '../documents/documents.table.ts';
import { unitGroups, units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';

/**
 * Tasks (nhiệm vụ) with the "5 rõ" of 002: clear work (content), person (responsible),
 * responsibility (lead/support units), result (deliverable) and time (deadline).
 * Status is computed (common/domain/status.ts); `state` only records the workflow facts
 * a computation cannot know: a proposal of completion, its confirmation, a pause, a cancel.
 */
export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    /** the plan the task comes from; its code and section are within this document */
    documentId: uuid('document_id').references(() => documents.id),
    code: text('code').notNull().default(''),
    section: text('section').notNull().default(''),
    position: integer('position').notNull().default(0),
    parentId: uuid('parent_id').references((): AnyPgColumn => tasks.id),
    content: text('content').notNull(),
    deliverable: text('deliverable').notNull().default(''),
    /** the current deadline (after adjustments), with its original words */
    deadline: jsonb('deadline').$type<Deadline>().notNull(),
    /** the deadline first assigned; differs from `deadline` once adjusted (004 Phụ lục II) */
    originalDeadline: jsonb('original_deadline').$type<Deadline>().notNull(),
    /** deadline.due, for filtering and reminders */
    dueOn: date('due_on'),
    /**
     * A deadline worded as already met ("Đã hoàn thành"), kept as a column so the figures read
     * every status from the covering index below, never from the JSON.
     */
    deadlineDone: boolean('deadline_done').notNull().generatedAlwaysAs(sql`coalesce(deadline->>'kind' = 'done', false)`),
    /** the lead and support cells as written in the plan ("Các sở, ban, ngành, địa phương") */
    leadText: text('lead_text').notNull().default(''),
    supportText: text('support_text').notNull().default(''),
    responsiblePerson: text('responsible_person').notNull().default(''),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** open | done_proposed | done | paused | cancelled */
    state: text('state').notNull().default('open'),
    /** the day of the first progress update: the task has started */
    startedOn: date('started_on'),
    percent: integer('percent').notNull().default(0),
    proposedDoneOn: date('proposed_done_on'),
    /** the lead unit's note and evidence with its proposal of completion */
    doneNote: text('done_note').notNull().default(''),
    doneFileIds: uuid('done_file_ids').array().notNull().default(sql`'{}'::uuid[]`),
    completedOn: date('completed_on'),
    searchText: text('search_text').notNull(),
    /** tasks confirmed to be the same work in several plans share one group (DESIGN.md rule 8) */
    linkGroupId: uuid('link_group_id'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('tasks_link_group_idx').on(t.linkGroupId),
    index('tasks_province_due_idx').on(t.provinceId, t.dueOn),
    index('tasks_document_idx').on(t.documentId, t.position),
    index('tasks_parent_idx').on(t.parentId),
    index('tasks_search_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
  ],
);

export const TASK_UNIT_ROLES = ['lead', 'support'] as const;

/** Lead (chủ trì) and support (phối hợp) units; a task may have several leads. */
export const taskUnits = pgTable(
  'task_units',
  {
    provinceId: uuid('province_id').notNull(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    role: text('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.unitId] }), index('task_units_unit_idx').on(t.unitId, t.role)],
);

/**
 * Lead or support by a group phrase ("Các sở, ban, ngành, địa phương", "UBND các xã, phường"):
 * the plan names a group, not a list, and every unit of the group's kinds takes part.
 */
export const taskUnitGroups = pgTable(
  'task_unit_groups',
  {
    provinceId: uuid('province_id').notNull(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id),
    groupId: uuid('group_id')
      .notNull()
      .references(() => unitGroups.id),
    role: text('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.groupId] }), index('task_unit_groups_group_idx').on(t.groupId)],
);

/** Proposed and decided links between tasks of different plans that are the same work. */
export const taskLinks = pgTable(
  'task_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    /** the pair in a fixed order (task_id < other_task_id), so a pair is proposed once */
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id),
    otherTaskId: uuid('other_task_id')
      .notNull()
      .references(() => tasks.id),
    /** proposed | confirmed | rejected */
    state: text('state').notNull().default('proposed'),
    /** text similarity of the pair, in percent */
    similarity: integer('similarity').notNull(),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('task_links_pair_idx').on(t.taskId, t.otherTaskId), index('task_links_other_idx').on(t.otherTaskId)],
);

/** The "assigning documents" column: several plans may assign the same task (DESIGN.md rule 8). */
export const taskDocuments = pgTable(
  'task_documents',
  {
    provinceId: uuid('province_id').notNull(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.documentId] }), index('task_documents_document_idx').on(t.documentId)],
);

/**
 * Deadline adjustments (tiến độ điều chỉnh, 004 Phụ lục II): the lead unit requests, the
 * coordinator decides and records the deciding document. Rows are never deleted.
 */
export const deadlineAdjustments = pgTable(
  'deadline_adjustments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id),
    /** requested | approved | rejected */
    state: text('state').notNull().default('requested'),
    fromDeadline: jsonb('from_deadline').$type<Deadline>().notNull(),
    toDeadline: jsonb('to_deadline').$type<Deadline>().notNull(),
    reason: text('reason').notNull(),
    unitId: uuid('unit_id').references(() => units.id),
    requestedBy: uuid('requested_by').references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note').notNull().default(''),
    /** the deciding document's number and symbol and date, as recorded */
    decidingSymbol: text('deciding_symbol').notNull().default(''),
    decidingDate: date('deciding_date'),
    decidingDocumentId: uuid('deciding_document_id').references(() => documents.id),
  },
  (t) => [index('deadline_adjustments_task_idx').on(t.taskId, t.requestedAt)],
);

/**
 * Progress updates (báo cáo tiến độ), one per task, unit and reporting period. The lead
 * unit's update carries the status claim; support units add contributions to the same
 * period. Review: submitted → accepted, or returned → edited → submitted again; every
 * version is kept in task_update_revisions.
 */
export const taskUpdates = pgTable(
  'task_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** lead | support */
    role: text('role').notNull(),
    /** "2026-05": the Decree 09/2019 monthly period (common/domain/period.ts) */
    period: text('period').notNull(),
    /** not_started | in_progress | done */
    claim: text('claim').notNull().default('in_progress'),
    percent: integer('percent').notNull().default(0),
    result: text('result').notNull().default(''),
    obstacles: text('obstacles').notNull().default(''),
    proposals: text('proposals').notNull().default(''),
    fileIds: uuid('file_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** support contributions the lead unit merged into this update */
    mergedIds: uuid('merged_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** submitted | returned | accepted */
    state: text('state').notNull().default('submitted'),
    reviewComment: text('review_comment').notNull().default(''),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    revision: integer('revision').notNull().default(1),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('task_updates_period_idx').on(t.taskId, t.unitId, t.period),
    index('task_updates_state_idx').on(t.provinceId, t.state),
  ],
);

/** Every submitted version of an update and every review of it: a returned update keeps its history. */
export const taskUpdateRevisions = pgTable(
  'task_update_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    updateId: uuid('update_id')
      .notNull()
      .references(() => taskUpdates.id),
    revision: integer('revision').notNull(),
    /** submitted | returned | accepted */
    action: text('action').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    comment: text('comment').notNull().default(''),
    actorId: uuid('actor_id').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('task_update_revisions_update_idx').on(t.updateId, t.at)],
);

/**
 * The task's timeline: one row per thing that happened to it, written in the same
 * transaction as the change (and its audit record), readable by everyone who sees the task.
 */
export const taskEvents = pgTable(
  'task_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceId: uuid('province_id').notNull(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id),
    kind: text('kind').notNull(),
    /** a short Vietnamese sentence for the timeline */
    summary: text('summary').notNull(),
    detail: jsonb('detail'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull().default(''),
    unitId: uuid('unit_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('task_events_task_idx').on(t.taskId, t.at)],
);
