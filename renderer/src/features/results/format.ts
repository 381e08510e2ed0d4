// Number formatting for the comparison table: raw values stay in data-value; these are for reading.
import type { MetricName } from '../../../../core';

// One formatter for every cell: toLocaleString builds a new Intl formatter per call.
const integer = new Intl.NumberFormat('en-US');

export function formatMetric(name: MetricName, value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (name === 'tlbHitRate') return `${(value * 100).toFixed(2)}%`;
  return integer.format(value);
}

/** Δ% of value against base: `+12.5%`, `−3.0%`, `±0%`; `new` when the baseline is 0 and value is not. */
export function deltaPercent(value: number, base: number): string | null {
  if (!Number.isFinite(value) || !Number.isFinite(base)) return null;
  if (value === base) return '±0%';
  if (base === 0) return 'new';
  const d = ((value - base) / Math.abs(base)) * 100;
  return `${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(1)}%`;
}
