// Fast path of the scenario parser: a hand-written recursive descent over the same tokens and grammar as
// parser.ts, building the same AST as to-ast.ts directly, for files without syntax errors. It gives up
// (returns null) at the first irregularity, and the Chevrotain parser, with its recovery and messages,
// takes over. Why: the Chevrotain CST costs ~1 µs per token, too slow for a 1 MB file in 200 ms or a
// keystroke on 5,000 lines in 30 ms; test/dsl/fast-parse.test.ts proves both paths agree.
import type { IToken, TokenType } from 'chevrotain';
import type { Level } from '../model/config';
import type { AccessKind, InvpcidType, InvvpidType } from '../model/program';
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
import { spanRange, tokenRange } from './diagnostics';
import { parseNumber } from './numbers';
import { badEscape, lastRangeOfAddr, unquote } from './to-ast';
import { Arrow, DotDot, Identifier, KW, LBrace, NL, NumberLit, Plus, RBrace, StringLit } from './tokens';

const BAIL = new Error('fast parse gave up');

const nameTypes = new Set<TokenType>([Identifier, ...Object.values(KW)]);
const HOST_OPTS = new Set(['ept', 'vpid', 'unsync']);
const L1_OPTS = new Set(['ept', 'vpid', 'pcid']);
const TLB_OPTS = new Set(['entries', 'ways']);
const COST_OPTS = new Set(['vmexit', 'vmenter', 'walk_ref', 'sync_page', 'flush', 'tlb_hit']);

/** Top-level token range [from, to) the fast path gave up on. */
export interface TokenChunk {
  chunk: [number, number];
}

/**
 * Top-level statements in order; where the fast path gives up, a chunk of tokens (that statement up
 * to its end of line) for the Chevrotain parser instead.
 */
