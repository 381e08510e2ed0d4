// The architectural oracle (model.md "Oracle (SDM rules)"; Intel SDM vol. 3C "Invalidating cached
// translation information", "VPID", "EPT"): for every guest context (level, virtual VPID, PCID) and
// page, the set of translations the guest may still observe. Allowed = the current translation, plus
// any older value that was current in a table the context ran on (with that PCID) *while it ran*, and
// that no invalidation event for that context and page has removed since.
//
// It is an independent reference model: it reads the guest tables (core/guest) but never the L0
// model, so it cannot share the shadow MMU's bugs. Memory is O(pages changed since their last
// invalidation): old values are retained only when a PTE changes under a context that could have
// cached it, and dropped by the invalidations below.

import type { Level, ScenarioConfig } from '../model/config';
import type { InvpcidType, InvvpidType } from '../model/program';
import type { GuestState } from '../guest/guest-state';
import { composeEpt } from '../guest/guest-state';
import { EntryStamps } from './entry-stamps';
import { RetainedValues } from './retained';
import { RunEnds } from './run-ends';
import {
  NOT_PRESENT,
  PTE_GLOBAL,
  PTE_LARGE,
  PTE_RO,
  frameAddr,
  hex,
  isGlobal,
  pteFrame,
  regionOf,
  PAGES_PER_LARGE,
  encodePte,
  pteFlags,
  sameTranslation,
} from '../guest/pte';

/** One invalidation event, kept to explain the violations it causes. */
interface Inv {
  clock: number;
  event: number;
  line: number;
  what: string;
}

const NEVER: Inv = { clock: -1, event: -1, line: 0, what: '' };

/** What a VPID-less transition invalidates (constant strings: built once, not per transition). */
const TRANSITION_INVALIDATES = {
  vmenter: 'VM-Enter with VPID disabled in VMCS12 invalidated all VPID 0 (L1 and L2) linear mappings',
  vmexit: 'VM-Exit with VPID disabled in VMCS12 invalidated all VPID 0 (L1 and L2) linear mappings',
} as const;

/** Lines are below 2^21 (2 M-line scenarios); event * LINE_SPAN + line stays an exact integer. */
const LINE_SPAN = 2 ** 21;
/** lastWrite of an entry no write has replaced yet. */
const NO_WRITE = -1;

/**
 * (level, virtual VPID, EPTP): TLB entries of one VPID share global mappings across PCIDs. With nested
 * EPT, L2's entries are combined mappings tagged with the EP4TA too, so each EPT12 gets its own group:
 * INVEPT single-context reaches only that EPTP's groups, while MOV CR3, INVLPG and INVPCID reach the
 * current VPID's groups for every EPTP (SDM "Operations that invalidate cached mappings").
 */
interface Group {
  level: Level;
  vvpid: number;
  /** EPT12 table id for L2 under nested EPT, else -1. */
  eptp: number;
  invAll: Inv;
  invNonGlobalAll: Inv;
  /** Page (any PCID) including globals: INVVPID individual-address. Keys: see entryKeys(). */
  invPageAll: Map<number, Inv>;
  /** The page's global entries (any PCID): INVLPG. */
  invPageGlobal: Map<number, Inv>;
  ctxs: Map<number, Ctx>;
  /** The same contexts as a list, for the per-access sibling loops (an array loop allocates nothing). */
  ctxList: Ctx[];
  /** The event at which this VPID (and EPTP) first ran, for explanations; -1 for the initial context. */
  firstEvent: number;
  firstLine: number;
}

interface Ctx {
  group: Group;
  pcid: number;
  invNonGlobal: Inv;
  invPage: Map<number, Inv>;
  retained: Map<number, RetainedValues>;
  /** Table id -> clock its latest run on that table ended (Infinity while running on it). */
  runs: RunEnds;
}

const NO_CTXS: readonly Ctx[] = [];

/** Guest-physical mappings of one EPT12 table (used by L2 when VMCS12 EPTP names it). */
interface EptCtx {
  table: number;
  inv: Inv;
  retained: Map<number, RetainedValues>;
  runEnd: number;
}

export interface OracleVerdict {
  readonly allowed: readonly string[];
  readonly cause: 'stale-spte' | 'stale-tlb';
  readonly why: string;
}

