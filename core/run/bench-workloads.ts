// The named benchmark workloads of results-cli.md "Benchmark", built in so that any two engines are
// compared on the same work: programs are built directly (no DSL) and run under a given policy.

import { defaultConfig, type ScenarioConfig } from '../model/config';
import type { Program, Stmt } from '../model/program';

const GiB4 = 2 ** 32;

function l1Only(pages: number, accesses: number): Program {
  const config: ScenarioConfig = defaultConfig();
  config.name = 'bench';
  config.cr3.l1.table = 'A';
  // Addresses above 2^32: the 52-bit arithmetic is on the measured path.
  const base = GiB4 * 16;
  return {
    config,
    tables: [{ id: 0, name: 'A', owner: 'l1', kind: 'pgd', line: 1 }],
    maps: [
      {
        table: 0,
        from: base,
        size: pages * 4096,
        to: GiB4 * 2,
        global: false,
        ro: false,
        large: false,
        line: 2,
      },
    ],
    body: [
      {
        op: 'access',
        line: 3,
        actor: 'l1',
        access: 'read',
        addr: { kind: 'random', from: base, to: base + pages * 4096, count: accesses },
      },
    ],
  };
}

/** `tlbHitPath`: a 1536 x 12 TLB, random reads over 1,024 pages above 2^32, oracle and metrics on. */
export function tlbHitPathWorkload(accesses = 10_000_000): Program {
  return l1Only(1024, accesses);
}

/** `missPath`: the same over 65,536 pages (mostly misses and walks). */
export function missPathWorkload(accesses = 10_000_000): Program {
  return l1Only(65536, accesses);
}

/**
 * `mixed`: shadow paging, unsync on, L1 without VPID for L2; per 100 events 2 PTE writes among
 * random reads over 16k pages and one nested transition. Run it under kvm-current.
 */
export function mixedWorkload(events = 20_000_000): Program {
  const config: ScenarioConfig = defaultConfig();
  config.name = 'bench-mixed';
  config.host = { ept: false, vpid: true, unsync: true };
  config.l1 = { ept: false, vpid: false, pcid: false };
  config.cr3 = { l1: { table: 'A', pcid: 0 }, l2: { table: 'P', pcid: 0 } };
  const span = 16384 * 4096;
  const reads = (actor: 'l1' | 'l2', line: number, count: number): Stmt => ({
    op: 'access',
    line,
    actor,
    access: 'read',
    addr: { kind: 'random', from: 0, to: span, count },
  });
  const remap = (actor: 'l1' | 'l2', table: number, line: number): Stmt => ({
    op: 'pte',
    line,
    actor,
    table,
    addr: { kind: 'random', from: 0, to: span, count: 1 },
    frame: { kind: 'random', from: 0x4000_0000, to: 0x4000_0000 + span },
    global: false,
    ro: false,
  });
  // 100 events: 24 reads, a PTE write, 24 reads, a PTE write, 49 reads, then the transition.
  const half = (actor: 'l1' | 'l2', table: number, line: number): Stmt[] => [
    reads(actor, line, 24),
    remap(actor, table, line + 1),
    reads(actor, line + 2, 24),
    remap(actor, table, line + 3),
    reads(actor, line + 4, 49),
  ];
  const rounds = Math.max(1, Math.round(events / 200));
  return {
    config,
    tables: [
      { id: 0, name: 'A', owner: 'l1', kind: 'pgd', line: 1 },
      { id: 1, name: 'P', owner: 'l2', kind: 'pgd', line: 2 },
    ],
    maps: [
      { table: 0, from: 0, size: span, to: 0x1000_0000, global: false, ro: false, large: false, line: 3 },
      { table: 1, from: 0, size: span, to: 0x2000_0000, global: false, ro: false, large: false, line: 4 },
    ],
    body: [
      {
        op: 'repeat',
        line: 5,
        min: rounds,
        max: rounds + 1,
        body: [
          { op: 'vmenter', line: 6, cr3: null, ept: null },
          ...half('l2', 1, 7),
          { op: 'vmexit', line: 12, reason: 'bench' },
          ...half('l1', 0, 13),
        ],
      },
    ],
  };
}
