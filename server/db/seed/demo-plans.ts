import fs from 'node:fs';
import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import type { RegimeCreate } from '#common/contracts/reporting.ts';
import { formatDocumentNumber, parseDocumentNumber } from '#common/domain/document-number.ts';
import { createDocument, documentSearchText } from '../../features/documents/documents.service.ts';
import { documents } from '../../features/documents/documents.table.ts';
import { commitImport, previewImport } from '../../features/plans/plans.service.ts';
import { createRegime } from '../../features/reporting/periods.service.ts';
import { reportRegimes } from '../../features/reporting/reporting.table.ts';
import { reachedUnitsOf } from '../../features/tasks/tasks.queries.ts';
import { tasks } from '../../features/tasks/tasks.table.ts';
import { units } from '../../features/units/units.table.ts';
import { actorOfUser } from '../../features/users/sessions.service.ts';
import { users } from '../../features/users/users.table.ts';
import { appendAudit } from '../../kernel/audit/audit.service.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import type { Db } from '../client.ts';

/**
 * The seed plans in the demo province (issue 4 §8): the five source documents (000–004) and
 * the notice 004 implements, as documents; with `plans`, the appendices of 003 and 004 imported
 * through the importer itself (previewImport + commitImport, as the demo coordinator), so a new
 * user sees a real, populated system: 96 tasks, their assigning documents and the cross-plan
 * links the import proposes. The appendix texts are copies of the seeds in ./plans.
 *
 * Symbols, dates and titles are those of the documents' headers. The plans are unnumbered
 * drafts ("Số: /KH-UBND"); 002's header carries no number, and 004 cites it as "Đề án số
 * 22-ĐA/TU"; 004 is dated "ngày /4/2026", without a day, and the demo takes 15/4/2026 so that
 * its deadlines "Quý III" have their year.
 */
interface SeedDocument {
  key: string;
  symbol: string;
  issuedOn: string | null;
  title: string;
  /** the issuing unit of the province, by code; else the issuer in words */
  issuerUnit?: string;
  issuerName: string;
  implements?: string[];
  /** the appendix to import, in ./plans */
  appendix?: string;
}

const UBND = 'Ủy ban nhân dân tỉnh Thái Nguyên';

export const DEMO_DOCUMENTS: SeedDocument[] = [
  {
    key: '13-TB',
    symbol: '13-TB/CQTT',
    issuedOn: '2026-04-01',
    title:
      'Thông báo kết luận của đồng chí Ủy viên Ban Chấp hành Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Thái Nguyên tại Phiên họp thứ nhất Ban Chỉ đạo năm 2026',
    issuerName: 'Cơ quan Thường trực Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh',
  },
  {
    key: '000',
    symbol: 'Số: /KH-UBND',
    issuedOn: null,
    title:
      'Triển khai thực hiện Quyết định số 2815/QĐ-TTg ngày 28/12/2025 của Thủ tướng Chính phủ phê duyệt Chương trình khoa học, công nghệ và đổi mới sáng tạo quốc gia phát triển sản phẩm công nghệ chiến lược ưu tiên triển khai ngay trên địa bàn tỉnh Thái Nguyên giai đoạn 2026 - 2030',
    issuerUnit: 'UBND',
    issuerName: UBND,
  },
  {
    key: '001',
    symbol: 'Số: /KH-UBND',
    issuedOn: null,
    title:
      'Triển khai thực hiện Quyết định số 2815/QĐ-TTg ngày 28/12/2025 của Thủ tướng Chính phủ phê duyệt Chương trình khoa học, công nghệ và đổi mới sáng tạo quốc gia phát triển sản phẩm công nghệ chiến lược ưu tiên triển khai ngay trên địa bàn tỉnh Ninh Bình',
    issuerName: 'Ủy ban nhân dân tỉnh Ninh Bình',
  },
  {
    key: '002',
    symbol: '22-ĐA/TU',
    issuedOn: null,
    title: 'Phát triển khoa học công nghệ, đổi mới sáng tạo, chuyển đổi số tỉnh Thái Nguyên giai đoạn 2026-2030',
    issuerUnit: 'TU',
    issuerName: 'Ban Chấp hành Đảng bộ tỉnh Thái Nguyên',
  },
  {
    key: '003',
    symbol: 'Số: /KH-UBND',
    issuedOn: null,
    title: 'Hỗ trợ doanh nghiệp tham gia phát triển các ứng dụng, dịch vụ số mới theo hình thức hợp tác công tư (PPP)',
    issuerUnit: 'UBND',
    issuerName: UBND,
    appendix: '003.txt',
  },
  {
    key: '004',
    symbol: 'Số: /KH-UBND',
    issuedOn: '2026-04-15',
    title:
      'Triển khai thực hiện Thông báo kết luận của đồng chí Ủy viên Ban Chấp hành Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Thái Nguyên tại Phiên họp thứ nhất Ban Chỉ đạo năm 2026',
    issuerUnit: 'UBND',
    issuerName: UBND,
    implements: ['13-TB'],
    appendix: '004.txt',
  },
];