/**
 * The verdicts of violations past the kept ones (check() with `explain` false): shared constants, as
 * an unsafe policy can consume stale translations on most accesses (never-sync without VPID: ~3 M
 * violations in 4 M events) and a fresh verdict each was most of such a run's allocation.
 */
const UNEXPLAINED: Readonly<Record<OracleVerdict['cause'], OracleVerdict>> = {
  'stale-spte': Object.freeze({ allowed: Object.freeze([]), cause: 'stale-spte', why: '' }),
  'stale-tlb': Object.freeze({ allowed: Object.freeze([]), cause: 'stale-tlb', why: '' }),
};

/** Entry key of a page: a 4 KiB page is keyed by its vpn, a 2 MiB entry by -(region + 1). */
function regionKey(vpn: number): number {
  return -(regionOf(vpn) + 1);
}

function later(a: Inv, b: Inv | undefined): Inv {
  return b !== undefined && b.clock > a.clock ? b : a;
}

/** Keeps the retained values of entry `key` that `keep` accepts; an entry left with none goes. */
function keepRetained(c: Ctx, key: number, keep: (raw: number) => boolean): void {
  const values = c.retained.get(key);
  if (!values) return;
  values.retainOnly(keep);
  if (values.size === 0) c.retained.delete(key);
}

export class ArchOracle {
  private clock = 0;
  /** Keyed by groupKey(): numbers, so a context switch builds no string. */
  private readonly groups = new Map<number, Group>();
  private readonly eptCtxs = new Map<number, EptCtx>();
  /** Table id -> contexts that have run on it (only those can have cached its values), each once. */
  private readonly tableCtxs = new Map<number, Ctx[]>();
  /** Table id -> entry key -> clock its current value became current (absent: initial, clock 0). */
  private readonly valueStart: EntryStamps[] = [];
  /** Table id -> entry key -> the write that last replaced a value, for explanations. */
  /** Encoded as event * LINE_SPAN + line: one number per entry, no object per write. */
  private readonly lastWrite: EntryStamps[] = [];
  private running: { ctx: Ctx; table: number; ept: EptCtx | null } | null = null;

  /**
   * @param lookups decide linear-only checks by looking retained values up (default); false lists
   *   every allowed value instead — the reference the property tests hold the lookups to.
   */
  constructor(
    private readonly guest: GuestState,
    private readonly config: ScenarioConfig,
    private readonly lookups = true,
  ) {
    this.switchContext();
  }

  // ---- contexts -------------------------------------------------------------------------------

  private group(level: Level, vvpid: number, eptp: number): Group {
    // vvpid < 2^16 and EPT12 table ids < 2^20: an exact integer below 2^38.
    const key = ((eptp + 1) * 65536 + vvpid) * 2 + (level === 'l2' ? 1 : 0);
    let g = this.groups.get(key);
    if (!g) {
      g = {
        level,
        vvpid,
        eptp,
        invAll: NEVER,
        invNonGlobalAll: NEVER,
        invPageAll: new Map(),
        invPageGlobal: new Map(),
        ctxs: new Map(),
        ctxList: [],
        firstEvent: -1,
        firstLine: 0,
      };
      this.groups.set(key, g);
    }
    return g;
  }

  private ctx(level: Level, vvpid: number, pcid: number, eptp: number): Ctx {
    const g = this.group(level, vvpid, eptp);
    let c = g.ctxs.get(pcid);
    if (!c) {
      c = {
        group: g,
        pcid,
        invNonGlobal: NEVER,
        invPage: new Map(),
        retained: new Map(),
        runs: new RunEnds(),
      };
      g.ctxs.set(pcid, c);
      g.ctxList.push(c);
    }
    return c;
  }

  private eptCtx(table: number): EptCtx {
    let e = this.eptCtxs.get(table);
    if (!e) {
      e = { table, inv: NEVER, retained: new Map(), runEnd: -1 };
      this.eptCtxs.set(table, e);
    }
    return e;
  }

  /** L2 runs as VPID 0 (shared with L1) unless L1 enabled VPID in VMCS12. */
  private vvpidOf(level: Level): number {
    return level === 'l2' && this.config.l1.vpid ? this.guest.activeVpid12 : 0;
  }

