// The scenario AST (dsl.md): one node per header option and statement, each with the source range of
// the tokens it came from, so validation (validate.ts) reports at the offending token and the language
// service finds what is under the cursor. Values are already decoded (numbers, strings).
import type { Level } from '../model/config';
import type { AccessKind, InvpcidType, InvvpidType, TableKind } from '../model/program';

/** 1-based, end exclusive (same convention as Diagnostic). */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Located {
  range: Range;
}

export interface NumNode extends Located {
  value: number;
  /** The literal had a fractional part (`1.1`): legal only for the zipf exponent. */
  fraction: boolean;
}

export interface NameNode extends Located {
  name: string;
}

/** `A..B` or `A +SIZE`, resolved to a half-open [from, to). */
export interface RangeNode extends Located {
  from: NumNode;
  to: number;
  /** The size operand of `A +SIZE` (for error positions), else the `B` of `A..B`. */
  second: NumNode;
  form: 'dotdot' | 'plus';
}

// ---- header ----------------------------------------------------------------------------------------

export interface OptionNode<T> extends Located {
  key: string;
  /** Range of the option's name token (where configuration errors are reported). */
  keyRange: Range;
  value: T;
  valueRange: Range;
}

export interface Cr3Option extends Located {
  level: Level;
  keyRange: Range;
  table: NameNode;
  pcid: NumNode | null;
}

export interface ScenarioHeader extends Located {
  kind: 'scenario';
  name: string | null;
  /** Options keyed by dotted SETTABLE_KEYS name (`host.ept`, `tlb.entries`, `seed`...). */
  options: OptionNode<boolean | number | string>[];
  cr3: Cr3Option[];
}

// ---- statements --------------------------------------------------------------------------------------

export type AddrNode =
  | { kind: 'one'; addr: NumNode }
  | { kind: 'seq'; range: RangeNode; step: NumNode | null }
  | { kind: 'random'; range: RangeNode; count: NumNode }
  | { kind: 'zipf'; range: RangeNode; count: NumNode; s: NumNode | null };

export type FrameNode =
  { kind: 'frame'; addr: NumNode } | { kind: 'none'; range: Range } | { kind: 'random'; range: RangeNode };

export interface FlagNode extends Located {
  flag: 'global' | 'ro' | '2M';
}

interface StmtCommon extends Located {
  /** Range of the statement keyword (`map`, `cr3`, `vmenter`...), for statement-level messages. */
  keyRange: Range;
}

export type StmtNode =
  | (StmtCommon & { kind: 'decl'; actor: Level; actorRange: Range; table: TableKind; name: NameNode })
  | (StmtCommon & {
      kind: 'map';
      actor: Level;
      actorRange: Range;
      ept: boolean;
      table: NameNode;
      from: RangeNode;
      to: NumNode;
      flags: FlagNode[];
    })
  | (StmtCommon & { kind: 'access'; actor: Level; actorRange: Range; access: AccessKind; addr: AddrNode })
  | (StmtCommon & {
      kind: 'pte';
      actor: Level;
      actorRange: Range;
      ept: boolean;
      table: NameNode;
      addr: Extract<AddrNode, { kind: 'one' | 'random' }>;
      frame: FrameNode;
      flags: FlagNode[];
    })
  | (StmtCommon & {
      kind: 'cr3';
      actor: Level;
      actorRange: Range;
      table: NameNode;
      pcid: NumNode | null;
      noflush: Range | null;
    })
  | (StmtCommon & {
      kind: 'vmenter';
      items: (
        | { kind: 'cr3'; range: Range; table: NameNode }
        | { kind: 'pcid'; range: Range; value: NumNode }
        | { kind: 'noflush'; range: Range }
        | { kind: 'ept'; range: Range; table: NameNode }
      )[];
    })
  | (StmtCommon & { kind: 'vmexit'; reason: string | null })
  | (StmtCommon & { kind: 'invlpg'; actor: Level; actorRange: Range; addr: NumNode })
  | (StmtCommon & {
      kind: 'invpcid';
      actor: Level;
      actorRange: Range;
      type: InvpcidType;
      addr: NumNode | null;
      pcid: NumNode | null;
    })
  | (StmtCommon & {
      kind: 'invvpid';
      actor: Level;
      actorRange: Range;
      type: InvvpidType;
      addr: NumNode | null;
      vpid: NumNode | null;
    })
  | (StmtCommon & {
      kind: 'invept';
      actor: Level;
      actorRange: Range;
      type: 'single' | 'all';
      table: NameNode | null;
    })
  | (StmtCommon & { kind: 'vpid12'; actor: Level; actorRange: Range; value: NumNode })
  | (StmtCommon & { kind: 'zap' })
  | (StmtCommon & { kind: 'mark'; label: string })
  | (StmtCommon & { kind: 'repeat'; count: NumNode | RangeNode; body: StmtNode[] })
  | (ScenarioHeader & { keyRange: Range });

export interface ScenarioFile {
  body: StmtNode[];
}
