// One number per guest-table entry, for the oracle's per-entry bookkeeping (when an entry's value
// became current, which write last replaced it). Entries are keyed as the oracle keys them: a 4 KiB
// page by its vpn, a 2 MiB entry by -(region + 1); each kind lives in typed arrays per region
// (util/page-values.ts), so a PTE write costs array stores, not hash-map inserts of boxed page
// numbers (measured: the maps were ~9 % of the mixed workload for 2 writes per 100 events).

import { PageValues } from '../util/page-values';

export class EntryStamps {
  private readonly pages: PageValues;
  /** 2 MiB entries, by region index. */
  private readonly regions: PageValues;

  /** `absent` is what get() returns for an entry never set. */
  constructor(absent: number) {
    this.pages = new PageValues(absent);
    this.regions = new PageValues(absent);
  }

  get(key: number): number {
    return key < 0 ? this.regions.get(-key - 1) : this.pages.get(key);
  }

  set(key: number, value: number): void {
    this.exchange(key, value);
  }

  /** Sets the entry's stamp and returns the one it replaces. */
  exchange(key: number, value: number): number {
    return key < 0 ? this.regions.exchange(-key - 1, value) : this.pages.exchange(key, value);
  }
}
