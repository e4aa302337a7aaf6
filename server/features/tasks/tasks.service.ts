import { and, eq, inArray, sql } from 'drizzle-orm';
import type { TaskCreate, TaskEdit } from '#common/contracts/tasks.ts';
import { type Deadline, formatDeadline, parseDeadline } from '#common/domain/deadline.ts';
import { formatDocumentNumber, parseDocumentNumber } from '#common/domain/document-number.ts';
import { formatDate } from '#common/domain/iso-date.ts';
import { dueDay } from '#common/domain/status.ts';
import { foldText } from '#common/domain/text.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { AppError, conflict } from '../../kernel/errors.ts';
import { canReadFile } from '../../kernel/files/files.service.ts';
import { files } from '../../kernel/files/files.table.ts';
import { documents } from '../documents/documents.table.ts';
import { unitGroups, units } from '../units/units.table.ts';
import { getTask } from './task-detail.queries.ts';
import { recordTaskChange } from './task-events.ts';
import { roleIn } from './tasks.policy.ts';
import { participantsOf, requireTask, type TaskRow, today } from './tasks.queries.ts';
import { deadlineAdjustments, taskDocuments, tasks, taskUnitGroups, taskUnits } from './tasks.table.ts';

const DEADLINE_HINT =
  'Hãy nhập như "Quý III/2026", "Trước ngày 30/6/2026", "Tháng 10/2026", "Năm 2026", "Thường xuyên" hoặc "Trước ngày 20 hằng tháng".';

/** A deadline typed on a form must be understood: unlike an imported plan, there is nobody to review it later. */
export function readDeadline(text: string, documentDate: string | null, field = 'deadlineText'): Deadline {
  const deadline = parseDeadline(text, { documentDate });
  if (deadline.kind === 'unparsed' || deadline.needsReview) {
    throw new AppError('VALIDATION_FAILED', `Không hiểu thời hạn "${text}". ${DEADLINE_HINT}`, [
      { field, message: 'Thời hạn không đọc được' },
    ]);
  }
  return deadline;
}

function badRequest(field: string, message: string): never {
  throw new AppError('VALIDATION_FAILED', message, [{ field, message }]);
}

/** The units must be active units of the caller's province; no unit both leads and supports. */
async function checkUnits(tx: Db, actor: Actor, leadIds: string[], supportIds: string[]) {
  const overlap = leadIds.filter((id) => supportIds.includes(id));
  if (overlap.length)
    badRequest(
      'supportUnitIds',
      'Một đơn vị không thể vừa chủ trì vừa phối hợp cùng một nhiệm vụ. Hãy bỏ đơn vị đó khỏi một trong hai danh sách.',
    );
  const all = [...new Set([...leadIds, ...supportIds])];
  if (!all.length) return [];
  const found = await tx
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(inArray(units.id, all), eq(units.provinceId, actor.provinceId), eq(units.active, true)));
  if (found.length !== all.length) {
    badRequest(
      leadIds.some((id) => !found.find((u) => u.id === id)) ? 'leadUnitIds' : 'supportUnitIds',
      'Có đơn vị không tồn tại hoặc đã ngừng hoạt động. Hãy chọn lại đơn vị.',
    );
  }
  return found;
}

async function checkGroups(tx: Db, actor: Actor, ids: string[], field: string) {
  if (!ids.length) return;
  const found = await tx
    .select({ id: unitGroups.id })
    .from(unitGroups)
    .where(and(inArray(unitGroups.id, ids), eq(unitGroups.provinceId, actor.provinceId)));
  if (found.length !== new Set(ids).size) badRequest(field, 'Có nhóm đơn vị không tồn tại. Hãy chọn lại nhóm.');
}

export interface Parties {
  leadUnitIds: string[];
  supportUnitIds: string[];
  leadGroupIds: string[];
  supportGroupIds: string[];
}

/** Replaces who leads and supports a task: units of the province and group phrases, at least one lead. */
async function setParties(tx: Db, actor: Actor, taskId: string, parties: Parties) {
  if (!parties.leadUnitIds.length && !parties.leadGroupIds.length) badRequest('leadUnitIds', 'Hãy chọn ít nhất một cơ quan chủ trì.');
  await checkUnits(tx, actor, parties.leadUnitIds, parties.supportUnitIds);
  await checkGroups(tx, actor, [...parties.leadGroupIds, ...parties.supportGroupIds], 'leadGroupIds');
  await writeParties(tx, actor.provinceId, taskId, parties);
}

