// A typed way to write engine programs in tests without the DSL: tables by name, statements with
// their line numbers taken from the order they are written (line = index + 100 unless given).
import { defaultConfig, type ScenarioConfig } from '../../core/model/config';
import type { FrameSpec, InitialMap, Program, Stmt, TableDecl } from '../../core/model/program';
import type { Decision, PolicyDefinition, Transition } from '../../core/policy/api';
import { createSimulation, type SimulationOptions } from '../../core/run/runner';
import type { PolicyRun } from '../../core/run/result';

/** A statement without its line (distributes over the union, unlike Omit). */
type StmtInput = Stmt extends infer S
  ? S extends Stmt
    ? Omit<S, 'line'> & { line?: number }
    : never
  : never;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export class ProgramBuilder {
  readonly config: ScenarioConfig;
  private readonly tables: TableDecl[] = [];
  private readonly maps: InitialMap[] = [];
  readonly body: Stmt[] = [];
  private line = 1;

  constructor(cfg: DeepPartial<ScenarioConfig> = {}) {
    const d = defaultConfig();
    this.config = {
      ...d,
      ...cfg,
      host: { ...d.host, ...cfg.host },
      l1: { ...d.l1, vpid: cfg.host?.vpid ?? d.l1.vpid, ...cfg.l1 },
      tlb: { ...d.tlb, ...cfg.tlb },
      cost: { ...d.cost, ...cfg.cost },
      cr3: {
        l1: { ...d.cr3.l1, ...cfg.cr3?.l1 },
        l2: { ...d.cr3.l2, ...cfg.cr3?.l2 },
      },
    } as ScenarioConfig;
  }

  id(name: string): number {
    const t = this.tables.find((x) => x.name === name);
    if (!t) throw new Error(`no table ${name}`);
    return t.id;
  }

  pgd(owner: 'l1' | 'l2', name: string): this {
    this.tables.push({ id: this.tables.length, name, owner, kind: 'pgd', line: this.line++ });
    if (this.config.cr3[owner].table === null) this.config.cr3[owner].table = name;
    return this;
  }

  ept(name: string): this {
    this.tables.push({ id: this.tables.length, name, owner: 'l1', kind: 'ept', line: this.line++ });
    return this;
  }

  map(
    table: string,
    from: number,
    size: number,
    to: number,
    opts: { global?: boolean; ro?: boolean; large?: boolean } = {},
  ): this {
    this.maps.push({
      table: this.id(table),
      from,
      size,
      to,
      global: !!opts.global,
      ro: !!opts.ro,
      large: !!opts.large,
      line: this.line++,
    });
    return this;
  }

  /** Appends a statement; `line` defaults to the next line. Returns the line used. */
  push(s: StmtInput): number {
    const line = s.line ?? this.line++;
    this.body.push({ ...s, line } as Stmt);
    return line;
  }

  read(actor: 'l1' | 'l2', addr: number): number {
    return this.push({ op: 'access', actor, access: 'read', addr: { kind: 'one', addr } });
  }

  write(actor: 'l1' | 'l2', addr: number): number {
    return this.push({ op: 'access', actor, access: 'write', addr: { kind: 'one', addr } });
  }

  sweep(actor: 'l1' | 'l2', from: number, to: number, step = 4096): number {
    return this.push({ op: 'access', actor, access: 'read', addr: { kind: 'seq', from, to, step } });
  }

  pte(
    actor: 'l1' | 'l2',
    table: string,
    addr: number,
    frame: number | null,
    opts: { global?: boolean; ro?: boolean } = {},
  ): number {
    const f: FrameSpec = frame === null ? { kind: 'none' } : { kind: 'frame', addr: frame };
    return this.push({
      op: 'pte',
      actor,
      table: this.id(table),
      addr: { kind: 'one', addr },
      frame: f,
      global: !!opts.global,
      ro: !!opts.ro,
    });
  }

  eptpte(table: string, gpa: number, frame: number | null): number {
    const f: FrameSpec = frame === null ? { kind: 'none' } : { kind: 'frame', addr: frame };
    return this.push({
      op: 'eptpte',
      actor: 'l1',
      table: this.id(table),
      addr: { kind: 'one', addr: gpa },
      frame: f,
      ro: false,
    });
  }

  cr3(actor: 'l1' | 'l2', table: string, pcid = 0, noflush = false): number {
    return this.push({ op: 'cr3', actor, table: this.id(table), pcid, noflush });
  }

  vmenter(cr3?: { table: string; pcid?: number }, ept?: string): number {
    return this.push({
      op: 'vmenter',
      cr3: cr3 ? { table: this.id(cr3.table), pcid: cr3.pcid ?? 0 } : null,
      ept: ept ? this.id(ept) : null,
    });
  }

  vmexit(): number {
    return this.push({ op: 'vmexit', reason: 'hlt' });
  }

  build(): Program {
    return { config: this.config, tables: [...this.tables], maps: [...this.maps], body: [...this.body] };
  }
}

export function binding(p: PolicyDefinition) {
  return {
    info: { id: p.id, version: '1.0.0', sha256: 'test', origin: 'built-in' as const },
    decide: (t: Transition): Decision => p.decide(t),
  };
}

export function run(
  program: Program,
  p: PolicyDefinition,
  options: SimulationOptions = {},
  stepEvents = 1 << 20,
): PolicyRun {
  const sim = createSimulation(program, binding(p), options);
  while (!sim.step(stepEvents));
  return sim.result();
}
