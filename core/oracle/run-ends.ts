// When one oracle context's latest run on each guest table ended (a clock; Infinity while it runs on
// that table). The per-access checks walk every table a context ran on; entries live in two parallel
// arrays so that walk is an indexed loop — iterating a Map allocated an entry pair per table per check
// (measured: ~190 MB per 4 M-event run of shadow paging with VPID, most of its allocation). The index
// map keeps set() O(1) for a context that switches among many tables.

export class RunEnds {
  /** Table ids, in the order the context first ran on them. */
  readonly tables: number[] = [];
  /** ends[i]: the clock the run on tables[i] ended. */
  readonly ends: number[] = [];
  private readonly index = new Map<number, number>();

  get size(): number {
    return this.tables.length;
  }

  /** The clock the run on `table` ended; undefined if the context never ran on it. */
  get(table: number): number | undefined {
    const i = this.index.get(table);
    return i === undefined ? undefined : this.ends[i];
  }

  set(table: number, end: number): void {
    const i = this.index.get(table);
    if (i !== undefined) {
      this.ends[i] = end;
      return;
    }
    this.index.set(table, this.tables.length);
    this.tables.push(table);
    this.ends.push(end);
  }
}