/** Replaces a task's units and group phrases as given; the caller has checked them. */
export async function writeParties(tx: Db, provinceId: string, taskId: string, parties: Parties) {
  const base = { provinceId, taskId };
  const unitRows = [
    ...parties.leadUnitIds.map((unitId) => ({ ...base, unitId, role: 'lead' })),
    ...parties.supportUnitIds.map((unitId) => ({ ...base, unitId, role: 'support' })),
  ];
  const groupRows = [
    ...parties.leadGroupIds.map((groupId) => ({ ...base, groupId, role: 'lead' })),
    ...parties.supportGroupIds.map((groupId) => ({ ...base, groupId, role: 'support' })),
  ];
  await tx.delete(taskUnits).where(eq(taskUnits.taskId, taskId));
  await tx.delete(taskUnitGroups).where(eq(taskUnitGroups.taskId, taskId));
  if (unitRows.length) await tx.insert(taskUnits).values(unitRows);
  if (groupRows.length) await tx.insert(taskUnitGroups).values(groupRows);
}

async function checkDocuments(tx: Db, actor: Actor, ids: string[]) {
  if (!ids.length) return [];
  const found = await tx
    .select({ id: documents.id, issuedOn: documents.issuedOn, symbol: documents.symbol })
    .from(documents)
    .where(and(inArray(documents.id, ids), eq(documents.provinceId, actor.provinceId)));
  if (found.length !== new Set(ids).size) badRequest('documentIds', 'Có văn bản giao nhiệm vụ không tồn tại. Hãy chọn lại văn bản.');
  return found;
}

/** Evidence must be files the caller may read: nobody attaches another unit's file to their report. */
export async function checkFiles(tx: Db, actor: Actor, ids: string[], field = 'fileIds') {
  if (!ids.length) return;
  const found = await tx.select().from(files).where(inArray(files.id, ids));
  if (found.length !== new Set(ids).size || !found.every((f) => canReadFile(actor, f))) {
    badRequest(field, 'Có tệp minh chứng không tồn tại hoặc không thuộc đơn vị của bạn. Hãy tải tệp lên lại.');
  }
}

function searchTextOf(
  t: Pick<TaskRow, 'content' | 'deliverable' | 'code' | 'section' | 'leadText' | 'supportText' | 'responsiblePerson' | 'tags'>,
  unitNames: string[],
) {
  return foldText(
    [t.code, t.content, t.deliverable, t.section, t.leadText, t.supportText, t.responsiblePerson, ...t.tags, ...unitNames].join(' | '),
  );
}

/** The task's folded search key: its words and the names of the units and groups it names. */
export async function refreshSearchText(tx: Db, id: string) {
  const [row] = await tx.select().from(tasks).where(eq(tasks.id, id));
  if (!row) return;
  const names = (await participantsOf(tx, null, [id])).flatMap((p) => [p.name, p.shortName]);
  await tx
    .update(tasks)
    .set({ searchText: searchTextOf(row, names) })
    .where(eq(tasks.id, id));
}

/** Optimistic lock: the row moves only from the version the caller loaded. */
async function bump(tx: Db, row: TaskRow, version: number, changes: Partial<typeof tasks.$inferInsert>) {
  if (row.version !== version) throw conflict();
  const [next] = await tx
    .update(tasks)
    .set({ ...changes, version: row.version + 1, updatedAt: new Date() })
    .where(and(eq(tasks.id, row.id), eq(tasks.version, version)))
    .returning();
  if (!next) throw conflict();
  return next;
}

