// The runner's contract: a simulation advances in bounded steps so every host can stay responsive
// (the worker yields between steps to read cancel messages and post batched progress; the CLI checks
// Ctrl-C). One simulation = one scenario under one policy.

import type { Decision, Transition } from '../policy/api';
import type { PolicyProvenance, PolicyRun } from './result';

/** A policy as the engine sees it: provenance plus a synchronous decide (native or sandboxed). */
export interface PolicyBinding {
  info: PolicyProvenance;
  /** May throw; the run then ends with status `policy-error`. Return values are validated by the engine. */
  decide(t: Transition): Decision;
}

export interface Simulation {
  /** Runs up to `maxEvents` more events; returns true once the run has finished (or failed). */
  step(maxEvents: number): boolean;
  readonly eventsDone: number;
  /** Total events when it can be known up front (no random repeat counts), else null. */
  readonly eventsTotal: number | null;
  readonly finished: boolean;
  /** The run so far (complete once finished). */
  result(): PolicyRun;
}

/** A scenario error found while running (an `l2` event while L1 runs…): the run cannot go on. */
export class ScenarioRuntimeError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly event: number,
  ) {
    super(message);
    this.name = 'ScenarioRuntimeError';
  }
}
