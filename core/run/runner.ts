// createSimulation: one scenario under one policy. Walks the program lazily (repeat and generators
// expand as they run, never into memory), drives the guest state, the L0 model and the oracle event
// by event, counts metrics and bins, and asks the policy at every nested transition.

import type { Level } from '../model/config';
import { Counters } from '../model/counters';
import type { AddrSpec, FrameSpec, Program, Stmt } from '../model/program';
import type { Decision, Transition } from '../policy/api';
import { validateDecision } from '../policy/decision';
import { PolicyError } from '../policy/problems';
import { GuestState } from '../guest/guest-state';
import { NOT_PRESENT, PTE_GLOBAL, PTE_RO, encodePte, frameAddr, hex, sameTranslation } from '../guest/pte';
import { L0Machine } from '../machine/l0';
import { ArchOracle } from '../oracle/oracle';
import { Prng, ZipfSampler } from './prng';
import { TimelineBuilder } from './timeline';
import { emptyMetrics, type Metrics, type PolicyRun, type RunError, type Violation } from './result';
import { ScenarioRuntimeError, type PolicyBinding, type Simulation } from './simulation';

export interface SimulationOptions {
  /** Violations kept with explanations (default 100; all are counted). */
  maxViolations?: number;
  /** Upper bound on timeline bins (default 2048, even); bins merge pairwise as the run grows. */
  maxBins?: number;
  /**
   * The fast paths (default on): the batched TLB-hit and TLB-miss paths, the oracle's verification
   * stamps on TLB entries and its by-value lookups of retained translations. Off, every access takes the full path
   * and every translation used is checked against the full list of allowed ones: the results are
   * identical (a property test holds the two together), only slower.
   */
  fastPaths?: boolean;
}

/** Pages drawn per block by the access generator (a block never crosses a timeline boundary). */
const PAGE_BLOCK = 1024;

type GenStmt = Extract<Stmt, { op: 'access' | 'pte' | 'eptpte' }>;

interface Frame {
  stmts: readonly Stmt[];
  idx: number;
  left: number;
}

/** The running generator statement; one object reused for every generator (no allocation per statement). */
interface Gen {
  active: boolean;
  stmt: GenStmt | null;
  i: number;
  n: number;
  pages: number;
  zipf: ZipfSampler | null;
}

/** Thrown inside decide() wrappers; ends the run with status policy-error. */
class PolicyFailure extends Error {}

function pagesIn(from: number, to: number): number {
  return Math.max(1, Math.ceil((to - from) / 4096));
}

function itemCount(a: AddrSpec): number {
  switch (a.kind) {
    case 'one':
      return 1;
    case 'seq':
      return Math.max(0, Math.ceil((a.to - a.from) / a.step));
    default:
      return a.count;
  }
}

/** How a run-time error names a statement: `l2 read`, `l1 pte`, `vmenter`, `l1 invept`... */
function stmtLabel(s: Stmt): string {
  if (s.op === 'access') return `${s.actor} ${s.access}`;
  return 'actor' in s ? `${s.actor} ${s.op}` : s.op;
}

/** Events a statement list runs, when it can be known up front (no random repeat counts). */
function countEvents(stmts: readonly Stmt[]): number | null {
  let n = 0;
  for (const s of stmts) {
    if (s.op === 'mark') continue;
    if (s.op === 'access' || s.op === 'pte' || s.op === 'eptpte') n += itemCount(s.addr);
    else if (s.op === 'repeat') {
      if (s.max !== s.min + 1) return null;
      const inner = countEvents(s.body);
      if (inner === null) return null;
      n += s.min * inner;
    } else n++;
  }
  return n;
}

class Sim implements Simulation {
  private readonly c: Counters;
  private readonly guest: GuestState;
  private readonly machine: L0Machine;
  private readonly oracle: ArchOracle;
  private readonly timeline: TimelineBuilder;
  private readonly rng: Prng;
  private readonly stack: Frame[];
  private readonly gen: Gen = { active: false, stmt: null, i: 0, n: 0, pages: 0, zipf: null };
  private readonly zipfs = new WeakMap<GenStmt, ZipfSampler>();
  private readonly violations: Violation[] = [];
  private readonly maxViolations: number;
  private error: RunError | null = null;
  private done = false;
  /**
   * Bumped whenever what the oracle allows may change: the guest's translations (writes, CR3,
   * transitions) and the SDM invalidations. A TLB entry stamped with the current epoch was checked
   * (equal to the guest's translation, or a stale one the SDM still allows) and needs no new check.
   */
  private epoch = 0;
  private lastVpid12 = 0;
  private line = 0;
  private readonly pageBuf = new Float64Array(PAGE_BLOCK);
  private readonly fastPaths: boolean;
  readonly eventsTotal: number | null;