export async function createTask(db: Db, actor: Actor, input: TaskCreate, requestId?: string) {
  const id = await db.transaction(async (tx) => {
    const documentIds = [...new Set([...(input.documentId ? [input.documentId] : []), ...input.documentIds])];
    const docs = await checkDocuments(tx, actor, documentIds);
    const main = docs.find((d) => d.id === input.documentId);
    const deadline = readDeadline(input.deadlineText, main?.issuedOn ?? null);
    if (input.parentId) await requireTask(tx, actor, input.parentId);
    const fields = {
      code: input.code,
      section: input.section,
      content: input.content,
      deliverable: input.deliverable,
      leadText: '',
      supportText: '',
      responsiblePerson: input.responsiblePerson,
      tags: input.tags,
    };
    const [row] = await tx
      .insert(tasks)
      .values({
        ...fields,
        provinceId: actor.provinceId,
        documentId: input.documentId ?? null,
        position: input.position,
        parentId: input.parentId ?? null,
        deadline,
        originalDeadline: deadline,
        dueOn: dueDay(deadline),
        searchText: '',
        createdBy: actor.userId,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await setParties(tx, actor, row.id, input);
    if (documentIds.length)
      await tx
        .insert(taskDocuments)
        .values(documentIds.map((documentId) => ({ provinceId: actor.provinceId, taskId: row.id, documentId })));
    await refreshSearchText(tx, row.id);
    const summary = `Giao nhiệm vụ, thời hạn: ${formatDeadline(deadline)}`;
    await recordTaskChange(tx, actor, row, { action: 'task.create', summary, after: { ...input, deadline } }, requestId);
    return row.id;
  });
  return getTask(db, actor, id);
}

export async function editTask(db: Db, actor: Actor, id: string, input: TaskEdit, requestId?: string) {
  await db.transaction(async (tx) => {
    const before = await requireTask(tx, actor, id);
    const changes: Partial<typeof tasks.$inferInsert> = {};
    for (const key of ['code', 'section', 'position', 'content', 'deliverable', 'responsiblePerson', 'tags'] as const) {
      if (input[key] !== undefined) Object.assign(changes, { [key]: input[key] });
    }
    if (input.parentId !== undefined) {
      if (input.parentId === id) badRequest('parentId', 'Nhiệm vụ không thể là nhiệm vụ cha của chính nó.');
      if (input.parentId) await requireTask(tx, actor, input.parentId);
      changes.parentId = input.parentId;
    }
    if (input.documentId !== undefined) changes.documentId = input.documentId;
    if (input.documentIds !== undefined || input.documentId) {
      const ids = [...new Set([...(input.documentId ? [input.documentId] : []), ...(input.documentIds ?? [])])];
      await checkDocuments(tx, actor, ids);
      if (input.documentIds !== undefined) {
        await tx.delete(taskDocuments).where(eq(taskDocuments.taskId, id));
        if (ids.length)
          await tx.insert(taskDocuments).values(ids.map((documentId) => ({ provinceId: actor.provinceId, taskId: id, documentId })));
      } else if (input.documentId) {
        await tx
          .insert(taskDocuments)
          .values({ provinceId: actor.provinceId, taskId: id, documentId: input.documentId })
          .onConflictDoNothing();
      }
    }
    if (input.deadlineText !== undefined && input.deadlineText !== before.deadline.text) {
      // Correcting the words is allowed until the deadline has been adjusted; after that,
      // a change of deadline is an adjustment with its deciding document (004 Phụ lục II).
      const [adjusted] = await tx
        .select({ id: deadlineAdjustments.id })
        .from(deadlineAdjustments)
        .where(and(eq(deadlineAdjustments.taskId, id), eq(deadlineAdjustments.state, 'approved')))
        .limit(1);
      if (adjusted)
        badRequest(
          'deadlineText',
          'Thời hạn đã được điều chỉnh theo văn bản. Hãy dùng "Ghi nhận điều chỉnh thời hạn" thay vì sửa trực tiếp.',
        );
      const [doc] = before.documentId
        ? await tx.select({ issuedOn: documents.issuedOn }).from(documents).where(eq(documents.id, before.documentId))
        : [];
      const deadline = readDeadline(input.deadlineText, doc?.issuedOn ?? null);
      Object.assign(changes, { deadline, originalDeadline: deadline, dueOn: dueDay(deadline) });
    }
    if (input.leadUnitIds || input.supportUnitIds || input.leadGroupIds || input.supportGroupIds) {
      const current = await participantsOf(tx, null, [id]);
      const ids = (role: string, group: boolean) => current.filter((p) => p.role === role && p.group === group).map((p) => p.id);
      await setParties(tx, actor, id, {
        leadUnitIds: input.leadUnitIds ?? ids('lead', false),
        supportUnitIds: input.supportUnitIds ?? ids('support', false),
        leadGroupIds: input.leadGroupIds ?? ids('lead', true),
        supportGroupIds: input.supportGroupIds ?? ids('support', true),
      });
    }
    const after = await bump(tx, before, input.version, changes);
    await refreshSearchText(tx, id);
    await recordTaskChange(tx, actor, after, { action: 'task.update', summary: 'Sửa thông tin nhiệm vụ', before, after: input }, requestId);
  });
  return getTask(db, actor, id);
}

const STATE_MOVES = {
  pause: { from: ['open'], to: 'paused', label: 'Tạm dừng nhiệm vụ' },
  resume: { from: ['paused'], to: 'open', label: 'Tiếp tục nhiệm vụ' },
  cancel: { from: ['open', 'paused', 'done_proposed'], to: 'cancelled', label: 'Hủy nhiệm vụ' },
} as const;

export async function changeTaskState(
  db: Db,
  actor: Actor,
  id: string,
  move: keyof typeof STATE_MOVES,
  input: { version: number; reason: string },
  requestId?: string,
) {
  const rule = STATE_MOVES[move];
  await db.transaction(async (tx) => {
    const before = await requireTask(tx, actor, id);
    if (!(rule.from as readonly string[]).includes(before.state)) {
      throw new AppError('CONFLICT', `Không thể ${rule.label.toLowerCase()} ở trạng thái hiện tại. Hãy tải lại trang.`);
    }
    const after = await bump(tx, before, input.version, { state: rule.to, ...(move === 'cancel' ? { proposedDoneOn: null } : {}) });
    await recordTaskChange(
      tx,
      actor,
      after,
      {
        action: `task.${move}`,
        summary: `${rule.label}${input.reason ? `: ${input.reason}` : ''}`,
        before: { state: before.state },
        after: { state: after.state, reason: input.reason },
      },
      requestId,
    );
  });
  return getTask(db, actor, id);
}

/** Only a lead unit's people act for the task (DESIGN.md: only the lead unit decides a task's status). */
async function requireLead(tx: Db, actor: Actor, id: string) {
  const row = await requireTask(tx, actor, id);
  if (roleIn(await participantsOf(tx, actor, [id])) !== 'lead') {
    throw new AppError('FORBIDDEN', 'Chỉ cơ quan chủ trì nhiệm vụ mới thực hiện được thao tác này.');
  }
  return row;
}

export async function proposeDone(
  db: Db,
  actor: Actor,
  id: string,
  input: { version: number; completedOn: string; note: string; fileIds: string[] },
  requestId?: string,
) {
  await db.transaction(async (tx) => {
    const before = await requireLead(tx, actor, id);
    if (before.state !== 'open')
      throw new AppError('CONFLICT', 'Nhiệm vụ không ở trạng thái đang thực hiện nên không đề xuất hoàn thành được. Hãy tải lại trang.');
    if (input.completedOn > today()) badRequest('completedOn', 'Ngày hoàn thành không được sau hôm nay.');
    await checkFiles(tx, actor, input.fileIds);
    const after = await bump(tx, before, input.version, {
      state: 'done_proposed',
      proposedDoneOn: input.completedOn,
      doneNote: input.note,
      doneFileIds: input.fileIds,
      startedOn: before.startedOn ?? input.completedOn,
    });
    const summary = `Đề xuất hoàn thành ngày ${formatDate(input.completedOn)} (${input.fileIds.length} tệp minh chứng)`;
    await recordTaskChange(tx, actor, after, { action: 'task.propose-done', summary, after: input }, requestId);
  });
  return getTask(db, actor, id);
}

export async function decideDone(
  db: Db,
  actor: Actor,
  id: string,
  input: { version: number; comment?: string },
  confirm: boolean,
  requestId?: string,
) {
  await db.transaction(async (tx) => {
    const before = await requireTask(tx, actor, id);
    if (before.state !== 'done_proposed')
      throw new AppError('CONFLICT', 'Nhiệm vụ không có đề xuất hoàn thành đang chờ. Hãy tải lại trang.');
    const after = confirm
      ? await bump(tx, before, input.version, { state: 'done', completedOn: before.proposedDoneOn, percent: 100 })
      : await bump(tx, before, input.version, { state: 'open', proposedDoneOn: null });
    await recordTaskChange(
      tx,
      actor,
      after,
      {
        action: confirm ? 'task.confirm-done' : 'task.reject-done',
        summary: confirm
          ? `Xác nhận hoàn thành ngày ${formatDate(before.proposedDoneOn as string)}`
          : `Chưa xác nhận hoàn thành: ${input.comment}`,
        before: { state: before.state },
        after: { state: after.state, comment: input.comment },
      },
      requestId,
    );
  });
  return getTask(db, actor, id);
}

// ——— Deadline adjustments (004 Phụ lục II) ———

async function documentDateOf(tx: Db, row: TaskRow) {
  if (!row.documentId) return null;
  const [doc] = await tx.select({ issuedOn: documents.issuedOn }).from(documents).where(eq(documents.id, row.documentId));
  return doc?.issuedOn ?? null;
}

/** The deciding document's symbol must be a real number and symbol; it is linked when the document is on file. */
async function decidingDocument(tx: Db, actor: Actor, symbolText: string, date: string | null) {
  const parsed = parseDocumentNumber(symbolText);
  if (!parsed.parsed || parsed.number === null)
    badRequest('decidingSymbol', 'Hãy nhập số, ký hiệu văn bản quyết định điều chỉnh, ví dụ "35/KH-UBND" hoặc "13-TB/CQTT".');
  if (!date) badRequest('decidingDate', 'Hãy nhập ngày ban hành của văn bản quyết định điều chỉnh.');
  const symbol = formatDocumentNumber(parsed);
  const [doc] = await tx
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.provinceId, actor.provinceId), eq(documents.symbol, symbol), eq(documents.issuedOn, date)));
  return { decidingSymbol: symbol, decidingDate: date, decidingDocumentId: doc?.id ?? null };
}

