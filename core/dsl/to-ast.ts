// CST -> AST (dsl.md grammar): one visitor from Chevrotain's concrete tree to the typed nodes of ast.ts,
// decoding numbers and strings. A statement the parser only partly recovered is dropped here: its syntax
// error is already reported, and validating half a statement would only add noise.
import type { CstNode, IToken } from 'chevrotain';
import type {
  AddrNode,
  FlagNode,
  FrameNode,
  NameNode,
  NumNode,
  OptionNode,
  Range,
  RangeNode,
  ScenarioFile,
  StmtNode,
} from './ast';
import { diag, spanRange, tokenRange, type Diagnostic } from './diagnostics';
import { parseNumber } from './numbers';
import type { Level } from '../model/config';
import type { AccessKind, InvpcidType, InvvpidType } from '../model/program';

type Children = CstNode['children'];

class Incomplete extends Error {}

function isToken(x: CstNode | IToken): x is IToken {
  return (x as IToken).image !== undefined;
}

function tokOpt(ch: Children, key: string, i = 0): IToken | null {
  const arr = ch[key];
  const x = arr?.[i];
  if (!x || !isToken(x)) return null;
  if (x.isInsertedInRecovery || Number.isNaN(x.startOffset)) throw new Incomplete();
  return x;
}

function tok(ch: Children, key: string, i = 0): IToken {
  const t = tokOpt(ch, key, i);
  if (!t) throw new Incomplete();
  return t;
}

function nodeOpt(ch: Children, key: string, i = 0): CstNode | null {
  const x = ch[key]?.[i];
  if (!x || isToken(x)) return null;
  if (x.recoveredNode) throw new Incomplete();
  return x;
}

function node(ch: Children, key: string, i = 0): CstNode {
  const n = nodeOpt(ch, key, i);
  if (!n) throw new Incomplete();
  return n;
}

function nodes(ch: Children, key: string): CstNode[] {
  return (ch[key] ?? []).filter((x): x is CstNode => !isToken(x));
}

/** The one keyword token present among `keys` (the alternative the parser took). */
function oneOf(ch: Children, keys: string[]): IToken {
  for (const k of keys) {
    const t = tokOpt(ch, k);
    if (t) return t;
  }
  throw new Incomplete();
}

/** The first escape other than \\" and \\\\ in a string literal, if any. */
export function badEscape(image: string): RegExpExecArray | null {
  const re = /\\(.)/g;
  for (let m = re.exec(image); m; m = re.exec(image)) if (m[1] !== '"' && m[1] !== '\\') return m;
  return null;
}

export function unquote(image: string): string {
  return image.slice(1, image.endsWith('"') && image.length > 1 ? -1 : undefined).replace(/\\(.)/g, '$1');
}

export class AstBuilder {
  diagnostics: Diagnostic[] = [];

  num(t: IToken, allowFraction = false): NumNode {
    const r = parseNumber(t.image);
    const range = tokenRange(t);
    if (!r.ok) {
      this.diagnostics.push(diag('error', r.message, range));
      throw new Incomplete();
    }
    if (r.fraction && !allowFraction) {
      this.diagnostics.push(diag('error', `expected an integer, found '${t.image}'`, range));
      throw new Incomplete();
    }
    return { value: r.value, fraction: r.fraction, range };
  }

  name(t: IToken): NameNode {
    return { name: t.image, range: tokenRange(t) };
  }

  str(t: IToken): string {
    const bad = badEscape(t.image);
    if (bad) {
      this.diagnostics.push(
        diag('error', `unknown escape '\\${bad[1]}' in string: only \\" and \\\\ are allowed`, tokenRange(t)),
      );
    }
    return unquote(t.image);
  }

  file(cst: CstNode): ScenarioFile {
    return { body: this.statements(cst.children) };
  }

  statements(ch: Children): StmtNode[] {
    const out: StmtNode[] = [];
    for (const s of nodes(ch, 'statement')) {
      try {
        out.push(this.statement(s));
      } catch (e) {
        if (!(e instanceof Incomplete)) throw e;
      }
    }
    return out;
  }

