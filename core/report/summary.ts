// The report's tables as plain data (results-cli.md "Reports"): one row per policy with Δ% against
// the first policy (the baseline, as ui-contract.md's metrics table), the resolved header as
// key/value rows, and the union of timeline marks. HTML and Markdown render these same rows.

import type { ScenarioConfig } from '../model/config';
import {
  METRIC_NAMES,
  metricValue,
  type MetricName,
  type PolicyRun,
  type ResultDoc,
  type TimelineMark,
} from '../run/result';
import { deltaPercent, formatCount, formatDelta, formatRate, onOff } from './format';

export interface SummaryColumn {
  metric: MetricName;
  label: string;
  /** Lower is better (cost-like), so a rise is shown as a regression; null for neutral counts. */
  lowerIsBetter: boolean | null;
}

/** The headline metrics of the per-policy table; the full set is in `metricsMatrix`. */
export const SUMMARY_COLUMNS: readonly SummaryColumn[] = [
  { metric: 'events', label: 'events', lowerIsBetter: null },
  { metric: 'tlbHitRate', label: 'TLB hit rate', lowerIsBetter: false },
  { metric: 'walks', label: 'walks', lowerIsBetter: true },
  { metric: 'vmExits', label: 'VM exits', lowerIsBetter: null },
  { metric: 'syncs', label: 'syncs', lowerIsBetter: true },
  { metric: 'syncedPages', label: 'synced pages', lowerIsBetter: true },
  { metric: 'flushes.total', label: 'flushes', lowerIsBetter: true },
  { metric: 'violations', label: 'violations', lowerIsBetter: true },
  { metric: 'cycles', label: 'cycles', lowerIsBetter: true },
];

export interface SummaryCell {
  metric: MetricName;
  value: number;
  text: string;
  /** Δ% against the baseline run; null with a zero baseline (see deltaPercent). */
  delta: number | null;
  deltaText: string;
  /** True when the value differs from the baseline's (the UI highlights these cells). */
  differs: boolean;
}

export interface SummaryRow {
  run: PolicyRun;
  baseline: boolean;
  cells: SummaryCell[];
}

export function formatMetric(name: MetricName, value: number): string {
  return name === 'tlbHitRate' ? formatRate(value) : formatCount(value);
}

/** One row per policy in run order; the first run is the baseline. */
export function summaryRows(
  doc: ResultDoc,
  columns: readonly SummaryColumn[] = SUMMARY_COLUMNS,
): SummaryRow[] {
  const base = doc.runs[0];
  return doc.runs.map((run, i) => ({
    run,
    baseline: i === 0,
    cells: columns.map(({ metric }) => {
      const value = metricValue(run.metrics, metric);
      const b = base ? metricValue(base.metrics, metric) : value;
      const delta = deltaPercent(value, b);
      return {
        metric,
        value,
        text: formatMetric(metric, value),
        delta,
        deltaText: formatDelta(delta),
        differs: value !== b,
      };
    }),
  }));
}

/** Every metric (rows) for every policy (columns), values formatted. */
export function metricsMatrix(doc: ResultDoc): { metric: MetricName; values: string[] }[] {
  return METRIC_NAMES.map((metric) => ({
    metric,
    values: doc.runs.map((r) => formatMetric(metric, metricValue(r.metrics, metric))),
  }));
}

/** The resolved header as `key value` rows in dsl.md's order and spelling. */
export function configEntries(c: ScenarioConfig): [string, string][] {
  const cr3 = (s: ScenarioConfig['cr3']['l1']) => `${s.table ?? '(empty table)'} pcid ${s.pcid}`;
  return [
    ['name', c.name],
    ['seed', String(c.seed)],
    ['host.ept', onOff(c.host.ept)],
    ['host.vpid', onOff(c.host.vpid)],
    ['host.unsync', onOff(c.host.unsync)],
    ['l1.ept', onOff(c.l1.ept)],
    ['l1.vpid', onOff(c.l1.vpid)],
    ['l1.pcid', onOff(c.l1.pcid)],
    ['vpid02', c.vpid02],
    ['tlb.entries', String(c.tlb.entries)],
    ['tlb.ways', String(c.tlb.ways)],
    ['roots', String(c.roots)],
    ['vpid12', String(c.vpid12)],
    [
      'cost',
      Object.entries(c.cost)
        .map(([k, v]) => `${k} ${v}`)
        .join('  '),
    ],
    ['cr3.l1', cr3(c.cr3.l1)],
    ['cr3.l2', cr3(c.cr3.l2)],
  ];
}

/**
 * Marks of all runs, deduplicated and by event: every run executes the same scenario, but a run that
 * failed stops early and misses later marks, so the union is the scenario's full list.
 */
export function timelineMarks(runs: readonly { timeline?: { marks: TimelineMark[] } }[]): TimelineMark[] {
  const seen = new Map<string, TimelineMark>();
  for (const r of runs) for (const m of r.timeline?.marks ?? []) seen.set(`${m.event}\u0000${m.label}`, m);
  return [...seen.values()].sort((a, b) => a.event - b.event);
}

/** `always-sync 1.0.0 (built-in)`. */
export function policyLabel(p: PolicyRun['policy']): string {
  return `${p.id} ${p.version} (${p.origin})`;
}

/** `Bins of 1,000 events` (the first run's bin width; bins merge as a run grows, so it varies by run length). */
export function binText(doc: ResultDoc): string {
  const n = doc.runs[0]?.timeline.binEvents ?? 0;
  return `Bins of ${formatCount(n)} event${n === 1 ? '' : 's'}`;
}

/**
 * The scenario's opening comment as paragraphs (a bare `#` line separates them), for the report's
 * introduction; `# expect:` lines are test expectations, not prose, and stay in the source listing.
 */
export function leadingComment(source: string): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) paragraphs.push(current.join(' '));
    current = [];
  };
  for (const line of source.split(/\r?\n/)) {
    const m = /^\s*#\s?(.*)$/.exec(line);
    if (!m) break;
    const text = (m[1] ?? '').trim();
    if (text === '') flush();
    else if (!/^expect:/.test(text)) current.push(text);
  }
  flush();
  return paragraphs;
}
