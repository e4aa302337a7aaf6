import { INDICATOR_GROUP_LABELS, TRACK_STATUS_LABELS, VALUE_STATE_LABELS } from '#common/domain/indicator.ts';
import { FREQUENCY_LABELS } from '#common/domain/period.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth/guard.ts';
import { writeXlsx, type XlsxRow } from '../../kernel/documents/xlsx.ts';
import { getIndicator, listIndicators } from './indicators.service.ts';

/**
 * The catalogue as the Đề án states it (code, name, baseline, yearly and 2030 targets, owner,
 * frequency, source), with each indicator's latest approved value and judgement; then every
 * value in the caller's scope, with its state.
 */
export async function exportIndicatorsXlsx(db: Db, actor: Actor): Promise<Buffer> {
  const list = await listIndicators(db, actor);
  const catalogue: XlsxRow[] = [];
  let group: string | null = null;
  for (const i of list) {
    if (i.group !== group) {
      group = i.group;
      catalogue.push({ section: INDICATOR_GROUP_LABELS[i.group] });
    }
    catalogue.push([
      i.code,
      i.name,
      i.measure,
      i.baseline ? `${i.baseline.value} (${i.baseline.year})` : '',
      i.yearly.map((y) => `${y.year}: ${y.value}`).join('; '),
      i.target2030,
      i.owner.name,
      FREQUENCY_LABELS[i.frequency],
      i.latest ? i.latest.periodLabel : '',
      i.latest?.value,
      i.expected,
      TRACK_STATUS_LABELS[i.status],
      i.forecast,
      i.source,
    ]);
  }
  const values: XlsxRow[] = [];
  for (const i of list) {
    const detail = await getIndicator(db, actor, i.id);
    for (const v of detail.values)
      values.push([
        i.code,
        i.name,
        v.periodLabel,
        v.unit.name,
        v.value,
        i.measure,
        VALUE_STATE_LABELS[v.state],
        v.comment,
        v.reviewComment,
      ]);
  }
  return writeXlsx([
    {
      name: 'Chỉ tiêu 2030',
      title: 'DANH MỤC CHỈ TIÊU ĐẾN NĂM 2030 (ĐỀ ÁN, PHẦN 2 §I.2)',
      columns: [
        { header: 'Mã', width: 8 },
        { header: 'Chỉ tiêu', width: 48 },
        { header: 'Đơn vị tính', width: 14 },
        { header: 'Hiện trạng (năm)', width: 14 },
        { header: 'Mục tiêu theo năm', width: 18 },
        { header: 'Mục tiêu 2030', width: 12 },
        { header: 'Đơn vị chủ trì', width: 26 },
        { header: 'Tần suất', width: 12 },
        { header: 'Kỳ số liệu mới nhất', width: 16 },
        { header: 'Giá trị', width: 10 },
        { header: 'Kỳ vọng theo lộ trình', width: 12 },
        { header: 'Đánh giá', width: 18 },
        { header: 'Dự báo 2030', width: 12 },
        { header: 'Nguồn', width: 26 },
      ],
      rows: catalogue,
      landscape: true,
      textColumn: 1,
    },
    {
      name: 'Số liệu',
      columns: [
        { header: 'Mã', width: 8 },
        { header: 'Chỉ tiêu', width: 40 },
        { header: 'Kỳ', width: 16 },
        { header: 'Đơn vị', width: 26 },
        { header: 'Giá trị', width: 10 },
        { header: 'Đơn vị tính', width: 12 },
        { header: 'Trạng thái', width: 12 },
        { header: 'Giải trình', width: 36 },
        { header: 'Ý kiến Sở KH&CN', width: 36 },
      ],
      rows: values,
    },
  ]);
}
