// The L0 model (model.md "L0 model"): what KVM does for L1 and L2 — the shadow MMU or EPT02 in
// front of the guests' tables, the hardware TLB, VPID allocation, and KVM's fixed emulation of the
// guests' invalidations (Linux 5.16+: kvm_set_cr3/kvm_invalidate_pcid, kvm_mmu_invlpg,
// kvm_handle_invpcid, handle_invvpid, handle_invept), plus the policy hook on nested transitions.
// What the guest *actually gets* comes out of access(); the oracle judges it elsewhere.

import type { Level, ScenarioConfig } from '../model/config';
import type { InvpcidType, InvvpidType } from '../model/program';
import type { Decision, Transition } from '../policy/api';
import type { Counters } from '../model/counters';
import type { GuestState } from '../guest/guest-state';
import type { GuestTable } from '../guest/guest-table';
import { composeEpt } from '../guest/guest-state';
import {
  NOT_PRESENT,
  PTE_LARGE,
  encodePte,
  PTE_GLOBAL,
  PTE_RO,
  pteFlags,
  pteFrame,
  regionOf,
  sameTranslation,
} from '../guest/pte';
import { HardwareTlb } from './tlb';
import { ShadowMmu, type Root, type ShadowTree, type SyncEffects } from './shadow-mmu';
import { Ept02Mmu } from './ept02';
import { FrozenTransitionParts } from './transition-parts';

/** Hardware VPIDs: L0 allocates vpid01 for L1 and, with `vpid02 auto`, one vpid02 per vCPU for L2. */
const VPID01 = 1;
const VPID02 = 2;
/** EPT roots as TLB tags with host EPT: L1's EPT01 and L2's own root (role.guest_mode) without nested EPT. */
const EPT01_ROOT = 0;
const L2_EPT_ROOT = 1;

export class L0Machine {
  readonly tlb: HardwareTlb;
  readonly shadow: ShadowMmu | null;
  readonly ept02: Ept02Mmu | null;
  private readonly cost: ScenarioConfig['cost'];
  private readonly exitCost: number;
  /** What the last access consumed (no allocation per access). */
  lastValue = NOT_PRESENT;
  lastSlot = -1;
  lastHit = false;
  private readonly fx: SyncEffects;
  /** The running level's hardware tag, refreshed whenever it can change (refreshTags). */
  private curCtx = 0;
  private curPcid = 0;

  constructor(
    private readonly config: ScenarioConfig,
    private readonly guest: GuestState,
    private readonly c: Counters,
  ) {
    this.tlb = new HardwareTlb(config.tlb.entries, config.tlb.ways);
    this.hostInfo = Object.freeze({ ept: config.host.ept, vpid: config.host.vpid });
    this.cost = config.cost;
    this.exitCost = config.cost.vmexit + config.cost.vmenter;
    this.shadow = config.host.ept ? null : new ShadowMmu(config.roots, (id) => guest.table(id));
    this.ept02 = config.host.ept && config.l1.ept ? new Ept02Mmu(config.roots) : null;
    this.fx = {
      // KVM flushes after changing SPTEs: drop the hardware entries filled from the rewritten one.
      spteChanged: (tree: ShadowTree, vpn: number, large: boolean) =>
        this.tlb.flushSrcPage(vpn, tree.id, large),
    };
    // The run starts with L1 running on its initial CR3, its root already built.
    const cr3 = guest.cr3.l1;
    this.shadow?.switchTo(cr3.table, this.pcid('l1'), 'l1');
    // A miss walks 4 levels of the shadow table, or with host EPT 4 guest levels x (4 EPT + 1) + 4 = 24.
    const refs = config.host.ept ? 24 : 4;
    c.setMissWalk(refs, refs * config.cost.walk_ref);
    this.refreshTags();
  }

  /** Recomputes the running level's tag: after transitions, CR3 loads, EPT02 root changes. */
  refreshTags(): void {
    const level = this.guest.running;
    this.curCtx = this.tlb.context(this.hwVpid(level), this.eptRoot(level));
    this.curPcid = this.pcid(level);
  }

