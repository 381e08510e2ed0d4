// createSimulation: wires guest state, the L0 model, the oracle, metrics and timeline bins for one
// scenario under one policy. (Being written: the engine issue.)
import type { Program } from '../model/program';
import type { PolicyBinding, Simulation } from './simulation';

export interface SimulationOptions {
  /** Violations kept with explanations (default 100; all are counted). */
  maxViolations?: number;
  /** Upper bound on timeline bins (default 2048); bins merge pairwise as the run grows. */
  maxBins?: number;
}

export function createSimulation(_program: Program, _policy: PolicyBinding, _options: SimulationOptions = {}): Simulation {
  throw new Error('the engine is not implemented yet');
}
