// One sweep cell per task (results-cli.md "sweep"): compile the scenario with the cell's overrides,
// bind fresh policies, run them all and send the runs back. Loaded by piscina through
// sweep-worker-entry.mjs, which registers tsx first (worker threads do not inherit the CLI's loader).
import { compileScenario } from '../core/dsl/compile';
import {
  runScenario,
  ScenarioRuntimeError,
  withoutTimeline,
  type CellSet,
  type ScenarioConfig,
  type SweepRun,
} from '../core/index';
import { resolvePolicies, type PolicyRequest } from './sweep-worker-policies';

export interface SweepTask {
  source: string;
  file: string;
  set: CellSet;
  policies: PolicyRequest;
  timeline: boolean;
}

export type SweepTaskResult =
  { ok: true; config: ScenarioConfig; runs: SweepRun[]; ms: number } | { ok: false; reason: string };

/** The first error of a compile as `FILE:LINE:COL: error: message` (the CLI's diagnostic form). */
export function compileCell(source: string, file: string, set: CellSet) {
  const compiled = compileScenario(source, { overrides: { ...set } as Record<string, string> });
  const error = compiled.diagnostics.find((d) => d.severity === 'error');
  return {
    program: compiled.program,
    reason: error ? `${file}:${error.line}:${error.column}: error: ${error.message}` : null,
  };
}

export default async function runSweepCell(task: SweepTask): Promise<SweepTaskResult> {
  const started = performance.now();
  const { program, reason } = compileCell(task.source, task.file, task.set);
  if (!program) return { ok: false, reason: reason ?? 'the scenario did not compile' };
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
