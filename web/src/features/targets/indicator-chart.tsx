import { useMemo } from 'react';
import type { IndicatorDetail } from '#common/contracts/indicators.ts';
import { formatNumber } from '#common/domain/indicator.ts';
import { Chart, type ChartOption } from '../../components/chart.tsx';
import { formatValue } from './targets-api.ts';

const AXIS_LABEL = { color: '#595f6b', fontSize: 12 };
const END_2030 = '2030-12-31';
const FROM = '2025-01-01';
const YEAR_MS = 365 * 24 * 3600 * 1000;
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);
const dmy = (iso: string) => iso.split('-').reverse().join('/');

type Point = { value: [string, number]; name: string };

/**
 * The indicator on a time axis: the approved values (solid), the expected path (dashed) and
 * the trend from the last value to the 2030 forecast (dotted). Its own chunk: ECharts loads
 * after the page's figures, not before them.
 */
export default function IndicatorChart({ indicator: d }: { indicator: IndicatorDetail }) {
  const option = useMemo<ChartOption>(() => {
    const fmt = (v: number) => formatValue(v, d.measure, d.kind);
    const series: Point[] = [...d.series]
      .sort((a, b) => a.periodEnd.localeCompare(b.periodEnd))
      .map((p) => ({ value: [p.periodEnd, p.value], name: p.periodLabel }));
    const path: Point[] = d.path.map((p) => ({
      value: [p.on, p.value],
      name: p.kind === 'baseline' ? `Hiện trạng ${p.on.slice(0, 4)}` : `Mục tiêu ${p.on.slice(0, 4)}`,
    }));
    const last = series.at(-1);
    const forecast: Point[] = last && d.forecast !== null ? [last, { value: [END_2030, d.forecast], name: 'Dự báo cuối năm 2030' }] : [];
    const first = [...series, ...path].map((p) => p.value[0]).sort()[0] ?? FROM;
    // From 2025 (the plan's baseline year) or the first point if earlier: a path with only its
    // 2030 target still shows the years that lead to it.
    const min = `${Math.min(Number(first.slice(0, 4)), Number(FROM.slice(0, 4)))}-01-01`;
    // Before its first point the path expects that point's value (expectedOn): draw it so, and a
    // path of only the 2030 target is a line, not a lone dot.
    const start = path[0];
    if (start && start.value[0] > min) path.unshift({ value: [min, start.value[1]], name: `Kỳ vọng như ${start.name.toLowerCase()}` });
    const line = (name: string, color: string, type: 'solid' | 'dashed' | 'dotted', data: Point[], symbol = 'circle') => ({
      type: 'line' as const,
      name,
      data,
      symbol,
      symbolSize: type === 'solid' ? 7 : 5,
      itemStyle: { color },
      lineStyle: { color, width: type === 'solid' ? 2.5 : 2, type },
    });
    return {
      grid: { left: 8, right: 16, top: 36, bottom: 40, containLabel: true },
      legend: { bottom: 0, left: 0, itemWidth: 22, itemHeight: 8, textStyle: { fontSize: 12 } },
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const { seriesName, data, marker } = p as { seriesName: string; data: Point; marker: string };
          return `${marker}${esc(seriesName)}<br/>${esc(data.name)} (${dmy(data.value[0])}): <b>${esc(fmt(data.value[1]))}</b>`;
        },
      },
      xAxis: {
        type: 'time',
        min,
        max: END_2030,
        // One tick a year: finer ticks would repeat the year label.
        minInterval: YEAR_MS,
        axisLabel: { ...AXIS_LABEL, formatter: '{yyyy}' },
        splitLine: { show: false },
      },
      yAxis: {
        type: 'value',
        name: d.kind === 'rank' ? 'hạng (1 là cao nhất)' : d.measure,
        nameTextStyle: AXIS_LABEL,
        // A rank is better when lower: the axis turns over so that up is still better.
        inverse: d.direction === 'lower',
        axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatNumber(v) },
        splitLine: { lineStyle: { color: '#eef0f3' } },
      },
      // A line with nothing to draw stays out of the legend.
      series: [
        line('Lộ trình kỳ vọng', '#8c8c8c', 'dashed', path, 'diamond'),
        line('Số liệu đã duyệt', '#0b5394', 'solid', series),
        line('Dự báo đến 2030', '#d46b08', 'dotted', forecast, 'emptyCircle'),
      ].filter((s) => s.data.length > 0),
    };
  }, [d]);

  return <Chart option={option} height={320} label={`Diễn biến chỉ tiêu ${d.code} so với lộ trình đến 2030`} testId="indicator-chart" />;
}