  statement(s: CstNode): StmtNode {
    if (s.recoveredNode) throw new Incomplete();
    const ch = s.children;
    const sc = nodeOpt(ch, 'scenarioBlock');
    if (sc) return this.scenario(sc);
    const a = nodeOpt(ch, 'actorStatement');
    if (a) return this.actor(a);
    const ve = nodeOpt(ch, 'vmenterStmt');
    if (ve) return this.vmenter(ve);
    const vx = nodeOpt(ch, 'vmexitStmt');
    if (vx) {
      const k = tok(vx.children, 'K_vmexit');
      const r = tokOpt(vx.children, 'Name') ?? tokOpt(vx.children, 'StringLit');
      const reason = r ? (r.image.startsWith('"') ? this.str(r) : r.image) : null;
      const kr = tokenRange(k);
      return { kind: 'vmexit', reason, keyRange: kr, range: r ? spanRange(kr, tokenRange(r)) : kr };
    }
    const h = nodeOpt(ch, 'hostStmt');
    if (h) {
      const k = tokenRange(tok(h.children, 'K_host'));
      return { kind: 'zap', keyRange: k, range: spanRange(k, tokenRange(tok(h.children, 'K_zap'))) };
    }
    const m = nodeOpt(ch, 'markStmt');
    if (m) {
      const k = tokenRange(tok(m.children, 'K_mark'));
      const st = tok(m.children, 'StringLit');
      return { kind: 'mark', label: this.str(st), keyRange: k, range: spanRange(k, tokenRange(st)) };
    }
    const rp = nodeOpt(ch, 'repeatStmt');
    if (rp) return this.repeat(rp);
    throw new Incomplete();
  }

  rangeTail(first: NumNode, tail: CstNode): RangeNode {
    const tc = tail.children;
    const second = this.num(tok(tc, 'NumberLit'));
    const plus = tokOpt(tc, 'Plus') !== null;
    return {
      from: first,
      second,
      to: plus ? first.value + second.value : second.value,
      form: plus ? 'plus' : 'dotdot',
      range: spanRange(first.range, second.range),
    };
  }

  range(n: CstNode): RangeNode {
    return this.rangeTail(this.num(tok(n.children, 'NumberLit')), node(n.children, 'rangeTail'));
  }

  repeat(n: CstNode): StmtNode {
    const ch = n.children;
    const k = tokenRange(tok(ch, 'K_repeat'));
    const first = this.num(tok(ch, 'NumberLit'));
    const tail = nodeOpt(ch, 'rangeTail');
    const count = tail ? this.rangeTail(first, tail) : first;
    const body = this.statements(ch);
    return { kind: 'repeat', count, body, keyRange: k, range: spanRange(k, tokenRange(tok(ch, 'RBrace'))) };
  }

  vmenter(n: CstNode): StmtNode {
    const k = tokenRange(tok(n.children, 'K_vmenter'));
    const items: Extract<StmtNode, { kind: 'vmenter' }>['items'] = [];
    let end = k;
    for (const it of nodes(n.children, 'vmenterItem')) {
      if (it.recoveredNode) throw new Incomplete();
      const c = it.children;
      const cr3 = tokOpt(c, 'K_cr3');
      const ept = tokOpt(c, 'K_ept');
      const pcid = tokOpt(c, 'K_pcid');
      const nf = tokOpt(c, 'K_noflush');
      if (cr3) {
        const t = this.name(tok(c, 'Name'));
        const range = spanRange(tokenRange(cr3), t.range);
        items.push({ kind: 'cr3', range, table: t });
        end = range;
      } else if (ept) {
        const t = this.name(tok(c, 'Name'));
        const range = spanRange(tokenRange(ept), t.range);
        items.push({ kind: 'ept', range, table: t });
        end = range;
      } else if (pcid) {
        const v = this.num(tok(c, 'NumberLit'));
        const range = spanRange(tokenRange(pcid), v.range);
        items.push({ kind: 'pcid', range, value: v });
        end = range;
      } else if (nf) {
        const range = tokenRange(nf);
        items.push({ kind: 'noflush', range });
        end = range;
      }
    }
    return { kind: 'vmenter', items, keyRange: k, range: spanRange(k, end) };
  }