  // ---- tags -----------------------------------------------------------------------------------

  get vpid02(): number | null {
    return this.config.host.vpid && this.config.vpid02 === 'auto' ? VPID02 : null;
  }

  /** The hardware VPID a level runs on: L2 uses vpid02 only when L1 enabled VPID and L0 has one. */
  hwVpid(level: Level): number {
    if (!this.config.host.vpid) return 0;
    if (level === 'l1') return VPID01;
    return this.config.l1.vpid && this.vpid02 !== null ? VPID02 : VPID01;
  }

  /** The EPT root a level's TLB entries are tagged with (host EPT only; 0 with shadow paging). */
  eptRoot(level: Level): number {
    if (!this.config.host.ept || level === 'l1') return EPT01_ROOT;
    if (this.ept02) return this.ept02.current?.id ?? L2_EPT_ROOT;
    return L2_EPT_ROOT;
  }

  pcid(level: Level): number {
    return this.config.l1.pcid ? this.guest.cr3[level].pcid : 0;
  }

  // ---- costs and implicit effects -------------------------------------------------------------

  /** A real VM exit to L0 and entry back: costs an exit; without host VPID the CPU flushes everything. */
  private realExit(): void {
    this.c.cycles += this.exitCost;
    if (!this.config.host.vpid) this.tlb.flushAll();
  }

  private countFlush(kind: 'all' | 'vpid' | 'addr' | 'ept'): void {
    this.c.flushTotal++;
    this.c.cycles += this.cost.flush;
    if (kind === 'all') this.c.flushAll++;
    else if (kind === 'vpid') this.c.flushVpid++;
    else if (kind === 'addr') this.c.flushAddr++;
    else this.c.flushEpt++;
  }

  /** Flush the current hardware context of `level` (its VPID and, with host EPT, its EPT root). */
  private flushContext(level: Level): void {
    const ept = this.config.host.ept ? this.eptRoot(level) : -1;
    this.tlb.flushWhere(this.hwVpid(level), ept, -1, 'also');
  }

  private syncRoot(root: Root | undefined): void {
    if (!root || !this.shadow) return;
    this.c.syncs++;
    const pages = this.shadow.syncTree(root.tree, this.fx);
    this.c.syncedPages += pages;
    this.c.cycles += pages * this.cost.sync_page;
  }

  /**
   * Switch the shadow MMU to a level's CR3; a newly built root is loaded as kvm_mmu_load does: shared
   * unsync pages it reaches are synced (syncedPages, not syncs) and the current context is flushed.
   */
  private switchShadowRoot(level: Level): 'current' | 'cached' | 'new' {
    const shadow = this.shadow!;
    const how = shadow.switchTo(this.guest.cr3[level].table, this.pcid(level), level);
    if (how === 'new') this.loadNewShadowRoot(level);
    return how;
  }

  private loadNewShadowRoot(level: Level): void {
    const shadow = this.shadow!;
    const pages = shadow.syncTree(shadow.current!.tree, this.fx);
    this.c.syncedPages += pages;
    this.c.cycles += pages * this.cost.sync_page;
    this.flushContext(level);
    this.countFlush('vpid');
  }

  private switchEpt02(): 'current' | 'cached' | 'new' {
    const how = this.ept02!.switchTo(this.guest.table(this.guest.eptp));
    if (how === 'new') this.countFlush('ept'); // a fresh root id: nothing cached under it, but KVM flushes
    return how;
  }

  // ---- memory access --------------------------------------------------------------------------