  private pcidOf(level: Level): number {
    return this.config.l1.pcid ? this.guest.cr3[level].pcid : 0;
  }

  private eptpOf(level: Level): number {
    return level === 'l2' && this.guest.l2NestedEpt ? this.guest.eptp : -1;
  }

  /** The running level's context. */
  private currentCtx(): Ctx {
    const level = this.guest.running;
    return this.ctx(level, this.vvpidOf(level), this.pcidOf(level), this.eptpOf(level));
  }

  /** Every group of the running level's VPID, whatever its EPTP: what MOV CR3, INVLPG and INVPCID reach. */
  private vpidGroups(): Group[] {
    const level = this.guest.running;
    const vvpid = this.vvpidOf(level);
    const current = this.group(level, vvpid, this.eptpOf(level));
    return [...this.groups.values()].filter((g) => g === current || (g.level === level && g.vvpid === vvpid));
  }

  private ctxIn(g: Group, pcid: number): Ctx {
    return this.ctx(g.level, g.vvpid, pcid, g.eptp);
  }

  /** Ends the running context's run (before an invalidation that comes with a switch). */
  suspend(): void {
    const old = this.running;
    if (!old) return;
    const now = ++this.clock;
    old.ctx.runs.set(old.table, now);
    if (old.ept) old.ept.runEnd = now;
    this.running = null;
  }

  /**
   * Call after anything that may change who runs on what (VM-Enter/Exit, MOV CR3, a new EPTP):
   * ends the old context's run on its table and starts the new one's.
   */
  switchContext(event = -1, line = 0): void {
    const level = this.guest.running;
    const ctx = this.currentCtx();
    if (ctx.group.firstEvent < 0 && ctx.group.ctxs.size === 1 && ctx.runs.size === 0) {
      ctx.group.firstEvent = event;
      ctx.group.firstLine = line;
    }
    const table = this.guest.cr3[level].table;
    const ept = level === 'l2' && this.guest.l2NestedEpt ? this.eptCtx(this.guest.eptp) : null;
    const old = this.running;
    if (old && old.ctx === ctx && old.table === table && old.ept === ept) return;
    const now = ++this.clock;
    if (old) {
      old.ctx.runs.set(old.table, now);
      if (old.ept) old.ept.runEnd = now;
    }
    if (ctx.runs.get(table) === undefined) {
      let users = this.tableCtxs.get(table);
      if (!users) this.tableCtxs.set(table, (users = []));
      users.push(ctx);
    }
    ctx.runs.set(table, Infinity);
    if (ept) ept.runEnd = Infinity;
    this.running = { ctx, table, ept };
  }

  // ---- guest writes ---------------------------------------------------------------------------

  private entryKey(table: number, vpn: number): number {
    return this.guest.table(table).isLargeRegion(regionOf(vpn)) ? regionKey(vpn) : vpn;
  }

  private start(table: number, key: number): number {
    return this.valueStart[table]?.get(key) ?? 0;
  }

  /** A PTE (or EPT12 entry) changed from `oldRaw`: retain it for every context that could have cached it. */
  onWrite(table: number, vpn: number, oldRaw: number, newRaw: number, event: number, line: number): void {
    if (oldRaw === newRaw) return;
    const now = ++this.clock;
    const key = this.entryKey(table, vpn);
    // When the replaced value became current; the new one is current from now (one lookup for both).
    const begin = (this.valueStart[table] ??= new EntryStamps(0)).exchange(key, now);
    if (oldRaw !== NOT_PRESENT) {
      if (this.guest.table(table).kind === 'ept') {
        const e = this.eptCtxs.get(table);
        if (e && e.runEnd > Math.max(begin, e.inv.clock)) {
          const values = this.retained(e.retained, key);
          if (values.add(oldRaw, now)) values.prune((_r, end) => end > e.inv.clock);
        }
      } else {
        const users = this.tableCtxs.get(table) ?? NO_CTXS;
        for (let i = 0; i < users.length; i++) {
          const c = users[i]!;
          const runEnd = c.runs.get(table) ?? -1;
          const inv = this.lastInv(c, key, isGlobal(oldRaw));
          if (runEnd > Math.max(begin, inv.clock)) {
            const values = this.retained(c.retained, key);
            if (values.add(oldRaw, now))
              values.prune((raw, end) => end > this.lastInv(c, key, isGlobal(raw)).clock);
          }
        }
      }
    }
    (this.lastWrite[table] ??= new EntryStamps(NO_WRITE)).set(key, event * LINE_SPAN + line);
  }

