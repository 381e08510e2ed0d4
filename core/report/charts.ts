// Chart option builders (ui-contract.md "Timeline charts", results-cli.md "Reports"): plain ECharts
// option objects, pure data with no formatter functions, so the renderer can build them in its worker
// and post them, and the report writers render the very same charts to SVG.

import type { EChartsOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts';
import type { ResultDoc, TimelineBin, TimelineMark } from '../run/result';
import { cellLabel, type SweepDoc } from '../run/sweep-grid';
import { timelineMarks } from './summary';
import { bestRunIndex } from './sweep-summary';

/** A chart to draw: stable id (the app keys its panes by it), title, ECharts option, suggested height. */
export interface ChartSpec {
  id: string;
  title: string;
  option: EChartsOption;
  /** Suggested height in pixels (heatmaps grow with the number of cells). */
  height: number;
}

export interface TimelineChartSettings {
  /** dataZoom (inside + slider) for zoom and pan; reports leave it off (default true). */
  zoom?: boolean;
  /** ECharts animation (default false: thousands of points, and SVG reports want the final frame). */
  animation?: boolean;
}

/**
 * One colour per policy by position, the same in app and report. Okabe-Ito's colour-blind-safe set,
 * dark enough to print on white.
 */
export const POLICY_COLORS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#999933',
];

interface TimelineMetric {
  id: string;
  title: string;
  axis: string;
  value(bin: TimelineBin): number | null;
  /** How ECharts thins a series wider than the plot: peaks of counts must survive, rates average. */
  sampling: 'max' | 'lttb';
  percent?: boolean;
}

export const TIMELINE_METRICS: readonly TimelineMetric[] = [
  {
    id: 'tlb-hit-rate',
    title: 'TLB hit rate per bin',
    axis: 'hit rate',
    // A bin with no access has no rate (a gap), not a 0 % rate.
    value: (b) => (b.accesses === 0 ? null : Math.round((b.tlbHits / b.accesses) * 10000) / 100),
    sampling: 'lttb',
    percent: true,
  },
  {
    id: 'syncs',
    title: 'Shadow MMU syncs per bin',
    axis: 'roots synced',
    value: (b) => b.syncs,
    sampling: 'max',
  },
  { id: 'flushes', title: 'TLB flushes per bin', axis: 'flushes', value: (b) => b.flushes, sampling: 'max' },
  {
    id: 'vm-exits',
    title: 'Nested VM exits per bin',
    axis: 'VM exits',
    value: (b) => b.vmExits,
    sampling: 'max',
  },
  {
    id: 'violations',
    title: 'Violations per bin',
    axis: 'violations',
    value: (b) => b.violations,
    sampling: 'max',
  },
];

function markLineOf(marks: readonly TimelineMark[]): LineSeriesOption['markLine'] {
  return {
    silent: true,
    symbol: ['none', 'none'],
    animation: false,
    lineStyle: { type: 'dashed', color: '#555555', width: 1 },
    label: { formatter: '{b}', position: 'insideEndBottom', color: '#333333', fontSize: 10 },
    // The label travels as the data name so `{b}` prints it verbatim (a label holding `{c}` stays text).
    data: marks.map((m) => ({ name: m.label, xAxis: m.event })),
  };
}

/**
 * The five timeline charts of ui-contract.md: TLB hit rate, syncs, flushes, VM exits and violations per
 * bin, one line per policy (in run order, coloured by POLICY_COLORS), the scenario's `mark`s as
 * vertical dashed lines, a failed run's last event as a red line. Each data point is
 * `[firstEvent, value, firstLine]`: x is the bin's first event index, and the third dimension is the
 * scenario line of that event, so a click handler can reveal it (`params.value[2]`).
 */
