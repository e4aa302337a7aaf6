/**
 * A province-scale reporting dataset for bench/reporting.ts: 300 units, 10,000 tasks in 10 plans,
 * 120,000 progress updates over 24 monthly periods (2025-01 … 2026-12), a monthly regime every
 * unit reports in, and the units' reports (most on time, some late, some missing).
 *
 * It is a generator, not a user: rows go in by multi-row inserts of about 1,000, one transaction
 * per table, with no services, audit or events. The database must be migrated and demo-seeded
 * (`seedDemo(db, { plans: true })`). Deterministic: one seeded PRNG draws everything, ids
 * included; the states (done, overdue, late) are drawn relative to `today`.
 */
import { and, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type Deadline, parseDeadline } from '#common/domain/deadline.ts';
import { addDays, parseIsoDate, toDayNumber, vietnamDay } from '#common/domain/iso-date.ts';
import { periodsBetween } from '#common/domain/period.ts';
import { dueDay } from '#common/domain/status.ts';
import { foldText } from '#common/domain/text.ts';
import type { Db } from '../server/db/client.ts';
import { documents } from '../server/features/documents/documents.table.ts';
import { reportingPeriods, reportRegimes, unitReports } from '../server/features/reporting/reporting.table.ts';
import { taskDocuments, tasks, taskUnitGroups, taskUnits, taskUpdates } from '../server/features/tasks/tasks.table.ts';
import { unitSearchText } from '../server/features/units/units.service.ts';
import { unitGroups, units } from '../server/features/units/units.table.ts';
import type { Actor } from '../server/kernel/auth/guard.ts';

export interface ProvinceScale {
  /** reporting units below the province root, the demo's included */
  units: number;
  documents: number;
  tasks: number;
  updates: number;
}

export const PROVINCE_SCALE: ProvinceScale = { units: 300, documents: 10, tasks: 10_000, updates: 120_000 };
/** The 24 monthly periods of the generated regime. */
export const FIRST_PERIOD = '2025-01';
export const LAST_PERIOD = '2026-12';
export const BENCH_REGIME_CODE = 'bench-thang';

export interface GeneratedProvince {
  unitIds: string[];
  documentIds: string[];
  regimeId: string;
  periods: { id: string; key: string }[];
  rows: Record<
    'units' | 'documents' | 'tasks' | 'taskUnits' | 'taskUnitGroups' | 'taskDocuments' | 'taskUpdates' | 'periods' | 'unitReports',
    number
  >;
}

/** mulberry32: small, fast and good enough to draw a dataset from. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const chance = (p: number) => next() < p;
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  return { next, int, pick, chance, uuid };
}

/** Multi-row inserts of `size` rows, in one transaction. */
async function insertChunked<T extends PgTable>(db: Db, table: T, rows: readonly T['$inferInsert'][], size = 1000) {
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += size) await tx.insert(table).values(rows.slice(i, i + size) as T['$inferInsert'][]);
  });
  return rows.length;
}