  /**
   * The running level accesses page `vpn`. Sets lastValue (the translation used); false on a fault
   * when the path L0 gives has no mapping, or a write/fetch meets a read-only one.
   */
  access(level: Level, vpn: number, writeOrFetch: boolean): boolean {
    const c = this.c;
    const ctx = this.curCtx;
    const pcid = this.curPcid;
    let slot = this.tlb.lookup(vpn, ctx, pcid);
    let value: number;
    if (slot >= 0) {
      c.tlbHits++; // its cost is added when cycles are read (Counters.totalCycles)
      value = this.tlb.entryValue(slot);
      if (this.tlb.isLarge(slot))
        value = encodePte(pteFrame(value) + (vpn - regionOf(vpn) * 512), pteFlags(value));
      this.lastHit = true;
    } else {
      c.tlbMisses++;
      // The walk's references and cycles are counted from tlbMisses (Counters.setMissWalk).
      value = this.shadow ? this.walkShadow(vpn) : this.walkHostEpt(level, vpn);
      this.lastHit = false;
      if (value !== NOT_PRESENT) {
        const flags = pteFlags(value);
        const large = (flags & PTE_LARGE) !== 0;
        const base = large ? encodePte(pteFrame(value) - (vpn - regionOf(vpn) * 512), flags) : value;
        slot = this.tlb.fill(vpn, large, ctx, pcid, (flags & PTE_GLOBAL) !== 0, base, this.fillSrc);
      }
    }
    this.lastSlot = slot;
    this.lastValue = value;
    if (value === NOT_PRESENT || (writeOrFetch && (pteFlags(value) & PTE_RO) !== 0)) {
      c.pageFaults++;
      return false;
    }
    return true;
  }

  /**
   * The batched hit path (HardwareTlb.hitRun) for the running level: serves `vpns[from..to)` while
   * each is a hinted TLB hit the oracle verified at `epoch`; counts them as access() would and
   * returns the index of the first page left for access(). lastValue/lastSlot are not updated: only
   * the runner reads them, right after access().
   */
  hitRun(vpns: Float64Array, from: number, to: number, epoch: number, writeOrFetch: boolean): number {
    const stop = this.tlb.hitRun(vpns, from, to, this.curCtx, this.curPcid, epoch, writeOrFetch);
    this.c.tlbHits += stop - from;
    return stop;
  }

  /**
   * The batched miss path (shadow paging; the caller checks `shadow`): serves `vpns[from..to)` in
   * order while each page is a TLB miss lookup() decides without a scan (HardwareTlb.isQuickMiss),
   * its walk ends on a present SPTE of the current root (no fault, no exit) and that SPTE translates
   * as `truth` — the running level's guest table — does now, so the oracle has nothing to check; for
   * a write or fetch it must also be writable. Each served page is filled and counted as access()
   * would, and its entry stamped verified at `epoch`. Returns the index of the first page it did not
   * serve, with nothing of it done: the caller takes that one through access().
   */
  missRun(
    vpns: Float64Array,
    from: number,
    to: number,
    truth: GuestTable,
    epoch: number,
    writeOrFetch: boolean,
  ): number {
    const tlb = this.tlb;
    const tree = this.shadow!.current!.tree;
    const ctx = this.curCtx;
    const pcid = this.curPcid;
    const genStart = tlb.quickMissStart(ctx); // no flush until the loop ends
    let i = from;
    for (; i < to; i++) {
      const vpn = vpns[i]!;
      if (!tlb.isQuickMissSince(vpn, genStart)) break;
      // The SPTE and the guest's PTE, from the shadow page and the guest's leaf PT page of the same
      // region (a region without both — 2 MiB, unmapped, not shadowed — goes to the full path).
      const region = Math.floor(vpn / 512);
      const sptes = tree.sptesOf(region);
      const leaf = truth.directLeaf(region);
      if (sptes === undefined || leaf === undefined) break;
      const offset = vpn - region * 512;
      const spte = sptes[offset]!;
      if (spte === NOT_PRESENT || !sameTranslation(spte, leaf[offset]!)) break;
      const flags = pteFlags(spte);
      if ((flags & PTE_LARGE) !== 0 || (writeOrFetch && (flags & PTE_RO) !== 0)) break;
      tlb.fill(vpn, false, ctx, pcid, (flags & PTE_GLOBAL) !== 0, spte, tree.id, epoch);
    }
    this.c.tlbMisses += i - from;
    return i;
  }

