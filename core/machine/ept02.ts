// Shadow EPT for nested EPT (host.ept on, l1.ept on): KVM's guest_mmu builds EPT02 from the EPT12
// that VMCS12's EPTP names. Entries are filled on EPT violations from EPT12 as it is then; EPT12 writes
// never trap, so an EPT02 entry stays as filled until L1's INVEPT frees the root (handle_invept).
// Roots are cached like prev_roots: the current plus `roots` previous ones, LRU.

import { NOT_PRESENT } from '../guest/pte';
import type { GuestTable } from '../guest/guest-table';
import { PageValues } from '../util/page-values';

export class Ept02Root {
  /** L2 GPA page -> L1 GPA translation (encoded), as filled; NOT_PRESENT where not filled. */
  readonly entries = new PageValues(NOT_PRESENT);
  constructor(
    /** Unique, never reused: the hardware TLB tags combined mappings with it. */
    readonly id: number,
    readonly ept12: GuestTable,
  ) {}

  isStale(gpaPage: number): boolean {
    const e = this.entries.get(gpaPage);
    return e !== NOT_PRESENT && e !== this.ept12.lookup(gpaPage);
  }

  /** The EPT02 entry, or NOT_PRESENT when it must be filled. */
  entry(gpaPage: number): number {
    return this.entries.get(gpaPage);
  }
}

/** First id of EPT02 roots; 0 is EPT01 (L1) and 1 is L2's own root without nested EPT. */
export const FIRST_EPT02_ROOT_ID = 2;

export class Ept02Mmu {
  private roots: Ept02Root[] = [];
  private nextId = FIRST_EPT02_ROOT_ID;

  constructor(private readonly maxPrevRoots: number) {}

  get current(): Ept02Root | undefined {
    return this.roots[0];
  }

  get cachedCount(): number {
    return Math.max(0, this.roots.length - 1);
  }

  /** kvm_mmu_new_pgd on guest_mmu. */
  switchTo(ept12: GuestTable): 'current' | 'cached' | 'new' {
    const i = this.roots.findIndex((r) => r.ept12 === ept12);
    if (i === 0) return 'current';
    if (i > 0) {
      const [root] = this.roots.splice(i, 1);
      this.roots.unshift(root!);
      return 'cached';
    }
    this.roots.unshift(new Ept02Root(this.nextId++, ept12));
    if (this.roots.length > this.maxPrevRoots + 1) this.roots.length = this.maxPrevRoots + 1;
    return 'new';
  }

  /** INVEPT: frees the roots built from `ept12` (or all with null); returns their ids. */
  free(ept12: GuestTable | null): number[] {
    const freed = this.roots.filter((r) => ept12 === null || r.ept12 === ept12);
    this.roots = this.roots.filter((r) => !freed.includes(r));
    return freed.map((r) => r.id);
  }
}
