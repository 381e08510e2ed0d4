import { describe, expect, test } from 'vitest';
import { parseResultDoc, emptyMetrics, METRIC_NAMES, metricValue } from '../../core/index';
import { fixtureResultDoc } from './fixtures/result-doc';

describe('the result document schema', () => {
  test('accepts the fixture and every metric of result.ts', () => {
    expect(parseResultDoc(fixtureResultDoc({ bins: 2 })).ok).toBe(true);
    for (const name of METRIC_NAMES) expect(Number.isNaN(metricValue(emptyMetrics(), name))).toBe(false);
  });

  test('rejects a wrong schema tag, a negative count and a short hash, naming each path', () => {
    const doc = JSON.parse(JSON.stringify(fixtureResultDoc({ bins: 1 }))) as Record<string, unknown> & {
      runs: { metrics: { syncs: number }; policy: { sha256: string } }[];
    };
    doc['schema'] = 'vmxlab.result/2';
    doc.runs[1]!.metrics.syncs = -1;
    doc.runs[2]!.policy.sha256 = 'abc';
    const r = parseResultDoc(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.some((e) => e.startsWith('schema:'))).toBe(true);
      expect(r.errors.some((e) => e.startsWith('runs.1.metrics.syncs:'))).toBe(true);
      expect(r.errors.some((e) => e.startsWith('runs.2.policy.sha256:'))).toBe(true);
    }
  });

  test('rejects something that is not a result at all', () => {
    expect(parseResultDoc([1, 2]).ok).toBe(false);
    expect(parseResultDoc(null).ok).toBe(false);
  });
});