  private fillSrc = -1;

  /** Transition.host: fixed for the run, built (frozen) once. */
  private readonly hostInfo: Transition['host'];
  /** Transition.target and .prevRoots, frozen once per value. */
  private readonly frozenParts = new FrozenTransitionParts();
  private vmcs12Cache: Transition['vmcs12'] | null = null;

  /** Transition.vmcs12, frozen and rebuilt only when L1 changes vpid12. */
  private vmcs12Info(): Transition['vmcs12'] {
    const vpid12 = this.guest.vmcs12Vpid12;
    if (this.vmcs12Cache?.vpid12 !== vpid12) {
      this.vmcs12Cache = Object.freeze({ ept: this.config.l1.ept, vpid: this.config.l1.vpid, vpid12 });
    }
    return this.vmcs12Cache;
  }

  /** Hardware walk of the current shadow root; a missing SPTE is filled from the guest table (an exit). */
  private walkShadow(vpn: number): number {
    const tree = this.shadow!.current!.tree;
    this.fillSrc = tree.id;
    const region = Math.floor(vpn / 512);
    const offset = vpn - region * 512;
    // The common case first: a filled SPTE of a shadowed 4 KiB region.
    const sptes = tree.sptesOf(region);
    if (sptes !== undefined) {
      const spte = sptes[offset]!;
      if (spte !== NOT_PRESENT) return spte;
    }
    const gr = tree.table.region(region);
    if (gr !== undefined && gr.leaf === null) {
      let spde = tree.largeSptes.get(region);
      if (spde === undefined) {
        spde = this.fillCost(gr.pde);
        if (spde === NOT_PRESENT) return NOT_PRESENT;
        tree.largeSptes.set(region, spde);
      }
      return encodePte(pteFrame(spde) + offset, pteFlags(spde) | PTE_LARGE);
    }
    const gpte = this.fillCost(gr === undefined ? NOT_PRESENT : gr.leaf![offset]!);
    if (gpte === NOT_PRESENT) return NOT_PRESENT;
    tree.pageForFill(region).sptes[offset] = gpte;
    return gpte;
  }

  /** L0 handles a shadow (or EPT02) page fault: an exit plus 4 guest-table references. */
  private fillCost<T>(v: T): T {
    this.realExit();
    this.c.fillWalkRefs += 4;
    this.c.cycles += 4 * this.cost.walk_ref;
    return v;
  }

  /** With host EPT the CPU walks the guest's own tables; nested EPT goes through EPT02, filled from EPT12. */
  private walkHostEpt(level: Level, vpn: number): number {
    const linear = this.guest.tableOf(level).lookup(vpn);
    this.fillSrc = -1;
    if (level === 'l1' || !this.ept02 || linear === NOT_PRESENT) return linear;
    const root = this.ept02.current!;
    this.fillSrc = root.id;
    const gpa = pteFrame(linear);
    let e = root.entry(gpa);
    if (e === NOT_PRESENT) {
      e = this.fillCost(root.ept12.lookup(gpa));
      if (e === NOT_PRESENT) return NOT_PRESENT;
      root.entries.set(gpa, e);
    }
    return composeEpt(linear, e);
  }

  /** Whether the shadow entry (SPTE or EPT02 entry) on the running level's path for `vpn` is stale. */
  spteStale(level: Level, vpn: number): boolean {
    if (this.shadow) return this.shadow.current?.tree.isStale(vpn) ?? false;
    if (level === 'l2' && this.ept02?.current) {
      const linear = this.guest.tableOf('l2').lookup(vpn);
      return linear !== NOT_PRESENT && this.ept02.current.isStale(pteFrame(linear));
    }
    return false;
  }

  // ---- guest writes ---------------------------------------------------------------------------

  /** A guest PTE write (already applied to the guest table): with shadow paging it may trap. */
  guestPteWrite(table: number, vpn: number): void {
    if (!this.shadow) return; // host EPT: the hardware walks the guest tables; nothing is shadowed
    if (this.shadow.guestWrite(table, vpn, this.config.host.unsync, this.fx)) this.realExit();
  }

