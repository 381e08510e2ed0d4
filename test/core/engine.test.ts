// Engine semantics against small scenarios whose metrics were worked out by hand from model.md and
// results-cli.md before the engine ran (the arithmetic is in the comments).
import { describe, expect, test } from 'vitest';
import alwaysSync from '../../plugins/always-sync/index';
import kvm2020 from '../../plugins/kvm-2020/index';
import kvmCurrent from '../../plugins/kvm-current/index';
import neverSync from '../../plugins/never-sync/index';
import { definePolicy } from '../../core/policy/api';
import { ScenarioRuntimeError } from '../../core/run/simulation';
import { runScenario } from '../../core/run/run-scenario';
import { HardwareTlb } from '../../core/machine/tlb';
import { ProgramBuilder, binding, run } from './program-builder';

const POLICIES = [alwaysSync, kvm2020, kvmCurrent, neverSync];
const byCause = (r: ReturnType<typeof run>) => r.metrics.violationsByCause;

describe('hardware TLB', () => {
  test('hits and misses on the host-EPT walk path are counted and costed', () => {
    // host EPT: a miss walks guest table x EPT = 24 references at walk_ref 30; a hit costs tlb_hit 1.
    const b = new ProgramBuilder({ host: { ept: true } });
    b.pgd('l1', 'A').map('A', 0, 0x10000, 0x100000);
    for (const a of [0x0, 0x0, 0x1000, 0x0]) b.read('l1', a);
    const m = run(b.build(), neverSync).metrics;
    expect(m).toMatchObject({
      events: 4,
      accesses: 4,
      tlbHits: 2,
      tlbMisses: 2,
      walks: 2,
      walkRefs: 48,
      pageFaults: 0,
    });
    expect(m.tlbHitRate).toBe(0.5);
    expect(m.cycles).toBe(2 * 24 * 30 + 2 * 1);
  });

  test('a direct-mapped TLB evicts on a set conflict', () => {
    // 2 entries, 1 way: pages 0 and 2 share set 0, so 0, 2, 0 are three misses; page 1 is set 1.
    const b = new ProgramBuilder({ tlb: { entries: 2, ways: 1 } });
    b.pgd('l1', 'A').map('A', 0, 0x10000, 0x100000);
    for (const a of [0x0, 0x2000, 0x0, 0x1000, 0x1000]) b.read('l1', a);
    expect(run(b.build(), neverSync).metrics).toMatchObject({ tlbHits: 1, tlbMisses: 4 });
  });

  test('a 1536 x 12 TLB holds 1536 pages and evicts by LRU within a set', () => {
    const tlb = new HardwareTlb(1536, 12);
    const ctx = tlb.context(1, 0);
    expect(tlb.sets).toBe(128);
    for (let p = 0; p < 1536; p++) tlb.fill(p, false, ctx, 0, false, p * 8, -1);
    expect(tlb.validEntries()).toBe(1536);
    for (let p = 0; p < 1536; p++) expect(tlb.lookup(p, ctx, 0)).toBeGreaterThanOrEqual(0);
    // Page 1536 maps to set 0: it evicts the least recently used page of set 0, page 0.
    tlb.lookup(128, ctx, 0);
    tlb.fill(1536, false, ctx, 0, false, 0, -1);
    expect(tlb.lookup(0, ctx, 0)).toBe(-1);
    expect(tlb.lookup(128, ctx, 0)).toBeGreaterThanOrEqual(0);
    // A whole-context flush empties it at once; another context is untouched.
    const other = tlb.context(2, 0);
    tlb.fill(5, false, other, 0, false, 8, -1);
    tlb.flushWhere(1, -1, -1, 'also');
    expect(tlb.validEntries()).toBe(1);
    expect(tlb.lookup(5, other, 0)).toBeGreaterThanOrEqual(0);
  });

  test('a write hitting a read-only entry the oracle already verified still faults', () => {
    // The read fills and verifies the entry; the second read and the write hit it (the batched hit
    // path serves the read, and must hand the write to the full path, which faults on the RO bit).
    const b = new ProgramBuilder({ host: { ept: true } });
    b.pgd('l1', 'A').map('A', 0, 0x1000, 0x100000, { ro: true });
    b.read('l1', 0x0);
    b.read('l1', 0x0);
    b.write('l1', 0x0);
    const m = run(b.build(), neverSync).metrics;
    expect(m).toMatchObject({ tlbHits: 2, tlbMisses: 1, pageFaults: 1, violations: 0 });
  });

  test('a rewritten 2 MiB entry stays legal in the TLB until INVLPG, for any page of the region', () => {
    // host EPT: L0 traps nothing. The read fills one 2 MiB TLB entry; the PDE is rewritten; the next
    // read of another page of the region hits the old entry (legal: nothing invalidated it, and the
    // oracle resolves the old PDE to that page), and after INVLPG it gets the new frame.
    const b = new ProgramBuilder({ host: { ept: true } });
    b.pgd('l1', 'A').map('A', 0x200000, 0x200000, 0x40000000, { large: true });
    b.read('l1', 0x205000);
    b.pte('l1', 'A', 0x205000, 0x80000000);
    b.read('l1', 0x207000);
    b.push({ op: 'invlpg', actor: 'l1', addr: 0x207000 });
    b.read('l1', 0x207000);
    const m = run(b.build(), neverSync).metrics;
    expect(m).toMatchObject({ tlbHits: 1, tlbMisses: 2, violations: 0 });
  });

  test('geometries whose entries are not a multiple of ways are refused', () => {
    expect(() => new HardwareTlb(10, 4)).toThrow(/multiple of ways/);
  });

  test('addresses above 2^32 translate without 32-bit truncation', () => {
    const hi = 2 ** 47 + 0x5000;
    const b = new ProgramBuilder();
    b.pgd('l1', 'A').map('A', hi, 0x2000, 2 ** 40);
    b.read('l1', hi + 0x1000);
    b.read('l1', 0x5000 + 0x1000); // the same low 32 bits: must not alias
    const m = run(b.build(), neverSync).metrics;
    expect(m).toMatchObject({ accesses: 2, pageFaults: 1, tlbHits: 0, violations: 0 });
  });

  test('a global entry serves every PCID while a PCID-tagged one does not', () => {
    const b = new ProgramBuilder({ l1: { pcid: true }, cr3: { l1: { table: 'A', pcid: 1 } } });
    b.pgd('l1', 'A').map('A', 0, 0x1000, 0x100000, { global: true }).map('A', 0x1000, 0x1000, 0x200000);
    b.read('l1', 0x0);
    b.read('l1', 0x1000);
    b.cr3('l1', 'A', 2, true); // no flush: the hardware keeps both entries
    b.read('l1', 0x0); // global: hit under PCID 2
    b.read('l1', 0x1000); // PCID 1's entry: miss under PCID 2
    expect(run(b.build(), neverSync).metrics).toMatchObject({ tlbHits: 1, tlbMisses: 3, violations: 0 });
  });
});