export function fastParseTop(tokens: IToken[]): (StmtNode | TokenChunk)[] {
  let i = 0;
  const at = (tt: TokenType): boolean => tokens[i]?.tokenType === tt;
  const take = (tt: TokenType): IToken => {
    const t = tokens[i];
    if (!t || t.tokenType !== tt) throw BAIL;
    i++;
    return t;
  };
  const takeIf = (tt: TokenType): IToken | null => (at(tt) ? tokens[i++]! : null);
  const name = (): NameNode => {
    const t = tokens[i];
    if (!t || !nameTypes.has(t.tokenType)) throw BAIL;
    i++;
    return { name: t.image, range: tokenRange(t) };
  };
  const num = (allowFraction = false): NumNode => {
    const t = take(NumberLit);
    const r = parseNumber(t.image);
    if (!r.ok || (r.fraction && !allowFraction)) throw BAIL;
    return { value: r.value, fraction: r.fraction, range: tokenRange(t) };
  };
  const str = (t: IToken): string => {
    if (badEscape(t.image)) throw BAIL;
    return unquote(t.image);
  };
  const rangeTail = (first: NumNode): RangeNode => {
    const plus = takeIf(Plus) !== null;
    if (!plus) take(DotDot);
    const second = num();
    return {
      from: first,
      second,
      to: plus ? first.value + second.value : second.value,
      form: plus ? 'plus' : 'dotdot',
      range: spanRange(first.range, second.range),
    };
  };
  const range = (): RangeNode => rangeTail(num());
  const atRangeTail = (): boolean => at(Plus) || at(DotDot);

  const flags = (): FlagNode[] => {
    const out: FlagNode[] = [];
    for (;;) {
      const t = tokens[i];
      if (!t) return out;
      if (t.tokenType === KW.global) out.push({ flag: 'global', range: tokenRange(t) });
      else if (t.tokenType === KW.ro) out.push({ flag: 'ro', range: tokenRange(t) });
      else if (t.tokenType === NumberLit) {
        if (t.image !== '2M') throw BAIL;
        out.push({ flag: '2M', range: tokenRange(t) });
      } else return out;
      i++;
    }
  };

  const statements = (inBlock: boolean): StmtNode[] => {
    const out: StmtNode[] = [];
    for (;;) {
      const t = tokens[i];
      if (!t) {
        if (inBlock) throw BAIL;
        return out;
      }
      if (t.tokenType === NL) {
        i++;
        continue;
      }
      if (t.tokenType === RBrace) {
        if (!inBlock) throw BAIL;
        return out;
      }
      out.push(statement());
    }
  };

  const statement = (): StmtNode => {
    const t = tokens[i]!;
    const tt = t.tokenType;
    if (tt === KW.scenario) return scenario();
    if (tt === KW.l1 || tt === KW.l2) return actor();
    if (tt === KW.vmenter) return vmenter();
    if (tt === KW.vmexit) {
      i++;
      const kr = tokenRange(t);
      const r = tokens[i];
      if (r && (nameTypes.has(r.tokenType) || r.tokenType === StringLit)) {
        i++;
        const reason = r.tokenType === StringLit ? str(r) : r.image;
        return { kind: 'vmexit', reason, keyRange: kr, range: spanRange(kr, tokenRange(r)) };
      }
      return { kind: 'vmexit', reason: null, keyRange: kr, range: kr };
    }
    if (tt === KW.host) {
      i++;
      const z = take(KW.zap);
      const k = tokenRange(t);
      return { kind: 'zap', keyRange: k, range: spanRange(k, tokenRange(z)) };
    }
    if (tt === KW.mark) {
      i++;
      const s = take(StringLit);
      const k = tokenRange(t);
      return { kind: 'mark', label: str(s), keyRange: k, range: spanRange(k, tokenRange(s)) };
    }
    if (tt === KW.repeat) {
      i++;
      const k = tokenRange(t);
      const first = num();
      const count = atRangeTail() ? rangeTail(first) : first;
      take(LBrace);
      const body = statements(true);
      const rb = take(RBrace);
      return { kind: 'repeat', count, body, keyRange: k, range: spanRange(k, tokenRange(rb)) };
    }
    throw BAIL;
  };

  const vmenter = (): StmtNode => {
    const k = tokenRange(tokens[i++]!);
    const items: Extract<StmtNode, { kind: 'vmenter' }>['items'] = [];
    let end = k;
    for (;;) {
      const t = tokens[i];
      if (!t) break;
      if (t.tokenType === KW.cr3 || t.tokenType === KW.ept) {
        i++;
        const table = name();
        const range = spanRange(tokenRange(t), table.range);
        items.push(t.tokenType === KW.cr3 ? { kind: 'cr3', range, table } : { kind: 'ept', range, table });
        end = range;
      } else if (t.tokenType === KW.pcid) {
        i++;
        const value = num();
        const range = spanRange(tokenRange(t), value.range);
        items.push({ kind: 'pcid', range, value });
        end = range;
      } else if (t.tokenType === KW.noflush) {
        i++;
        const range = tokenRange(t);
        items.push({ kind: 'noflush', range });
        end = range;
      } else break;
    }
    return { kind: 'vmenter', items, keyRange: k, range: spanRange(k, end) };
  };

  const addrSpec = (): AddrNode => {
    if (takeIf(KW.random)) {
      const r = range();
      take(KW.count);
      return { kind: 'random', range: r, count: num() };
    }
    if (takeIf(KW.zipf)) {
      const r = range();
      take(KW.count);
      const count = num();
      const s = takeIf(KW.s) ? num(true) : null;
      return { kind: 'zipf', range: r, count, s };
    }
    const first = num();
    if (!atRangeTail()) return { kind: 'one', addr: first };
    const r = rangeTail(first);
    const step = takeIf(KW.step) ? num() : null;
    return { kind: 'seq', range: r, step };
  };

  const frame = (): FrameNode => {
    const none = takeIf(KW.none);
    if (none) return { kind: 'none', range: tokenRange(none) };
    if (takeIf(KW.random)) return { kind: 'random', range: range() };
    return { kind: 'frame', addr: num() };
  };

  const actor = (): StmtNode => {
    const lt = tokens[i++]!;
    const actor: Level = lt.tokenType === KW.l1 ? 'l1' : 'l2';
    const actorRange = tokenRange(lt);
    const last = (r: Range): Range => spanRange(actorRange, r);
    const k = tokens[i];
    if (!k) throw BAIL;
    const kt = k.tokenType;
    i++;
    const keyRange = tokenRange(k);
    if (kt === KW.pgd || kt === KW.ept) {
      const n = name();
      return {
        kind: 'decl',
        actor,
        actorRange,
        table: kt === KW.pgd ? 'pgd' : 'ept',
        name: n,
        keyRange,
        range: last(n.range),
      };
    }
    if (kt === KW.map || kt === KW.eptmap) {
      const table = name();
      const from = range();
      take(Arrow);
      const to = num();
      const fl = flags();
      return {
        kind: 'map',
        actor,
        actorRange,
        ept: kt === KW.eptmap,
        table,
        from,
        to,
        flags: fl,
        keyRange,
        range: last(fl.length ? fl[fl.length - 1]!.range : to.range),
      };
    }
    if (kt === KW.cr3) {
      const table = name();
      const pcid = takeIf(KW.pcid) ? num() : null;
      const nf = takeIf(KW.noflush);
      const end = nf ? tokenRange(nf) : pcid ? pcid.range : table.range;
      return {
        kind: 'cr3',
        actor,
        actorRange,
        table,
        pcid,
        noflush: nf ? tokenRange(nf) : null,
        keyRange,
        range: last(end),
      };
    }
    if (kt === KW.read || kt === KW.write || kt === KW.fetch) {
      const addr = addrSpec();
      return {
        kind: 'access',
        actor,
        actorRange,
        access: k.image as AccessKind,
        addr,
        keyRange,
        range: last(lastRangeOfAddr(addr)),
      };
    }
    if (kt === KW.pte || kt === KW.eptpte) {
      const table = name();
      let addr: Extract<AddrNode, { kind: 'one' | 'random' }>;
      if (takeIf(KW.random)) {
        const r = range();
        take(KW.count);
        addr = { kind: 'random', range: r, count: num() };
      } else addr = { kind: 'one', addr: num() };
      take(Arrow);
      const f = frame();
      const fl = flags();
      const frameEnd = f.kind === 'frame' ? f.addr.range : f.kind === 'none' ? f.range : f.range.range;
      return {
        kind: 'pte',
        actor,
        actorRange,
        ept: kt === KW.eptpte,
        table,
        addr,
        frame: f,
        flags: fl,
        keyRange,
        range: last(fl.length ? fl[fl.length - 1]!.range : frameEnd),
      };
    }
    if (kt === KW.invlpg) {
      const addr = num();
      return { kind: 'invlpg', actor, actorRange, addr, keyRange, range: last(addr.range) };
    }
    if (kt === KW.invpcid || kt === KW.invvpid) {
      const pc = kt === KW.invpcid;
      const t = tokens[i++];
      if (!t) throw BAIL;
      const second = pc ? KW.pcid : KW.vpid;
      let a: NumNode | null = null;
      let v: NumNode | null = null;
      if (t.tokenType === KW.addr) {
        a = num();
        take(second);
        v = num();
      } else if (t.tokenType === KW.single || (!pc && t.tokenType === KW['single-globals'])) {
        take(second);
        v = num();
      } else if (t.tokenType !== KW.all && !(pc && t.tokenType === KW['all-nonglobal'])) throw BAIL;
      const end = v?.range ?? tokenRange(t);
      return pc
        ? {
            kind: 'invpcid',
            actor,
            actorRange,
            type: t.image as InvpcidType,
            addr: a,
            pcid: v,
            keyRange,
            range: last(end),
          }
        : {
            kind: 'invvpid',
            actor,
            actorRange,
            type: t.image as InvvpidType,
            addr: a,
            vpid: v,
            keyRange,
            range: last(end),
          };
    }
    if (kt === KW.invept) {
      const t = tokens[i++];
      if (t?.tokenType === KW.all)
        return {
          kind: 'invept',
          actor,
          actorRange,
          type: 'all',
          table: null,
          keyRange,
          range: last(tokenRange(t)),
        };
      if (t?.tokenType !== KW.single) throw BAIL;
      const table = name();
      return { kind: 'invept', actor, actorRange, type: 'single', table, keyRange, range: last(table.range) };
    }
    if (kt === KW.vpid12) {
      const value = num();
      return { kind: 'vpid12', actor, actorRange, value, keyRange, range: last(value.range) };
    }
    throw BAIL;
  };

  const scenario = (): StmtNode => {
    const k = tokenRange(tokens[i++]!);
    const nameTok = takeIf(StringLit);
    const headerName = nameTok ? str(nameTok) : null;
    take(LBrace);
    const options: OptionNode<boolean | number | string>[] = [];
    const cr3: Extract<StmtNode, { kind: 'scenario' }>['cr3'] = [];
    const opt = (key: string, keyTok: IToken, value: boolean | number | string, valueRange: Range): void => {
      const keyRange = tokenRange(keyTok);
      options.push({ key, keyRange, value, valueRange, range: spanRange(keyRange, valueRange) });
    };
    const block = (item: () => void): void => {
      take(LBrace);
      for (;;) {
        if (takeIf(NL)) continue;
        if (at(RBrace)) break;
        item();
      }
      take(RBrace);
    };
    for (;;) {
      const t = tokens[i];
      if (!t) throw BAIL;
      const tt = t.tokenType;
      if (tt === NL) {
        i++;
        continue;
      }
      if (tt === RBrace) break;
      i++;
      if (tt === KW.seed || tt === KW.roots || tt === KW.vpid12) {
        const v = num();
        opt(t.image, t, v.value, v.range);
      } else if (tt === KW.vpid02) {
        const v = tokens[i++];
        if (!v || (v.tokenType !== KW.auto && v.tokenType !== KW.none)) throw BAIL;
        opt('vpid02', t, v.image, tokenRange(v));
      } else if (tt === KW.host || tt === KW.l1) {
        const allowed = tt === KW.host ? HOST_OPTS : L1_OPTS;
        block(() => {
          const o = tokens[i++];
          if (!o || !allowed.has(o.image) || o.tokenType === Identifier) throw BAIL;
          const v = tokens[i++];
          if (!v || (v.tokenType !== KW.on && v.tokenType !== KW.off)) throw BAIL;
          opt(`${t.image}.${o.image}`, o, v.tokenType === KW.on, tokenRange(v));
        });
      } else if (tt === KW.tlb || tt === KW.cost) {
        const allowed = tt === KW.tlb ? TLB_OPTS : COST_OPTS;
        block(() => {
          const o = tokens[i++];
          if (!o || !allowed.has(o.image) || o.tokenType === Identifier) throw BAIL;
          const v = num();
          opt(`${t.image}.${o.image}`, o, v.value, v.range);
        });
      } else if (tt === KW.cr3) {
        block(() => {
          const lv = tokens[i++];
          if (!lv || (lv.tokenType !== KW.l1 && lv.tokenType !== KW.l2)) throw BAIL;
          const table = name();
          const pc = takeIf(KW.pcid) ? num() : null;
          cr3.push({
            level: lv.tokenType === KW.l1 ? 'l1' : 'l2',
            keyRange: tokenRange(lv),
            table,
            pcid: pc,
            range: spanRange(tokenRange(lv), pc ? pc.range : table.range),
          });
        });
      } else throw BAIL;
    }
    const rb = take(RBrace);
    return {
      kind: 'scenario',
      name: headerName,
      options,
      cr3,
      keyRange: k,
      range: spanRange(k, tokenRange(rb)),
    };
  };

  // Top level: statement by statement, so one bad line costs only its own slow parse.
  const out: (StmtNode | TokenChunk)[] = [];
  for (;;) {
    const t = tokens[i];
    if (!t) return out;
    if (t.tokenType === NL) {
      i++;
      continue;
    }
    const start = i;
    try {
      if (t.tokenType === RBrace) throw BAIL;
      out.push(statement());
    } catch (e) {
      if (e !== BAIL) throw e;
      // Give the rest of this statement to the Chevrotain parser: up to the first newline outside
      // braces (inclusive), or the end of the file if a brace never closes.
      let depth = 0;
      let j = start;
      for (; j < tokens.length; j++) {
        const tt = tokens[j]!.tokenType;
        if (tt === LBrace) depth++;
        else if (tt === RBrace) depth = Math.max(0, depth - 1);
        else if (tt === NL && depth === 0) {
          j++;
          break;
        }
      }
      out.push({ chunk: [start, j] });
      i = j;
    }
  }
}

/** The AST of a file the fast path accepts entirely, else null (tests compare it with Chevrotain's). */
export function fastParse(tokens: IToken[]): ScenarioFile | null {
  const items = fastParseTop(tokens);
  const body: StmtNode[] = [];
  for (const it of items) {
    if ('chunk' in it) return null;
    body.push(it);
  }
  return { body };
}