  constructor(
    private readonly program: Program,
    private readonly policy: PolicyBinding,
    options: SimulationOptions,
  ) {
    const cfg = program.config;
    this.c = new Counters(cfg.cost.tlb_hit);
    this.guest = new GuestState(cfg, program);
    this.machine = new L0Machine(cfg, this.guest, this.c);
    this.fastPaths = options.fastPaths ?? true;
    this.oracle = new ArchOracle(this.guest, cfg, this.fastPaths);
    this.timeline = new TimelineBuilder(this.c, Math.max(2, (options.maxBins ?? 2048) & ~1));
    this.rng = new Prng(cfg.seed);
    this.maxViolations = options.maxViolations ?? 100;
    this.stack = [{ stmts: program.body, idx: 0, left: 1 }];
    this.eventsTotal = countEvents(program.body);
  }

  get eventsDone(): number {
    return this.c.events;
  }

  get finished(): boolean {
    return this.done;
  }

  step(maxEvents: number): boolean {
    if (this.done) return true;
    const c = this.c;
    const limit = c.events + Math.max(1, maxEvents);
    let idle = 0; // statements that ran no event (marks, loop bookkeeping): bounded per step too
    try {
      while (c.events < limit && idle < maxEvents + 1024) {
        if (this.gen.active) {
          this.runGen(limit);
          continue;
        }
        const f = this.stack[this.stack.length - 1];
        if (!f) {
          this.done = true;
          break;
        }
        if (f.idx >= f.stmts.length) {
          if (--f.left > 0) f.idx = 0;
          else this.stack.pop();
          idle++;
          continue;
        }
        const before = c.events;
        this.exec(f.stmts[f.idx++]!);
        if (c.events === before) idle++;
      }
      if (!this.gen.active && this.stack.length === 0) this.done = true;
    } catch (err) {
      if (!(err instanceof PolicyFailure)) throw err;
      this.error = { message: err.message, event: c.events - 1, line: this.line };
      this.done = true;
    }
    return this.done;
  }

  // ---- statements ----------------------------------------------------------------------------

  /** Opens event `c.events` at `line`; returns its index. */
  private begin(line: number): number {
    const ev = this.c.events;
    this.line = line;
    if (ev >= this.timeline.nextBoundary) this.timeline.boundary(ev, line);
    this.c.events = ev + 1;
    return ev;
  }

  /** Throws when `s` is run by a level that is not running. The message is built only then. */
  private requireRunning(actor: Level, s: Stmt): void {
    if (this.guest.running === actor) return;
    throw new ScenarioRuntimeError(
      `line ${s.line}: ${stmtLabel(s)} needs ${actor.toUpperCase()} running, but ${this.guest.running.toUpperCase()} is (event ${this.c.events})`,
      s.line,
      this.c.events,
    );
  }