export async function requestAdjustment(
  db: Db,
  actor: Actor,
  id: string,
  input: { deadlineText: string; reason: string },
  requestId?: string,
) {
  await db.transaction(async (tx) => {
    const row = await requireLead(tx, actor, id);
    if (row.state === 'done' || row.state === 'cancelled')
      throw new AppError('CONFLICT', 'Nhiệm vụ đã kết thúc, không thể điều chỉnh thời hạn.');
    const toDeadline = readDeadline(input.deadlineText, await documentDateOf(tx, row));
    const [pending] = await tx
      .select({ id: deadlineAdjustments.id })
      .from(deadlineAdjustments)
      .where(and(eq(deadlineAdjustments.taskId, id), eq(deadlineAdjustments.state, 'requested')));
    if (pending) throw new AppError('CONFLICT', 'Đã có một đề nghị điều chỉnh thời hạn đang chờ quyết định. Hãy chờ cán bộ đầu mối xử lý.');
    const [adjustment] = await tx
      .insert(deadlineAdjustments)
      .values({
        provinceId: row.provinceId,
        taskId: id,
        fromDeadline: row.deadline,
        toDeadline,
        reason: input.reason,
        unitId: actor.unitId,
        requestedBy: actor.userId,
      })
      .returning();
    await tx
      .update(tasks)
      .set({ version: row.version + 1, updatedAt: new Date() })
      .where(eq(tasks.id, id));
    await recordTaskChange(
      tx,
      actor,
      row,
      {
        action: 'adjustment.request',
        summary: `Đề nghị điều chỉnh thời hạn: ${formatDeadline(row.deadline)} → ${formatDeadline(toDeadline)}. Lý do: ${input.reason}`,
        entity: 'deadline_adjustment',
        entityId: adjustment?.id,
        after: { taskId: id, ...input, toDeadline },
      },
      requestId,
    );
  });
  return getTask(db, actor, id);
}

