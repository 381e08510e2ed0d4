// A guest page table as L1 or L2 wrote it (or an EPT12 table: L2 GPA -> L1 GPA). Leaf page-table
// pages are kept per 2 MiB region as a 512-entry array (the guest's own PT page), and a region mapped
// by a 2 MiB entry holds that PDE instead. This is "the truth of what each translation is now"
// (model.md, layer 1): the L0 model and the oracle both read it, neither owns it.

import type { Level } from '../model/config';
import type { TableKind } from '../model/program';
import { NOT_PRESENT, PAGES_PER_LARGE, PTE_LARGE, encodePte, pteFlags, pteFrame } from './pte';
import { RegionMap } from '../util/region-map';

/** One 2 MiB region of a table: a leaf PT page (512 PTEs) or a 2 MiB PDE. */
export class Region {
  /** PTEs of the leaf page; NOT_PRESENT where unmapped. Null for a large region. */
  readonly leaf: Float64Array | null;
  /** The 2 MiB PDE of a large region (NOT_PRESENT when unmapped). */
  pde = NOT_PRESENT;
  constructor(readonly large: boolean) {
    this.leaf = large ? null : new Float64Array(PAGES_PER_LARGE).fill(NOT_PRESENT);
  }
}

/** Regions below this index also have their leaf page in `leaves` (the hot path's direct lookup). */
const DIRECT_REGIONS = 1 << 16;

export class GuestTable {
  private readonly regions = new RegionMap<Region>();
  /**
   * Leaf pages of the 4 KiB regions below DIRECT_REGIONS, by region index: lookup() reads a PTE with
   * two loads instead of going through the region map and the Region object (every TLB miss does one
   * or two lookups, for the L0 walk and for the oracle's check).
   */
  private readonly leaves: (Float64Array | undefined)[] = [];

  constructor(
    readonly id: number,
    readonly name: string,
    readonly owner: Level,
    readonly kind: TableKind,
  ) {}

  region(index: number): Region | undefined {
    return this.regions.get(index);
  }

  isLargeRegion(index: number): boolean {
    return this.region(index)?.large ?? false;
  }

  /**
   * The leaf PT page of 4 KiB region `index` when it exists and is below DIRECT_REGIONS, else
   * undefined (then lookup() says what the region holds): for loops that read many PTEs inline.
   */
  directLeaf(index: number): Float64Array | undefined {
    return index < DIRECT_REGIONS ? this.leaves[index] : undefined;
  }

  /** The translation of one 4 KiB page: a large entry resolved to that page, or NOT_PRESENT. */
  lookup(vpn: number): number {
    const index = Math.floor(vpn / PAGES_PER_LARGE);
    if (index < DIRECT_REGIONS) {
      const leaf = this.leaves[index];
      if (leaf !== undefined) return leaf[vpn - index * PAGES_PER_LARGE]!;
    }
    const r = this.region(index);
    if (r === undefined) return NOT_PRESENT;
    const offset = vpn - index * PAGES_PER_LARGE;
    if (r.leaf !== null) return r.leaf[offset]!;
    const pde = r.pde;
    return pde === NOT_PRESENT ? NOT_PRESENT : encodePte(pteFrame(pde) + offset, pteFlags(pde));
  }

  /** The leaf entry as stored: for a large region the PDE itself. */
  rawEntry(vpn: number): number {
    const index = Math.floor(vpn / PAGES_PER_LARGE);
    const r = this.region(index);
    if (r === undefined) return NOT_PRESENT;
    return r.leaf !== null ? r.leaf[vpn - index * PAGES_PER_LARGE]! : r.pde;
  }

  private ensure(index: number, large: boolean): Region {
    let r = this.regions.get(index);
    if (!r) {
      r = new Region(large);
      this.regions.set(index, r);
      if (r.leaf !== null && index < DIRECT_REGIONS) this.leaves[index] = r.leaf;
    }
    return r;
  }

  /** Initial `map`: a 2 MiB page makes its region large for good. */
  mapInitial(vpn: number, framePage: number, flags: number, large: boolean): void {
    const index = Math.floor(vpn / PAGES_PER_LARGE);
    const r = this.ensure(index, large);
    if (r.leaf !== null) r.leaf[vpn - index * PAGES_PER_LARGE] = encodePte(framePage, flags);
    else r.pde = encodePte(framePage, flags | PTE_LARGE);
  }

  /**
   * A PTE write. Inside a large region it rewrites that 2 MiB entry (the frame aligned down).
   * Returns the previous raw entry.
   */
  write(vpn: number, pte: number): number {
    const index = Math.floor(vpn / PAGES_PER_LARGE);
    const r = this.ensure(index, false);
    if (r.leaf === null) {
      const old = r.pde;
      if (pte === NOT_PRESENT) r.pde = NOT_PRESENT;
      else {
        const frame = Math.floor(pteFrame(pte) / PAGES_PER_LARGE) * PAGES_PER_LARGE;
        r.pde = encodePte(frame, pteFlags(pte) | PTE_LARGE);
      }
      return old;
    }
    const offset = vpn - index * PAGES_PER_LARGE;
    const old = r.leaf[offset]!;
    r.leaf[offset] = pte;
    return old;
  }
}
