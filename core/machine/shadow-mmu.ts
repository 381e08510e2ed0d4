// KVM's shadow MMU for shadow paging (host.ept off; mmu/mmu.c, paging_tmpl.h): shadow pages (sp)
// per (guest page-table page, level role) shared by every root that reaches them, each sync
// (write-protected) or unsync; roots keyed by (table, PCID, level) — KVM's prev_roots hold the CR3
// (PCID included) but look shadow pages up by gfn and role only, so roots of one table under two
// PCIDs share one tree; the current root plus `roots` cached previous roots, LRU, shared by L1 and L2
// (one root_mmu). Only leaf page-table pages go unsync; 2 MiB entries always trap and are applied.

import type { Level } from '../model/config';
import type { GuestTable } from '../guest/guest-table';
import { NOT_PRESENT, PAGES_PER_LARGE, regionOf } from '../guest/pte';
import { RegionMap } from '../util/region-map';

/** A shadowed leaf guest page-table page (512 PTEs = one 2 MiB region of one table). */
export class ShadowPage {
  /** SPTEs by offset in the page: the translation as L0 last read it; NOT_PRESENT = not filled. */
  readonly sptes = new Float64Array(PAGES_PER_LARGE).fill(NOT_PRESENT);
  unsync = false;
  /**
   * Offsets the guest wrote since the page went unsync (-1 in `dirtyCount`: too many, re-read all).
   * Simulation bookkeeping only — KVM cannot see these writes and re-reads the whole page (and the cost
   * model charges a whole page) — but every other filled SPTE still equals its guest PTE, so a sync that
   * re-reads just these gives the same result.
   */
  readonly dirty = new Int16Array(64);
  dirtyCount = 0;
  constructor(readonly region: number) {}

  noteWrite(offset: number): void {
    if (this.dirtyCount < 0) return;
    if (this.dirtyCount === this.dirty.length) this.dirtyCount = -1;
    else this.dirty[this.dirtyCount++] = offset;
  }
}

/** Every shadow page of one guest table (KVM: the sps reachable from that table's roots). */
/** Regions below this index also have their SPTEs in ShadowTree.sptesOf (the walk's direct lookup). */
const DIRECT_REGIONS = 1 << 16;

export class ShadowTree {
  private readonly pages = new RegionMap<ShadowPage>();
  /** SPTE arrays of the shadow pages below DIRECT_REGIONS, by region: the hardware walk's two-load path. */
  private readonly direct: (Float64Array | undefined)[] = [];
  /** Region -> SPTE for 2 MiB guest entries (never unsync). */
  readonly largeSptes = new Map<number, number>();
  /** The unsync pages (each once: a page joins only on its sync -> unsync step). An array, not a Set: syncs iterate it on every transition. */
  readonly unsyncPages: ShadowPage[] = [];
  /** Live roots (current or cached) that reach this tree; the tree dies at 0. */
  rootRefs = 0;
  constructor(
    readonly id: number,
    readonly table: GuestTable,
  ) {}

  page(region: number): ShadowPage | undefined {
    return this.pages.get(region);
  }

  /**
   * The SPTEs of `region` when it has a shadow page (then it is a 4 KiB region: 2 MiB guest entries
   * are shadowed in largeSptes), for regions below DIRECT_REGIONS; undefined otherwise.
   */
  sptesOf(region: number): Float64Array | undefined {
    return region < DIRECT_REGIONS ? this.direct[region] : this.pages.get(region)?.sptes;
  }

  /** The shadow page of `region`, created (sync) on the first SPTE filled under it. */
  pageForFill(region: number): ShadowPage {
    let sp = this.pages.get(region);
    if (!sp) {
      sp = new ShadowPage(region);
      this.pages.set(region, sp);
      if (region < DIRECT_REGIONS) this.direct[region] = sp.sptes;
    }
    return sp;
  }

