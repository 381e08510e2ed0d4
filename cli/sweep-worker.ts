// One sweep task (results-cli.md "sweep"): a cell's program — compiled with the cell's overrides on
// the main thread (cli/sweep-cell.ts) and sent as data — run under fresh bindings of the asked
// policies, the runs sent back. Loaded by piscina as an esbuild bundle (cli/sweep-worker-bundle.ts),
// or through sweep-worker-entry.mjs, which registers tsx first. Imports stay off the DSL compiler.
import type { ScenarioConfig } from '../core/model/config';
import type { Program } from '../core/model/program';
import { runScenario } from '../core/run/run-scenario';
import { ScenarioRuntimeError } from '../core/run/simulation';
import { withoutTimeline, type CellSet, type SweepRun } from '../core/run/sweep-grid';
import { resolvePolicies, type PolicyRequest } from './sweep-worker-policies';

export interface SweepTask {
  source: string;
  file: string;
  set: CellSet;
  /** The cell's compiled program (plain data: it crosses to the worker by structured clone). */
  program: Program;
  policies: PolicyRequest;
  timeline: boolean;
}

export type SweepTaskResult =
  { ok: true; config: ScenarioConfig; runs: SweepRun[]; ms: number } | { ok: false; reason: string };

export default async function runSweepCell(task: SweepTask): Promise<SweepTaskResult> {
  const started = performance.now();
  const program = task.program;
  const policies = await resolvePolicies(task.policies);
  try {
    const doc = runScenario({ source: task.source, file: task.file, program, policies: policies.bindings });
    const runs: SweepRun[] = task.timeline ? doc.runs : doc.runs.map(withoutTimeline);
    return { ok: true, config: program.config, runs, ms: performance.now() - started };
  } catch (err) {
    // The scenario cannot run under this cell's configuration (an `l2` event while L1 runs…): the
    // cell is reported like a configuration the compiler refused, with the line.
    if (err instanceof ScenarioRuntimeError) {
      return { ok: false, reason: `${task.file}:${err.line}: error: ${err.message} (event ${err.event})` };
    }
    throw err;
  } finally {
    policies.dispose();
  }
}
