import { expect, test } from 'vitest';
import { deltaPercent, formatMetric } from '../../../../renderer/src/features/results/format';

test('deltas are signed percentages of the baseline, with one decimal', () => {
  expect(deltaPercent(150, 100)).toBe('+50.0%');
  expect(deltaPercent(6000, 12000)).toBe('−50.0%');
  expect(deltaPercent(1, 3)).toBe('−66.7%');
  expect(deltaPercent(7, 7)).toBe('±0%');
});

test('a metric that is zero in the baseline shows as new, and missing numbers show no delta', () => {
  expect(deltaPercent(2, 0)).toBe('new');
  expect(deltaPercent(0, 0)).toBe('±0%');
  expect(deltaPercent(Number.NaN, 1)).toBeNull();
});

test('counts get thousands separators and the hit rate is a percentage', () => {
  expect(formatMetric('events', 10_400_022)).toBe('10,400,022');
  expect(formatMetric('tlbHitRate', 0.75)).toBe('75.00%');
  expect(formatMetric('syncs', Number.NaN)).toBe('–');
});