  flags(ch: Children): FlagNode[] {
    return nodes(ch, 'flag').map((f) => {
      const g = tokOpt(f.children, 'K_global');
      const ro = tokOpt(f.children, 'K_ro');
      const n = tokOpt(f.children, 'NumberLit');
      if (g) return { flag: 'global', range: tokenRange(g) };
      if (ro) return { flag: 'ro', range: tokenRange(ro) };
      if (n) {
        if (n.image !== '2M') {
          this.diagnostics.push(
            diag(
              'error',
              `expected 'global', 'ro' or '2M' after the target, found '${n.image}'`,
              tokenRange(n),
            ),
          );
          throw new Incomplete();
        }
        return { flag: '2M', range: tokenRange(n) };
      }
      throw new Incomplete();
    });
  }

  addrSpec(n: CstNode): AddrNode {
    const c = n.children;
    if (tokOpt(c, 'K_random')) {
      return { kind: 'random', range: this.range(node(c, 'range')), count: this.num(tok(c, 'NumberLit')) };
    }
    if (tokOpt(c, 'K_zipf')) {
      const s = tokOpt(c, 'NumberLit', 1);
      return {
        kind: 'zipf',
        range: this.range(node(c, 'range')),
        count: this.num(tok(c, 'NumberLit')),
        s: s ? this.num(s, true) : null,
      };
    }
    const first = this.num(tok(c, 'NumberLit'));
    const tail = nodeOpt(c, 'rangeTail');
    if (!tail) return { kind: 'one', addr: first };
    const step = tokOpt(c, 'NumberLit', 1);
    return { kind: 'seq', range: this.rangeTail(first, tail), step: step ? this.num(step) : null };
  }

  frame(n: CstNode): FrameNode {
    const c = n.children;
    const none = tokOpt(c, 'K_none');
    if (none) return { kind: 'none', range: tokenRange(none) };
    if (tokOpt(c, 'K_random')) return { kind: 'random', range: this.range(node(c, 'range')) };
    return { kind: 'frame', addr: this.num(tok(c, 'NumberLit')) };
  }