describe('shadow MMU', () => {
  const shadow = { host: { ept: false, vpid: true, unsync: true }, l1: { vpid: false } } as const;

  test('an unsync page hides a PTE write from L0 until MOV CR3 syncs it', () => {
    const b = new ProgramBuilder(shadow);
    b.pgd('l1', 'A').map('A', 0, 0x1000, 0x100000);
    b.read('l1', 0x0); // miss: walk 4 refs (120) + fill: exit 2000 + 4 refs (120) = 2240
    b.read('l1', 0x0); // hit: 1                                        -> 2241
    b.pte('l1', 'A', 0x0, 0x200000); // write-protected: traps, goes unsync -> +2000 = 4241
    b.read('l1', 0x0); // hit on the old entry: legal, L1 kept running   -> 4242
    b.cr3('l1', 'A'); // emulated: exit 2000; sync 1 page 600; flush 400  -> 7242
    b.read('l1', 0x0); // miss: walk 120, SPTE already re-read            -> 7362
    const r = run(b.build(), neverSync);
    expect(r.metrics).toMatchObject({
      events: 6,
      accesses: 4,
      tlbHits: 2,
      tlbMisses: 2,
      walks: 2,
      walkRefs: 12,
      syncs: 1,
      syncedPages: 1,
      flushes: { total: 1, all: 0, vpid: 1, addr: 0, ept: 0 },
      violations: 0,
      cycles: 7362,
    });
  });

  test('with unsync off a trapped write is applied to the shadow and its TLB entry dropped', () => {
    const b = new ProgramBuilder({ ...shadow, host: { ept: false, vpid: true, unsync: false } });
    b.pgd('l1', 'A').map('A', 0, 0x1000, 0x100000);
    b.read('l1', 0x0);
    b.pte('l1', 'A', 0x0, 0x200000); // traps, applied at once: SPTE rewritten, TLB entry dropped
    b.read('l1', 0x0); // miss, but the SPTE is current: no fill
    const r = run(b.build(), neverSync);
    expect(r.metrics).toMatchObject({ tlbHits: 0, tlbMisses: 2, walkRefs: 12, syncs: 0, violations: 0 });
    expect(r.metrics.cycles).toBe(2240 + 2000 + 120);
  });

  test('INVLPG zaps a changed unsync SPTE and flushes the address', () => {
    const b = new ProgramBuilder(shadow);
    b.pgd('l1', 'A').map('A', 0, 0x2000, 0x100000);
    b.read('l1', 0x0);
    b.read('l1', 0x1000);
    b.pte('l1', 'A', 0x0, 0x200000);
    b.pte('l1', 'A', 0x1000, 0x300000); // the page is unsync already: no trap
    b.push({ op: 'invlpg', actor: 'l1', addr: 0x0 });
    b.read('l1', 0x0); // refilled from the guest table: 0x200000
    b.read('l1', 0x1000); // still the old entry: legal (no invalidation of 0x1000)
    const r = run(b.build(), neverSync);
    expect(r.metrics).toMatchObject({ flushes: { addr: 1, total: 1 }, tlbHits: 1, violations: 0, syncs: 0 });
  });

  test('a new root syncs the shared unsync pages it reaches and flushes the current context', () => {
    // Table A under PCID 1 and 2 shares one tree: loading (A, 2) reaches A's unsync page.
    const b = new ProgramBuilder({
      ...shadow,
      l1: { vpid: false, pcid: true },
      cr3: { l1: { table: 'A', pcid: 1 } },
    });
    b.pgd('l1', 'A').map('A', 0, 0x1000, 0x100000);
    b.read('l1', 0x0);
    b.pte('l1', 'A', 0x0, 0x200000);
    b.cr3('l1', 'A', 2, true);
    const m = run(b.build(), neverSync).metrics;
    expect(m).toMatchObject({ syncs: 0, syncedPages: 1, flushes: { vpid: 1, total: 1 } });
  });
});

