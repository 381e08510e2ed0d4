// `vmxlab sweep FILE --grid key=v1,v2 ... [--policy ID]... [--plugins DIR] [--jobs N] [--json OUT]
// [--report OUT.html|OUT.md] [--no-timeline]` (results-cli.md "sweep"): every grid cell is compiled here
// to sort valid from invalid configurations, then the valid ones run in parallel, one piscina task per
// (cell, policy) (a task costs ~100 µs of messaging against a whole scenario run) placed and ordered by
// sweep-schedule.ts, and the sweep document keeps the cells in grid order whatever order they finish in.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setMaxListeners } from 'node:events';
import { CommanderError, InvalidArgumentError, Option, type Command } from 'commander';
import { Piscina } from 'piscina';
import {
  ENGINE_NAME,
  ENGINE_VERSION,
  cellLabel,
  expandGrid,
  GridError,
  gridRecord,
  invalidCell,
  parseGrid,
  sha256Hex,
  type SweepCell,
  type Program,
  type SweepDoc,
} from '../../core/index';
import { sweepPolicies } from '../../core/report/charts';
import { bestRunIndex } from '../../core/report/sweep-summary';
import { writeSweepReports } from '../report-output';
import { checkReportTargets, ReportTargetError } from '../report-targets';
import { compileCell } from '../sweep-cell';
import { SweepScheduler } from '../sweep-schedule';
import type { SweepTask, SweepTaskResult } from '../sweep-worker';
import { sweepWorkerExecArgv, sweepWorkerScript, TSX_SWEEP_WORKER } from '../sweep-worker-bundle';
import {
  pluginCatalog,
  PolicyRequestError,
  resolvePolicies,
  type PolicyRequest,
} from '../sweep-worker-policies';

/** The tsx entry of the worker (the fallback when the bundle cannot be built). */
export const SWEEP_WORKER = TSX_SWEEP_WORKER;

export interface SweepOptions {
  grid: string[];
  /** Empty or absent: every built-in. */
  policy?: string[];
  plugins?: string;
  jobs?: number;
  json?: string;
  report?: string;
  timeline: boolean;
  quiet?: boolean;
}

/** The engine paths a cell's configuration runs (sweep-schedule.ts keeps a thread to few of them). */
function engineMode(program: Program): string {
  const c = program.config;
  return !c.host.ept ? 'shadow' : c.l1.ept ? 'nested-ept' : 'host-ept';
}

/** Bad input (usage, unreadable file, invalid grid, unknown policy): exit 2 with one line on stderr. */
class SweepInputError extends Error {}

/** The exit status travels as a CommanderError that cli/main.ts passes through unchanged. */
export function exitWith(code: number): never {
  throw new CommanderError(code, 'vmxlab.exit', '');
}

function log(quiet: boolean | undefined, line: string): void {
  if (!quiet && process.stderr.isTTY) process.stderr.write(line);
}

export interface SweepOutcome {
  doc: SweepDoc;
  exitCode: number;
}