/** Moves the task to its new deadline; the original stays, so "late against the original" remains visible. */
async function applyDeadline(tx: Db, row: TaskRow, deadline: Deadline) {
  await tx
    .update(tasks)
    .set({ deadline, dueOn: dueDay(deadline), version: sql`${tasks.version} + 1`, updatedAt: new Date() })
    .where(eq(tasks.id, row.id));
}

export async function decideAdjustment(
  db: Db,
  actor: Actor,
  id: string,
  adjustmentId: string,
  input: { decision: 'approved' | 'rejected'; note: string; decidingSymbol: string; decidingDate: string | null },
  requestId?: string,
) {
  await db.transaction(async (tx) => {
    const row = await requireTask(tx, actor, id);
    const [adjustment] = await tx
      .select()
      .from(deadlineAdjustments)
      .where(and(eq(deadlineAdjustments.id, adjustmentId), eq(deadlineAdjustments.taskId, id)));
    if (!adjustment) throw new AppError('NOT_FOUND', 'Không tìm thấy đề nghị điều chỉnh thời hạn này.');
    if (adjustment.state !== 'requested') throw new AppError('CONFLICT', 'Đề nghị này đã được quyết định. Hãy tải lại trang.');
    const approved = input.decision === 'approved';
    const document = approved ? await decidingDocument(tx, actor, input.decidingSymbol, input.decidingDate) : {};
    await tx
      .update(deadlineAdjustments)
      .set({ state: input.decision, decidedBy: actor.userId, decidedAt: new Date(), decisionNote: input.note, ...document })
      .where(eq(deadlineAdjustments.id, adjustmentId));
    if (approved) await applyDeadline(tx, row, adjustment.toDeadline);
    else
      await tx
        .update(tasks)
        .set({ version: row.version + 1, updatedAt: new Date() })
        .where(eq(tasks.id, id));
    await recordTaskChange(
      tx,
      actor,
      row,
      {
        action: `adjustment.${input.decision}`,
        summary: approved
          ? `Chấp thuận điều chỉnh thời hạn thành ${formatDeadline(adjustment.toDeadline)} theo văn bản ${'decidingSymbol' in document ? document.decidingSymbol : ''} ngày ${formatDate(input.decidingDate ?? '')}`
          : `Không chấp thuận điều chỉnh thời hạn${input.note ? `: ${input.note}` : ''}`,
        entity: 'deadline_adjustment',
        entityId: adjustmentId,
        before: { state: adjustment.state },
        after: { ...input },
      },
      requestId,
    );
  });
  return getTask(db, actor, id);
}