const plansDir = new URL('./plans/', import.meta.url);

export async function demoCoordinator(db: Db, provinceId: string): Promise<Actor | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.provinceId, provinceId), eq(users.role, 'coordinator')))
    .limit(1);
  return user ? actorOfUser(user, 'seed') : null;
}

/** The document as seeded (or typed in) before, else a new one. */
async function ensureDocument(db: Db, actor: Actor, spec: SeedDocument, ids: Map<string, string>): Promise<string> {
  const parsed = parseDocumentNumber(spec.symbol);
  const symbol = formatDocumentNumber(parsed);
  const [found] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(
        eq(documents.provinceId, actor.provinceId),
        eq(documents.symbol, symbol),
        // A numbered document is one document whatever its title says (or a date a person added
        // since); unnumbered drafts share their symbol ("/KH-UBND") and are told apart by date and title.
        spec.issuedOn ? eq(documents.issuedOn, spec.issuedOn) : parsed.number === null ? isNull(documents.issuedOn) : undefined,
        parsed.number === null ? eq(documents.title, spec.title) : undefined,
      ),
    );
  if (found) return found.id;
  const [unit] = spec.issuerUnit
    ? await db
        .select()
        .from(units)
        .where(and(eq(units.provinceId, actor.provinceId), eq(units.code, spec.issuerUnit)))
    : [];
  if (parsed.number !== null && !spec.issuedOn) {
    // A numbered document known only by its citation (002, "Đề án số 22-ĐA/TU"): recorded as
    // the importer records an assigning document it does not know, for a person to date later.
    return db.transaction(async (tx) => {
      const [row] = await tx
        .insert(documents)
        .values({
          provinceId: actor.provinceId,
          symbol,
          number: parsed.number,
          type: parsed.type,
          issuerCode: parsed.issuer,
          issuerUnitId: unit?.id ?? null,
          issuerName: spec.issuerName,
          title: spec.title,
          searchText: documentSearchText({ symbol, title: spec.title, issuerName: spec.issuerName, unit: unit ?? null }),
          createdBy: actor.userId,
        })
        .returning();
      if (!row) throw new Error('insert returned no row');
      await appendAudit(tx, actor, {
        action: 'document.create',
        entity: 'document',
        entityId: row.id,
        after: { id: row.id, symbol, title: spec.title, seed: 'demo' },
      });
      return row.id;
    });
  }
  const created = await createDocument(db, actor, {
    symbol: spec.symbol,
    issuedOn: spec.issuedOn,
    title: spec.title,
    issuerUnitId: unit?.id ?? null,
    issuerName: spec.issuerName,
    implementsIds: (spec.implements ?? []).map((key) => ids.get(key) as string),
    replacesIds: [],
  });
  return created.id;
}

/**
 * Seeds the demo's documents and, with `plans`, imports the appendices of 003 and 004 (003
 * first, so 004's import proposes its links to 003). Idempotent: a plan whose document already
 * has tasks is left as it is.
 */
