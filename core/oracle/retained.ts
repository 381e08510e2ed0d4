// The old values of one entry (a PTE, a 2 MiB PDE or an EPT12 entry) that a context may still have
// cached: raw value -> the clock at which it stopped being current. Keyed by value, so asking "may
// the guest still see this translation?" is a lookup, not a scan: without invalidations a PTE that
// is rewritten again and again keeps every value it had (SDM: nothing removed them), and a scan per
// access made such runs quadratic (a 10 M-event stress run with VPID on took minutes). The first value
// is held inline: most entries retain one value before an invalidation clears them, and a Map per
// PTE write was most of the write's cost.

/** `raw` of an empty inline slot (raw values are non-negative integers). */
const NONE = -1;

export class RetainedValues {
  private raw0 = NONE;
  private end0 = 0;
  /** The values after the first, when there are any. */
  private more: Map<number, number> | null = null;
  /** Size at which add() next prunes dead values: doubles, so pruning is O(1) amortised per add. */
  private pruneAt = 8;

  get size(): number {
    return (this.raw0 === NONE ? 0 : 1) + (this.more?.size ?? 0);
  }

  /**
   * Retains `raw` until clock `end` (a value that comes back and goes again keeps its latest end).
   * True when the values have grown to the pruning point: the caller then calls prune() (with a
   * closure it builds only then — a PTE write retains values in every context that ran on the table).
   */
  add(raw: number, end: number): boolean {
    if (this.raw0 === NONE || this.raw0 === raw) {
      this.raw0 = raw;
      this.end0 = end;
      return false;
    }
    (this.more ??= new Map()).set(raw, end);
    return this.size >= this.pruneAt;
  }

  /** Drops the values `alive` rejects (an invalidation since they ended); the next prune waits for twice as many. */
  prune(alive: (raw: number, end: number) => boolean): void {
    this.retainWhere(alive);
    this.pruneAt = Math.max(8, this.size * 2);
  }

  /** The clock at which `raw` stopped being current, if it is retained. */
  endOf(raw: number): number | undefined {
    return raw === this.raw0 ? this.end0 : this.more?.get(raw);
  }

  /** Keeps only the values `keep` accepts (invalidations that spare some values, e.g. globals). */
  retainOnly(keep: (raw: number) => boolean): void {
    this.retainWhere((raw) => keep(raw));
  }

  private retainWhere(keep: (raw: number, end: number) => boolean): void {
    const more = this.more;
    if (more) for (const [r, e] of more) if (!keep(r, e)) more.delete(r);
    if (this.raw0 !== NONE && !keep(this.raw0, this.end0)) {
      this.raw0 = NONE;
      // Keep the inline slot filled while values remain.
      const next = more?.entries().next();
      if (next && !next.done) {
        [this.raw0, this.end0] = next.value;
        more!.delete(this.raw0);
      }
    }
  }

  *entries(): IterableIterator<[number, number]> {
    if (this.raw0 !== NONE) yield [this.raw0, this.end0];
    if (this.more) yield* this.more.entries();
  }
}
