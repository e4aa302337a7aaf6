import { and, count, eq, inArray } from 'drizzle-orm';
import type { DocumentCreate } from '#common/contracts/documents.ts';
import { TaskCreate } from '#common/contracts/tasks.ts';
import { formatDocumentNumber, parseDocumentNumber } from '#common/domain/document-number.ts';
import { createDocument } from '../../features/documents/documents.service.ts';
import { documents } from '../../features/documents/documents.table.ts';
import { createTask, recordAdjustment } from '../../features/tasks/tasks.service.ts';
import { tasks } from '../../features/tasks/tasks.table.ts';
import { units } from '../../features/units/units.table.ts';
import { users } from '../../features/users/users.table.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import type { Db } from '../client.ts';

/**
 * A few real tasks of 004 (Phụ lục I and II, Notice 13-TB/CQTT) so that the demo's pages
 * are not empty: Sở Y tế has work to report, the coordinator has a board and an adjusted
 * deadline. The plans themselves are loaded in full by the importer.
 */
const SECTION_III = 'III. Tập trung tạo lập, hoàn thiện hạ tầng nền tảng và dữ liệu của tỉnh';
const SECTION_II = 'II. Phát triển nguồn nhân lực đáp ứng yêu cầu đề ra';
const SECTION_I =
  'I. Tiếp tục hoàn thiện thể chế, cơ chế, chính sách để phát triển mạnh mẽ khoa học, công nghệ và đổi mới sáng tạo và chuyển đổi số trên địa bàn tỉnh';

interface DemoTask {
  code: string;
  section: string;
  position: number;
  content: string;
  deliverable: string;
  deadlineText: string;
  tags: string[];
  responsiblePerson: string;
  leads: string[];
  supports: string[];
  adjust?: string;
}

const TASKS: DemoTask[] = [
  {
    code: 'PL I.2',
    section: SECTION_I,
    position: 2,
    content: 'Ban hành quy định định mức kinh tế - kỹ thuật áp dụng đối với dịch vụ sự nghiệp công sử dụng ngân sách nhà nước',
    deliverable: 'Quyết định của UBND tỉnh',
    deadlineText: 'Trước ngày 30/4/2026',
    leads: ['SKHCN'],
    supports: ['STC'],
    tags: ['thể chế'],
    responsiblePerson: '',
  },
  {
    code: 'PL I.6',
    section: SECTION_I,
    position: 6,
    content:
      'Xây dựng kế hoạch phát triển hạ tầng số của tỉnh giai đoạn 2026 - 2030, bảo đảm đồng bộ, khả thi, hiện đại, an toàn, an ninh và có tính dự phòng cao; tạo nền tảng thúc đẩy chính quyền số, kinh tế số, xã hội số',
    deliverable: 'Hoàn thành mục tiêu phủ sóng 5G trên dân số đạt 95%',
    deadlineText: 'Trước ngày 30/11/2026',
    leads: ['SKHCN'],
    supports: ['SCT', 'SXD'],
    tags: ['hạ tầng số'],
    responsiblePerson: '',
  },
  {
    code: 'PL I.7',
    section: SECTION_II,
    position: 7,
    content:
      'Tiếp tục triển khai sâu rộng, thực chất phong trào “Bình dân học vụ số”; tăng cường đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức, nhất là cấp xã',
    deliverable: 'Kế hoạch triển khai của các cơ quan, đơn vị, địa phương',
    deadlineText: 'Tháng 4/2026',
    // "Các sở, ban, ngành, địa phương": two departments and the demo commune
    leads: ['SYT', 'SGDDT', 'XA_TAN_CUONG'],
    supports: ['SKHCN'],
    tags: ['nhân lực số', 'y tế', 'giáo dục'],
    responsiblePerson: '',
  },
  {
    code: 'PL I.10',
    section: SECTION_III,
    position: 10,
    content: 'Hoàn thiện, đưa vào vận hành thực chất kho dữ liệu dùng chung và Trung tâm giám sát, điều hành thông minh của tỉnh',
    deliverable: 'Kho dữ liệu dùng chung và Trung tâm giám sát, điều hành thông minh của tỉnh được triển khai, vận hành',
    deadlineText: 'Bắt đầu từ ngày 10/4/2026',
    leads: ['SKHCN'],
    supports: ['SYT', 'SGDDT', 'SNV'],
    tags: ['dữ liệu'],
    responsiblePerson: '',
  },
  {
    code: 'PL I.12',
    section: SECTION_III,
    position: 12,
    content: 'Triển khai Kế hoạch “Chiến dịch 100 ngày đêm cao điểm thực hiện số hóa”',
    deliverable: 'Kế hoạch của UBND tỉnh và Kế hoạch triển khai của các sở, ngành, địa phương; Báo cáo kết quả thực hiện',
    deadlineText: '12/7/2026',
    leads: ['SNV'],
    supports: ['SYT', 'SKHCN'],
    tags: ['dữ liệu'],
    responsiblePerson: '',
  },
  {
    code: 'PL I.9',
    section: SECTION_III,
    position: 9,
    content:
      'Số hóa hồ sơ sức khỏe điện tử và kết nối dữ liệu khám chữa bệnh của các cơ sở y tế trên địa bàn tỉnh với kho dữ liệu dùng chung',
    deliverable: 'Dữ liệu y tế được kết nối, chia sẻ qua kho dữ liệu dùng chung của tỉnh',
    deadlineText: 'Quý IV/2026',
    leads: ['SYT'],
    supports: ['SKHCN'],
    tags: ['y tế', 'dữ liệu'],
    responsiblePerson: 'Giám đốc Sở Y tế',
  },
  {
    code: 'BC',
    section: '',
    position: 100,
    content: 'Báo cáo kết quả thực hiện Kế hoạch hằng tháng, gửi Sở Khoa học và Công nghệ tổng hợp',
    deliverable: 'Báo cáo tháng',
    deadlineText: 'Trước ngày 20 hằng tháng',
    leads: ['SYT'],
    supports: [],
    tags: ['báo cáo định kỳ'],
    responsiblePerson: '',
  },
  {
    code: 'PL II.7',
    section: 'II. Phát triển hạ tầng số',
    position: 207,
    content: 'Thu hút đầu tư xây dựng Trung tâm dữ liệu tại tỉnh',
    deliverable: 'Khởi công xây dựng Trung tâm dữ liệu tại tỉnh',
    deadlineText: 'Quý II/2026',
    leads: ['STC', 'SKHCN'],
    supports: [],
    tags: ['hạ tầng số'],
    responsiblePerson: '',
    adjust: 'Trước ngày 30/12/2026',
  },
];