describe('policies on the seed configuration cells', () => {
  // Shadow paging, L1 without VPID for L2 (examples/01): L2 changes two PTEs, L1 runs, L2 reads them.
  function cell01() {
    const b = new ProgramBuilder({
      host: { ept: false, vpid: true, unsync: true },
      l1: { ept: false, vpid: false },
    });
    b.pgd('l1', 'A').map('A', 0, 0x100000, 0x100000);
    b.pgd('l2', 'P').map('P', 0x400000, 0x40000, 0x800000);
    b.vmenter({ table: 'P' });
    b.sweep('l2', 0x400000, 0x440000);
    b.pte('l2', 'P', 0x401000, 0x900000);
    b.pte('l2', 'P', 0x402000, 0x901000);
    b.vmexit();
    b.sweep('l1', 0, 0x10000);
    const enter = b.vmenter();
    b.read('l2', 0x401000);
    b.read('l2', 0x402000);
    b.vmexit();
    return { program: b.build(), enter };
  }

  test('never-sync serves stale SPTEs after a VPID-less VM-Enter; the other three do not', () => {
    const { program, enter } = cell01();
    const [always, k2020, current, never] = POLICIES.map((p) => run(program, p));
    expect([always, k2020, current].map((r) => r!.metrics.violations)).toEqual([0, 0, 0]);
    expect(byCause(never!)).toEqual({ 'stale-spte': 2, 'stale-tlb': 0 });
    expect(never!.violations[0]).toMatchObject({
      actor: 'l2',
      gva: '0x401000',
      used: '0x801000',
      allowed: ['0x900000'],
      cause: 'stale-spte',
    });
    expect(never!.violations[0]!.why).toContain(`VM-Enter with VPID disabled in VMCS12`);
    expect(never!.violations[0]!.why).toContain(`(line ${enter})`);
  });

  test('violations past the kept ones are still counted by their own cause', () => {
    // The oracle builds no verdict for violations a result does not keep (shared constants instead):
    // with none kept, both stale-SPTE reads must still count as stale-spte.
    const { program } = cell01();
    const never = run(program, neverSync, { maxViolations: 0 });
    expect(never.violations).toEqual([]);
    expect(byCause(never)).toEqual({ 'stale-spte': 2, 'stale-tlb': 0 });
  });

  test('the decisions are counted as the kernel logic says for this cell', () => {
    const { program } = cell01();
    const k2020 = run(program, kvm2020).metrics;
    // 4 transitions, vmcs12 VPID off, host VPID on: target sync + full flush each time.
    expect(k2020.decisions).toEqual({
      sync: { none: 0, target: 4, 'all-roots': 0 },
      flush: { none: 0, current: 0, all: 4 },
    });
    const current = run(program, kvmCurrent).metrics;
    expect(current.decisions).toEqual({
      sync: { none: 0, target: 0, 'all-roots': 4 },
      flush: { none: 0, current: 4, all: 0 },
    });
    // all-roots: the current root plus the one cached root (L1's or L2's) at every transition.
    expect(current.syncs).toBe(8);
  });

  test('host EPT without VPID in VMCS12: never-sync leaves only stale TLB entries', () => {
    const b = new ProgramBuilder({ host: { ept: true, vpid: true }, l1: { ept: false, vpid: false } });
    b.pgd('l1', 'A').map('A', 0, 0x10000, 0x100000);
    b.pgd('l2', 'P').map('P', 0, 0x10000, 0x200000);
    b.vmenter({ table: 'P' });
    b.read('l2', 0x0);
    b.pte('l2', 'P', 0x0, 0x300000); // not intercepted with host EPT; the TLB keeps the old entry legally
    b.read('l2', 0x0);
    b.vmexit(); // VPID off: L1 expects VPID 0 flushed
    b.vmenter();
    b.read('l2', 0x0);
    const results = POLICIES.map((p) => run(b.build(), p));
    expect(results.map((r) => byCause(r))).toEqual([
      { 'stale-spte': 0, 'stale-tlb': 0 },
      { 'stale-spte': 0, 'stale-tlb': 0 },
      { 'stale-spte': 0, 'stale-tlb': 0 },
      { 'stale-spte': 0, 'stale-tlb': 1 },
    ]);
    // With host EPT a sync decision syncs nothing.
    expect(results.map((r) => r.metrics.syncs)).toEqual([0, 0, 0, 0]);
  });

  test('with VPID in VMCS12, stale entries stay legal until L1 executes INVVPID', () => {
    const b = new ProgramBuilder({
      host: { ept: false, vpid: true, unsync: true },
      l1: { ept: false, vpid: true },
    });
    b.pgd('l1', 'A').map('A', 0, 0x10000, 0x100000);
    b.pgd('l2', 'P').map('P', 0, 0x10000, 0x200000);
    b.vmenter({ table: 'P' });
    b.read('l2', 0x0);
    b.pte('l2', 'P', 0x0, 0x300000);
    b.vmexit();
    b.vmenter();
    b.read('l2', 0x0); // old translation: legal, nothing invalidated VPID 1's entry
    b.vmexit();
    b.push({ op: 'invvpid', actor: 'l1', type: 'single', addr: 0, vpid: 1 });
    b.vmenter();
    b.read('l2', 0x0); // L2's roots were freed and vpid02 flushed: the new translation
    for (const p of POLICIES) expect(run(b.build(), p).metrics.violations).toBe(0);
  });
});