  actor(n: CstNode): StmtNode {
    const lt = oneOf(n.children, ['K_l1', 'K_l2']);
    const actor: Level = lt.image === 'l1' ? 'l1' : 'l2';
    const actorRange = tokenRange(lt);
    const body = node(n.children, 'actorBody');
    const [key] = Object.keys(body.children);
    const inner = node(body.children, key ?? '');
    const c = inner.children;
    const last = (r: Range): Range => spanRange(actorRange, r);
    switch (inner.name) {
      case 'declStmt': {
        const k = oneOf(c, ['K_pgd', 'K_ept']);
        const name = this.name(tok(c, 'Name'));
        return {
          kind: 'decl',
          actor,
          actorRange,
          table: k.image === 'pgd' ? 'pgd' : 'ept',
          name,
          keyRange: tokenRange(k),
          range: last(name.range),
        };
      }
      case 'mapStmt': {
        const k = oneOf(c, ['K_map', 'K_eptmap']);
        const table = this.name(tok(c, 'Name'));
        const from = this.range(node(c, 'range'));
        const to = this.num(tok(c, 'NumberLit'));
        const flags = this.flags(c);
        return {
          kind: 'map',
          actor,
          actorRange,
          ept: k.image === 'eptmap',
          table,
          from,
          to,
          flags,
          keyRange: tokenRange(k),
          range: last(flags.length ? flags[flags.length - 1]!.range : to.range),
        };
      }
      case 'cr3Stmt': {
        const k = tok(c, 'K_cr3');
        const table = this.name(tok(c, 'Name'));
        const pcid = tokOpt(c, 'NumberLit');
        const nf = tokOpt(c, 'K_noflush');
        const pcidNode = pcid ? this.num(pcid) : null;
        const end = nf ? tokenRange(nf) : pcidNode ? pcidNode.range : table.range;
        return {
          kind: 'cr3',
          actor,
          actorRange,
          table,
          pcid: pcidNode,
          noflush: nf ? tokenRange(nf) : null,
          keyRange: tokenRange(k),
          range: last(end),
        };
      }
      case 'accessStmt': {
        const k = oneOf(c, ['K_read', 'K_write', 'K_fetch']);
        const addrN = node(c, 'addrSpec');
        const addr = this.addrSpec(addrN);
        return {
          kind: 'access',
          actor,
          actorRange,
          access: k.image as AccessKind,
          addr,
          keyRange: tokenRange(k),
          range: last(lastRangeOfAddr(addr)),
        };
      }
      case 'pteStmt': {
        const k = oneOf(c, ['K_pte', 'K_eptpte']);
        const table = this.name(tok(c, 'Name'));
        let addr: Extract<AddrNode, { kind: 'one' | 'random' }>;
        if (tokOpt(c, 'K_random')) {
          addr = {
            kind: 'random',
            range: this.range(node(c, 'range')),
            count: this.num(tok(c, 'NumberLit')),
          };
        } else {
          addr = { kind: 'one', addr: this.num(tok(c, 'NumberLit')) };
        }
        const frame = this.frame(node(c, 'frame'));
        const flags = this.flags(c);
        const frameEnd =
          frame.kind === 'frame' ? frame.addr.range : frame.kind === 'none' ? frame.range : frame.range.range;
        return {
          kind: 'pte',
          actor,
          actorRange,
          ept: k.image === 'eptpte',
          table,
          addr,
          frame,
          flags,
          keyRange: tokenRange(k),
          range: last(flags.length ? flags[flags.length - 1]!.range : frameEnd),
        };
      }
      case 'invlpgStmt': {
        const k = tok(c, 'K_invlpg');
        const addr = this.num(tok(c, 'NumberLit'));
        return { kind: 'invlpg', actor, actorRange, addr, keyRange: tokenRange(k), range: last(addr.range) };
      }
      case 'invpcidStmt': {
        const k = tok(c, 'K_invpcid');
        const t = oneOf(c, ['K_addr', 'K_single', 'K_all', 'K_all_nonglobal']);
        const type = t.image as InvpcidType;
        const n0 = tokOpt(c, 'NumberLit');
        const n1 = tokOpt(c, 'NumberLit', 1);
        const addr = type === 'addr' && n0 ? this.num(n0) : null;
        const pcid = type === 'addr' ? (n1 ? this.num(n1) : null) : n0 ? this.num(n0) : null;
        const end = pcid?.range ?? tokenRange(t);
        return {
          kind: 'invpcid',
          actor,
          actorRange,
          type,
          addr,
          pcid,
          keyRange: tokenRange(k),
          range: last(end),
        };
      }
      case 'invvpidStmt': {
        const k = tok(c, 'K_invvpid');
        const t = oneOf(c, ['K_addr', 'K_single', 'K_all', 'K_single_globals']);
        const type = t.image as InvvpidType;
        const n0 = tokOpt(c, 'NumberLit');
        const n1 = tokOpt(c, 'NumberLit', 1);
        const addr = type === 'addr' && n0 ? this.num(n0) : null;
        const vpid = type === 'addr' ? (n1 ? this.num(n1) : null) : n0 ? this.num(n0) : null;
        const end = vpid?.range ?? tokenRange(t);
        return {
          kind: 'invvpid',
          actor,
          actorRange,
          type,
          addr,
          vpid,
          keyRange: tokenRange(k),
          range: last(end),
        };
      }
      case 'inveptStmt': {
        const k = tok(c, 'K_invept');
        const name = tokOpt(c, 'Name');
        const table = name ? this.name(name) : null;
        const type = tokOpt(c, 'K_all') ? 'all' : 'single';
        const end = table?.range ?? tokenRange(oneOf(c, ['K_all', 'K_single']));
        return { kind: 'invept', actor, actorRange, type, table, keyRange: tokenRange(k), range: last(end) };
      }
      case 'vpid12Stmt': {
        const k = tok(c, 'K_vpid12');
        const value = this.num(tok(c, 'NumberLit'));
        return {
          kind: 'vpid12',
          actor,
          actorRange,
          value,
          keyRange: tokenRange(k),
          range: last(value.range),
        };
      }
    }
    throw new Incomplete();
  }

