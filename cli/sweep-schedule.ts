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
// a cell, so a cell's first time alone misjudged them). The last tasks are then short ones and the
// workers finish close together (longest-processing-time-first, with the times estimated as the sweep
// goes).
//
// Balance. Shares are cut by cell count before any time is known, so one may hold far more work. A
// worker takes the shortest-estimated task of the worker with the most estimated work left as soon as
// that moves the two closer (the other has more than that task's time more left than it), not only
// once its own share is empty: waiting left the thief to take, at the very end, whatever task was left
// — on issue #8's grid a task of a mode it had never run, 1.1 s where the owner took 0.7 s, while the
// owner sat idle. Among the tasks it may take, one of a mode it has already run comes first.

export interface QueuedTask<C> {
  cell: C;
  /** Index of the policy in the sweep's policy list. */
  policy: number;
}

interface CellState<C> {
  cell: C;
  index: number;
  mode: string;
  /** Policies not handed out yet. */
  pending: number[];
  explored: boolean;
}

export class SweepScheduler<C> {
  /** Per worker, the cells it owns. */
  private readonly shares: CellState<C>[][];
  /** Per worker, the modes of the tasks it has been handed (its thread has compiled their paths). */
  private readonly ran: Set<string>[];
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
      mode: modes[index] ?? '',
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
    this.ran = Array.from({ length: n }, () => new Set<string>());
  }

  /** The next task for `worker`, or null when every task has been handed out. */
  next(worker: number): QueuedTask<C> | null {
    const w = worker % this.shares.length;
    const task = this.choose(w);
    if (task) this.ran[w]!.add(this.byCell.get(task.cell)!.mode);
    return task;
  }

  private choose(w: number): QueuedTask<C> | null {
    const own = this.shares[w]!;
    // Explore: one task of each own cell, its policy varied with the cell's index.
    for (const s of own) {
      if (s.explored || s.pending.length === 0) continue;
      s.explored = true;
      const at = s.pending.indexOf(s.index % this.policies);
      return { cell: s.cell, policy: s.pending.splice(Math.max(at, 0), 1)[0]! };
    }
    // The share with the most estimated work left, and this worker's own.
    let victim: CellState<C>[] | null = null;
    let most = 0;
    for (const share of this.shares) {
      if (share === own) continue;
      const left = this.workLeft(share);
      if (left > most) {
        most = left;
        victim = share;
      }
    }
    const mineLeft = this.workLeft(own);
    if (victim) {
      const steal = this.stealable(victim, this.ran[w]!);
      // Taking it moves the two shares closer: the victim has more than its time more left. (Unknown
      // estimates are huge: an unexplored share is not stolen from while this worker has work.)
      if (steal && (mineLeft === 0 || (most < Number.MAX_VALUE && most - mineLeft > steal.est))) {
        return this.take(steal.state, steal.policy);
      }
    }
    return this.pick(own);
  }

  private workLeft(share: CellState<C>[]): number {
    let left = 0;
    for (const s of share)
      for (const p of s.pending) left = Math.min(Number.MAX_VALUE, left + this.estimate(s, p));
    return left;
  }

  /** The shortest-estimated pending task of `share`, of a mode in `modes` if it has one. */
  private stealable(
    share: CellState<C>[],
    modes: Set<string>,
  ): { state: CellState<C>; policy: number; est: number } | null {
    let best: { state: CellState<C>; policy: number; est: number; known: boolean } | null = null;
    for (const s of share) {
      const known = modes.has(s.mode);
      for (const p of s.pending) {
        const est = this.estimate(s, p);
        if (!best || (known && !best.known) || (known === best.known && est < best.est))
          best = { state: s, policy: p, est, known };
      }
    }
    return best;
  }

  private take(s: CellState<C>, policy: number): QueuedTask<C> {
    s.pending.splice(s.pending.indexOf(policy), 1);
    return { cell: s.cell, policy };
  }

  /** A task of `cell` under policy `policy` took `ms`. */
  measured(cell: C, policy: number, ms: number): void {
    const s = this.byCell.get(cell);
    if (!s) return;
    this.times.push({ index: s.index, policy, ms: Math.max(ms, 1e-3) });
    this.fitted = null;
  }

  /** Removes and returns the pending task of `share` with the longest estimate. */
  private pick(share: CellState<C>[]): QueuedTask<C> | null {
    let best: CellState<C> | null = null;
    let bestPolicy = -1;
    let bestEst = 0;
    for (const s of share) {
      for (const p of s.pending) {
        const est = this.estimate(s, p);
        const better = best === null || est > bestEst;
        if (better) {
          best = s;
          bestPolicy = p;
          bestEst = est;
        }
      }
    }
    return best === null ? null : this.take(best, bestPolicy);
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
