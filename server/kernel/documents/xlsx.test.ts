import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeXlsx } from './xlsx.ts';

async function reopen(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

describe('writeXlsx', () => {
  it('writes a table that reopens with its title, header, sections, text and numbers', async () => {
    const bytes = writeXlsx([
      {
        name: 'Phụ lục',
        title: 'PHỤ LỤC KẾT QUẢ',
        subtitle: '(Số liệu tính đến ngày 14/04/2026)',
        columns: [
          { header: 'STT', width: 6 },
          { header: 'Nội dung nhiệm vụ', width: 50 },
          { header: 'Tiến độ (%)', width: 10 },
        ],
        rows: [
          { section: 'I. Hạ tầng' },
          ['1', 'Phủ sóng 5G <toàn tỉnh> & "vùng lõm"', 40],
          ['2', 'Số hóa hồ sơ', 16303827],
          ['3', 'Kết nối 8/12 bệnh viện; tháng 12 kết nối thêm 4 bệnh viện còn lại, thiết kế kho dữ liệu đã duyệt', 29.6],
          [],
          { note: 'Trích xuất' },
        ],
        landscape: true,
        textColumn: 1,
      },
    ]);
    const sheet = (await reopen(bytes)).worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.name).toBe('Phụ lục');
    expect(sheet.getCell('A1').value).toBe('PHỤ LỤC KẾT QUẢ');
    expect(sheet.getCell('A1').isMerged).toBe(true);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('A2').font?.italic).toBe(true);
    expect(sheet.getRow(3).values).toEqual([undefined, 'STT', 'Nội dung nhiệm vụ', 'Tiến độ (%)']);
    expect(sheet.getCell('B4').value).toBe('I. Hạ tầng');
    expect(sheet.getCell('B4').font?.bold).toBe(true);
    expect(sheet.getCell('B5').value).toBe('Phủ sóng 5G <toàn tỉnh> & "vùng lõm"');
    expect(sheet.getCell('B5').alignment?.wrapText).toBe(true);
    expect(sheet.getCell('C5').value).toBe(40);
    expect(sheet.getCell('C6').value).toBe(16303827);
    expect(sheet.getCell('C6').numFmt).toBe('#,##0');
    expect(sheet.getCell('C7').numFmt).toBe('#,##0.0##');
    // rows are given the height of their wrapped text, the title room for the marks above capitals
    expect(sheet.getRow(7).height).toBeGreaterThanOrEqual(30);
    expect(sheet.getRow(1).height).toBeGreaterThanOrEqual(24);
    expect(sheet.getCell('B9').value).toBe('Trích xuất');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.getColumn(2).width).toBe(50);
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, fitToHeight: 0 });
  });

  it('drops the control characters XML forbids, and shortens a sheet name to Excel’s 31 characters', async () => {
    const bytes = writeXlsx([
      { name: 'Danh sách nhiệm vụ: quá hạn / cần đôn đốc ngay', columns: [{ header: 'A', width: 10 }], rows: [['dán\u0007 từ\u000BWord']] },
    ]);
    const sheet = (await reopen(bytes)).worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.name).toHaveLength(31);
    expect(sheet.getCell('A2').value).toBe('dán từWord');
  });

  it('gives the same bytes for the same data (no timestamps inside)', () => {
    const sheet = { name: 'x', columns: [{ header: 'A', width: 10 }], rows: [['1']] };
    expect(writeXlsx([sheet]).equals(writeXlsx([sheet]))).toBe(true);
  });
});