/** Runs a sweep and returns its document; the CLI action writes and prints it. */
export async function runSweep(file: string, opts: SweepOptions): Promise<SweepOutcome> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SweepInputError(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const axes = parseGrid(opts.grid);
  checkReportTargets({ report: opts.report });
  const request: PolicyRequest = { ids: opts.policy ?? [], pluginsDir: opts.plugins ?? null };
  // Resolve once here so an unknown id or a bad plugin stops the sweep before any worker starts.
  const catalog = pluginCatalog(request.pluginsDir);
  const probe = await resolvePolicies(request, catalog);
  for (const w of probe.warnings) process.stderr.write(`${w}\n`);
  const policyIds = probe.bindings.map((b) => b.info.id);
  probe.dispose();

  const sets = expandGrid(axes);
  const programs = new Map<SweepCell, Program>();
  const cells: SweepCell[] = sets.map((set) => {
    const { program, reason } = compileCell(source, file, set);
    if (!program) return invalidCell(set, reason ?? 'the scenario did not compile');
    const cell: SweepCell = { set, valid: true, reason: null, runs: [] };
    programs.set(cell, program);
    return cell;
  });
  if (!cells.some((c) => c.valid)) {
    throw new SweepInputError(
      `no grid cell is a valid configuration:\n${cells.map((c) => `  ${cellLabel(c.set)}: ${c.reason ?? ''}`).join('\n')}`,
    );
  }
  const base = compileCell(source, file, {});

  const jobs = Math.max(
    1,
    Math.min(opts.jobs ?? availableParallelism(), cells.filter((c) => c.valid).length),
  );
  const script = await sweepWorkerScript();
  const execArgv = await sweepWorkerExecArgv();
  // One single-thread pool per worker, so the scheduler decides which thread runs which cell (a
  // thread keeps to as few engine modes as it can: sweep-schedule.ts).
  const pools = Array.from(
    { length: jobs },
    () =>
      new Piscina<SweepTask, SweepTaskResult>({
        filename: script.filename,
        execArgv,
        minThreads: 1,
        maxThreads: 1,
        concurrentTasksPerWorker: 1,
        idleTimeout: 1000,
      }),
  );
  const abort = new AbortController();
  // Each running (cell, policy) task listens on this one signal.
  setMaxListeners(cells.length * Math.max(1, policyIds.length) + 1, abort.signal);
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  let done = 0;
  const valid = cells.filter((c) => c.valid).length;
  try {
    // One task per (cell, policy): cells differ in length by several times (shadow paging vs EPT,
    // VPID on or off), so whole-cell tasks leave one worker idle at the end; policy-sized tasks, placed
    // and ordered by sweep-schedule.ts, keep both busy to the last few hundred milliseconds. Runs are
    // put back in policy order; the order of execution changes no result.
    const validCells = cells.filter((c) => c.valid);
    const queue = new SweepScheduler(
      validCells,
      validCells.map((c) => engineMode(programs.get(c)!)),
      policyIds.length,
      jobs,
    );
    const results = new Map<SweepCell, SweepTaskResult[]>();
    const finishCell = (cell: SweepCell, runs: SweepTaskResult[]): void => {
      const failed = runs.find((r) => !r.ok);
      if (failed && !failed.ok) {
        cell.valid = false;
        cell.reason = failed.reason;
      } else {
        const first = runs[0];
        if (first?.ok) cell.config = first.config;
        cell.runs = runs.flatMap((r) => (r.ok ? r.runs : []));
      }
      done++;
      log(opts.quiet, `\rsweep: ${done}/${valid} cells`);
    };
    const drain = async (worker: number): Promise<void> => {
      for (let t = queue.next(worker); t; t = queue.next(worker)) {
        const task: SweepTask = {
          source,
          file,
          set: t.cell.set,
          program: programs.get(t.cell)!,
          policies: { ids: [policyIds[t.policy]!], pluginsDir: request.pluginsDir },
          timeline: opts.timeline,
        };
        const r = await pools[worker]!.run(task, { signal: abort.signal });
        if (r.ok) queue.measured(t.cell, t.policy, r.ms);
        const runs = results.get(t.cell) ?? [];
        results.set(t.cell, runs);
        runs[t.policy] = r;
        if (runs.filter(Boolean).length === policyIds.length) finishCell(t.cell, runs);
      }
    };
    await Promise.all(Array.from({ length: jobs }, (_, w) => drain(w)));
  } finally {
    process.off('SIGINT', onSigint);
    log(opts.quiet, '\n');
    await Promise.all(pools.map((p) => p.destroy()));
  }

  const doc: SweepDoc = {
    schema: 'vmxlab.sweep/1',
    engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
    scenario: {
      name: base.program?.config.name ?? cells.find((c) => c.config)?.config?.name ?? file,
      file,
      source,
      sha256: sha256Hex(source),
      seed: base.program?.config.seed ?? cells.find((c) => c.config)?.config?.seed ?? 1,
      ...(base.program ? { config: base.program.config } : {}),
    },
    createdAt: new Date().toISOString(),
    grid: gridRecord(axes),
    cells,
  };
  const failed = cells.some((c) => c.runs.some((r) => r.status === 'policy-error'));
  return { doc, exitCode: failed ? 3 : 0 };
}

/** One line per cell on stdout: the cell, its best policy and every policy's violations. */
export function sweepSummary(doc: SweepDoc): string {
  const policies = sweepPolicies(doc);
  const lines = [`cell  best  ${policies.map((p) => `${p}(violations)`).join('  ')}`];
  doc.cells.forEach((c, i) => {
    if (!c.valid) {
      lines.push(`${i + 1}. ${cellLabel(c.set)}  invalid: ${c.reason ?? ''}`);
      return;
    }
    const bi = bestRunIndex(c.runs);
    const best = bi === null ? '-' : (c.runs[bi]?.policy.id ?? '-');
    const v = policies.map((p) => {
      const r = c.runs.find((x) => x.policy.id === p);
      return !r ? '-' : r.status === 'ok' ? String(r.metrics.violations) : 'error';
    });
    lines.push(`${i + 1}. ${cellLabel(c.set)}  best ${best}  ${v.join('  ')}`);
  });
  return lines.join('\n') + '\n';
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function registerSweepCommand(program: Command): void {
  program
    .command('sweep')
    .description(
      'run a scenario over a grid of header values (cells in parallel) and compare policies per cell',
    )
    .argument('<file>', 'scenario (.vmx)')
    .requiredOption('--grid <key=v1,v2>', 'grid axis (repeatable; the first varies slowest)', collect)
    .option('--policy <id>', 'policy to run (repeatable; default: every built-in)', collect)
    .option('--plugins <dir>', 'folder of user policy plugins')
    .addOption(new Option('--jobs <n>', 'worker threads (default: cores)').argParser(positiveInt))
    .option('--json <out>', 'write the sweep document (vmxlab.sweep/1)')
    .option('--report <out>', 'write a sweep report (.html or .md)')
    .option('--no-timeline', 'omit timelines from the sweep document')
    .option('--quiet', 'no progress on stderr')
    .action(async (file: string, opts: SweepOptions) => {
      let outcome: SweepOutcome;
      try {
        outcome = await runSweep(file, opts);
      } catch (err) {
        if (err instanceof Error && err.name === 'AbortError') {
          process.stderr.write('vmxlab sweep: interrupted; nothing written\n');
          exitWith(130);
        }
        if (
          err instanceof SweepInputError ||
          err instanceof GridError ||
          err instanceof ReportTargetError ||
          err instanceof PolicyRequestError
        ) {
          process.stderr.write(`vmxlab sweep: ${err.message}\n`);
          exitWith(2);
        }
        throw err;
      }
      await writeSweepReports(outcome.doc, { json: opts.json, report: opts.report });
      process.stdout.write(sweepSummary(outcome.doc));
      if (outcome.exitCode !== 0) exitWith(outcome.exitCode);
    });
}