  /** The retained values of entry `key` in a context's map, created empty. */
  private retained(map: Map<number, RetainedValues>, key: number): RetainedValues {
    let values = map.get(key);
    if (!values) map.set(key, (values = new RetainedValues()));
    return values;
  }

  // ---- invalidations (SDM events) -------------------------------------------------------------

  private inv(event: number, line: number, what: string): Inv {
    return { clock: ++this.clock, event, line, what };
  }

  /** The latest invalidation that removed `key` for `c`: INVLPG's global half reaches only global entries. */
  private lastInv(c: Ctx, key: number, global: boolean): Inv {
    const g = c.group;
    const inv = later(g.invAll, g.invPageAll.get(key));
    if (global) return later(inv, g.invPageGlobal.get(key));
    return later(later(later(inv, g.invNonGlobalAll), c.invNonGlobal), c.invPage.get(key));
  }

  /** Everything of a VPID (all PCIDs, globals included). */
  private invalidateGroup(g: Group, inv: Inv): void {
    g.invAll = inv;
    if (g.invPageAll.size) g.invPageAll.clear();
    if (g.invPageGlobal.size) g.invPageGlobal.clear();
    for (const c of g.ctxs.values()) {
      if (c.invPage.size) c.invPage.clear();
      if (c.retained.size) c.retained.clear();
    }
  }

  private dropNonGlobal(c: Ctx): void {
    for (const key of c.retained.keys()) keepRetained(c, key, isGlobal);
  }

  private markPage(map: Map<number, Inv>, vpn: number, inv: Inv): void {
    // INVLPG and friends invalidate the page whatever its size: the 4 KiB entry and the 2 MiB one.
    map.set(vpn, inv);
    map.set(regionKey(vpn), inv);
  }

  /** Nested VM-Enter or VM-Exit: with VPID disabled in VMCS12, all VPID 0 linear/combined mappings go. */
  onTransition(kind: 'vmenter' | 'vmexit', event: number, line: number): void {
    if (this.config.l1.vpid) return;
    const inv = this.inv(event, line, TRANSITION_INVALIDATES[kind]);
    for (const g of this.groups.values()) if (g.vvpid === 0) this.invalidateGroup(g, inv);
  }

  /** MOV to CR3 by the running level: bit 63 clear (or no PCIDs) invalidates the new PCID's non-global mappings. */
  onMovCr3(noflush: boolean, event: number, line: number): void {
    if (noflush && this.config.l1.pcid) return;
    const level = this.guest.running;
    const pcid = this.pcidOf(level);
    const inv = this.inv(
      event,
      line,
      `MOV CR3 (PCID ${pcid}, bit 63 clear) by ${level.toUpperCase()} invalidated the non-global mappings of PCID ${pcid}`,
    );
    for (const g of this.vpidGroups()) {
      const c = this.ctxIn(g, pcid);
      c.invNonGlobal = inv;
      c.invPage.clear();
      this.dropNonGlobal(c);
    }
  }

  /** INVLPG: that page for the current VPID and PCID, plus its global mappings in every PCID. */
  onInvlpg(addr: number, event: number, line: number): void {
    const level = this.guest.running;
    const pcid = this.pcidOf(level);
    const vpn = Math.floor(addr / 4096);
    const inv = this.inv(event, line, `INVLPG ${hex(addr)} by ${level.toUpperCase()} invalidated that page`);
    for (const g of this.vpidGroups()) {
      const c = this.ctxIn(g, pcid);
      this.markPage(c.invPage, vpn, inv);
      this.markPage(g.invPageGlobal, vpn, inv);
      for (const k of [vpn, regionKey(vpn)]) {
        c.retained.delete(k);
        for (const sib of g.ctxs.values()) this.dropGlobalAt(sib, k);
      }
    }
  }

