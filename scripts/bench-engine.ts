// `npx tsx scripts/bench-engine.ts [--reps N]`: the engine workloads of `vmxlab bench` (hit, miss, mixed),
// each from an esbuild bundle in a fresh plain-`node` process, in CPU time, best of N (default 5). Steadier
// than the CLI's wall-clock figures on a shared machine; docs/benchmarks.md gives both.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '5' } } });
const reps = Math.max(1, Number(values.reps));
const dir = mkdtempSync(join(tmpdir(), 'vmxlab-bench-engine-'));
const outfile = join(dir, 'workload.mjs');
try {
  await build({
    entryPoints: [fileURLToPath(new URL('./bench-engine/workload.ts', import.meta.url))],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    alias: { vmxlab: fileURLToPath(new URL('../core/policy/api.ts', import.meta.url)) },
  });
  const workloads: [string, number][] = [
    ['hit', 10_000_000],
    ['miss', 10_000_000],
    ['mixed', 20_000_000],
  ];
  for (const [which, n] of workloads) {
    const runs: number[] = [];
    for (let i = 0; i < reps; i++) {
      const out = execFileSync(process.execPath, [outfile, which, String(n)], { encoding: 'utf8' });
      runs.push((JSON.parse(out) as { perSec: number }).perSec);
    }
    const m = (x: number) => `${(x / 1e6).toFixed(2)} M/s`;
    console.log(`${which.padEnd(6)} best ${m(Math.max(...runs))}  (runs: ${runs.map(m).join(', ')})`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
