// A guest page table as L1 or L2 wrote it (or an EPT12 table: L2 GPA -> L1 GPA). Only the leaf level
// is kept page by page; a 2 MiB region mapped by a large entry holds one entry for the region. This is
// "the truth of what each translation is now" (model.md, layer 1): the L0 model and the oracle both
// read it, neither owns it.

import type { Level } from '../model/config';
import type { TableKind } from '../model/program';
import { NOT_PRESENT, PAGES_PER_LARGE, PTE_LARGE, encodePte, pteFlags, pteFrame, regionOf } from './pte';

export class GuestTable {
  /** vpn -> encoded PTE (4 KiB leaves). */
  private readonly small = new Map<number, number>();
  /** 2 MiB region -> encoded PDE (frame = first 4 KiB page of the 2 MiB frame, PTE_LARGE set). */
  private readonly large = new Map<number, number>();
  /** Regions the scenario mapped with 2 MiB pages: later PTE writes there rewrite the 2 MiB entry. */
  private readonly largeRegions = new Set<number>();

  constructor(
    readonly id: number,
    readonly name: string,
    readonly owner: Level,
    readonly kind: TableKind,
  ) {}

  isLargeRegion(region: number): boolean {
    return this.largeRegions.has(region);
  }

  /** The translation of one 4 KiB page: a large entry resolved to that page, or NOT_PRESENT. */
  lookup(vpn: number): number {
    if (this.largeRegions.size !== 0) {
      const region = regionOf(vpn);
      if (this.largeRegions.has(region)) {
        const pde = this.large.get(region);
        if (pde === undefined) return NOT_PRESENT;
        return encodePte(pteFrame(pde) + (vpn - region * PAGES_PER_LARGE), pteFlags(pde));
      }
    }
    const pte = this.small.get(vpn);
    return pte === undefined ? NOT_PRESENT : pte;
  }

  /** The leaf entry as stored: for a large region the PDE itself (keyed by region). */
  rawEntry(vpn: number): number {
    const region = regionOf(vpn);
    if (this.largeRegions.has(region)) return this.large.get(region) ?? NOT_PRESENT;
    return this.small.get(vpn) ?? NOT_PRESENT;
  }

  /** Initial `map`: marks 2 MiB regions as large. */
  mapInitial(vpn: number, framePage: number, flags: number, large: boolean): void {
    if (large) {
      const region = regionOf(vpn);
      this.largeRegions.add(region);
      this.large.set(region, encodePte(framePage, flags | PTE_LARGE));
    } else {
      this.small.set(vpn, encodePte(framePage, flags));
    }
  }

  /**
   * A PTE write. Inside a large region it rewrites that 2 MiB entry (the frame aligned down).
   * Returns the previous raw entry.
   */
  write(vpn: number, pte: number): number {
    const region = regionOf(vpn);
    if (this.largeRegions.has(region)) {
      const old = this.large.get(region) ?? NOT_PRESENT;
      if (pte === NOT_PRESENT) this.large.delete(region);
      else {
        const frame = Math.floor(pteFrame(pte) / PAGES_PER_LARGE) * PAGES_PER_LARGE;
        this.large.set(region, encodePte(frame, pteFlags(pte) | PTE_LARGE));
      }
      return old;
    }
    const old = this.small.get(vpn) ?? NOT_PRESENT;
    if (pte === NOT_PRESENT) this.small.delete(vpn);
    else this.small.set(vpn, pte);
    return old;
  }
}