  /** Whether the SPTE on the path for `vpn` holds a value the guest no longer has (a sync would fix it). */
  isStale(vpn: number): boolean {
    const region = regionOf(vpn);
    if (this.table.isLargeRegion(region)) return false;
    const spte = this.page(region)?.sptes[vpn - region * PAGES_PER_LARGE] ?? NOT_PRESENT;
    return spte !== NOT_PRESENT && spte !== this.table.lookup(vpn);
  }
}

export interface Root {
  table: number;
  pcid: number;
  level: Level;
  tree: ShadowTree;
}

/** Callbacks into the machine for effects a sync has outside the MMU. */
export interface SyncEffects {
  /** An SPTE changed: drop the hardware TLB entries filled from it. */
  spteChanged(tree: ShadowTree, vpn: number, large: boolean): void;
}

export class ShadowMmu {
  private readonly trees = new Map<number, ShadowTree>();
  private nextTreeId = 1;
  /** roots[0] is the current root; the rest are prev_roots, most recent first. */
  private roots: Root[] = [];

  constructor(
    private readonly maxPrevRoots: number,
    private readonly tables: (id: number) => GuestTable,
  ) {}

  get current(): Root | undefined {
    return this.roots[0];
  }

  get prevRoots(): readonly Root[] {
    return this.roots.slice(1);
  }

  get liveRoots(): readonly Root[] {
    return this.roots;
  }

  private acquire(table: number): ShadowTree {
    let t = this.trees.get(table);
    if (!t) {
      t = new ShadowTree(this.nextTreeId++, this.tables(table));
      this.trees.set(table, t);
    }
    t.rootRefs++;
    return t;
  }

  private release(root: Root): void {
    // "Has a shadow until no live root reaches it" (model.md): the tree and its write protection go.
    if (--root.tree.rootRefs === 0) this.trees.delete(root.table);
  }

  /**
   * kvm_mmu_new_pgd + fast_pgd_switch: make (table, pcid, level) current. Returns 'current' when it
   * already was, 'cached' for a reused prev root, 'new' for a root built now (the caller syncs and
   * flushes it, as kvm_mmu_load does).
   */
  switchTo(table: number, pcid: number, level: Level): 'current' | 'cached' | 'new' {
    const roots = this.roots;
    let i = 0;
    while (
      i < roots.length &&
      !(roots[i]!.table === table && roots[i]!.pcid === pcid && roots[i]!.level === level)
    )
      i++;
    if (i === 0 && roots.length > 0) return 'current';
    if (i < roots.length) {
      // Move it to the front in place: every transition does this, an array copy each time showed up.
      const root = roots[i]!;
      for (let j = i; j > 0; j--) roots[j] = roots[j - 1]!;
      roots[0] = root;
      return 'cached';
    }
    this.roots.unshift({ table, pcid, level, tree: this.acquire(table) });
    while (this.roots.length > this.maxPrevRoots + 1) this.release(this.roots.pop()!);
    return 'new';
  }

  /** Frees the cached (not current) roots matching `pred` (kvm_mmu_free_roots with prev-root bits). */
  freePrevRoots(pred: (r: Root) => boolean): void {
    const keep: Root[] = [];
    for (const [i, r] of this.roots.entries()) {
      if (i > 0 && pred(r)) this.release(r);
      else keep.push(r);
    }
    this.roots = keep;
  }

  /** Frees every root including the current one (host zap; the caller reloads). */
  freeAll(): void {
    for (const r of this.roots) this.release(r);
    this.roots = [];
    this.trees.clear();
  }