describe('where kvm-2020 fails (kvm-semantics.md)', () => {
  test('kvm-2020 reuses an unsynced cached root after a PCID no-flush CR3 load (fixed in 2021 by 07ffaf343e34)', () => {
    const b = new ProgramBuilder({
      host: { ept: false, vpid: true, unsync: true },
      l1: { ept: false, vpid: false, pcid: true },
      cr3: { l1: { table: 'A', pcid: 1 } },
    });
    b.pgd('l1', 'A').map('A', 0, 0x10000, 0x100000);
    b.pgd('l2', 'P').map('P', 0, 0x10000, 0x200000);
    b.pgd('l2', 'Q').map('Q', 0, 0x10000, 0x300000);
    b.vmenter({ table: 'Q', pcid: 2 });
    b.read('l2', 0x0); // Q's SPTE for page 0 filled
    b.cr3('l2', 'P', 1); // Q's root goes to prev_roots
    b.pte('l2', 'Q', 0x0, 0x400000); // Q's page is write-protected: traps and goes unsync
    b.vmexit(); // VPID off: L2's PCID 2 mappings must be gone; kvm-2020 syncs only L1's root
    b.vmenter(); // back on P: kvm-2020 syncs only P
    b.cr3('l2', 'Q', 2, true); // no-flush: KVM reuses Q's cached root as is
    const line = b.read('l2', 0x0);
    const [always, k2020, current, never] = POLICIES.map((p) => run(b.build(), p));
    expect(byCause(k2020!)).toEqual({ 'stale-spte': 1, 'stale-tlb': 0 });
    expect(k2020!.violations[0]).toMatchObject({ line, used: '0x300000', allowed: ['0x400000'] });
    expect(current!.metrics.violations).toBe(0);
    expect(always!.metrics.violations).toBe(0);
    expect(never!.metrics.violations).toBe(1);
  });

  test('kvm-2020 does not sync when L1 switches to a new vpid12 after changing L2 tables (fixed by "Emulate guest TLB flush on nested VM-Enter with new vpid12")', () => {
    const b = new ProgramBuilder({
      host: { ept: false, vpid: true, unsync: true },
      l1: { ept: false, vpid: true },
      vpid12: 1,
    });
    b.pgd('l1', 'A').map('A', 0, 0x10000, 0x100000);
    b.pgd('l2', 'P').map('P', 0, 0x10000, 0x200000);
    b.vmenter({ table: 'P' });
    b.read('l2', 0x0);
    b.vmexit();
    b.pte('l1', 'P', 0x0, 0x300000); // L1 edits L2's table: traps, page goes unsync
    b.push({ op: 'vpid12', actor: 'l1', value: 2 });
    const enter = b.vmenter(); // a new guest ASID: it cannot have cached anything
    const line = b.read('l2', 0x0);
    const [always, k2020, current] = POLICIES.map((p) => run(b.build(), p));
    expect(byCause(k2020!)).toEqual({ 'stale-spte': 1, 'stale-tlb': 0 });
    expect(k2020!.violations[0]).toMatchObject({ line, used: '0x200000', allowed: ['0x300000'] });
    expect(k2020!.violations[0]!.why).toMatch(
      new RegExp(`L2 \\(VPID 2, PCID 0\\) first ran at event \\d+ \\(line ${enter}\\)`),
    );
    expect(current!.metrics.violations).toBe(0);
    expect(always!.metrics.violations).toBe(0);
  });
});

