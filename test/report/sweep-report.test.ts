import { describe, expect, test } from 'vitest';
import {
  bestRunIndex,
  sweepHeatmapOptions,
  sweepHtmlReport,
  sweepJson,
  sweepMarkdownReport,
} from '../../core/report/index';
import { fixtureSweepDoc } from './fixtures/sweep-doc';
import { parseSweepDoc } from '../../core/index';
import { fixtureResultDoc } from './fixtures/result-doc';

describe('the sweep report', () => {
  const doc = fixtureSweepDoc();

  test('keeps the invalid cell in grid order with its reason and no runs', () => {
    expect(doc.cells.map((c) => c.valid)).toEqual([true, true, false, true]);
    expect(doc.cells[2]!.runs).toEqual([]);
    const json = JSON.parse(sweepJson(doc)) as { cells: { valid: boolean; reason: string | null }[] };
    expect(json.cells[2]!.reason).toMatch(/needs 'host.ept on'/);
    expect(Object.keys(json)).toEqual(['schema', 'engine', 'scenario', 'createdAt', 'grid', 'cells']);
    expect(parseSweepDoc(json).ok).toBe(true);
    expect(parseSweepDoc({ ...json, cells: [{ set: {}, valid: 'yes' }] }).ok).toBe(false);
  });

  test('picks the best policy: fewest violations, then fewest cycles, never a failed run', () => {
    const runs = fixtureResultDoc({ bins: 1 }).runs;
    const [a, b, c, failed] = runs.map((r) => structuredClone(r));
    a!.metrics.violations = 2;
    a!.metrics.cycles = 10;
    b!.metrics.violations = 0;
    b!.metrics.cycles = 500;
    c!.metrics.violations = 0;
    c!.metrics.cycles = 400;
    failed!.metrics.violations = 0;
    failed!.metrics.cycles = 1;
    expect(bestRunIndex([a!, b!, c!, failed!])).toBe(2);
    // Equal violations and cycles: the earlier policy wins.
    c!.metrics.cycles = 500;
    expect(bestRunIndex([a!, b!, c!, failed!])).toBe(1);
    expect(bestRunIndex([failed!])).toBeNull();
    expect(bestRunIndex([])).toBeNull();
  });

  test('draws violation and sync heatmaps over cells × policies, with invalid cells blank', () => {
    const [viol, syncs] = sweepHeatmapOptions(doc);
    expect(viol!.id).toBe('sweep-violations');
    expect(syncs!.id).toBe('sweep-syncs');
    const yAxis = viol!.option.yAxis as { data: string[] };
    expect(yAxis.data[2]).toBe('host.ept=off l1.ept=on (invalid)');
    const series = (viol!.option.series as { data: unknown[] }[])[0]!;
    // 4 cells × 4 policies, the failed my-adaptive and the invalid cell without a value.
    expect(series.data).toHaveLength(16);
    const value = (d: unknown) => (Array.isArray(d) ? d : (d as { value: unknown[] }).value);
    expect(series.data.filter((d) => value(d)[2] === '-')).toHaveLength(4 + 3);
    // Cell 1 (i = 1): kvm-2020 has 1 violation, never-sync 8.
    expect(value(series.data[4 + 1])).toEqual([1, 1, 1]);
    expect(value(series.data[4 + 2])).toEqual([2, 1, 8]);
  });

  test('writes HTML with heatmap SVGs, every cell, the best policy and no external URL', () => {
    const html = sweepHtmlReport(doc);
    expect(html.match(/<figure class="chart"[^>]*>\s*<svg/g)).toHaveLength(2);
    expect([...html.matchAll(/<tr data-cell="(\d)"/g)].map((m) => m[1])).toEqual(['0', '1', '2', '3']);
    expect(html).toContain('<tr data-cell="2" class="invalid">');
    // Cell 0: always-sync and kvm-2020 have 0 violations; kvm-2020's cycles (90,000) are lower.
    expect(html).toMatch(
      /<tr data-cell="0"><td class="num">1<\/td><th scope="row" class="mono">host.ept=on l1.ept=on<\/th>.*<td>kvm-2020<\/td><\/tr>/,
    );
    expect(html).not.toMatch(/https?:\/\//);
  });

  test('writes Markdown with the heatmaps as SVG files', () => {
    const md = sweepMarkdownReport(doc, { assetPrefix: 'grid' });
    expect(md.files.map((f) => f.name)).toEqual(['grid-sweep-violations.svg', 'grid-sweep-syncs.svg']);
    expect(md.markdown).toContain('![Violations per cell and policy](grid-sweep-violations.svg)');
    expect(md.markdown).toContain('| 3 | host.ept=off l1.ept=on | invalid:');
    expect(md.markdown).toMatch(
      /\| 1 \| host\.ept=on l1\.ept=on \| 0 \/ 40 \/ 100,000 \| \*\*0 \/ 30 \/ 90,000\*\* \|/,
    );
  });
});
