// `vmxlab bench [--json]` (results-cli.md "Benchmark"): engine throughput on the built-in workloads,
// each the best of 3 repetitions in a process of its own, plus the sandboxed policy decision rate and
// the peak RSS of a 100 M-event mixed run (also in a child process, so earlier workloads do not count).
import { CommanderError, type Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ENGINE_NAME, ENGINE_VERSION, measureSandboxedPolicy } from '../../core/index';
import { nodePolicySandbox } from '../plugins-fs';

interface Figure {
  perSec: number;
  runs: number[];
  count: number;
}

export interface BenchOptions {
  json?: boolean;
  quick?: boolean;
}

type EngineWorkload = 'tlbHitPath' | 'missPath' | 'mixed';

/**
 * The engine workloads run in a fresh plain-Node process each, from one esbuild bundle of the engine
 * and kvm-current: a workload's figure is then its own, not what the JIT kept from the workloads before
 * it (run after the hit and miss paths in one process, the mixed workload measured ~10 % lower: their
 * type feedback — host EPT, L1 only — had made the shared hot functions generic). The child runs the
 * workload `reps` times (wall clock of the run alone) and prints the rates; `rss` mode runs it once and
 * prints the peak RSS, neither tsx's loader thread nor the CLI's other modules (DSL, reports, sandbox)
 * counting: what is left grows with bins and changed pages, not with events.
 */
class EngineChild {
  private constructor(
    private readonly dir: string,
    private readonly bundle: string,
  ) {}

  static async build(): Promise<EngineChild> {
    const { build } = await import('esbuild');
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'vmxlab-bench-'));
    const at = (p: string) => JSON.stringify(join(root, p));
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      [
        `import { createSimulation } from ${at('core/run/runner.ts')};`,
        `import { mixedWorkload, missPathWorkload, tlbHitPathWorkload } from ${at('core/run/bench-workloads.ts')};`,
        `import policy from ${at('plugins/kvm-current/index.ts')};`,
        `const [mode, which, n, reps] = process.argv.slice(2);`,
        `const make = { tlbHitPath: tlbHitPathWorkload, missPath: missPathWorkload, mixed: mixedWorkload }[which];`,
        `const binding = { info: { id: policy.id, version: '1', sha256: '', origin: 'built-in' }, decide: policy.decide };`,
        `const runs = []; let count = 0;`,
        `for (let i = 0; i < (mode === 'rss' ? 1 : Number(reps)); i++) {`,
        `  const sim = createSimulation(make(Number(n)), binding);`,
        `  const t0 = performance.now();`,
        `  while (!sim.step(1 << 22));`,
        `  const ms = performance.now() - t0;`,
        `  const m = sim.result().metrics;`,
        `  count = which === 'mixed' ? m.events : m.accesses;`,
        `  runs.push(Math.round((count / ms) * 1000));`,
        `}`,
        `process.stdout.write(JSON.stringify({ runs, count, maxRssKb: process.resourceUsage().maxRSS }));`,
      ].join('\n'),
    );
    const bundle = join(dir, 'entry.mjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: bundle,
      alias: { vmxlab: join(root, 'core/policy/api.ts') },
      logLevel: 'error',
    });
    return new EngineChild(dir, bundle);
  }

  private run(mode: 'rate' | 'rss', which: EngineWorkload, n: number, reps: number) {
    const res = spawnSync(process.execPath, [this.bundle, mode, which, String(n), String(reps)], {
      encoding: 'utf8',
    });
    if (res.status !== 0) throw new Error(`${which} child failed: ${res.stderr}`);
    return JSON.parse(res.stdout) as { runs: number[]; count: number; maxRssKb: number };
  }

  /** Best of `reps` runs of a workload of `n` accesses (events for mixed). */
  rate(which: EngineWorkload, n: number, reps: number): Figure {
    const r = this.run('rate', which, n, reps);
    return { perSec: Math.max(...r.runs), runs: r.runs, count: r.count };
  }

  /** Peak RSS (MB) of one mixed run of `events` events. */
  peakRssMb(events: number): number {
    return Math.round(this.run('rss', 'mixed', events, 1).maxRssKb / 1024);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function benchCommand(opts: BenchOptions): Promise<void> {
  const quick = !!opts.quick;
  const reps = 3;
  const say = (s: string): void => void (opts.json || process.stderr.write(s));
  const child = await EngineChild.build();
  try {
    say('tlbHitPath… ');
    const tlbHitPath = child.rate('tlbHitPath', quick ? 1_000_000 : 10_000_000, reps);
    say(`${tlbHitPath.perSec.toLocaleString('en')} accesses/s\nmissPath… `);
    const missPath = child.rate('missPath', quick ? 1_000_000 : 10_000_000, reps);
    say(`${missPath.perSec.toLocaleString('en')} accesses/s\nmixed… `);
    const mixed = child.rate('mixed', quick ? 2_000_000 : 20_000_000, reps);
    say(`${mixed.perSec.toLocaleString('en')} events/s\nsandboxedPolicy… `);
    const sandboxed = measureSandboxedPolicy(await nodePolicySandbox(), {
      decisions: quick ? 200_000 : 1_000_000,
      repetitions: reps,
      now: () => performance.now(),
    });
    const rssEvents = quick ? 10_000_000 : 100_000_000;
    say(
      `${sandboxed.decisionsPerSec.toLocaleString('en')} decisions/s\npeakRss (${rssEvents / 1e6} M mixed events)… `,
    );
    const rss = child.peakRssMb(rssEvents);
    say(`${rss} MB\n`);
    writeDoc({ tlbHitPath, missPath, mixed, sandboxed, rss, rssEvents });
  } finally {
    child.dispose();
  }
}

function writeDoc(f: {
  tlbHitPath: Figure;
  missPath: Figure;
  mixed: Figure;
  sandboxed: ReturnType<typeof measureSandboxedPolicy>;
  rss: number;
  rssEvents: number;
}): void {
  const { tlbHitPath, missPath, mixed, sandboxed, rss, rssEvents } = f;
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
      peakRssEvents: rssEvents,
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
