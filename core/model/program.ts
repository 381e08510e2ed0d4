// The engine's program: what the DSL compiler (core/dsl) produces and the runner executes.
// Statements stay a tree: `repeat` and generators (random, zipf, sweeps) are expanded lazily by the
// runner, so a `repeat 10000000` costs one node, not ten million events. Every statement carries the
// 1-based source line it came from, so metrics bins and violations point back to the scenario.

import type { Level, ScenarioConfig } from './config';

export type TableKind = 'pgd' | 'ept';

export interface TableDecl {
  /** Index into Program.tables; statements refer to tables by this id. */
  id: number;
  name: string;
  /** The level that declared (owns) the table: `l1 pgd A` → l1, `l2 pgd P` → l2, `l1 ept E` → l1. */
  owner: Level;
  kind: TableKind;
  line: number;
  /** True for the implicit empty table of a level that declares no pgd. */
  implicit?: boolean;
}

/** `l1 map A 0x400000 +64k -> 0x1000000 global ro 2M`: initial state, no cost, no unsync. */
export interface InitialMap {
  table: number;
  /** Linear (or L2-guest-physical for EPT tables) start, page aligned. */
  from: number;
  /** Bytes, a multiple of the page size. */
  size: number;
  /** Guest-physical base the range maps to. */
  to: number;
  global: boolean;
  ro: boolean;
  /** 2 MiB pages. */
  large: boolean;
  line: number;
}

/** Where an access or a PTE write lands. Ranges are half-open [from, to). */
export type AddrSpec =
  | { kind: 'one'; addr: number }
  | { kind: 'seq'; from: number; to: number; step: number }
  | { kind: 'random'; from: number; to: number; count: number }
  | { kind: 'zipf'; from: number; to: number; count: number; s: number };

/** The new value of a PTE: an explicit frame, `none` (unmap), or a page-uniform random frame in [from, to). */
export type FrameSpec =
  { kind: 'frame'; addr: number } | { kind: 'none' } | { kind: 'random'; from: number; to: number };

export type AccessKind = 'read' | 'write' | 'fetch';
export type InvpcidType = 'addr' | 'single' | 'all' | 'all-nonglobal';
export type InvvpidType = 'addr' | 'single' | 'all' | 'single-globals';

interface StmtBase {
  /** 1-based scenario line. */
  line: number;
}

export type Stmt =
  | (StmtBase & { op: 'access'; actor: Level; access: AccessKind; addr: AddrSpec })
  | (StmtBase & {
      op: 'pte';
      actor: Level;
      table: number;
      addr: Extract<AddrSpec, { kind: 'one' | 'random' }>;
      frame: FrameSpec;
      global: boolean;
      ro: boolean;
    })
  | (StmtBase & {
      op: 'eptpte';
      actor: 'l1';
      table: number;
      addr: Extract<AddrSpec, { kind: 'one' | 'random' }>;
      frame: FrameSpec;
      ro: boolean;
    })
  | (StmtBase & { op: 'cr3'; actor: Level; table: number; pcid: number; noflush: boolean })
  | (StmtBase & {
      op: 'vmenter';
      /** VMCS12 GUEST_CR3 written by L1 before entering, or null to resume on L2's last CR3. */
      cr3: { table: number; pcid: number } | null;
      /** VMCS12 EPTP written by L1 before entering (EPT12 table id), or null to keep the current one. */
      ept: number | null;
    })
  | (StmtBase & { op: 'vmexit'; reason: string })
  | (StmtBase & { op: 'invlpg'; actor: Level; addr: number })
  | (StmtBase & { op: 'invpcid'; actor: Level; type: InvpcidType; addr: number; pcid: number })
  | (StmtBase & { op: 'invvpid'; actor: 'l1'; type: InvvpidType; addr: number; vpid: number })
  | (StmtBase & { op: 'invept'; actor: 'l1'; type: 'single' | 'all'; /** -1 for `all` */ table: number })
  | (StmtBase & { op: 'vpid12'; actor: 'l1'; value: number })
  | (StmtBase & { op: 'zap' })
  | (StmtBase & { op: 'mark'; label: string })
  | (StmtBase & {
      op: 'repeat';
      /** Iterations drawn once per entry from [min, max); a fixed `repeat N` has min = N, max = N + 1. */
      min: number;
      max: number;
      body: Stmt[];
    });

export type StmtOp = Stmt['op'];

export interface Program {
  config: ScenarioConfig;
  tables: TableDecl[];
  maps: InitialMap[];
  body: Stmt[];
}

export const PAGE_SIZE = 4096;
export const LARGE_PAGE_SIZE = 2 * 1024 * 1024;
/** Addresses are integers below 2^52 (model.md "Units"). */
export const ADDRESS_LIMIT = 2 ** 52;