  private dropGlobalAt(c: Ctx, key: number): void {
    keepRetained(c, key, (raw) => !isGlobal(raw));
  }

  onInvpcid(type: InvpcidType, addr: number, pcidArg: number, event: number, line: number): void {
    const who = this.guest.running.toUpperCase();
    const pcid = this.config.l1.pcid ? pcidArg : 0;
    const vpn = Math.floor(addr / 4096);
    const inv =
      type === 'addr'
        ? this.inv(event, line, `INVPCID address ${hex(addr)} (PCID ${pcid}) by ${who} invalidated that page`)
        : type === 'single'
          ? this.inv(
              event,
              line,
              `INVPCID single-context (PCID ${pcid}) by ${who} invalidated its non-global mappings`,
            )
          : type === 'all'
            ? this.inv(event, line, `INVPCID all-context by ${who} invalidated all mappings`)
            : this.inv(
                event,
                line,
                `INVPCID all-context-non-global by ${who} invalidated all non-global mappings`,
              );
    for (const g of this.vpidGroups()) {
      if (type === 'addr') {
        const c = this.ctxIn(g, pcid);
        this.markPage(c.invPage, vpn, inv);
        for (const k of [vpn, regionKey(vpn)]) keepRetained(c, k, isGlobal);
      } else if (type === 'single') {
        const c = this.ctxIn(g, pcid);
        c.invNonGlobal = inv;
        c.invPage.clear();
        this.dropNonGlobal(c);
      } else if (type === 'all') {
        this.invalidateGroup(g, inv);
      } else {
        g.invNonGlobalAll = inv;
        for (const c of g.ctxs.values()) {
          c.invPage.clear();
          this.dropNonGlobal(c);
        }
      }
    }
  }

  /** INVVPID executed by L1: acts on L2's virtual VPIDs (never on VPID 0 but for `all`, which spares it). */
  onInvvpid(type: InvvpidType, addr: number, vpid: number, event: number, line: number): void {
    const targets = [...this.groups.values()].filter(
      (g) => g.level === 'l2' && g.vvpid !== 0 && (type === 'all' || g.vvpid === vpid),
    );
    switch (type) {
      case 'addr': {
        const vpn = Math.floor(addr / 4096);
        const inv = this.inv(
          event,
          line,
          `INVVPID individual-address ${hex(addr)} (VPID ${vpid}) invalidated that page`,
        );
        for (const g of targets) {
          this.markPage(g.invPageAll, vpn, inv);
          for (const c of g.ctxs.values()) {
            c.retained.delete(vpn);
            c.retained.delete(regionKey(vpn));
          }
        }
        break;
      }
      case 'single':
      case 'all': {
        const inv = this.inv(
          event,
          line,
          type === 'all'
            ? 'INVVPID all-context invalidated every VPID but 0'
            : `INVVPID single-context (VPID ${vpid}) invalidated it`,
        );
        for (const g of targets) this.invalidateGroup(g, inv);
        break;
      }
      case 'single-globals': {
        const inv = this.inv(
          event,
          line,
          `INVVPID single-context-retaining-globals (VPID ${vpid}) invalidated its non-global mappings`,
        );
        for (const g of targets) {
          g.invNonGlobalAll = inv;
          for (const c of g.ctxs.values()) {
            c.invPage.clear();
            this.dropNonGlobal(c);
          }
        }
        break;
      }
    }
  }

  /**
   * INVEPT: guest-physical mappings of that EPT12 (single) or of all, and the combined mappings derived
   * from them for every VPID (the L2 groups of that EPTP).
   */
  onInvept(type: 'single' | 'all', table: number, event: number, line: number): void {
    if (!this.config.l1.ept) return;
    const name =
      type === 'all' ? 'INVEPT all-context' : `INVEPT single-context (${this.guest.table(table).name})`;
    const inv = this.inv(event, line, `${name} invalidated guest-physical and combined mappings`);
    for (const e of this.eptCtxs.values()) {
      if (type === 'all' || e.table === table) {
        e.inv = inv;
        e.retained.clear();
      }
    }
    for (const g of this.groups.values()) {
      if (g.level === 'l2' && g.eptp >= 0 && (type === 'all' || g.eptp === table))
        this.invalidateGroup(g, inv);
    }
  }