  // ---- nested transitions ---------------------------------------------------------------------

  /**
   * Nested VM-Enter (L1 -> L2) or VM-Exit: switch to the other level's root, then ask the policy and
   * apply its decision. `guest.running` already names the level being entered.
   */
  transition(
    kind: 'vmenter' | 'vmexit',
    vpid12Changed: boolean,
    index: number,
    decide: (t: Transition) => Decision,
  ): void {
    const c = this.c;
    const target: Level = kind === 'vmenter' ? 'l2' : 'l1';
    this.realExit();
    if (kind === 'vmenter') c.vmEntries++;
    else c.vmExits++;
    let cachedRoot = true;
    let unsyncPages = 0;
    let prevCount = 0;
    let prevUnsync = 0;
    if (this.shadow) {
      cachedRoot = this.switchShadowRoot(target) !== 'new';
      unsyncPages = ShadowMmu.unsyncOf(this.shadow.current);
      const roots = this.shadow.liveRoots; // [current, ...prev_roots]: no copy per transition
      for (let i = 1; i < roots.length; i++) {
        prevCount++;
        prevUnsync += roots[i]!.tree.unsyncPages.length;
      }
    } else if (this.ept02 && kind === 'vmenter') {
      cachedRoot = this.switchEpt02() !== 'new';
      prevCount = this.ept02.cachedCount;
    }
    const t: Transition = {
      kind,
      host: this.hostInfo,
      vmcs12: this.vmcs12Info(),
      vpid02: this.vpid02,
      vpid12Changed: kind === 'vmenter' && vpid12Changed,
      target: this.frozenParts.target(cachedRoot, unsyncPages),
      prevRoots: this.frozenParts.prevRoots(prevCount, prevUnsync),
      index,
    };
    this.refreshTags();
    const d = decide(t);
    if (d.sync === 'none') c.syncNone++;
    else if (d.sync === 'target') c.syncTarget++;
    else c.syncAllRoots++;
    if (d.flush === 'none') c.flushDecNone++;
    else if (d.flush === 'current') c.flushDecCurrent++;
    else c.flushDecAll++;
    // With host EPT a sync decision syncs nothing: L0 shadows no guest page table.
    if (this.shadow && d.sync !== 'none') {
      this.syncRoot(this.shadow.current);
      if (d.sync === 'all-roots') {
        const roots = this.shadow.liveRoots;
        for (let i = 1; i < roots.length; i++) this.syncRoot(roots[i]);
      }
    }
    if (d.flush === 'current') {
      this.flushContext(target);
      this.countFlush('vpid');
    } else if (d.flush === 'all') {
      this.tlb.flushAll();
      this.countFlush('all');
    }
  }

  // ---- the guests' own invalidations ----------------------------------------------------------

  /** MOV to CR3 by the running level (guest.cr3 already updated). */
  movCr3(level: Level, noflush: boolean): void {
    this.refreshTags();
    const pcid = this.pcid(level);
    if (!this.shadow) {
      // Not intercepted with host EPT: the CPU drops the VPID's non-global entries of the new PCID in every EPT root.
      if (!noflush || !this.config.l1.pcid) this.tlb.flushWhere(this.hwVpid(level), -1, pcid, 'keep');
      return;
    }
    this.realExit();
    this.switchShadowRoot(level);
    if (noflush && this.config.l1.pcid) return; // a cached root is reused as is, unsync pages and all
    this.invalidatePcid(level, pcid);
  }

  /** kvm_invalidate_pcid (21823fbda552): sync + flush the current root if it has the PCID; free cached roots of it. */
  private invalidatePcid(level: Level, pcid: number): void {
    const shadow = this.shadow!;
    if (shadow.current && shadow.current.pcid === pcid) {
      this.syncRoot(shadow.current);
      this.flushContext(level);
      this.countFlush('vpid');
    }
    // With PCIDs off every MOV CR3 flushes and syncs the root it lands on: nothing to free.
    if (this.config.l1.pcid) shadow.freePrevRoots((r) => r.pcid === pcid);
  }