describe('known KVM behaviour the oracle flags whatever the policy', () => {
  test('a no-flush load of a table written while it was not current reuses its unsync SPTEs under every policy', () => {
    const b = new ProgramBuilder({
      host: { ept: false, vpid: true, unsync: true },
      l1: { ept: false, vpid: false, pcid: true },
      cr3: { l1: { table: 'A', pcid: 1 } },
    });
    b.pgd('l1', 'A').map('A', 0, 0x10000, 0x100000);
    b.pgd('l1', 'B').map('B', 0, 0x10000, 0x200000);
    b.pgd('l2', 'P').map('P', 0, 0x10000, 0x300000);
    b.read('l1', 0x0);
    b.cr3('l1', 'B', 2); // A's root is cached
    b.vmenter({ table: 'P', pcid: 1 });
    b.vmexit(); // VPID off: VPID 0 flushed; always-sync and kvm-current sync every root here
    b.pte('l1', 'A', 0x0, 0x400000); // ...but this later write to inactive A makes its page unsync again
    b.cr3('l1', 'A', 1, true); // PCID 1 was flushed and has not run since: it must see 0x400000
    b.read('l1', 0x0);
    for (const p of POLICIES) expect(byCause(run(b.build(), p))).toEqual({ 'stale-spte': 1, 'stale-tlb': 0 });
  });
});