  scenario(n: CstNode): StmtNode {
    const c = n.children;
    const k = tokenRange(tok(c, 'K_scenario'));
    const nameTok = tokOpt(c, 'StringLit');
    const options: OptionNode<boolean | number | string>[] = [];
    const cr3: Extract<StmtNode, { kind: 'scenario' }>['cr3'] = [];
    const opt = (key: string, keyTok: IToken, value: boolean | number | string, valueRange: Range): void => {
      const keyRange = tokenRange(keyTok);
      options.push({ key, keyRange, value, valueRange, range: spanRange(keyRange, valueRange) });
    };
    const numOpt = (key: string, keyTok: IToken, numTok: IToken): void => {
      const v = this.num(numTok);
      opt(key, keyTok, v.value, v.range);
    };
    for (const item of nodes(c, 'headerItem')) {
      try {
        if (item.recoveredNode) throw new Incomplete();
        const ic = item.children;
        const [key] = Object.keys(ic);
        const sub = node(ic, key ?? '');
        const sc = sub.children;
        switch (sub.name) {
          case 'seedOpt':
            numOpt('seed', tok(sc, 'K_seed'), tok(sc, 'NumberLit'));
            break;
          case 'rootsOpt':
            numOpt('roots', tok(sc, 'K_roots'), tok(sc, 'NumberLit'));
            break;
          case 'vpid12Opt':
            numOpt('vpid12', tok(sc, 'K_vpid12'), tok(sc, 'NumberLit'));
            break;
          case 'vpid02Opt': {
            const v = oneOf(sc, ['K_auto', 'K_none']);
            opt('vpid02', tok(sc, 'K_vpid02'), v.image, tokenRange(v));
            break;
          }
          case 'hostBlock':
          case 'l1Block': {
            const prefix = sub.name === 'hostBlock' ? 'host' : 'l1';
            const optKey = sub.name === 'hostBlock' ? 'hostOpt' : 'l1Opt';
            for (const o of nodes(sc, optKey)) {
              try {
                if (o.recoveredNode) throw new Incomplete();
                const name = oneOf(o.children, ['K_ept', 'K_vpid', 'K_unsync', 'K_pcid']);
                const v = oneOf(node(o.children, 'onOff').children, ['K_on', 'K_off']);
                opt(`${prefix}.${name.image}`, name, v.image === 'on', tokenRange(v));
              } catch (e) {
                if (!(e instanceof Incomplete)) throw e;
              }
            }
            break;
          }
          case 'tlbBlock':
          case 'costBlock': {
            const prefix = sub.name === 'tlbBlock' ? 'tlb' : 'cost';
            const optKey = sub.name === 'tlbBlock' ? 'tlbOpt' : 'costOpt';
            for (const o of nodes(sc, optKey)) {
              try {
                if (o.recoveredNode) throw new Incomplete();
                const [nk] = Object.keys(o.children).filter((x) => x.startsWith('K_'));
                numOpt(
                  `${prefix}.${tok(o.children, nk ?? '').image}`,
                  tok(o.children, nk ?? ''),
                  tok(o.children, 'NumberLit'),
                );
              } catch (e) {
                if (!(e instanceof Incomplete)) throw e;
              }
            }
            break;
          }
          case 'cr3Block':
            for (const o of nodes(sc, 'cr3Opt')) {
              try {
                if (o.recoveredNode) throw new Incomplete();
                const lv = oneOf(o.children, ['K_l1', 'K_l2']);
                const pc = tokOpt(o.children, 'NumberLit');
                cr3.push({
                  level: lv.image === 'l1' ? 'l1' : 'l2',
                  keyRange: tokenRange(lv),
                  table: this.name(tok(o.children, 'Name')),
                  pcid: pc ? this.num(pc) : null,
                  range: spanRange(tokenRange(lv), pc ? tokenRange(pc) : tokenRange(tok(o.children, 'Name'))),
                });
              } catch (e) {
                if (!(e instanceof Incomplete)) throw e;
              }
            }
            break;
        }
      } catch (e) {
        if (!(e instanceof Incomplete)) throw e;
      }
    }
    const end = tokOpt(c, 'RBrace');
    return {
      kind: 'scenario',
      name: nameTok ? this.str(nameTok) : null,
      options,
      cr3,
      keyRange: k,
      range: end ? spanRange(k, tokenRange(end)) : k,
    };
  }
}

export function lastRangeOfAddr(a: AddrNode): Range {
  switch (a.kind) {
    case 'one':
      return a.addr.range;
    case 'seq':
      return a.step?.range ?? a.range.range;
    case 'random':
      return a.count.range;
    case 'zipf':
      return a.s?.range ?? a.count.range;
  }
}
