// The sweep report's data (results-cli.md "sweep"): which policy is best in each grid cell and the
// per-cell rows the HTML and Markdown sweep reports print beside the heatmaps.

import { cellLabel, type SweepDoc, type SweepRun } from '../run/sweep-grid';

/**
 * The best run of a cell: among runs that finished (`ok`; a failed run's counts stop at its error and
 * would look cheap), the fewest violations — correctness first, since a policy that lets a guest see a
 * stale translation is wrong however fast —, then the fewest cycles, then the earlier policy in the
 * run order (the baseline wins ties). Null when no run finished (or the cell is invalid).
 */
export function bestRunIndex(runs: readonly SweepRun[]): number | null {
  let best: number | null = null;
  runs.forEach((r, i) => {
    if (r.status !== 'ok') return;
    const b = best === null ? undefined : runs[best];
    if (
      !b ||
      r.metrics.violations < b.metrics.violations ||
      (r.metrics.violations === b.metrics.violations && r.metrics.cycles < b.metrics.cycles)
    ) {
      best = i;
    }
  });
  return best;
}

export interface SweepRow {
  label: string;
  valid: boolean;
  reason: string | null;
  /** Policy id of the best run, or null. */
  best: string | null;
  /** Per policy id: the run's figures, or undefined when it has no run in this cell. */
  runs: Map<
    string,
    { status: SweepRun['status']; violations: number; syncs: number; cycles: number; error: string | null }
  >;
}

export function sweepRows(doc: SweepDoc): SweepRow[] {
  return doc.cells.map((cell) => {
    const bi = bestRunIndex(cell.runs);
    const runs: SweepRow['runs'] = new Map();
    for (const r of cell.runs) {
      runs.set(r.policy.id, {
        status: r.status,
        violations: r.metrics.violations,
        syncs: r.metrics.syncs,
        cycles: r.metrics.cycles,
        error: r.error ? r.error.message : null,
      });
    }
    return {
      label: cellLabel(cell.set),
      valid: cell.valid,
      reason: cell.reason,
      best: bi === null ? null : (cell.runs[bi]?.policy.id ?? null),
      runs,
    };
  });
}