describe('where kvm-current still differs from the SDM (found by the property tests)', () => {
  test('a VM-Enter with a new GUEST_CR3 and VPID on reuses a cached root L2 itself flushed with MOV CR3', () => {
    // PCIDs off: KVM does not free cached roots on MOV CR3, trusting that every later MOV CR3 syncs the
    // root it lands on. A nested VM-Enter that changes GUEST_CR3 is a root switch without that sync.
    const b = new ProgramBuilder({
      host: { ept: false, vpid: true, unsync: true },
      l1: { ept: false, vpid: true, pcid: false },
    });
    b.pgd('l1', 'A').map('A', 0, 0x10000, 0x100000);
    b.pgd('l2', 'P').map('P', 0, 0x10000, 0x300000);
    b.pgd('l2', 'Q').map('Q', 0, 0x10000, 0x400000);
    b.vmenter({ table: 'P' });
    b.read('l2', 0x0);
    b.pte('l2', 'P', 0x0, null); // P's page goes unsync
    b.cr3('l2', 'Q'); // flushes PCID 0: the old translation of P is gone for L2; KVM syncs Q, not P
    b.vmexit();
    b.vmenter({ table: 'P' }); // back to P's cached root, still unsync
    const line = b.read('l2', 0x0);
    const [always, , current] = POLICIES.map((p) => run(b.build(), p));
    expect(always!.metrics.violations).toBe(0); // always-sync syncs every root at the VM-Enter
    // Q's translation is allowed: L2 ran on Q under the same VPID and PCID, and VM-Enter with VPID flushes nothing.
    expect(current!.violations).toEqual([
      expect.objectContaining({ line, used: '0x300000', allowed: ['0x400000'], cause: 'stale-spte' }),
    ]);
  });

  test('L1 INVPCID all-context syncs L2’s cached roots and hands L2 a value it never could have seen', () => {
    const b = new ProgramBuilder({
      host: { ept: false, vpid: true, unsync: true },
      l1: { ept: false, vpid: true, pcid: false },
      tlb: { entries: 1, ways: 1 },
    });
    b.pgd('l1', 'A').map('A', 0, 0x10000, 0x100000);
    b.pgd('l2', 'Q').map('Q', 0, 0x10000, 0x400000);
    b.vmenter({ table: 'Q' });
    b.read('l2', 0x1000);
    b.vmexit();
    b.pte('l1', 'Q', 0x1000, 0x201000); // Q's page goes unsync
    b.push({ op: 'invpcid', actor: 'l1', type: 'all', addr: 0, pcid: 0 }); // KVM syncs every root: Q reads 0x201000
    b.pte('l1', 'Q', 0x1000, null); // unsync again, the SPTE keeps 0x201000
    b.vmenter();
    b.read('l2', 0x0); // evicts page 1 from the one-entry TLB
    const line = b.read('l2', 0x1000);
    const [always, , current] = POLICIES.map((p) => run(b.build(), p));
    expect(always!.metrics.violations).toBe(0);
    expect(current!.violations).toEqual([
      expect.objectContaining({ line, used: '0x201000', allowed: ['0x401000'] }),
    ]);
  });
});

