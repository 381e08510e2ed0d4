// `vmxlab bench --quick --json` (results-cli.md "Benchmark"): every figure present and measured — the
// engine workloads each in a child process of their own, three runs, the best reported.
import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');

test('prints every named figure, the best of three runs each, from isolated engine processes', () => {
  const res = spawnSync(
    process.execPath,
    [join(repo, 'cli', 'bin', 'vmxlab.mjs'), 'bench', '--quick', '--json'],
    {
      cwd: repo,
      encoding: 'utf8',
    },
  );
  expect(res.status, res.stderr).toBe(0);
  const doc = JSON.parse(res.stdout) as {
    schema: string;
    results: Record<
      string,
      { runs?: number[]; accessesPerSec?: number; eventsPerSec?: number } & Record<string, unknown>
    >;
  };
  expect(doc.schema).toBe('vmxlab.bench/1');
  const r = doc.results;
  for (const [name, rate, count] of [
    ['tlbHitPath', 'accessesPerSec', ['accesses', 1_000_000]],
    ['missPath', 'accessesPerSec', ['accesses', 1_000_000]],
    ['mixed', 'eventsPerSec', ['events', 2_000_000]],
  ] as const) {
    const fig = r[name]!;
    expect(fig.runs).toHaveLength(3);
    expect(fig[rate]).toBe(Math.max(...fig.runs!));
    expect(fig.runs!.every((x) => x > 0)).toBe(true);
    // The mixed workload's rounds are 200 events, so its count is exact too.
    expect(fig[count[0]]).toBe(count[1]);
  }
  expect(r['mixed']!['policy']).toBe('kvm-current');
  expect(r['sandboxedPolicy']!['runs']).toHaveLength(3);
  expect(r['peakRssMB']).toBeGreaterThan(10);
  expect(r['peakRssEvents']).toBe(10_000_000);
}, 120_000);