export async function seedDemoTasks(db: Db, provinceId: string): Promise<void> {
  const [existing] = await db.select({ n: count() }).from(tasks).where(eq(tasks.provinceId, provinceId));
  if (existing?.n) return;
  const [coordinator] = await db
    .select()
    .from(users)
    .where(and(eq(users.provinceId, provinceId), eq(users.role, 'coordinator')))
    .limit(1);
  if (!coordinator) return;
  const actor: Actor = {
    userId: coordinator.id,
    username: coordinator.username,
    fullName: coordinator.fullName,
    role: 'coordinator',
    unitId: coordinator.unitId,
    provinceId,
    sessionId: 'seed',
    csrfToken: '',
    totpPending: false,
  };
  const codes = [...new Set(TASKS.flatMap((t) => [...t.leads, ...t.supports]))];
  const rows = await db
    .select({ id: units.id, code: units.code })
    .from(units)
    .where(and(eq(units.provinceId, provinceId), inArray(units.code, codes)));
  const unitId = (code: string) => rows.find((r) => r.code === code)?.id ?? '';
  // A document typed in by hand before the demo tasks were seeded is reused, not duplicated.
  const reuse = async (input: DocumentCreate) => {
    const [found] = await db
      .select({ id: documents.id })
      .from(documents)
      .where(
        and(
          eq(documents.provinceId, provinceId),
          eq(documents.symbol, formatDocumentNumber(parseDocumentNumber(input.symbol))),
          eq(documents.issuedOn, input.issuedOn as string),
        ),
      );
    return found ?? createDocument(db, actor, input);
  };
  const notice = await reuse({
    symbol: '13-TB/CQTT',
    issuedOn: '2026-04-01',
    title:
      'Thông báo kết luận của đồng chí Trưởng Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh tại Phiên họp thứ nhất năm 2026',
    issuerName: 'Cơ quan Thường trực Ban Chỉ đạo',
    implementsIds: [],
    replacesIds: [],
  });
  const plan = await reuse({
    symbol: 'Số: /KH-UBND',
    issuedOn: '2026-04-15',
    title: 'Kế hoạch triển khai thực hiện Thông báo kết luận số 13-TB/CQTT ngày 01/4/2026 của Ban Chỉ đạo',
    issuerName: 'UBND tỉnh Thái Nguyên',
    implementsIds: [notice.id],
    replacesIds: [],
  });
  for (const { leads, supports, adjust, ...fields } of TASKS) {
    const task = await createTask(
      db,
      actor,
      TaskCreate.parse({
        ...fields,
        documentId: plan.id,
        documentIds: [notice.id],
        leadUnitIds: leads.map(unitId),
        supportUnitIds: supports.map(unitId),
      }),
    );
    if (adjust) {
      await recordAdjustment(db, actor, task.id, {
        deadlineText: adjust,
        reason: 'Điều chỉnh theo chỉ đạo của Ban Chỉ đạo (Phụ lục II)',
        decidingSymbol: '13-TB/CQTT',
        decidingDate: '2026-04-01',
      });
    }
  }
}