const THEMES = [
  'hạ tầng số',
  'dữ liệu số',
  'chính quyền số',
  'kinh tế số',
  'xã hội số',
  'đổi mới sáng tạo',
  'nhân lực số',
  'an toàn thông tin',
  'khởi nghiệp',
  'chuyển giao công nghệ',
  'y tế số',
  'giáo dục số',
];
const VERBS = ['Triển khai', 'Xây dựng', 'Hoàn thiện', 'Nâng cấp', 'Đánh giá', 'Tổ chức', 'Rà soát', 'Phát triển', 'Hướng dẫn', 'Thí điểm'];
const OBJECTS = [
  'nền tảng dùng chung',
  'cơ sở dữ liệu chuyên ngành',
  'dịch vụ công trực tuyến toàn trình',
  'trung tâm điều hành thông minh',
  'hệ thống giám sát',
  'chương trình đào tạo',
  'cơ chế hỗ trợ doanh nghiệp',
  'quy chế phối hợp',
  'bộ chỉ số đánh giá',
  'kho ứng dụng',
];
const SECTIONS = [
  'Hoàn thiện thể chế, chính sách',
  'Phát triển hạ tầng số',
  'Phát triển dữ liệu số',
  'Chính quyền số',
  'Kinh tế số',
  'Xã hội số',
  'Phát triển nguồn nhân lực',
  'Tổ chức thực hiện',
];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
const PLACES = [
  'An',
  'Bình',
  'Cao',
  'Đồng',
  'Hòa',
  'Hợp',
  'Kim',
  'Lương',
  'Minh',
  'Phú',
  'Quang',
  'Tân',
  'Thanh',
  'Thịnh',
  'Trung',
  'Vĩnh',
];
const FIELDS = [
  'Công nghiệp',
  'Nông nghiệp',
  'Tài chính',
  'Xây dựng',
  'Văn hóa',
  'Du lịch',
  'Nội vụ',
  'Tư pháp',
  'Ngoại vụ',
  'Dân tộc',
  'Môi trường',
  'Công thương',
];
const OBSTACLES = [
  'Kinh phí chưa được bố trí kịp thời',
  'Thiếu nhân lực chuyên trách',
  'Hạ tầng đường truyền chưa ổn định',
  'Chờ hướng dẫn của bộ, ngành Trung ương',
  'Dữ liệu chưa được chuẩn hóa',
];
const PROPOSALS = [
  'Đề nghị bổ sung kinh phí',
  'Đề nghị Sở KH&CN hỗ trợ kỹ thuật',
  'Đề nghị gia hạn thời gian thực hiện',
  'Đề nghị tổ chức tập huấn',
];

/** The deadline phrase of a task of a plan dated `docDate`, drawn as plans write them. */
function deadlinePhrase(r: ReturnType<typeof prng>, docDate: string): string {
  const at = parseIsoDate(addDays(docDate, r.int(45, 600))) as NonNullable<ReturnType<typeof parseIsoDate>>;
  const x = r.next();
  if (x < 0.45) return `Trước ngày ${at.day}/${at.month}/${at.year}`;
  if (x < 0.6) return `Quý ${ROMAN[Math.floor((at.month - 1) / 3)]}/${at.year}`;
  if (x < 0.7) return `Tháng ${at.month}/${at.year}`;
  if (x < 0.78) return `Năm ${at.year}`;
  if (x < 0.83) return `6 tháng ${at.month <= 6 ? 'đầu' : 'cuối'} năm ${at.year}`;
  if (x < 0.9) return 'Thường xuyên';
  if (x < 0.95) return 'Trước ngày 20 hằng tháng';
  return `${at.year} - ${at.year + 1}`;
}

/**
 * Builds the dataset in the province `provinceId` as `coordinator` (its documents' creator).
 * Returns what it made; `ANALYZE`s the tables, as a database that has been in use would be.
 */
