// One number per guest-table entry, for the oracle's per-entry bookkeeping (when an entry's value
// became current, which write last replaced it). Entries are keyed as the oracle keys them: a 4 KiB
// page by its vpn, a 2 MiB entry by -(region + 1). Stored per 2 MiB region as a typed array (512
// pages + the region's own entry), so a PTE write costs two array stores, not hash-map inserts of
// boxed page numbers (measured: the maps were ~9 % of the mixed workload for 2 writes per 100 events).

import { PAGES_PER_LARGE } from '../guest/pte';
import { RegionMap } from '../util/region-map';

/** Slot of the region's 2 MiB entry, after its 512 pages. */
const REGION_SLOT = PAGES_PER_LARGE;

export class EntryStamps {
  private readonly regions = new RegionMap<Float64Array>();

  /** `absent` is what get() returns for an entry never set. */
  constructor(private readonly absent: number) {}

  get(key: number): number {
    const region = key < 0 ? -key - 1 : Math.floor(key / PAGES_PER_LARGE);
    const stamps = this.regions.get(region);
    if (stamps === undefined) return this.absent;
    return stamps[key < 0 ? REGION_SLOT : key - region * PAGES_PER_LARGE]!;
  }

  set(key: number, value: number): void {
    const region = key < 0 ? -key - 1 : Math.floor(key / PAGES_PER_LARGE);
    let stamps = this.regions.get(region);
    if (stamps === undefined) {
      stamps = new Float64Array(PAGES_PER_LARGE + 1).fill(this.absent);
      this.regions.set(region, stamps);
    }
    stamps[key < 0 ? REGION_SLOT : key - region * PAGES_PER_LARGE] = value;
  }
}
