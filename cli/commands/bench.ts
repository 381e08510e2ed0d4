// `vmxlab bench [--json]` (results-cli.md "Benchmark"): engine throughput on the built-in workloads,
// each the best of 3 repetitions, plus the sandboxed policy decision rate and the peak RSS of a
// 100 M-event mixed run (measured in a child process so earlier workloads do not count).
import { CommanderError, type Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  ENGINE_NAME,
  ENGINE_VERSION,
  createSimulation,
  measureSandboxedPolicy,
  missPathWorkload,
  mixedWorkload,
  tlbHitPathWorkload,
  type PolicyBinding,
  type Program,
} from '../../core/index';
import { loadPolicyCatalog } from '../composition';
import { nodePolicySandbox } from '../plugins-fs';

interface Figure {
  perSec: number;
  runs: number[];
  count: number;
}

function timeRun(
  program: Program,
  policy: PolicyBinding,
  unit: 'accesses' | 'events',
): { ms: number; count: number } {
  const sim = createSimulation(program, policy);
  const t0 = performance.now();
  while (!sim.step(1 << 22));
  const ms = performance.now() - t0;
  const m = sim.result().metrics;
  return { ms, count: unit === 'accesses' ? m.accesses : m.events };
}

function best(
  program: () => Program,
  policy: PolicyBinding,
  unit: 'accesses' | 'events',
  reps: number,
): Figure {
  const runs: number[] = [];
  let count = 0;
  for (let i = 0; i < reps; i++) {
    const r = timeRun(program(), policy, unit);
    count = r.count;
    runs.push(Math.round((r.count / r.ms) * 1000));
  }
  return { perSec: Math.max(...runs), runs, count };
}

export interface BenchOptions {
  json?: boolean;
  quick?: boolean;
}

async function kvmCurrent(): Promise<PolicyBinding> {
  const entry = (await loadPolicyCatalog()).get('kvm-current');
  if (!entry) throw new Error('built-in kvm-current is missing');
  return entry.instantiate();
}

/**
 * Peak RSS of one mixed run of `events` events in a fresh plain-Node process running only the engine:
 * the entry is bundled with esbuild first, so neither tsx's loader thread nor the CLI's other modules
 * (DSL, reports, sandbox) count. What is left grows with bins and changed pages, not with events.
 */
async function peakRssMb(events: number): Promise<number> {
  const { build } = await import('esbuild');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'vmxlab-rss-'));
  try {
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      [
        `import { createSimulation } from ${JSON.stringify(join(root, 'core/run/runner.ts'))};`,
        `import { mixedWorkload } from ${JSON.stringify(join(root, 'core/run/bench-workloads.ts'))};`,
        `import policy from ${JSON.stringify(join(root, 'plugins/kvm-current/index.ts'))};`,
        `const sim = createSimulation(mixedWorkload(Number(process.argv[2])), { info: { id: policy.id, version: '1', sha256: '', origin: 'built-in' }, decide: policy.decide });`,
        'while (!sim.step(1 << 22));',
        'process.stdout.write(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, events: sim.eventsDone }));',
      ].join('\n'),
    );
    const out = join(dir, 'entry.mjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: out,
      alias: { vmxlab: join(root, 'core/policy/api.ts') },
      logLevel: 'error',
    });
    const res = spawnSync(process.execPath, [out, String(events)], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`peak RSS child failed: ${res.stderr}`);
    const parsed = JSON.parse(res.stdout) as { maxRssKb: number };
    return Math.round(parsed.maxRssKb / 1024);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchCommand(opts: BenchOptions): Promise<void> {
  const quick = !!opts.quick;
  const reps = 3;
  const policy = await kvmCurrent();
  const say = (s: string): void => void (opts.json || process.stderr.write(s));
  say('tlbHitPath… ');
  const tlbHitPath = best(() => tlbHitPathWorkload(quick ? 1_000_000 : 10_000_000), policy, 'accesses', reps);
  say(`${tlbHitPath.perSec.toLocaleString('en')} accesses/s\nmissPath… `);
  const missPath = best(() => missPathWorkload(quick ? 1_000_000 : 10_000_000), policy, 'accesses', reps);
  say(`${missPath.perSec.toLocaleString('en')} accesses/s\nmixed… `);
  const mixed = best(() => mixedWorkload(quick ? 2_000_000 : 20_000_000), policy, 'events', reps);
  say(`${mixed.perSec.toLocaleString('en')} events/s\nsandboxedPolicy… `);
  const sandboxed = measureSandboxedPolicy(await nodePolicySandbox(), {
    decisions: quick ? 200_000 : 1_000_000,
    repetitions: reps,
    now: () => performance.now(),
  });
  say(
    `${sandboxed.decisionsPerSec.toLocaleString('en')} decisions/s\npeakRss (${quick ? '10' : '100'} M mixed events)… `,
  );
  const rss = await peakRssMb(quick ? 10_000_000 : 100_000_000);
  say(`${rss} MB\n`);
  const doc = {
    schema: 'vmxlab.bench/1',
    engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
    results: {
      tlbHitPath: { accessesPerSec: tlbHitPath.perSec, runs: tlbHitPath.runs, accesses: tlbHitPath.count },
      missPath: { accessesPerSec: missPath.perSec, runs: missPath.runs, accesses: missPath.count },
      mixed: { eventsPerSec: mixed.perSec, runs: mixed.runs, events: mixed.count, policy: 'kvm-current' },
      sandboxedPolicy: {
        decisionsPerSec: sandboxed.decisionsPerSec,
        runs: sandboxed.runs,
        decisions: sandboxed.decisions,
      },
      peakRssMB: rss,
      peakRssEvents: quick ? 10_000_000 : 100_000_000,
    },
  };
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('engine throughput on the built-in workloads (best of 3)')
    .option('--json', 'print only the JSON document')
    .option('--quick', 'smaller workloads (smoke test)')
    .action(async (opts: BenchOptions) => {
      try {
        await benchCommand(opts);
      } catch (err) {
        process.stderr.write(`vmxlab bench: ${(err as Error).message}\n`);
        throw new CommanderError(2, 'vmxlab.bench', '');
      }
    });
}