  private exec(s: Stmt): void {
    switch (s.op) {
      case 'access':
      case 'pte':
      case 'eptpte':
        this.requireRunning(s.actor, s);
        this.startGen(s);
        return;
      case 'repeat': {
        const n = s.max === s.min + 1 ? s.min : s.min + this.rng.below(s.max - s.min);
        if (n > 0 && s.body.length > 0) this.stack.push({ stmts: s.body, idx: 0, left: n });
        return;
      }
      case 'mark':
        this.timeline.mark(this.c.events, s.label, s.line);
        return;
      case 'cr3': {
        this.requireRunning(s.actor, s);
        const ev = this.begin(s.line);
        this.guest.setCr3(s.actor, s.table, s.pcid);
        this.epoch++;
        this.oracle.suspend();
        this.oracle.onMovCr3(s.noflush, ev, s.line);
        this.oracle.switchContext(ev, s.line);
        this.machine.movCr3(s.actor, s.noflush);
        return;
      }
      case 'vmenter': {
        this.requireRunning('l1', s);
        const ev = this.begin(s.line);
        const g = this.guest;
        if (s.cr3) g.setCr3('l2', s.cr3.table, s.cr3.pcid);
        if (s.ept !== null && this.program.config.l1.ept) g.eptp = s.ept;
        const vpid12Changed = g.vmcs12Vpid12 !== this.lastVpid12;
        this.lastVpid12 = g.vmcs12Vpid12;
        g.activeVpid12 = g.vmcs12Vpid12;
        this.transition('vmenter', vpid12Changed, ev, s.line);
        return;
      }
      case 'vmexit': {
        this.requireRunning('l2', s);
        const ev = this.begin(s.line);
        this.transition('vmexit', false, ev, s.line);
        return;
      }
      case 'invlpg': {
        this.requireRunning(s.actor, s);
        const ev = this.begin(s.line);
        this.epoch++;
        this.oracle.onInvlpg(s.addr, ev, s.line);
        this.machine.invlpg(s.actor, s.addr);
        return;
      }
      case 'invpcid': {
        this.requireRunning(s.actor, s);
        const ev = this.begin(s.line);
        this.epoch++;
        this.oracle.onInvpcid(s.type, s.addr, s.pcid, ev, s.line);
        this.machine.invpcid(s.actor, s.type, s.addr, s.pcid);
        return;
      }
      case 'invvpid': {
        this.requireRunning('l1', s);
        const ev = this.begin(s.line);
        this.epoch++;
        this.oracle.onInvvpid(s.type, s.addr, s.vpid, ev, s.line);
        this.machine.invvpid(s.type, s.addr);
        return;
      }
      case 'invept': {
        this.requireRunning('l1', s);
        const ev = this.begin(s.line);
        this.epoch++;
        this.oracle.onInvept(s.type, s.table, ev, s.line);
        this.machine.invept(s.type, s.table);
        return;
      }
      case 'vpid12':
        this.requireRunning('l1', s);
        this.begin(s.line);
        this.guest.vmcs12Vpid12 = s.value;
        return;
      case 'zap':
        this.begin(s.line);
        this.machine.zap();
        return;
    }
  }

  private transition(kind: 'vmenter' | 'vmexit', vpid12Changed: boolean, ev: number, line: number): void {
    this.guest.running = kind === 'vmenter' ? 'l2' : 'l1';
    this.epoch++;
    this.oracle.suspend();
    this.oracle.onTransition(kind, ev, line);
    this.oracle.switchContext(ev, line);
    this.decideAt = line;
    this.machine.transition(kind, vpid12Changed, ev, this.decideHook);
  }

  /** The scenario line of the transition being decided (one hook for every transition, no closure each). */
  private decideAt = 0;
  private readonly decideHook = (t: Transition): Decision => this.decide(t, t.index, this.decideAt);

  private decide(t: Transition, ev: number, line: number): Decision {
    const id = this.policy.info.id;
    // The machine builds a fresh Transition per call over nested objects it froze once (host, vmcs12,
    // target, prevRoots are shared by value): the Transition itself is frozen here.
    const frozen = Object.freeze(t);
    try {
      // Hosts may validate already (native and sandbox hosts do); the engine checks every binding.
      return validateDecision(this.policy.decide(frozen), id, ev);
    } catch (err) {
      // PolicyError messages already name the policy and the event: add the scenario line only.
      if (err instanceof PolicyError) throw new PolicyFailure(`${err.message} (scenario line ${line})`);
      const why = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw new PolicyFailure(`policy '${id}' threw at event ${ev} (scenario line ${line}): ${why}`);
    }
  }

  // ---- generators (accesses and PTE writes) --------------------------------------------------

  private startGen(s: GenStmt): void {
    const a = s.addr;
    let zipf: ZipfSampler | null = null;
    const pages = a.kind === 'one' ? 1 : pagesIn(a.from, a.to);
    if (a.kind === 'zipf') {
      zipf = this.zipfs.get(s) ?? new ZipfSampler(pages, a.s);
      this.zipfs.set(s, zipf);
    }
    const n = itemCount(a);
    if (n <= 0) return;
    const g = this.gen;
    g.active = true;
    g.stmt = s;
    g.i = 0;
    g.n = n;
    g.pages = pages;
    g.zipf = zipf;
  }

