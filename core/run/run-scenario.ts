// Runs one compiled scenario under several policies and assembles the result document with its
// provenance (results-cli.md): engine version, scenario text and hash, seed, resolved config, and
// per policy its id, version, source hash and origin. Policies run one after another, each on a fresh
// simulation, so one policy's failure never touches another's run.

import { ENGINE_NAME, ENGINE_VERSION } from '../version';
import type { Program } from '../model/program';
import { sha256Hex } from '../util/sha256';
import type { PolicyRun, ResultDoc } from './result';
import { createSimulation } from './runner';
import type { PolicyBinding, Simulation } from './simulation';

export interface RunRequest {
  /** The scenario text exactly as read (hashed and embedded in the result). */
  source: string;
  /** The path as given on the command line, or the editor's file name. */
  file: string;
  program: Program;
  policies: readonly PolicyBinding[];
}

export function resultDoc(req: RunRequest, runs: PolicyRun[], createdAt: string): ResultDoc {
  return {
    schema: 'vmxlab.result/1',
    engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
    scenario: {
      name: req.program.config.name,
      file: req.file,
      source: req.source,
      sha256: sha256Hex(req.source),
      seed: req.program.config.seed,
      config: req.program.config,
    },
    createdAt,
    runs,
  };
}

/** Runs every policy to completion in one go (CLI, tests, sweep cells). */
export function runScenario(req: RunRequest, createdAt = new Date().toISOString()): ResultDoc {
  const runs = req.policies.map((policy) => {
    const sim = createSimulation(req.program, policy);
    while (!sim.step(1 << 20));
    return sim.result();
  });
  return resultDoc(req, runs, createdAt);
}

export interface ChunkedRunHooks {
  /** Events per step between yields (default 200k). */
  chunk?: number;
  /** Called between steps; hosts batch what they forward (the worker sends at most ~20 updates/s). */
  onProgress?(progress: { policyIndex: number; eventsDone: number; eventsTotal: number | null }): void;
  /** Checked between steps; true stops the run and the promise resolves to null. */
  isCancelled?(): boolean;
  /** Lets the host breathe between steps (a worker reads its message queue; the CLI sees Ctrl-C). */
  yieldToHost?(): Promise<void>;
}

/** The same run in bounded steps, for hosts that must stay responsive and cancellable. */
export async function runScenarioChunked(
  req: RunRequest,
  hooks: ChunkedRunHooks = {},
  createdAt = new Date().toISOString(),
): Promise<ResultDoc | null> {
  const chunk = hooks.chunk ?? 200_000;
  const runs: PolicyRun[] = [];
  for (const [policyIndex, policy] of req.policies.entries()) {
    const sim: Simulation = createSimulation(req.program, policy);
    for (;;) {
      const done = sim.step(chunk);
      hooks.onProgress?.({ policyIndex, eventsDone: sim.eventsDone, eventsTotal: sim.eventsTotal });
      if (done) break;
      if (hooks.yieldToHost) await hooks.yieldToHost();
      if (hooks.isCancelled?.()) return null;
    }
    runs.push(sim.result());
  }
  return resultDoc(req, runs, createdAt);
}
