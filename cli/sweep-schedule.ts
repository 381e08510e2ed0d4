// The order of a sweep's (cell, policy) tasks. Cells differ in cost by several times (shadow paging vs
// EPT, VPID on or off) and nothing says which before they run, so the queue learns: first one task of
// every cell (grid order), then always a task of the cell whose tasks took longest so far. The last
// tasks are then the cheapest, and the workers finish close together (longest-processing-time-first,
// with the times measured instead of known). The order changes nothing in the results.

export interface QueuedTask<C> {
  cell: C;
  /** Index of the policy in the sweep's policy list. */
  policy: number;
}

export class LongestFirstQueue<C> {
  private readonly pending = new Map<C, number[]>();
  private readonly started = new Set<C>();
  /** Longest task time measured per cell (ms). */
  private readonly cost = new Map<C, number>();

  constructor(
    private readonly cells: readonly C[],
    policies: number,
  ) {
    for (const c of cells)
      this.pending.set(
        c,
        Array.from({ length: policies }, (_, i) => i),
      );
  }

  /** The next task to start, or null when every task has been handed out. */
  next(): QueuedTask<C> | null {
    let pick: C | null = null;
    for (const c of this.cells) {
      if (!this.pending.get(c)?.length) continue;
      if (!this.started.has(c)) {
        pick = c; // explore: every cell once, in grid order, before any second task
        break;
      }
      // A started cell with no time yet is running its first task: assume it is long.
      const cost = this.cost.get(c) ?? Infinity;
      if (pick === null || cost > (this.cost.get(pick) ?? Infinity)) pick = c;
    }
    if (pick === null) return null;
    this.started.add(pick);
    return { cell: pick, policy: this.pending.get(pick)!.shift()! };
  }

  /** A task of `cell` took `ms`. */
  measured(cell: C, ms: number): void {
    this.cost.set(cell, Math.max(this.cost.get(cell) ?? 0, ms));
  }
}