  private runGen(limit: number): void {
    const g = this.gen;
    const s = g.stmt!;
    if (s.op === 'access') this.runAccesses(s, limit);
    else {
      // One page at a time: a write's frame is drawn between two addresses.
      while (g.i < g.n && this.c.events < limit) {
        this.drawPages(s.addr, g.i, 1);
        const ev = this.begin(s.line);
        this.write(s, this.pageBuf[0]!, ev);
        g.i++;
      }
    }
    if (g.i >= g.n) g.active = false;
  }

  /**
   * The access generator, the hot loop of most workloads. Pages are drawn a block at a time (the
   * draws come in the same order as one by one: an access never draws), then served by the
   * machine's batched paths as long as they can (hinted TLB hits the oracle already verified at this
   * epoch; with shadow paging, misses whose SPTE equals the guest's PTE); the first page they cannot
   * serve goes through the full path, one event, then the batch resumes. Blocks never cross a timeline boundary or the step's limit.
   */
  private runAccesses(s: Extract<Stmt, { op: 'access' }>, limit: number): void {
    const g = this.gen;
    const c = this.c;
    const tl = this.timeline;
    const m = this.machine;
    const buf = this.pageBuf;
    const wf = s.access !== 'read';
    const level = s.actor;
    const line = s.line;
    const batched = this.fastPaths;
    // The batched miss path needs the table the oracle compares with to be the level's own (no EPT12).
    const missTruth =
      batched && m.shadow !== null && (level === 'l1' || !this.guest.l2NestedEpt)
        ? this.guest.tableOf(level)
        : null;
    while (g.i < g.n && c.events < limit) {
      const first = g.i;
      const count = Math.min(g.n - first, limit - c.events, buf.length);
      this.drawPages(s.addr, first, count);
      let j = 0;
      while (j < count) {
        if (c.events >= tl.nextBoundary) tl.boundary(c.events, line);
        // After a hit the batched hit path, after a miss the batched miss path (shadow paging; with
        // host EPT the full path: in miss-heavy stretches a hinted probe would almost always fail
        // first). Each does what the full path would; the page it stops at takes the full path.
        if (m.lastHit ? batched : missTruth !== null) {
          const stop = Math.min(count, j + (tl.nextBoundary - c.events));
          const served = m.lastHit
            ? m.hitRun(buf, j, stop, this.epoch, wf)
            : m.missRun(buf, j, stop, missTruth!, this.epoch, wf);
          c.events += served - j;
          j = served;
          if (j === stop) continue;
        }
        const ev = c.events;
        c.events = ev + 1;
        this.access(level, buf[j]!, first + j, wf, ev, line);
        j++;
      }
      g.i = first + count;
    }
  }

  /** Page numbers of items `first .. first + count` of a generator (accesses or writes), into pageBuf. */
  private drawPages(a: AddrSpec, first: number, count: number): void {
    const buf = this.pageBuf;
    switch (a.kind) {
      case 'one':
        buf.fill(Math.floor(a.addr / 4096), 0, count);
        return;
      case 'seq':
        for (let j = 0; j < count; j++) buf[j] = Math.floor((a.from + (first + j) * a.step) / 4096);
        return;
      case 'random':
        this.rng.fillBelow(buf, count, this.gen.pages, Math.floor(a.from / 4096));
        return;
      case 'zipf': {
        const zipf = this.gen.zipf!;
        const base = Math.floor(a.from / 4096) - 1;
        for (let j = 0; j < count; j++) buf[j] = base + zipf.sample(this.rng);
        return;
      }
    }
  }

  /** Byte offset in its page of item `i` (page `vpn`) of an access generator, for violation reports. */
  private offsetIn(a: AddrSpec, i: number, vpn: number): number {
    switch (a.kind) {
      case 'one':
        return a.addr - vpn * 4096;
      case 'seq':
        return a.from + i * a.step - vpn * 4096;
      default:
        return a.from - Math.floor(a.from / 4096) * 4096;
    }
  }

  private frameOf(f: FrameSpec, flags: number): number {
    if (f.kind === 'none') return NOT_PRESENT;
    if (f.kind === 'frame') return encodePte(Math.floor(f.addr / 4096), flags);
    return encodePte(Math.floor(f.from / 4096) + this.rng.below(pagesIn(f.from, f.to)), flags);
  }