export async function generateProvince(
  db: Db,
  provinceId: string,
  coordinator: Actor,
  options: { scale?: ProvinceScale; seed?: number; today?: string } = {},
): Promise<GeneratedProvince> {
  const scale = options.scale ?? PROVINCE_SCALE;
  const today = options.today ?? vietnamDay();
  const r = prng(options.seed ?? 20_260_415);

  // ——— Units: departments and communes under the root, up to `scale.units` ———
  const active = and(eq(units.provinceId, provinceId), ne(units.kind, 'province'), eq(units.active, true)) as SQL;
  const held = await db.select({ id: units.id }).from(units).where(active);
  const newUnits: (typeof units.$inferInsert)[] = [];
  const made = { departments: 0, communes: 0 };
  for (let i = 0; held.length + newUnits.length < scale.units; i++) {
    // Three departments in ten, the rest communes; every name its own.
    const department = i % 10 < 3;
    const k = department ? made.departments++ : made.communes++;
    const words = department ? FIELDS : PLACES;
    const n = Math.floor(k / words.length) + 1;
    const name = department ? `Sở ${words[k % words.length]} số ${n}` : `Xã ${words[k % words.length]} ${n}`;
    const shortName = department ? `Sở ${words[k % words.length]} ${n}` : name;
    const code = `BENCH_${department ? 'S' : 'X'}${String(i + 1).padStart(3, '0')}`;
    newUnits.push({
      id: r.uuid(),
      provinceId,
      parentId: provinceId,
      code,
      kind: department ? 'department' : 'commune',
      name,
      shortName,
      searchText: unitSearchText({ name, shortName, code, aliases: [] }),
      sortOrder: 1000 + i,
    });
  }
  await insertChunked(db, units, newUnits);
  const all = await db
    .select({ id: units.id, kind: units.kind, name: units.name, shortName: units.shortName })
    .from(units)
    .where(active)
    .orderBy(units.code);
  const leaders = all.filter((u) => !['commune', 'ward'].includes(u.kind));
  const locals = all.filter((u) => ['commune', 'ward'].includes(u.kind));
  const groups = await db
    .select({ id: unitGroups.id, phrase: unitGroups.phrase })
    .from(unitGroups)
    .where(
      and(
        eq(unitGroups.provinceId, provinceId),
        inArray(unitGroups.phrase, ['Các sở, ban, ngành', 'UBND các xã, phường', 'Các sở, ban, ngành, địa phương']),
      ),
    )
    .orderBy(unitGroups.phrase);
  const [ubnd] = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.provinceId, provinceId), eq(units.code, 'UBND')));

  // ——— Plans: ten documents of the provincial People's Committee, 2025–2026 ———
  const docs = Array.from({ length: scale.documents }, (_, i) => {
    const symbol = `${101 + i}/KH-UBND`;
    const title = `Kế hoạch thực hiện nhiệm vụ ${THEMES[i % THEMES.length]} năm 2025 - 2026 (số liệu đo hiệu năng ${i + 1})`;
    return {
      id: r.uuid(),
      provinceId,
      symbol,
      number: 101 + i,
      type: 'KH',
      issuerCode: 'UBND',
      issuerUnitId: ubnd?.id ?? null,
      issuerName: 'Ủy ban nhân dân tỉnh Thái Nguyên',
      issuedOn: addDays('2024-12-20', i * 52),
      title,
      searchText: foldText(`${symbol} ${title}`),
      createdBy: coordinator.userId,
    };
  });
  await insertChunked(db, documents, docs);

  // ——— Tasks, their parties and assigning documents ———
  const parsed = new Map<string, Deadline>();
  const deadlineOf = (phrase: string, docDate: string) => {
    const key = `${phrase}|${docDate}`;
    const held = parsed.get(key);
    if (held) return held;
    const d = parseDeadline(phrase, { documentDate: docDate });
    parsed.set(key, d);
    return d;
  };
  const taskRows: (typeof tasks.$inferInsert)[] = [];
  const unitLinks: (typeof taskUnits.$inferInsert)[] = [];
  const groupLinks: (typeof taskUnitGroups.$inferInsert)[] = [];
  const docLinks: (typeof taskDocuments.$inferInsert)[] = [];
  /** per task: the units that send updates (the lead first), its first month and how it ends */
  const plans: { taskId: string; reporters: string[]; startOn: string; percent: number; done: boolean }[] = [];
  const perDoc = Math.ceil(scale.tasks / scale.documents);
  for (let i = 0; i < scale.tasks; i++) {
    const doc = docs[Math.floor(i / perDoc)] as (typeof docs)[number];
    const row = i % perDoc;
    const s = Math.floor((row * SECTIONS.length) / perDoc);
    const section = `${ROMAN[s]}. ${SECTIONS[s]}`;
    const theme = r.pick(THEMES);
    const content = `${r.pick(VERBS)} ${r.pick(OBJECTS)} về ${theme} (${i + 1})`;
    const deadline = deadlineOf(deadlinePhrase(r, doc.issuedOn), doc.issuedOn);
    const due = dueDay(deadline);
    const id = r.uuid();

    // Parties: one lead (a few have two, a few lead by a group phrase), up to three supports.
    const groupLead = groups.length > 0 && r.chance(0.01);
    const lead = r.chance(0.65) ? r.pick(leaders) : r.pick(locals);
    const named = new Map<string, 'lead' | 'support'>([[lead.id, 'lead']]);
    if (r.chance(0.08)) named.set(r.pick(leaders).id, 'lead');
    for (let k = r.int(0, 3); k > 0; k--) {
      const u = r.chance(0.5) ? r.pick(leaders) : r.pick(locals);
      if (!named.has(u.id)) named.set(u.id, 'support');
    }
    for (const [unitId, role] of named) unitLinks.push({ provinceId, taskId: id, unitId, role });
    const group = groupLead || r.chance(0.05) ? r.pick(groups) : undefined;
    if (group) groupLinks.push({ provinceId, taskId: id, groupId: group.id, role: groupLead ? 'lead' : 'support' });
    docLinks.push({ provinceId, taskId: id, documentId: doc.id });
    if (r.chance(0.1)) {
      const other = r.pick(docs);
      if (other.id !== doc.id) docLinks.push({ provinceId, taskId: id, documentId: other.id });
    }
    const names = [...named.keys()].map((uid) => all.find((u) => u.id === uid) as (typeof all)[number]);
    const leadText =
      names
        .filter((u) => named.get(u.id) === 'lead')
        .map((u) => u.name)
        .join('; ') ||
      (group?.phrase ?? '');
    const supportText = names
      .filter((u) => named.get(u.id) === 'support')
      .map((u) => u.name)
      .join('; ');

    // State, as at `today`.
    const startOn = addDays(doc.issuedOn, r.int(5, 120));
    const started = startOn <= today && r.chance(0.85);
    let state = 'open';
    let completedOn: string | null = null;
    let proposedDoneOn: string | null = null;
    const x = r.next();
    if (x < 0.02) state = 'cancelled';
    else if (x < 0.05) state = 'paused';
    else if (started && due && due < today && r.chance(0.7)) {
      state = 'done';
      completedOn = addDays(due, r.int(-90, 40));
      if (completedOn <= startOn) completedOn = addDays(startOn, 10);
      if (completedOn > today) completedOn = today;
    } else if (started && r.chance(0.2)) {
      state = 'done';
      completedOn = addDays(startOn, r.int(20, 300));
      if (completedOn > today) completedOn = today;
    } else if (started && r.chance(0.04)) {
      state = 'done_proposed';
      proposedDoneOn = addDays(today, -r.int(1, 20));
    }
    const percent = state === 'done' ? 100 : started ? r.int(1, 19) * 5 : 0;
    const code = `${s + 1}.${row + 1}`;
    taskRows.push({
      id,
      provinceId,
      documentId: doc.id,
      code,
      section,
      position: row + 1,
      content,
      deliverable: `Báo cáo kết quả ${theme}`,
      deadline,
      originalDeadline: deadline,
      dueOn: due,
      leadText,
      supportText,
      tags: [theme],
      state,
      startedOn: started ? startOn : null,
      percent,
      proposedDoneOn,
      completedOn,
      searchText: foldText(
        [
          code,
          content,
          `Báo cáo kết quả ${theme}`,
          section,
          leadText,
          supportText,
          theme,
          ...names.flatMap((u) => [u.name, u.shortName]),
        ].join(' | '),
      ),
      createdBy: coordinator.userId,
    });
    plans.push({ taskId: id, reporters: [...named.keys()], startOn, percent, done: state === 'done' });
  }
  await insertChunked(db, tasks, taskRows);
  await insertChunked(db, taskUnits, unitLinks);
  await insertChunked(db, taskUnitGroups, groupLinks);
  await insertChunked(db, taskDocuments, docLinks);

  // ——— The regime and its 24 periods ———
  const monthly = periodsBetween('monthly', `${FIRST_PERIOD}-14`, `${LAST_PERIOD}-14`);
  if (monthly.length !== 24 || monthly[0]?.key !== FIRST_PERIOD || monthly.at(-1)?.key !== LAST_PERIOD) {
    throw new Error(`expected 24 monthly periods ${FIRST_PERIOD} … ${LAST_PERIOD}, got ${monthly.map((p) => p.key).join(', ')}`);
  }
  const unitIds = all.map((u) => u.id);
  const regimeId = r.uuid();
  await insertChunked(db, reportRegimes, [
    {
      id: regimeId,
      provinceId,
      code: BENCH_REGIME_CODE,
      name: 'Báo cáo tháng tình hình thực hiện nhiệm vụ (số liệu đo hiệu năng)',
      frequency: 'monthly',
      cutoffDay: 14,
      dueDay: 20,
      source: 'bench/reporting-data.ts',
      activeFrom: monthly[0]?.start as string,
      closeAfterDays: 30,
      unitIds,
    },
  ]);
  const periods = monthly.map((p) => {
    const closed = addDays(p.due, 30) < today;
    return {
      id: r.uuid(),
      provinceId,
      regimeId,
      key: p.key,
      label: p.label,
      startOn: p.start,
      endOn: p.end,
      dueOn: p.due,
      state: closed ? 'closed' : 'open',
      unitIds,
      openedAt: new Date(`${p.start}T00:05:00+07:00`),
      closedAt: closed ? new Date(`${addDays(p.due, 31)}T00:05:00+07:00`) : null,
    };
  });
  await insertChunked(db, reportingPeriods, periods);

  // ——— Progress updates: `scale.updates` (task, unit, period) triples, none twice ———
  // Each task reports monthly from the period it starts in; the lead unit every month, its
  // supports in a few; the first task plans take one more update each until the total is met.
  const perTask = Math.floor(scale.updates / plans.length);
  const extra = scale.updates - perTask * plans.length;
  const keyIndex = (day: string) => {
    const i = monthly.findIndex((p) => p.start <= day && day <= p.end);
    return i < 0 ? (day < (monthly[0]?.start as string) ? 0 : monthly.length - 1) : i;
  };
  const updateRows: (typeof taskUpdates.$inferInsert)[] = [];
  plans.forEach((t, i) => {
    const want = perTask + (i < extra ? 1 : 0);
    const lead = t.reporters[0] as string;
    const supports = t.reporters.slice(1);
    const leadMonths = Math.min(monthly.length, Math.max(1, want - Math.min(2, supports.length * 2)));
    const first = Math.min(keyIndex(t.startOn), monthly.length - leadMonths);
    const slots: { unitId: string; role: string; at: number }[] = [];
    for (let k = 0; k < leadMonths; k++) slots.push({ unitId: lead, role: 'lead', at: first + k });
    for (let k = 0; slots.length < want && k < monthly.length * Math.max(1, supports.length); k++) {
      const unitId = supports[k % Math.max(1, supports.length)];
      if (!unitId) break;
      slots.push({
        unitId,
        role: 'support',
        at: first + ((leadMonths - 1 - Math.floor(k / supports.length) + monthly.length) % monthly.length),
      });
    }
    // Tasks with no support unit make up the count with lead months before the first.
    for (let k = 1; slots.length < want; k++) slots.push({ unitId: lead, role: 'lead', at: (first - k + monthly.length) % monthly.length });
    const lastLead = Math.max(...slots.filter((s) => s.role === 'lead').map((s) => s.at));
    for (const slot of slots) {
      const p = monthly[slot.at] as (typeof monthly)[number];
      const share = (slot.at - first + 1) / (lastLead - first + 1);
      const percent =
        slot.at === lastLead && slot.role === 'lead' ? t.percent : Math.min(95, Math.round((t.percent * Math.max(0, share)) / 5) * 5);
      const submittedOn = p.end < today ? addDays(p.end, r.int(0, 6)) : today;
      const y = r.next();
      updateRows.push({
        id: r.uuid(),
        provinceId,
        taskId: t.taskId,
        unitId: slot.unitId,
        role: slot.role,
        period: p.key,
        claim: t.done && slot.at === lastLead && slot.role === 'lead' ? 'done' : percent > 0 ? 'in_progress' : 'not_started',
        percent,
        result: `Kết quả ${p.label.toLocaleLowerCase('vi')}: đạt ${percent}% khối lượng`,
        obstacles: r.chance(0.15) ? r.pick(OBSTACLES) : '',
        proposals: r.chance(0.1) ? r.pick(PROPOSALS) : '',
        state: y < 0.7 ? 'accepted' : y < 0.95 ? 'submitted' : 'returned',
        submittedAt: new Date(`${submittedOn}T10:00:00+07:00`),
      });
    }
  });
  await insertChunked(db, taskUpdates, updateRows);

  // ——— Units' reports: most on time, some late, some never sent ———
  const reliability = new Map(unitIds.map((id) => [id, 0.55 + r.next() * 0.44]));
  const reportRows: (typeof unitReports.$inferInsert)[] = [];
  for (const p of periods) {
    for (const unitId of unitIds) {
      const reliable = reliability.get(unitId) as number;
      let first: string | null = null;
      let state = 'draft';
      if (p.dueOn > today) {
        // Not yet due: some sent early, some drafting, most not started.
        if (r.chance(0.25)) first = addDays(p.endOn, r.int(0, toDayNumber(today) - toDayNumber(p.endOn)));
        else if (!r.chance(0.4)) continue;
      } else {
        if (!r.chance(0.3 + reliable * 0.68)) continue; // never sent
        if (r.chance(0.04)) {
          // a draft left unsent
        } else if (r.chance(reliable)) first = addDays(p.dueOn, -r.int(0, 5));
        else first = addDays(p.dueOn, r.int(1, 25));
        if (first && first > today) first = today;
      }
      if (first && first < p.endOn) first = p.endOn;
      if (first) {
        const y = r.next();
        state = y < 0.75 ? 'accepted' : y < 0.9 ? 'submitted' : 'returned';
      }
      reportRows.push({
        id: r.uuid(),
        provinceId,
        periodId: p.id,
        unitId,
        state,
        summary: `Báo cáo ${p.label.toLocaleLowerCase('vi')}: các nhiệm vụ được triển khai theo kế hoạch.`,
        obstacles: r.chance(0.2) ? r.pick(OBSTACLES) : '',
        proposals: r.chance(0.15) ? r.pick(PROPOSALS) : '',
        submittedAt: first ? new Date(`${first}T15:00:00+07:00`) : null,
        firstSubmittedOn: first,
        updatedAt: new Date(`${first ?? p.endOn}T15:00:00+07:00`),
      });
    }
  }
  await insertChunked(db, unitReports, reportRows);
  await db.execute(sql`analyze`);

  return {
    unitIds,
    documentIds: docs.map((d) => d.id),
    regimeId,
    periods: periods.map((p) => ({ id: p.id, key: p.key })),
    rows: {
      units: newUnits.length,
      documents: docs.length,
      tasks: taskRows.length,
      taskUnits: unitLinks.length,
      taskUnitGroups: groupLinks.length,
      taskDocuments: docLinks.length,
      taskUpdates: updateRows.length,
      periods: periods.length,
      unitReports: reportRows.length,
    },
  };
}