describe('runs', () => {
  test('an l2 event while L1 runs is a scenario error naming the line', () => {
    const b = new ProgramBuilder();
    b.pgd('l1', 'A');
    const line = b.read('l2', 0x0);
    expect(() => run(b.build(), neverSync)).toThrow(ScenarioRuntimeError);
    expect(() => run(b.build(), neverSync)).toThrow(`line ${line}: l2 read needs L2 running, but L1 is`);
  });

  test('a policy that throws fails its own run with the event and line, and the others complete', () => {
    const b = new ProgramBuilder();
    b.pgd('l1', 'A').map('A', 0, 0x1000, 0x100000);
    b.pgd('l2', 'P');
    b.read('l1', 0x0);
    const line = b.vmenter({ table: 'P' });
    b.vmexit();
    const broken = definePolicy({
      id: 'broken',
      name: '',
      description: '',
      decide: () => {
        throw new Error('boom');
      },
    });
    const wrong = definePolicy({
      id: 'wrong',
      name: '',
      description: '',
      decide: () => ({ sync: 'some', flush: 'none' }) as never,
    });
    const doc = runScenario({
      source: '',
      file: 'x.vmx',
      program: b.build(),
      policies: [binding(broken), binding(wrong), binding(kvmCurrent)],
    });
    expect(doc.runs.map((r) => r.status)).toEqual(['policy-error', 'policy-error', 'ok']);
    expect(doc.runs[0]!.error).toMatchObject({ event: 1, line });
    expect(doc.runs[0]!.error!.message).toMatch(/broken.*event 1.*boom/);
    expect(doc.runs[1]!.error!.message).toMatch(/wrong/);
    expect(doc.runs[2]!.metrics.vmExits).toBe(1);
  });

  test('a native policy gets a frozen Transition with frozen parts, whose values track the machine', () => {
    const b = new ProgramBuilder({ host: { ept: false } });
    b.pgd('l1', 'A').map('A', 0, 0x1000, 0x100000);
    b.pgd('l2', 'P').map('P', 0, 0x2000, 0x200000);
    b.read('l1', 0x0);
    b.vmenter({ table: 'P' });
    b.read('l2', 0x0);
    b.pte('l2', 'P', 0x1000, 0x300000);
    b.vmexit();
    b.vmenter({ table: 'P' });
    b.vmexit();
    const seen: { frozen: boolean[]; target: unknown; prevRoots: unknown }[] = [];
    const spy = definePolicy({
      id: 'spy',
      name: '',
      description: '',
      decide: (t) => {
        const parts = [t, t.host, t.vmcs12, t.target, t.prevRoots];
        seen.push({
          frozen: parts.map((o) => Object.isFrozen(o)),
          target: { ...t.target },
          prevRoots: { ...t.prevRoots },
        });
        return { sync: 'none', flush: 'none' };
      },
    });
    run(b.build(), spy);
    expect(seen.map((s) => s.frozen.every(Boolean))).toEqual([true, true, true, true]);
    // Shadow paging, no sync ever: L2's write leaves P's page unsync, and the second entry finds P
    // cached (A is then the one prev root); shared frozen objects must not carry an old value along.
    expect(seen.map((s) => s.target)).toEqual([
      { cachedRoot: false, unsyncPages: 0 },
      { cachedRoot: true, unsyncPages: 0 },
      { cachedRoot: true, unsyncPages: 1 },
      { cachedRoot: true, unsyncPages: 0 },
    ]);
    expect(seen.map((s) => s.prevRoots)).toEqual([
      { count: 1, unsyncPages: 0 },
      { count: 1, unsyncPages: 1 },
      { count: 1, unsyncPages: 0 },
      { count: 1, unsyncPages: 1 },
    ]);
  });

  test('results are deterministic and record provenance', () => {
    const b = new ProgramBuilder({ seed: 9 });
    b.pgd('l1', 'A').map('A', 0, 0x100000, 0x100000);
    b.push({
      op: 'access',
      actor: 'l1',
      access: 'read',
      addr: { kind: 'zipf', from: 0, to: 0x100000, count: 500, s: 1.1 },
    });
    b.push({
      op: 'pte',
      actor: 'l1',
      table: 0,
      addr: { kind: 'random', from: 0, to: 0x100000, count: 5 },
      frame: { kind: 'random', from: 0x800000, to: 0x900000 },
      global: false,
      ro: false,
    });
    const req = { source: 'scenario', file: 'a.vmx', program: b.build(), policies: [binding(kvmCurrent)] };
    const a = runScenario(req, 'T');
    expect(JSON.stringify(runScenario(req, 'T'))).toBe(JSON.stringify(a));
    expect(a.scenario).toMatchObject({ seed: 9, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(a.engine.name).toBe('vmxlab');
  });

  test('timeline bins stay bounded, keep their sums, and cover the run in order', () => {
    const b = new ProgramBuilder();
    b.pgd('l1', 'A').map('A', 0, 0x10000, 0x100000);
    b.push({ op: 'mark', label: 'start' });
    b.push({
      op: 'repeat',
      min: 1000,
      max: 1001,
      body: [
        {
          op: 'access',
          line: 50,
          actor: 'l1',
          access: 'read',
          addr: { kind: 'seq', from: 0, to: 0x3000, step: 0x1000 },
        },
      ],
    });
    const sim = runScenario({ source: '', file: '', program: b.build(), policies: [binding(neverSync)] });
    const t = sim.runs[0]!.timeline;
    expect(t.bins.length).toBeLessThanOrEqual(2048);
    expect(t.bins.reduce((s, x) => s + x.accesses, 0)).toBe(3000);
    expect(t.bins.every((x, i) => i === 0 || x.firstEvent === t.bins[i - 1]!.firstEvent + t.binEvents)).toBe(
      true,
    );
    expect(t.marks).toEqual([{ event: 0, label: 'start', line: expect.any(Number) }]);
  });
});

test('the TLB keeps LRU order when its ticks are renumbered', () => {
  const tlb = new HardwareTlb(4, 4);
  const ctx = tlb.context(1, 0);
  for (let p = 0; p < 4; p++) tlb.fill(p * 1, false, ctx, 0, false, 8, -1);
  (tlb as unknown as { tick: number }).tick = 0x40000000 - 3;
  tlb.lookup(0, ctx, 0); // ticks 2^30-2 ...
  tlb.lookup(2, ctx, 0);
  tlb.lookup(3, ctx, 0); // 2^30: renumbered here
  tlb.lookup(0, ctx, 0);
  // Least recently used is page 1, then 2: a new page evicts 1, the next one 2.
  tlb.fill(10, false, ctx, 0, false, 8, -1);
  expect(tlb.lookup(1, ctx, 0)).toBe(-1);
  tlb.fill(11, false, ctx, 0, false, 8, -1);
  expect(tlb.lookup(2, ctx, 0)).toBe(-1);
  expect([0, 3, 10, 11].every((p) => tlb.lookup(p, ctx, 0) >= 0)).toBe(true);
});