  /** Re-reads every unsync page of the root's tree (kvm_sync_page); returns the pages synced. */
  syncTree(tree: ShadowTree, fx: SyncEffects): number {
    let pages = 0;
    const unsync = tree.unsyncPages;
    for (let u = 0; u < unsync.length; u++) {
      const sp = unsync[u]!;
      const leaf = tree.table.region(sp.region)?.leaf ?? null;
      const base = sp.region * PAGES_PER_LARGE;
      if (sp.dirtyCount < 0) {
        for (let i = 0; i < PAGES_PER_LARGE; i++) this.resync(tree, sp, leaf, i, base, fx);
      } else {
        for (let k = 0; k < sp.dirtyCount; k++) this.resync(tree, sp, leaf, sp.dirty[k]!, base, fx);
      }
      sp.unsync = false;
      sp.dirtyCount = 0;
      pages++;
    }
    if (pages > 0) unsync.length = 0; // setting an array's length is a runtime call: not on every transition
    return pages;
  }

  private resync(
    tree: ShadowTree,
    sp: ShadowPage,
    leaf: Float64Array | null,
    i: number,
    base: number,
    fx: SyncEffects,
  ): void {
    const spte = sp.sptes[i]!;
    if (spte === NOT_PRESENT) return;
    const gpte = leaf === null ? NOT_PRESENT : leaf[i]!;
    if (gpte === spte) return;
    sp.sptes[i] = gpte;
    fx.spteChanged(tree, base + i, false);
  }

  /**
   * A guest wrote the PTE of `vpn` in `table` (the guest table already holds the new value). Returns
   * true when the write trapped to L0 (the page was write-protected), which costs an exit.
   */
  guestWrite(table: number, vpn: number, unsyncAllowed: boolean, fx: SyncEffects): boolean {
    const tree = this.trees.get(table);
    if (!tree) return false;
    const region = regionOf(vpn);
    if (tree.table.isLargeRegion(region)) {
      // Higher-level entries are always write-protected: the write traps and is applied at once.
      const spte = tree.largeSptes.get(region);
      if (spte !== undefined) {
        const gpde = tree.table.rawEntry(vpn);
        if (gpde === NOT_PRESENT) tree.largeSptes.delete(region);
        else tree.largeSptes.set(region, gpde);
        fx.spteChanged(tree, vpn, true);
      }
      return true;
    }
    const sp = tree.page(region);
    if (!sp) return false;
    if (sp.unsync) {
      sp.noteWrite(vpn - region * PAGES_PER_LARGE);
      return false;
    }
    if (unsyncAllowed) {
      // mmu_try_to_unsync_pages: unprotect and let this write and later ones through unseen.
      sp.unsync = true;
      sp.dirtyCount = 0;
      sp.noteWrite(vpn - region * PAGES_PER_LARGE);
      tree.unsyncPages.push(sp);
      return true;
    }
    const offset = vpn - region * PAGES_PER_LARGE;
    const spte = sp.sptes[offset]!;
    if (spte !== NOT_PRESENT) {
      const gpte = tree.table.lookup(vpn);
      if (gpte !== spte) {
        sp.sptes[offset] = gpte;
        fx.spteChanged(tree, vpn, false);
      }
    }
    return true;
  }

  /**
   * FNAME(sync_spte) for INVLPG/INVPCID-address (Linux 6.4+, 9fd4a4e3a3d9): in the given roots, an
   * unsync SPTE whose guest PTE now maps another frame, or nothing, is zapped (not re-read); the page
   * stays unsync and the next access refills the entry from the guest table.
   */
  invalidateAddr(roots: readonly Root[], vpn: number): void {
    const region = regionOf(vpn);
    for (const tree of new Set(roots.map((r) => r.tree))) {
      const sp = tree.page(region);
      if (!sp?.unsync) continue;
      const offset = vpn - region * PAGES_PER_LARGE;
      const spte = sp.sptes[offset]!;
      if (spte !== NOT_PRESENT && spte !== tree.table.lookup(vpn)) sp.sptes[offset] = NOT_PRESENT;
    }
  }

  /** Total unsync pages under a root's tree. */
  static unsyncOf(root: Root | undefined): number {
    return root ? root.tree.unsyncPages.length : 0;
  }
}