  invlpg(level: Level, addr: number): void {
    const vpn = Math.floor(addr / 4096);
    if (!this.shadow) {
      // The CPU: this page for the current VPID and PCID plus its global entries, in every EPT root.
      this.tlb.flushPage(vpn, this.hwVpid(level), -1, this.pcid(level), true);
      return;
    }
    this.realExit();
    this.shadow.invalidateAddr(this.shadow.liveRoots, vpn);
    this.tlb.flushPage(vpn, this.hwVpid(level), -1, -1, true);
    this.countFlush('addr');
  }

  invpcid(level: Level, type: InvpcidType, addr: number, pcidArg: number): void {
    const vpid = this.hwVpid(level);
    const pcid = this.config.l1.pcid ? pcidArg : 0;
    const vpn = Math.floor(addr / 4096);
    if (!this.shadow) {
      if (type === 'addr') this.tlb.flushPage(vpn, vpid, -1, pcid, false);
      else if (type === 'single') this.tlb.flushWhere(vpid, -1, pcid, 'keep');
      else if (type === 'all') this.tlb.flushWhere(vpid, -1, -1, 'also');
      else this.tlb.flushWhere(vpid, -1, -1, 'keep');
      return;
    }
    this.realExit();
    const shadow = this.shadow;
    if (type === 'addr') {
      // kvm_mmu_invpcid_gva: only roots with that PCID, and nothing at all when none has it.
      const roots = shadow.liveRoots.filter((r) => r.pcid === pcid);
      if (roots.length === 0) return;
      shadow.invalidateAddr(roots, vpn);
      this.tlb.flushPage(vpn, vpid, -1, -1, true);
      this.countFlush('addr');
    } else if (type === 'single') {
      this.invalidatePcid(level, pcid);
    } else {
      // KVM_REQ_TLB_FLUSH_GUEST: sync every root, flush the current context.
      for (const r of shadow.liveRoots) this.syncRoot(r);
      this.flushContext(level);
      this.countFlush('vpid');
    }
  }

  /** INVVPID by L1 (handle_invvpid): always intercepted; flushes vpid02 (else vpid01). */
  invvpid(type: InvvpidType, addr: number): void {
    this.realExit();
    const vpid = this.vpid02 ?? (this.config.host.vpid ? VPID01 : 0);
    if (type === 'addr') {
      this.tlb.flushPage(Math.floor(addr / 4096), vpid, -1, -1, true);
      this.countFlush('addr');
    } else {
      this.tlb.flushWhere(vpid, -1, -1, 'also');
      this.countFlush('vpid');
    }
    // 25b62c6274ed: with shadow paging free every guest-mode (L2) root; VPIDs are not in the MMU role.
    this.shadow?.freePrevRoots((r) => r.level === 'l2');
  }

  /** INVEPT by L1 (handle_invept): frees the EPT02 roots built from that EPT12 (or all). */
  invept(type: 'single' | 'all', table: number): void {
    if (!this.ept02) return; // l1.ept off: accepted, does nothing (dsl.md)
    this.realExit();
    const freed = this.ept02.free(type === 'all' ? null : this.guest.table(table));
    for (const id of freed) this.tlb.flushEptRoot(id);
    this.countFlush('ept');
    this.refreshTags();
  }

  /** host zap (kvm_mmu_zap_all): drop every root and shadow page, flush all, reload the running level's root. */
  zap(): void {
    this.tlb.flushAll();
    this.countFlush('all');
    if (this.shadow) {
      this.shadow.freeAll();
      this.switchShadowRoot(this.guest.running);
    }
    if (this.ept02) {
      this.ept02.free(null);
      if (this.guest.running === 'l2' && this.guest.eptp >= 0) this.switchEpt02();
    }
    this.refreshTags();
  }
}
