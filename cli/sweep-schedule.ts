// Where and in which order a sweep's (cell, policy) tasks run, on `workers` threads. Nothing here
// changes a result; it decides how close the workers finish together and how much CPU the same tasks
// cost.
//
// Placement. Each worker owns a share of the cells, the cells sorted by *mode* (the engine paths they
// run: shadow paging, host EPT, nested EPT) and cut into contiguous shares, so a thread keeps to as few
// modes as the balance allows. A thread that meets a new mode deoptimizes the engine's hot functions
// and compiles them again, on the CPU the other thread needs: on issue #8's grid, the same 24 tasks
// cost 11–17 % more CPU on two threads than on one when both threads ran every mode, 4–6 % when each
// kept to its half of the modes.
//
// Order. A worker first runs one task of each of its cells (the policy varied from cell to cell, so
// that the policies' costs are known early), then always its task with the longest estimated time:
// cell factor × policy factor, fitted to the times measured so far (policies differ by up to 3× within
// a cell, so a cell's first time alone misjudged them). A worker whose own tasks are all handed out
// takes the shortest-estimated task of the worker with the most estimated work left. The last tasks
// are then short ones and the workers finish close together (longest-processing-time-first, with the
// times estimated as the sweep goes).

export interface QueuedTask<C> {
  cell: C;
  /** Index of the policy in the sweep's policy list. */
  policy: number;
}

interface CellState<C> {
  cell: C;
  index: number;
  /** Policies not handed out yet. */
  pending: number[];
  explored: boolean;
}

export class SweepScheduler<C> {
  /** Per worker, the cells it owns. */
  private readonly shares: CellState<C>[][];
  private readonly byCell = new Map<C, CellState<C>>();
  /** Measured task times (ms) by cell index and policy. */
  private readonly times: { index: number; policy: number; ms: number }[] = [];
  private fitted: { cell: Float64Array; policy: Float64Array; known: Uint8Array } | null = null;

  /**
   * `modes[i]` is cell i's mode; cells of one mode stay together where the shares allow. `workers`
   * is the number of threads (at least 1).
   */
  constructor(
    cells: readonly C[],
    modes: readonly string[],
    private readonly policies: number,
    workers: number,
  ) {
    const states = cells.map((cell, index) => ({
      cell,
      index,
      pending: Array.from({ length: policies }, (_, p) => p),
      explored: false,
    }));
    for (const s of states) this.byCell.set(s.cell, s);
    // Modes in order of first appearance, cells in grid order within a mode.
    const order = [...new Set(modes)];
    const sorted = [...states].sort(
      (a, b) => order.indexOf(modes[a.index]!) - order.indexOf(modes[b.index]!) || a.index - b.index,
    );
    const n = Math.max(1, workers);
    this.shares = Array.from({ length: n }, (_, w) =>
      sorted.slice(Math.round((w * sorted.length) / n), Math.round(((w + 1) * sorted.length) / n)),
    );
  }

  /** The next task for `worker`, or null when every task has been handed out. */
  next(worker: number): QueuedTask<C> | null {
    const own = this.shares[worker % this.shares.length]!;
    // Explore: one task of each own cell, its policy varied with the cell's index.
    for (const s of own) {
      if (s.explored || s.pending.length === 0) continue;
      s.explored = true;
      const at = s.pending.indexOf(s.index % this.policies);
      return { cell: s.cell, policy: s.pending.splice(Math.max(at, 0), 1)[0]! };
    }
    const mine = this.pick(own, 'longest');
    if (mine) return mine;
    // Steal: the shortest task of the share with the most estimated work left.
    let victim: CellState<C>[] | null = null;
    let most = 0;
    for (const share of this.shares) {
      const left = share.reduce((a, s) => a + s.pending.reduce((b, p) => b + this.estimate(s, p), 0), 0);
      if (left > most) {
        most = left;
        victim = share;
      }
    }
    return victim ? this.pick(victim, 'shortest') : null;
  }

  /** A task of `cell` under policy `policy` took `ms`. */
  measured(cell: C, policy: number, ms: number): void {
    const s = this.byCell.get(cell);
    if (!s) return;
    this.times.push({ index: s.index, policy, ms: Math.max(ms, 1e-3) });
    this.fitted = null;
  }

  /** Removes and returns the pending task of `share` with the longest (or shortest) estimate. */
  private pick(share: CellState<C>[], which: 'longest' | 'shortest'): QueuedTask<C> | null {
    let best: CellState<C> | null = null;
    let bestPolicy = -1;
    let bestEst = 0;
    for (const s of share) {
      for (const p of s.pending) {
        const est = this.estimate(s, p);
        const better = best === null || (which === 'longest' ? est > bestEst : est < bestEst);
        if (better) {
          best = s;
          bestPolicy = p;
          bestEst = est;
        }
      }
    }
    if (best === null) return null;
    best.pending.splice(best.pending.indexOf(bestPolicy), 1);
    return { cell: best.cell, policy: bestPolicy };
  }

  /**
   * Estimated time of (cell, policy): exp(cell factor + policy factor), least squares on the logs of
   * the measured times (alternating means: a few passes settle it for a sweep's few dozen tasks). A
   * cell with no measured task yet is assumed long (it may be), so it runs early.
   */
  private estimate(s: CellState<C>, policy: number): number {
    const f = (this.fitted ??= this.fit());
    if (f.known[s.index] === 0) return Number.MAX_VALUE;
    return Math.exp(f.cell[s.index]! + f.policy[policy]!);
  }

  private fit(): { cell: Float64Array; policy: Float64Array; known: Uint8Array } {
    const cells = this.byCell.size;
    const cell = new Float64Array(cells);
    const policy = new Float64Array(this.policies);
    const known = new Uint8Array(cells);
    for (const t of this.times) known[t.index] = 1;
    const sum = (n: number) => ({ s: new Float64Array(n), k: new Float64Array(n) });
    for (let pass = 0; pass < 8; pass++) {
      const c = sum(cells);
      for (const t of this.times) {
        c.s[t.index]! += Math.log(t.ms) - policy[t.policy]!;
        c.k[t.index]!++;
      }
      for (let i = 0; i < cells; i++) if (c.k[i]! > 0) cell[i] = c.s[i]! / c.k[i]!;
      const p = sum(this.policies);
      for (const t of this.times) {
        p.s[t.policy]! += Math.log(t.ms) - cell[t.index]!;
        p.k[t.policy]!++;
      }
      for (let i = 0; i < this.policies; i++) policy[i] = p.k[i]! > 0 ? p.s[i]! / p.k[i]! : 0;
    }
    return { cell, policy, known };
  }
}