  // ---- checking an access ---------------------------------------------------------------------

  /** Values of one entry `ctx` may hold (linear part): see the class comment. Frames resolved to `vpn`. */
  private linearCandidates(c: Ctx, vpn: number, out: number[], globalOnly: boolean): void {
    const { tables, ends } = c.runs;
    for (let i = 0; i < tables.length; i++) {
      const table = tables[i]!;
      const runEnd = ends[i]!;
      if (this.running && table === this.running.table && c === this.running.ctx) continue; // the current value is added by the caller
      const raw = this.guest.table(table).rawEntry(vpn);
      if (raw === NOT_PRESENT || (globalOnly && !isGlobal(raw))) continue;
      const key = this.entryKey(table, vpn);
      if (runEnd > Math.max(this.start(table, key), this.lastInv(c, key, isGlobal(raw)).clock))
        out.push(resolve(raw, vpn));
    }
    for (const key of [vpn, regionKey(vpn)]) {
      const values = c.retained.get(key);
      if (!values) continue;
      const invNonGlobal = this.lastInv(c, key, false).clock;
      const invGlobal = this.lastInv(c, key, true).clock;
      for (const [raw, end] of values.entries()) {
        const global = isGlobal(raw);
        if (globalOnly && !global) continue;
        if ((global ? invGlobal : invNonGlobal) < end) out.push(resolve(raw, vpn));
      }
    }
  }

  /**
   * Whether `used` is one of linearCandidates(c, vpn, …), without listing them: the retained values
   * are looked up by value (retainedAllows), so the answer costs the same however often the entry
   * changed since its last invalidation.
   */
  private linearAllows(c: Ctx, vpn: number, used: number, globalOnly: boolean): boolean {
    const { tables, ends } = c.runs;
    for (let i = 0; i < tables.length; i++) {
      const table = tables[i]!;
      const runEnd = ends[i]!;
      if (this.running && table === this.running.table && c === this.running.ctx) continue; // the caller checked the current value
      const raw = this.guest.table(table).rawEntry(vpn);
      if (raw === NOT_PRESENT || (globalOnly && !isGlobal(raw))) continue;
      if (!sameTranslation(used, resolve(raw, vpn))) continue;
      const key = this.entryKey(table, vpn);
      if (runEnd > Math.max(this.start(table, key), this.lastInv(c, key, isGlobal(raw)).clock)) return true;
    }
    return (
      this.retainedAllows(c, vpn, vpn, used, globalOnly) ||
      this.retainedAllows(c, regionKey(vpn), vpn, used, globalOnly)
    );
  }

  /** Whether a retained value of entry `key` still allowed for `c` resolves to `used` at `vpn`. */
  private retainedAllows(c: Ctx, key: number, vpn: number, used: number, globalOnly: boolean): boolean {
    const values = c.retained.get(key);
    if (!values || used === NOT_PRESENT) return false;
    // The raw values that resolve to `used`: its frame and RO bit, with or without the global bit; a
    // 2 MiB entry (a region key) maps this page `offset` pages into its frame and has the large bit.
    let frame = pteFrame(used);
    let flags = pteFlags(used) & PTE_RO;
    if (key < 0) {
      frame -= vpn - regionOf(vpn) * PAGES_PER_LARGE;
      flags |= PTE_LARGE;
      if (frame < 0) return false;
    }
    if (!globalOnly) {
      const end = values.endOf(encodePte(frame, flags));
      if (end !== undefined && this.lastInv(c, key, false).clock < end) return true;
    }
    const endGlobal = values.endOf(encodePte(frame, flags | PTE_GLOBAL));
    return endGlobal !== undefined && this.lastInv(c, key, true).clock < endGlobal;
  }

  private eptCandidates(e: EptCtx, gpaPage: number, current: number): number[] {
    const out = current === NOT_PRESENT ? [] : [current];
    const key = this.entryKey(e.table, gpaPage);
    for (const k of key === gpaPage ? [key] : [gpaPage, key]) {
      const values = e.retained.get(k);
      if (values)
        for (const [raw, end] of values.entries()) if (e.inv.clock < end) out.push(resolve(raw, gpaPage));
    }
    return out;
  }

