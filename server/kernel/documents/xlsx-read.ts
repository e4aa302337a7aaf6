import ExcelJS from 'exceljs';
import { AppError } from '../errors.ts';
import { detectType } from '../files/files.service.ts';

/** A cell as the text a person typed: dates as ISO days, rich text and formulas by their text. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return String(value.result ?? '');
  }
  return String(value).normalize('NFC').trim();
}

/** The first sheet of an uploaded workbook, checked by its bytes; a clear 4xx when it is not one. */
export async function firstSheet(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  if ((await detectType(bytes, 'import.xlsx')).ext !== 'xlsx') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Tệp nhập phải là bảng tính Excel (.xlsx).');
  }
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError('BAD_REQUEST', 'Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx.');
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new AppError('BAD_REQUEST', 'Tệp Excel không có trang tính nào.');
  return sheet;
}