/** The coordinator records an adjustment already decided by a document, as 004 Phụ lục II lists them. */
export async function recordAdjustment(
  db: Db,
  actor: Actor,
  id: string,
  input: { deadlineText: string; reason: string; decidingSymbol: string; decidingDate: string },
  requestId?: string,
) {
  await db.transaction(async (tx) => {
    const row = await requireTask(tx, actor, id);
    if (row.state === 'done' || row.state === 'cancelled')
      throw new AppError('CONFLICT', 'Nhiệm vụ đã kết thúc, không thể điều chỉnh thời hạn.');
    const toDeadline = readDeadline(input.deadlineText, await documentDateOf(tx, row));
    const document = await decidingDocument(tx, actor, input.decidingSymbol, input.decidingDate);
    const [adjustment] = await tx
      .insert(deadlineAdjustments)
      .values({
        provinceId: row.provinceId,
        taskId: id,
        state: 'approved',
        fromDeadline: row.deadline,
        toDeadline,
        reason: input.reason,
        requestedBy: actor.userId,
        decidedBy: actor.userId,
        decidedAt: new Date(),
        ...document,
      })
      .returning();
    await applyDeadline(tx, row, toDeadline);
    await recordTaskChange(
      tx,
      actor,
      row,
      {
        action: 'adjustment.record',
        summary: `Điều chỉnh thời hạn: ${formatDeadline(row.deadline)} → ${formatDeadline(toDeadline)} theo văn bản ${document.decidingSymbol} ngày ${formatDate(input.decidingDate)}`,
        entity: 'deadline_adjustment',
        entityId: adjustment?.id,
        after: { taskId: id, ...input, toDeadline },
      },
      requestId,
    );
  });
  return getTask(db, actor, id);
}
