import { describe, expect, test } from 'vitest';
import type { LineSeriesOption } from 'echarts';
import { POLICY_COLORS, renderOptionSvg, timelineChartOptions } from '../../core/report/index';
import { fixtureResultDoc } from './fixtures/result-doc';

describe('timeline chart options', () => {
  const doc = fixtureResultDoc({ bins: 6, binEvents: 1000 });
  const charts = timelineChartOptions(doc);

  test('are the five charts of the UI contract, each with one series per policy in run order', () => {
    expect(charts.map((c) => c.id)).toEqual([
      'timeline-tlb-hit-rate',
      'timeline-syncs',
      'timeline-flushes',
      'timeline-vm-exits',
      'timeline-violations',
    ]);
    for (const c of charts) {
      const series = c.option.series as LineSeriesOption[];
      expect(series.map((s) => s.name)).toEqual(['always-sync', 'kvm-2020', 'never-sync', 'my-adaptive']);
      expect(series.map((s) => s.color)).toEqual(POLICY_COLORS.slice(0, 4));
    }
  });

  test('put [firstEvent, value, firstLine] in each point', () => {
    const syncs = (charts[1]!.option.series as LineSeriesOption[])[0]!;
    const bin = doc.runs[0]!.timeline.bins[3]!;
    expect(syncs.data![3]).toEqual([3000, bin.syncs, bin.firstLine]);
    const rate = (charts[0]!.option.series as LineSeriesOption[])[0]!;
    expect(rate.data![3]).toEqual([
      3000,
      Math.round((bin.tlbHits / bin.accesses) * 10000) / 100,
      bin.firstLine,
    ]);
  });

  test('draw the marks as vertical lines on the first series and a failed run’s end in red', () => {
    const series = charts[4]!.option.series as LineSeriesOption[];
    // Marks at 0, 6000 * 0.25 = 1500 and 6000 * 0.8 = 4800.
    expect(series[0]!.markLine!.data).toEqual([
      { name: 'warm-up', xAxis: 0 },
      { name: 'phase 2: <remap> & "switch"', xAxis: 1500 },
      { name: 'cool-down', xAxis: 4800 },
    ]);
    expect(series[1]!.markLine).toBeUndefined();
    // my-adaptive failed at floor(6000 * 0.6) + 7 = 3607.
    expect(series[3]!.markLine!.data).toEqual([{ name: 'my-adaptive failed', xAxis: 3607 }]);
  });

  test('offer zoom and pan unless asked not to', () => {
    expect(charts[0]!.option.dataZoom).toEqual([
      expect.objectContaining({ type: 'inside' }),
      expect.objectContaining({ type: 'slider' }),
    ]);
    expect(timelineChartOptions(doc, { zoom: false })[0]!.option.dataZoom).toBeUndefined();
  });

  test('are plain data: they survive a JSON round trip unchanged (the worker posts them)', () => {
    expect(JSON.parse(JSON.stringify(charts))).toEqual(charts);
  });

  test('leave a gap, not a 0 % point, for a bin with no access', () => {
    const d = fixtureResultDoc({ bins: 2 });
    d.runs[0]!.timeline.bins[1]!.accesses = 0;
    const rate = (timelineChartOptions(d)[0]!.option.series as LineSeriesOption[])[0]!;
    expect((rate.data![1] as unknown[])[1]).toBe('-');
  });
});

describe('SVG rendering in Node (core code, no DOM)', () => {
  test('renders an option to an SVG with the requested size and a background', () => {
    const spec = timelineChartOptions(fixtureResultDoc({ bins: 4 }))[1]!;
    const svg = renderOptionSvg(spec.option, { width: 640, height: 280, background: '#fafafa' });
    expect(svg).toMatch(/^<svg width="640" height="280"/);
    expect(svg).toMatch(/<rect width="640" height="280" x="0" y="0" fill="#fafafa"/);
    expect(svg).toContain('always-sync');
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
  });
});