  /**
   * Checks the translation L0 gave the running guest for `vpn`. Returns null when allowed, else the
   * verdict with the allowed frames and a *why* naming the event that made `used` illegal. `spteStale`
   * tells whether the shadow entry on the access path is stale (the cause is then stale-spte). With
   * `explain` false a violation's verdict has no allowed list and no *why* (they are only built for the
   * violations a result keeps).
   */
  check(
    vpn: number,
    used: number,
    current: number,
    spteStale: boolean,
    explain = true,
  ): OracleVerdict | null {
    if (sameTranslation(used, current)) return null;
    const run = this.running;
    if (!run) return null;
    const c = run.ctx;
    const cause = spteStale ? 'stale-spte' : 'stale-tlb';
    if (!run.ept && this.lookups) {
      // Linear mappings only (`current` is the running table's entry): decided by lookups.
      if (this.linearAllows(c, vpn, used, false)) return null;
      const sibs = c.group.ctxList;
      for (let i = 0; i < sibs.length; i++) {
        const sib = sibs[i]!;
        if (sib !== c && this.linearAllows(sib, vpn, used, true)) return null;
      }
      if (!explain) return UNEXPLAINED[cause];
    }
    const linear: number[] = [];
    const curLinear = this.guest.table(run.table).lookup(vpn);
    if (curLinear !== NOT_PRESENT) linear.push(curLinear);
    this.linearCandidates(c, vpn, linear, false);
    for (const sib of c.group.ctxList) if (sib !== c) this.linearCandidates(sib, vpn, linear, true);
    let allowed: number[];
    if (run.ept) {
      allowed = [];
      const eptTable = this.guest.table(run.ept.table);
      for (const lin of linear) {
        const gpa = pteFrame(lin);
        for (const g of this.eptCandidates(run.ept, gpa, eptTable.lookup(gpa)))
          allowed.push(composeEpt(lin, g));
      }
    } else allowed = linear;
    // Decided above by lookups for linear-only checks: what follows only lists the allowed frames.
    const decided = !run.ept && this.lookups;
    if (!decided && allowed.some((a) => sameTranslation(used, a))) return null;
    const frames = [...new Set(allowed.map(frameAddr))];
    return { allowed: frames, cause, why: explain ? this.explain(c, run.table, vpn, used) : '' };
  }

  private explain(c: Ctx, table: number, vpn: number, used: number): string {
    const level = c.group.level.toUpperCase();
    const who = `${level} (VPID ${c.group.vvpid}, PCID ${c.pcid})`;
    const key = this.entryKey(table, vpn);
    const inv = this.lastInv(c, key, false);
    const packed = this.lastWrite[table]?.get(key) ?? NO_WRITE;
    const write =
      packed === NO_WRITE ? undefined : { event: Math.floor(packed / LINE_SPAN), line: packed % LINE_SPAN };
    const value = frameAddr(used);
    if (inv.clock >= 0 && (!write || inv.event >= write.event)) {
      return `${inv.what} at event ${inv.event} (line ${inv.line}); ${who} may no longer see ${value}`;
    }
    const g = c.group;
    if (write && g.firstEvent > write.event) {
      return `${who} first ran at event ${g.firstEvent} (line ${g.firstLine}), after the PTE write at event ${write.event} (line ${write.line}) had replaced ${value}: a context that had not run cannot have cached it`;
    }
    if (write) {
      return `the PTE write at event ${write.event} (line ${write.line}) replaced ${value}${inv.clock >= 0 ? ` after ${inv.what} at event ${inv.event} (line ${inv.line})` : ''}, and ${who} could not have cached it since`;
    }
    return `${value} was never a translation ${who} could have cached for this page`;
  }
}

/** A raw entry (a 2 MiB PDE or a 4 KiB PTE) as the translation of one 4 KiB page. */
function resolve(raw: number, vpn: number): number {
  if ((pteFlags(raw) & 4) === 0) return raw;
  return encodePte(pteFrame(raw) + (vpn - regionOf(vpn) * PAGES_PER_LARGE), pteFlags(raw));
}
