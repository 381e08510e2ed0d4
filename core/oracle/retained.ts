// The old values of one entry (a PTE, a 2 MiB PDE or an EPT12 entry) that a context may still have
// cached: raw value -> the clock at which it stopped being current. Keyed by value, so asking "may
// the guest still see this translation?" is a lookup, not a scan: without invalidations a PTE that
// is rewritten again and again keeps every value it had (SDM: nothing removed them), and a scan per
// access made such runs quadratic (a 10 M-event stress run with VPID on took minutes).

export class RetainedValues {
  private readonly ends = new Map<number, number>();
  /** Size at which add() next prunes dead values: doubles, so pruning is O(1) amortised per add. */
  private pruneAt = 8;

  get size(): number {
    return this.ends.size;
  }

  /**
   * Retains `raw` until clock `end` (a value that comes back and goes again keeps its latest end).
   * `alive` tells whether a retained value is still allowed (no invalidation since it ended).
   */
  add(raw: number, end: number, alive: (raw: number, end: number) => boolean): void {
    this.ends.set(raw, end);
    if (this.ends.size < this.pruneAt) return;
    for (const [r, e] of this.ends) if (!alive(r, e)) this.ends.delete(r);
    this.pruneAt = Math.max(8, this.ends.size * 2);
  }

  /** The clock at which `raw` stopped being current, if it is retained. */
  endOf(raw: number): number | undefined {
    return this.ends.get(raw);
  }

  /** Keeps only the values `keep` accepts (invalidations that spare some values, e.g. globals). */
  retainOnly(keep: (raw: number) => boolean): void {
    for (const r of this.ends.keys()) if (!keep(r)) this.ends.delete(r);
  }

  entries(): IterableIterator<[number, number]> {
    return this.ends.entries();
  }
}