export async function seedDemoPlans(db: Db, provinceId: string, options: { plans: boolean }): Promise<void> {
  const actor = await demoCoordinator(db, provinceId);
  if (!actor) return;
  const ids = new Map<string, string>();
  for (const spec of DEMO_DOCUMENTS) ids.set(spec.key, await ensureDocument(db, actor, spec, ids));
  if (!options.plans) return;
  for (const spec of DEMO_DOCUMENTS) {
    if (!spec.appendix) continue;
    const documentId = ids.get(spec.key) as string;
    const [held] = await db.select({ n: count() }).from(tasks).where(eq(tasks.documentId, documentId));
    if (held?.n) continue;
    const preview = await previewImport(db, actor, {
      bytes: fs.readFileSync(new URL(spec.appendix, plansDir)),
      fileName: spec.appendix,
      symbol: spec.symbol,
      issuedOn: spec.issuedOn ?? undefined,
      title: spec.title,
    });
    if (preview.document.documentId !== documentId) {
      throw new Error(`demo plan ${spec.key}: the importer found another document (${preview.document.documentId})`);
    }
    await commitImport(db, actor, preview.id, { version: preview.version, unitMappings: [], rows: [] });
  }
  await seedDemoRegimes(db, actor, ids);
}

/**
 * The plans' reporting duties as regimes: 004 §III.2 asks every lead unit for a monthly report
 * before the 20th; 003 asks for a yearly one before 15/12; the Steering Committee may ask at
 * any time (ad hoc). The units are those leading the plans' tasks, group phrases expanded.
 */
async function seedDemoRegimes(db: Db, actor: Actor, ids: Map<string, string>) {
  const leadsOf = async (documentIds: string[]) => {
    const taskIds = (await db.select({ id: tasks.id }).from(tasks).where(inArray(tasks.documentId, documentIds))).map((t) => t.id);
    return [...new Set((await reachedUnitsOf(db, taskIds)).filter((u) => u.role === 'lead').map((u) => u.unitId))];
  };
  const plan004 = [ids.get('004') as string];
  const plan003 = [ids.get('003') as string];
  const regimes: RegimeCreate[] = [
    {
      code: 'thang',
      name: 'Báo cáo tháng tình hình thực hiện nhiệm vụ KH&CN, ĐMST và CĐS',
      frequency: 'monthly',
      cutoffDay: 14,
      dueDay: 20,
      source: 'Kế hoạch triển khai Thông báo 13-TB/CQTT (004), mục III.2: báo cáo trước ngày 20 hằng tháng',
      activeFrom: '2026-04-01',
      closeAfterDays: 30,
      unitIds: await leadsOf(plan004),
    },
    {
      code: 'nam-ppp',
      name: 'Báo cáo năm kết quả hỗ trợ doanh nghiệp phát triển ứng dụng, dịch vụ số (PPP)',
      frequency: 'annual',
      cutoffDay: 14,
      dueDay: 15,
      source: 'Kế hoạch hỗ trợ doanh nghiệp theo hình thức PPP (003): báo cáo trước ngày 15/12 hằng năm',
      activeFrom: '2026-01-01',
      closeAfterDays: 30,
      unitIds: await leadsOf(plan003),
    },
    {
      code: 'dot-xuat',
      name: 'Báo cáo đột xuất theo yêu cầu của Ban Chỉ đạo',
      frequency: 'ad_hoc',
      cutoffDay: 14,
      dueDay: 20,
      source: 'Quy chế làm việc của Ban Chỉ đạo',
      activeFrom: '2026-01-01',
      closeAfterDays: 30,
      unitIds: await leadsOf([...plan004, ...plan003]),
    },
  ];
  const held = new Set(
    (await db.select({ code: reportRegimes.code }).from(reportRegimes).where(eq(reportRegimes.provinceId, actor.provinceId))).map(
      (r) => r.code,
    ),
  );
  for (const regime of regimes) if (!held.has(regime.code) && regime.unitIds.length) await createRegime(db, actor, regime);
}
