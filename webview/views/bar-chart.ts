// Horizontal bar charts as inline SVG: one group per channel, one bar per series
// (e.g. per attribution model). Colours come from CSS classes bound to the theme's
// `--vscode-charts-*` variables; every label is a text node.

import { el, svg } from '../dom';
import { formatNumber } from '../format';

export interface BarChartSpec {
  id: string;
  title: string;
  series: string[];
  groups: Array<{ label: string; values: number[] }>;
  /** The value of a full-width bar; default the largest value (small multiples share one scale). */
  max?: number;
  /** Drawing width in SVG units (narrower for small multiples). */
  width?: number;
  /** The colour of the first series (small multiples give each chart its own). */
  colorIndex?: number;
}

const WIDTH = 640;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 70;
const BAR_HEIGHT = 14;
const BAR_GAP = 2;
const GROUP_GAP = 10;
const LEGEND_HEIGHT = 22;

export function barChart(spec: BarChartSpec): HTMLElement {
  const { series, groups } = spec;
  const max = spec.max ?? groups.reduce((max, group) => group.values.reduce((m, value) => Math.max(m, value), max), 0);
  const width = spec.width ?? WIDTH;
  const barArea = width - LABEL_WIDTH - VALUE_WIDTH;
  const legend = series.length > 1;
  const groupHeight = series.length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP;
  const top = legend ? LEGEND_HEIGHT : 0;
  const height = top + groups.length * (groupHeight + GROUP_GAP);
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${Math.max(height, 1)}`,
    width: '100%',
    class: 'bar-chart',
    role: 'img',
    'aria-labelledby': `${spec.id}-title`,
  });
  chart.appendChild(svg('title', { id: `${spec.id}-title` }, spec.title));
  if (legend) {
    let x = LABEL_WIDTH;
    series.forEach((name, index) => {
      chart.appendChild(svg('rect', { x, y: 4, width: 10, height: 10, class: `bar series-${index % 8}` }));
      const label = svg('text', { x: x + 14, y: 13, class: 'legend' }, name);
      chart.appendChild(label);
      x += 24 + name.length * 6.5;
    });
  }
  groups.forEach((group, groupIndex) => {
    const y0 = top + groupIndex * (groupHeight + GROUP_GAP);
    chart.appendChild(
      svg('text', { x: LABEL_WIDTH - 8, y: y0 + groupHeight / 2 + 4, class: 'group-label', 'text-anchor': 'end' }, truncate(group.label, 26)),
    );
    group.values.forEach((value, seriesIndex) => {
      const y = y0 + seriesIndex * (BAR_HEIGHT + BAR_GAP);
      const length = max > 0 ? (value / max) * barArea : 0;
      const bar = svg('rect', {
        x: LABEL_WIDTH,
        y,
        width: Math.max(length, value > 0 ? 1 : 0),
        height: BAR_HEIGHT,
        class: `bar series-${(seriesIndex + (spec.colorIndex ?? 0)) % 8}`,
      });
      bar.appendChild(svg('title', {}, `${group.label}${series.length > 1 ? ` · ${series[seriesIndex]}` : ''}: ${formatNumber(value)}`));
      chart.appendChild(bar);
      chart.appendChild(svg('text', { x: LABEL_WIDTH + length + 4, y: y + BAR_HEIGHT - 3, class: 'value' }, formatNumber(value)));
    });
  });
  const caption = el('figcaption', {}, spec.title);
  // A small multiple is named above its bars; a full chart is captioned below.
  return spec.width === undefined ? el('figure', { class: 'chart', id: spec.id }, chart, caption) : el('figure', { class: 'chart small', id: spec.id }, caption, chart);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