export function timelineChartOptions(doc: ResultDoc, settings: TimelineChartSettings = {}): ChartSpec[] {
  const zoom = settings.zoom ?? true;
  const marks = timelineMarks(doc.runs);
  const maxEvent = Math.max(1, ...doc.runs.map((r) => r.metrics.events));
  return TIMELINE_METRICS.map((metric) => {
    const series: LineSeriesOption[] = doc.runs.map((run, i) => {
      const s: LineSeriesOption = {
        type: 'line',
        name: run.policy.id,
        color: POLICY_COLORS[i % POLICY_COLORS.length],
        showSymbol: false,
        symbolSize: 4,
        lineStyle: { width: 1.5 },
        sampling: metric.sampling,
        connectNulls: false,
        encode: { x: 0, y: 1 },
        data: run.timeline.bins.map((b) => [b.firstEvent, metric.value(b) ?? '-', b.firstLine]),
      };
      if (i === 0 && marks.length > 0) s.markLine = markLineOf(marks);
      else if (run.status === 'policy-error' && run.error) {
        s.markLine = {
          silent: true,
          symbol: ['none', 'none'],
          animation: false,
          lineStyle: { type: 'solid', color: '#C00000', width: 1 },
          label: { formatter: '{b}', position: 'insideEndTop', color: '#C00000', fontSize: 10 },
          data: [{ name: `${run.policy.id} failed`, xAxis: run.error.event }],
        };
      }
      return s;
    });
    const option: EChartsOption = {
      animation: settings.animation ?? false,
      color: [...POLICY_COLORS],
      title: {
        text: metric.title,
        left: 8,
        top: 4,
        textStyle: { fontSize: 13, fontWeight: 'bold', color: '#222222' },
      },
      legend: { top: 4, right: 8, itemHeight: 8, textStyle: { fontSize: 11, color: '#222222' } },
      tooltip: { trigger: 'axis' },
      grid: { left: 64, right: 24, top: 44, bottom: zoom ? 64 : 36 },
      xAxis: {
        type: 'value',
        name: 'event',
        nameLocation: 'end',
        nameGap: 6,
        min: 0,
        max: maxEvent,
        axisLabel: { color: '#333333', hideOverlap: true },
        splitLine: { show: false },
      },
      yAxis: {
        type: 'value',
        name: metric.axis,
        nameLocation: 'middle',
        nameGap: 44,
        nameTextStyle: { color: '#333333' },
        min: 0,
        ...(metric.percent
          ? { max: 100, axisLabel: { formatter: '{value}%', color: '#333333' } }
          : { minInterval: 1, axisLabel: { color: '#333333' } }),
        splitLine: { lineStyle: { color: '#E5E5E5' } },
      },
      series,
    };
    if (zoom) {
      option.dataZoom = [
        { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
        { type: 'slider', xAxisIndex: 0, filterMode: 'none', height: 18, bottom: 8 },
      ];
    }
    return { id: `timeline-${metric.id}`, title: metric.title, option, height: 300 };
  });
}

/** Policy ids of a sweep in first-seen order (every valid cell runs the same list). */
export function sweepPolicies(doc: SweepDoc): string[] {
  const ids: string[] = [];
  for (const c of doc.cells) for (const r of c.runs) if (!ids.includes(r.policy.id)) ids.push(r.policy.id);
  return ids;
}

function heatmap(
  doc: SweepDoc,
  id: string,
  title: string,
  pick: 'violations' | 'syncs',
  palette: string[],
): ChartSpec {
  const policies = sweepPolicies(doc);
  const labels = doc.cells.map((c) => (c.valid ? cellLabel(c.set) : `${cellLabel(c.set)} (invalid)`));
  const best = doc.cells.map((c) => bestRunIndex(c.runs));
  const data: NonNullable<HeatmapSeriesOption['data']> = [];
  let max = 0;
  doc.cells.forEach((cell, y) => {
    const bestRun = best[y] === null || best[y] === undefined ? undefined : cell.runs[best[y]];
    policies.forEach((pid, x) => {
      const run = cell.runs.find((r) => r.policy.id === pid);
      // No colour for an invalid cell or a failed run: a failed run's counts stop at its error.
      const v = run && run.status === 'ok' ? run.metrics[pick] : '-';
      if (typeof v === 'number') max = Math.max(max, v);
      // The best policy of each cell (sweep-summary.ts's rule) gets a dark outline.
      data.push(
        run && run === bestRun
          ? { value: [x, y, v], itemStyle: { borderColor: '#111111', borderWidth: 2 } }
          : [x, y, v],
      );
    });
  });
  const series: HeatmapSeriesOption = {
    type: 'heatmap',
    name: pick,
    data,
    label: { show: true, fontSize: 10, color: '#111111' },
    itemStyle: { borderColor: '#FFFFFF', borderWidth: 1 },
  };
  const height = Math.max(220, 110 + 26 * doc.cells.length);
  const option: EChartsOption = {
    animation: false,
    title: {
      text: title,
      left: 8,
      top: 4,
      textStyle: { fontSize: 13, fontWeight: 'bold', color: '#222222' },
    },
    tooltip: { position: 'top' },
    // containLabel's replacement in ECharts 6: labels stay inside the grid's rect.
    grid: {
      left: 8,
      right: 16,
      top: 40,
      bottom: 56,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: {
      type: 'category',
      data: policies,
      position: 'top',
      splitArea: { show: true },
      axisLabel: { color: '#222222' },
    },
    yAxis: {
      type: 'category',
      data: labels,
      inverse: true,
      splitArea: { show: true },
      axisLabel: { color: '#222222', fontSize: 11 },
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max: Math.max(1, max),
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 8,
      itemHeight: 120,
      seriesIndex: 0,
      inRange: { color: palette },
      textStyle: { color: '#333333' },
    },
    series: [series],
  };
  return { id, title, option, height };
}

/** Heatmaps of a sweep: violations and syncs per cell (rows, grid order) × policy (columns). */
export function sweepHeatmapOptions(doc: SweepDoc): ChartSpec[] {
  return [
    heatmap(doc, 'sweep-violations', 'Violations per cell and policy', 'violations', [
      '#FFF7EC',
      '#FDBB84',
      '#D7301F',
    ]),
    heatmap(doc, 'sweep-syncs', 'Syncs per cell and policy', 'syncs', ['#F7FBFF', '#9ECAE1', '#2171B5']),
  ];
}
