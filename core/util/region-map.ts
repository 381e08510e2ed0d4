// A map keyed by 2 MiB region index, for the per-region structures of guest tables and shadow trees:
// regions below 2^16 (the first 128 GiB of an address space, where scenarios mostly live) sit in an
// array, the rest in a Map, and the last lookup is cached since consecutive accesses share regions.

const DENSE_REGIONS = 1 << 16;

export class RegionMap<T> {
  private readonly dense: (T | undefined)[] = [];
  private readonly sparse = new Map<number, T>();
  private lastIndex = -1;
  private last: T | undefined = undefined;

  get(index: number): T | undefined {
    if (index === this.lastIndex) return this.last;
    const v = index < DENSE_REGIONS ? this.dense[index] : this.sparse.get(index);
    this.lastIndex = index;
    this.last = v;
    return v;
  }

  set(index: number, value: T): void {
    if (index < DENSE_REGIONS) this.dense[index] = value;
    else this.sparse.set(index, value);
    this.lastIndex = index;
    this.last = value;
  }
}
