// AST -> Program (core/model/program.ts, the engine's input): resolves table names to ids, ranges to
// plain numbers (`A +SIZE` -> from/to), `repeat N` -> [N, N+1). Runs only on a file without errors,
// so every reference here is known to resolve. Generators stay lazy: a `repeat` is one node.
import type { Level, ScenarioConfig } from '../model/config';
import type { AddrSpec, FrameSpec, InitialMap, Program, Stmt, TableDecl } from '../model/program';
import { PAGE_SIZE } from '../model/program';
import type { AddrNode, FrameNode, ScenarioFile, StmtNode } from './ast';
import type { TableInfo } from './validate';

export function implicitTableName(level: Level): string {
  return `<${level} implicit>`;
}

export function lower(file: ScenarioFile, config: ScenarioConfig, order: TableInfo[]): Program {
  const tables: TableDecl[] = order.map((t, id) => ({
    id,
    name: t.name,
    owner: t.owner,
    kind: t.kind,
    line: t.line,
  }));
  const ids = new Map(tables.map((t) => [t.name, t.id]));
  for (const lv of ['l1', 'l2'] as const) {
    if (!order.some((t) => t.kind === 'pgd' && t.owner === lv)) {
      // The engine creates an empty table for a level that declares none (dsl.md defaults).
      tables.push({
        id: tables.length,
        name: implicitTableName(lv),
        owner: lv,
        kind: 'pgd',
        line: 0,
        implicit: true,
      });
    }
  }
  const id = (name: string): number => ids.get(name) ?? -1;
  const maps: InitialMap[] = [];

  const addr = (a: AddrNode): AddrSpec => {
    switch (a.kind) {
      case 'one':
        return { kind: 'one', addr: a.addr.value };
      case 'seq':
        return { kind: 'seq', from: a.range.from.value, to: a.range.to, step: a.step?.value ?? PAGE_SIZE };
      case 'random':
        return { kind: 'random', from: a.range.from.value, to: a.range.to, count: a.count.value };
      case 'zipf':
        return {
          kind: 'zipf',
          from: a.range.from.value,
          to: a.range.to,
          count: a.count.value,
          s: a.s?.value ?? 1,
        };
    }
  };
  const frame = (f: FrameNode): FrameSpec =>
    f.kind === 'frame'
      ? { kind: 'frame', addr: f.addr.value }
      : f.kind === 'none'
        ? { kind: 'none' }
        : { kind: 'random', from: f.range.from.value, to: f.range.to };

  const stmts = (list: StmtNode[]): Stmt[] => {
    const out: Stmt[] = [];
    for (const s of list) {
      const line = s.kind === 'scenario' ? s.keyRange.line : s.range.line;
      switch (s.kind) {
        case 'scenario':
        case 'decl':
          break;
        case 'map':
          maps.push({
            table: id(s.table.name),
            from: s.from.from.value,
            size: s.from.to - s.from.from.value,
            to: s.to.value,
            global: s.flags.some((f) => f.flag === 'global'),
            ro: s.flags.some((f) => f.flag === 'ro'),
            large: s.flags.some((f) => f.flag === '2M'),
            line,
          });
          break;
        case 'access':
          out.push({ op: 'access', line, actor: s.actor, access: s.access, addr: addr(s.addr) });
          break;
        case 'pte': {
          const a = addr(s.addr) as Extract<AddrSpec, { kind: 'one' | 'random' }>;
          const ro = s.flags.some((f) => f.flag === 'ro');
          if (s.ept)
            out.push({
              op: 'eptpte',
              line,
              actor: 'l1',
              table: id(s.table.name),
              addr: a,
              frame: frame(s.frame),
              ro,
            });
          else
            out.push({
              op: 'pte',
              line,
              actor: s.actor,
              table: id(s.table.name),
              addr: a,
              frame: frame(s.frame),
              global: s.flags.some((f) => f.flag === 'global'),
              ro,
            });
          break;
        }
        case 'cr3':
          out.push({
            op: 'cr3',
            line,
            actor: s.actor,
            table: id(s.table.name),
            pcid: s.pcid?.value ?? 0,
            noflush: s.noflush !== null,
          });
          break;
        case 'vmenter': {
          let cr3: { table: number; pcid: number } | null = null;
          let ept: number | null = null;
          for (const it of s.items) {
            if (it.kind === 'cr3') cr3 = { table: id(it.table.name), pcid: 0 };
            else if (it.kind === 'pcid' && cr3) cr3.pcid = it.value.value;
            else if (it.kind === 'ept') ept = id(it.table.name);
          }
          out.push({ op: 'vmenter', line, cr3, ept });
          break;
        }
        case 'vmexit':
          out.push({ op: 'vmexit', line, reason: s.reason ?? 'other' });
          break;
        case 'invlpg':
          out.push({ op: 'invlpg', line, actor: s.actor, addr: s.addr.value });
          break;
        case 'invpcid':
          out.push({
            op: 'invpcid',
            line,
            actor: s.actor,
            type: s.type,
            addr: s.addr?.value ?? 0,
            pcid: s.pcid?.value ?? 0,
          });
          break;
        case 'invvpid':
          out.push({
            op: 'invvpid',
            line,
            actor: 'l1',
            type: s.type,
            addr: s.addr?.value ?? 0,
            vpid: s.vpid?.value ?? 0,
          });
          break;
        case 'invept':
          out.push({ op: 'invept', line, actor: 'l1', type: s.type, table: s.table ? id(s.table.name) : -1 });
          break;
        case 'vpid12':
          out.push({ op: 'vpid12', line, actor: 'l1', value: s.value.value });
          break;
        case 'zap':
          out.push({ op: 'zap', line });
          break;
        case 'mark':
          out.push({ op: 'mark', line, label: s.label });
          break;
        case 'repeat': {
          const c = s.count;
          const [min, max] = 'value' in c ? [c.value, c.value + 1] : [c.from.value, c.to];
          out.push({ op: 'repeat', line, min, max, body: stmts(s.body) });
          break;
        }
      }
    }
    return out;
  };
  const body = stmts(file.body);
  return { config, tables, maps, body };
}
