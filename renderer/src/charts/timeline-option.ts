// ECharts option for the comparison timelines (ui-contract.md "Timeline charts"): five stacked grids
// — TLB hit rate, syncs, flushes, VM exits, violations per bin — one series per policy, marks as
// vertical lines, one dataZoom driving every x axis. Pure data from a ResultDoc, so it can move to
// core/report's shared builders (used by HTML reports too) without touching the component.
// TODO(report): switch to core/report's timeline option builder once it lands.
import type { ResultDoc, TimelineBin } from '../../../core';

export interface TimelinePanel {
  key: 'tlbHitRate' | 'syncs' | 'flushes' | 'vmExits' | 'violations';
  title: string;
  value(bin: TimelineBin): number | null;
}

export const TIMELINE_PANELS: readonly TimelinePanel[] = [
  {
    key: 'tlbHitRate',
    title: 'TLB hit rate',
    value: (b) => (b.accesses > 0 ? b.tlbHits / b.accesses : null),
  },
  { key: 'syncs', title: 'Syncs', value: (b) => b.syncs },
  { key: 'flushes', title: 'Flushes', value: (b) => b.flushes },
  { key: 'vmExits', title: 'VM exits', value: (b) => b.vmExits },
  { key: 'violations', title: 'Violations', value: (b) => b.violations },
];

export const POLICY_COLORS = ['#2f6fd6', '#d9822b', '#2e9d5b', '#c23b3b', '#8a56c2', '#6b7b8c', '#b8a11c'];

/** One point: [first event of the bin, value, scenario line of the bin's first event]. */
export type TimelinePoint = [number, number, number];

export interface TimelineOptionInput {
  doc: ResultDoc;
  height: number;
}

export function timelinePoints(bins: readonly TimelineBin[], panel: TimelinePanel): TimelinePoint[] {
  const out: TimelinePoint[] = [];
  for (const b of bins) {
    const v = panel.value(b);
    if (v !== null) out.push([b.firstEvent, v, b.firstLine]);
  }
  return out;
}

/** Builds the chart option; `series[i].id` is `<panel>/<policy>` so tests and clicks can find them. */
export function timelineOption({ doc, height }: TimelineOptionInput): Record<string, unknown> {
  const top = 34;
  const bottom = 46;
  const gap = 26;
  const n = TIMELINE_PANELS.length;
  const h = Math.max(40, (height - top - bottom - gap * (n - 1)) / n);
  const lastEvent = Math.max(
    1,
    ...doc.runs.map((r) => {
      const last = r.timeline.bins[r.timeline.bins.length - 1];
      return Math.max(r.metrics.events, last ? last.firstEvent + r.timeline.binEvents : 0);
    }),
  );
  const marks = doc.runs[0]?.timeline.marks ?? [];
  const grids = TIMELINE_PANELS.map((_, i) => ({ left: 64, right: 20, top: top + i * (h + gap), height: h }));
  const xAxes = TIMELINE_PANELS.map((_, i) => ({
    type: 'value',
    gridIndex: i,
    min: 0,
    max: lastEvent,
    axisLabel: { show: i === n - 1 },
    name: i === n - 1 ? 'event' : '',
    nameLocation: 'end',
    nameGap: 4,
  }));
  const yAxes = TIMELINE_PANELS.map((p, i) => ({
    type: 'value',
    gridIndex: i,
    name: p.title,
    nameLocation: 'end',
    nameGap: 6,
    nameTextStyle: { align: 'left', fontWeight: 'bold' },
    splitNumber: 2,
    ...(p.key === 'tlbHitRate' ? { min: 0, max: 1 } : { minInterval: 1 }),
  }));
  const series = TIMELINE_PANELS.flatMap((p, i) =>
    doc.runs.map((r, k) => ({
      id: `${p.key}/${r.policy.id}`,
      name: r.policy.id,
      type: 'line',
      xAxisIndex: i,
      yAxisIndex: i,
      step: p.key === 'tlbHitRate' ? false : 'end',
      showSymbol: false,
      symbolSize: 6,
      sampling: 'lttb',
      lineStyle: { width: 1.5 },
      color: POLICY_COLORS[k % POLICY_COLORS.length],
      data: timelinePoints(r.timeline.bins, p),
      ...(k === 0 && marks.length > 0
        ? {
            markLine: {
              symbol: 'none',
              silent: true,
              lineStyle: { type: 'dashed', color: '#8a93a3' },
              label: { show: i === 0, formatter: '{b}', position: 'insideEndTop', fontSize: 10 },
              data: marks.map((m) => ({ name: m.label, xAxis: m.event })),
            },
          }
        : {}),
    })),
  );
  return {
    animation: false,
    legend: { top: 4, data: doc.runs.map((r) => r.policy.id) },
    tooltip: { trigger: 'axis', axisPointer: { type: 'line' } },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    dataZoom: [
      { type: 'inside', xAxisIndex: TIMELINE_PANELS.map((_, i) => i), filterMode: 'none' },
      {
        type: 'slider',
        xAxisIndex: TIMELINE_PANELS.map((_, i) => i),
        bottom: 6,
        height: 18,
        filterMode: 'none',
      },
    ],
    series,
  };
}