  /** A PTE (or EPT12 entry) write to page `vpn` of the statement's table. */
  private write(s: Extract<Stmt, { op: 'pte' | 'eptpte' }>, vpn: number, ev: number): void {
    const flags = (s.ro ? PTE_RO : 0) | (s.op === 'pte' && s.global ? PTE_GLOBAL : 0);
    const pte = this.frameOf(s.frame, flags);
    const table = this.guest.table(s.table);
    const old = table.write(vpn, pte);
    this.epoch++;
    this.oracle.onWrite(s.table, vpn, old, table.rawEntry(vpn), ev, s.line);
    if (s.op === 'pte') this.machine.guestPteWrite(s.table, vpn);
  }

  /** One guest access to page `vpn`, item `item` of the running access generator. */
  private access(level: Level, vpn: number, item: number, wf: boolean, ev: number, line: number): void {
    const m = this.machine;
    if (!m.access(level, vpn, wf)) return;
    const slot = m.lastSlot;
    const tlb = m.tlb;
    const fast = this.fastPaths;
    // Oracle fast path: this entry was checked and nothing the check depends on changed since.
    if (fast && m.lastHit && tlb.verifiedAt(slot) === this.epoch) return;
    const used = m.lastValue;
    const current = this.guest.translate(level, vpn);
    if (sameTranslation(used, current)) {
      if (fast && slot >= 0) tlb.markVerified(slot, this.epoch);
      return;
    }
    const keep = this.violations.length < this.maxViolations;
    const verdict = this.oracle.check(vpn, used, current, m.spteStale(level, vpn), keep);
    if (!verdict) {
      // Stale but allowed (not yet invalidated): allowed until the next epoch, so stamp it too —
      // otherwise a guest that keeps using such entries pays a full oracle check per access.
      if (fast && slot >= 0) tlb.markVerified(slot, this.epoch);
      return;
    }
    const c = this.c;
    c.violations++;
    if (verdict.cause === 'stale-spte') c.staleSpte++;
    else c.staleTlb++;
    if (keep) {
      this.violations.push({
        event: ev,
        line,
        actor: level,
        gva: hex(vpn * 4096 + this.offsetIn(this.gen.stmt!.addr, item, vpn)),
        used: frameAddr(used),
        allowed: [...verdict.allowed],
        cause: verdict.cause,
        why: verdict.why,
      });
    }
  }

  // ---- result ---------------------------------------------------------------------------------

  private metrics(): Metrics {
    const c = this.c;
    const m = emptyMetrics();
    m.events = c.events;
    m.accesses = c.accesses;
    m.tlbHits = c.tlbHits;
    m.tlbMisses = c.tlbMisses;
    m.tlbHitRate = c.accesses ? c.tlbHits / c.accesses : 0;
    m.walks = c.walks;
    m.walkRefs = c.walkRefs;
    m.pageFaults = c.pageFaults;
    m.vmEntries = c.vmEntries;
    m.vmExits = c.vmExits;
    m.syncs = c.syncs;
    m.syncedPages = c.syncedPages;
    m.flushes = {
      total: c.flushTotal,
      all: c.flushAll,
      vpid: c.flushVpid,
      addr: c.flushAddr,
      ept: c.flushEpt,
    };
    m.decisions = {
      sync: { none: c.syncNone, target: c.syncTarget, 'all-roots': c.syncAllRoots },
      flush: { none: c.flushDecNone, current: c.flushDecCurrent, all: c.flushDecAll },
    };
    m.violations = c.violations;
    m.violationsByCause = { 'stale-spte': c.staleSpte, 'stale-tlb': c.staleTlb };
    m.cycles = c.totalCycles;
    return m;
  }

  result(): PolicyRun {
    return {
      policy: { ...this.policy.info },
      status: this.error ? 'policy-error' : 'ok',
      error: this.error,
      metrics: this.metrics(),
      violations: [...this.violations],
      timeline: this.timeline.snapshot(),
    };
  }
}

export function createSimulation(
  program: Program,
  policy: PolicyBinding,
  options: SimulationOptions = {},
): Simulation {
  return new Sim(program, policy, options);
}
