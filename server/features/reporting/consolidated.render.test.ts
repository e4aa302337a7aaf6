import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { ReportData } from '#common/contracts/reporting.ts';
import { draftNarrative, type ReportHeading, renderReportDocx } from './consolidated.render.ts';

const heading: ReportHeading = {
  governingBody: 'UBND TỈNH THÁI NGUYÊN',
  issuingBody: 'SỞ KHOA HỌC VÀ CÔNG NGHỆ',
  symbol: '/BC-SKHCN',
  place: 'Thái Nguyên',
  issuedOn: null,
  summary: 'Kết quả thực hiện nhiệm vụ tháng 4/2026',
  signer: { authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC', name: '' },
  recipients: ['Lưu: VT'],
  draft: true,
};

function data(overdueListed: number, overdueTotal: number): ReportData {
  const figures = { total: 2000, due: 2000, doneOnTime: 0, doneLate: 0, overdue: overdueTotal, inProgress: 0, notStarted: 0, percent: 10 };
  return {
    asOf: '2026-04-14',
    generatedOn: '2026-04-22',
    plans: [],
    totals: figures,
    sections: [],
    overdue: Array.from({ length: overdueListed }, (_, i) => ({
      taskId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      code: String(i + 1),
      content: `Nhiệm vụ số ${i + 1}`,
      documentSymbol: '35/KH-UBND',
      leads: ['Sở Y tế'],
      due: '2026-01-31',
      daysLate: 73,
      reason: '',
    })),
    rates: { expected: 0, submitted: 0, onTime: 0, late: 0, missing: 0, pending: 0, completeness: 0, timeliness: 0 },
    missingUnits: [],
    lateUnits: [],
    obstacles: [],
    proposals: [],
    dueNext: [],
  };
}

async function documentXml(d: ReportData): Promise<string> {
  const docx = await renderReportDocx(heading, d, draftNarrative(d, 'tháng 4/2026'));
  return (await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string')) ?? '';
}

describe('the report’s overdue table', () => {
  it('says where the rest are when it lists only the longest overdue', async () => {
    const xml = await documentXml(data(100, 1809));
    expect(xml).toContain('Nhiệm vụ số 100');
    expect(xml).toContain('Bảng trên liệt kê 100 nhiệm vụ quá hạn lâu nhất; đủ 1.809 nhiệm vụ quá hạn có tại Phụ lục kèm theo');
  });

  it('says nothing more when it lists them all', async () => {
    const xml = await documentXml(data(3, 3));
    expect(xml).toContain('Nhiệm vụ số 3');
    expect(xml).not.toContain('Bảng trên liệt kê');
  });
});
