// Every example is a test: it checks clean, and its `# expect:` lines (worked out by hand from the
// kernel reference) hold for every built-in policy when the engine runs it.
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileScenario, parseExpectations, runScenario, type Metrics } from '../core/index';
import { builtInPolicies } from '../cli/composition';
import { binding } from './core/program-builder';

const dir = join(__dirname, '..', 'examples');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.vmx'))
  .sort();

function metricOf(m: Metrics, name: 'violations' | 'stale-spte' | 'stale-tlb'): number {
  return name === 'violations' ? m.violations : m.violationsByCause[name];
}

const OPS = {
  '=': (a: number, b: number) => a === b,
  '>=': (a: number, b: number) => a >= b,
  '<=': (a: number, b: number) => a <= b,
  '>': (a: number, b: number) => a > b,
};

test('there are at least ten example lessons', () => {
  expect(files.length).toBeGreaterThanOrEqual(10);
});

describe.each(files)('example %s', (file) => {
  const source = readFileSync(join(dir, file), 'utf8');

  test('checks clean and states an expectation for every built-in policy', () => {
    const { diagnostics } = compileScenario(source);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { expectations, diagnostics: expectProblems } = parseExpectations(source);
    expect(expectProblems).toEqual([]);
    const named = new Set(expectations.map((e) => e.policy));
    for (const p of builtInPolicies)
      expect(named, `${file} has no expectation for ${p.module.id}`).toContain(p.module.id);
  });

  test('every policy meets its expectation', { timeout: 300_000 }, () => {
    const program = compileScenario(source).program!;
    const { expectations } = parseExpectations(source);
    const policies = builtInPolicies.map((p) => ({ ...binding(p.module) }));
    const doc = runScenario({ source, file, program, policies });
    for (const e of expectations) {
      const run = doc.runs.find((r) => r.policy.id === e.policy)!;
      expect(run.status).toBe('ok');
      for (const c of e.constraints) {
        const actual = metricOf(run.metrics, c.metric);
        expect(
          OPS[c.op](actual, c.value),
          `${file}: ${e.policy} ${c.metric} ${c.op} ${c.value}, got ${actual}`,
        ).toBe(true);
      }
    }
  });
});
