// The scenario language service (docs/dsl.md "Language service"): diagnostics, completion, hover,
// symbols and formatting over plain positions — no Monaco types, so the renderer adapts it and tests
// drive it directly. The last analyses are cached per text: one parse serves every request of a keystroke.
import type { IToken } from 'chevrotain';
import type { Level } from '../../model/config';
import type { TableKind } from '../../model/program';
import type { Range, StmtNode } from '../ast';
import { analyze, type Analysis } from '../compile';
import type { Diagnostic } from '../diagnostics';
import { tokenRange } from '../diagnostics';
import { formatAnalysis } from '../format';
import { parseNumber } from '../numbers';
import { Identifier, KEYWORD_LIST, NumberLit, isKeywordToken } from '../tokens';
import { contextAt, tokenIndexAt, type CursorContext } from './context';
import { BLOCK_OPTIONS, DOCS, HEADER_ITEMS, STATEMENTS } from './docs';

export interface CompletionItem {
  label: string;
  kind: 'keyword' | 'table' | 'option' | 'value' | 'snippet';
  detail?: string;
  /** For kind 'snippet': TextMate/Monaco snippet syntax (`${1:A}` placeholders). */
  insertText?: string;
}

export interface Hover {
  /** Markdown. */
  contents: string;
  range: Range;
}

export interface DocumentSymbol {
  name: string;
  kind: 'table' | 'mark';
  /** `l1 pgd`, `l2 pgd`, `l1 ept`, or `mark`. */
  detail: string;
  owner?: Level;
  tableKind?: TableKind;
  range: Range;
  selectionRange: Range;
}

export interface ScenarioLanguageService {
  diagnostics(text: string): Diagnostic[];
  completions(text: string, line: number, column: number): CompletionItem[];
  hover(text: string, line: number, column: number): Hover | null;
  symbols(text: string): DocumentSymbol[];
  format(text: string): string;
}

/** Keywords for the renderer's Monarch grammar (colours). */
export const DSL_KEYWORDS: readonly string[] = KEYWORD_LIST;

interface Cached {
  a: Analysis;
  lineStarts: number[] | null;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

const ACTOR_WORDS = new Set(['l1', 'l2']);

export function createLanguageService(): ScenarioLanguageService {
  const cache: Cached[] = [];
  const get = (text: string): Cached => {
    const hit = cache.find((c) => c.a.text === text);
    if (hit) return hit;
    const c: Cached = { a: analyze(text), lineStarts: null };
    cache.unshift(c);
    if (cache.length > 2) cache.pop();
    return c;
  };
  const offsetOf = (c: Cached, line: number, column: number): number => {
    c.lineStarts ??= lineStartsOf(c.a.text);
    const start = c.lineStarts[Math.max(0, Math.min(line - 1, c.lineStarts.length - 1))] ?? 0;
    return Math.min(c.a.text.length, start + Math.max(0, column - 1));
  };

  const tablesOf = (a: Analysis, kind: TableKind, owners: Level[]): CompletionItem[] =>
    a.validated.tableOrder
      .filter((t) => t.kind === kind && owners.includes(t.owner))
      .map((t) => ({
        label: t.name,
        kind: 'table' as const,
        detail: `${t.owner} ${t.kind} (line ${t.line})`,
      }));

  const kw = (words: string[], kind: CompletionItem['kind'] = 'keyword'): CompletionItem[] =>
    words.map((w) => ({
      label: w,
      kind,
      ...(DOCS[w] ? { detail: DOCS[w]!.replace(/\*\*/g, '').split(' — ')[0] } : {}),
    }));

  const complete = (a: Analysis, ctx: CursorContext): CompletionItem[] => {
    const w = ctx.before.map((t) => t.image);
    const n = w.length;
    const last = w[n - 1];
    switch (ctx.block) {
      case 'host':
      case 'l1': {
        if (last && BLOCK_OPTIONS[ctx.block]!.includes(last)) return kw(['on', 'off'], 'value');
        return kw(BLOCK_OPTIONS[ctx.block]!, 'option');
      }
      case 'tlb':
      case 'cost':
        if (last && BLOCK_OPTIONS[ctx.block]!.includes(last)) return [];
        return kw(BLOCK_OPTIONS[ctx.block]!, 'option');
      case 'cr3': {
        if (last === 'l1' || last === 'l2') return tablesOf(a, 'pgd', [last]);
        const prev = w[n - 2];
        if (prev === 'l1' || prev === 'l2') return kw(['pcid'], 'option');
        if (last === 'pcid') return [];
        return kw(['l1', 'l2'], 'option');
      }
      case 'scenario':
        if (n === 0) {
          return HEADER_ITEMS.map((h) => ({
            label: h.word,
            kind: 'snippet' as const,
            detail: DOCS[`scenario.${h.word}`] ?? DOCS[h.word] ?? '',
            insertText: h.snippet,
          }));
        }
        if (w[0] === 'vpid02' && n === 1) return kw(['auto', 'none'], 'value');
        return [];
      case 'top':
      case 'repeat':
        return completeStatement(a, ctx, w);
    }
  };

  const completeStatement = (a: Analysis, ctx: CursorContext, w: string[]): CompletionItem[] => {
    const n = w.length;
    const last = w[n - 1] ?? '';
    if (n === 0) {
      const items = kw(['l1', 'l2', 'vmenter', 'vmexit', 'host', 'mark', 'repeat']);
      items.push(
        { label: 'repeat', kind: 'snippet', insertText: 'repeat ${1:100} {\n\t$0\n}', detail: 'loop' },
        { label: 'mark', kind: 'snippet', insertText: 'mark "${1:phase}"', detail: 'timeline marker' },
      );
      if (ctx.block === 'top') {
        items.push({
          label: 'scenario',
          kind: 'snippet',
          insertText: 'scenario "${1:name}" {\n\t$0\n}',
          detail: 'header',
        });
      }
      return items;
    }
    const w0 = w[0]!;
    if (w0 === 'host') return n === 1 ? kw(['zap']) : [];
    if (w0 === 'vmenter') {
      if (last === 'cr3') return tablesOf(a, 'pgd', ['l2']);
      if (last === 'ept') return tablesOf(a, 'ept', ['l1']);
      if (last === 'pcid') return [];
      const items = kw(['cr3', 'ept']);
      if (w.includes('cr3') && !w.includes('pcid')) items.push(...kw(['pcid']));
      return items.filter((i) => !w.includes(i.label));
    }
    if (!ACTOR_WORDS.has(w0)) return [];
    const actor = w0 as Level;
    if (n === 1) {
      return STATEMENTS.filter((s) => s.actors.includes(actor)).flatMap((s) => [
        {
          label: s.word,
          kind: 'keyword' as const,
          detail: (DOCS[s.word] ?? DOCS[`stmt.${s.word}`] ?? '').replace(/\*\*/g, '').split(' — ')[0],
        },
      ]);
    }
    const verb = w[1]!;
    const generatorTail = (): CompletionItem[] | null => {
      const gi = Math.max(w.lastIndexOf('random'), w.lastIndexOf('zipf'));
      if (gi < 0 || (w.includes('->') && w.lastIndexOf('->') > gi)) return null;
      const lastTok = w[n - 1]!;
      const isNum = /^[0-9]/.test(lastTok);
      if (!isNum) return [];
      if (!w.includes('count') && (w.includes('..') || w.includes('+')) && n - gi >= 4)
        return kw(['count'], 'option');
      if (w[gi] === 'zipf' && w.includes('count') && !w.includes('s') && w[n - 2] === 'count')
        return kw(['s'], 'option');
      return [];
    };
    switch (verb) {
      case 'pgd':
      case 'ept':
        return [];
      case 'map':
      case 'eptmap': {
        const ept = verb === 'eptmap';
        if (n === 2)
          return ept
            ? tablesOf(a, 'ept', ['l1'])
            : tablesOf(a, 'pgd', actor === 'l1' ? ['l1', 'l2'] : ['l2']);
        const ai = w.indexOf('->');
        if (ai >= 0 && n > ai + 1)
          return kw(ept ? ['ro'] : ['global', 'ro', '2M'], 'option').filter((i) => !w.includes(i.label));
        return [];
      }
      case 'pte':
      case 'eptpte': {
        const ept = verb === 'eptpte';
        if (n === 2)
          return ept
            ? tablesOf(a, 'ept', ['l1'])
            : tablesOf(a, 'pgd', actor === 'l1' ? ['l1', 'l2'] : ['l2']);
        if (n === 3) return kw(['random'], 'option');
        if (last === '->') return kw(['none', 'random'], 'value');
        const ai = w.indexOf('->');
        if (ai >= 0 && n > ai + 1) {
          if (w[ai + 1] === 'random' && n < ai + 5) return [];
          return kw(ept ? ['ro'] : ['global', 'ro'], 'option').filter((i) => !w.includes(i.label));
        }
        return generatorTail() ?? [];
      }
      case 'cr3':
        if (n === 2) return tablesOf(a, 'pgd', [actor]);
        if (last === 'pcid') return [];
        return kw(w.includes('pcid') ? ['noflush'] : ['pcid', 'noflush'], 'option').filter(
          (i) => !w.includes(i.label),
        );
      case 'read':
      case 'write':
      case 'fetch': {
        if (n === 2) return kw(['random', 'zipf'], 'option');
        const g = generatorTail();
        if (g) return g;
        if ((w.includes('..') || w.includes('+')) && !w.includes('step') && /^[0-9]/.test(last) && n === 5)
          return kw(['step'], 'option');
        return [];
      }
      case 'invpcid':
        if (n === 2) return kw(['addr', 'single', 'all', 'all-nonglobal'], 'option');
        if (last === 'single' || (w[2] === 'addr' && n === 4)) return kw(['pcid'], 'option');
        return [];
      case 'invvpid':
        if (n === 2) return kw(['addr', 'single', 'all', 'single-globals'], 'option');
        if (last === 'single' || last === 'single-globals' || (w[2] === 'addr' && n === 4))
          return kw(['vpid'], 'option');
        return [];
      case 'invept':
        if (n === 2) return kw(['single', 'all'], 'option');
        if (last === 'single') return tablesOf(a, 'ept', ['l1']);
        return [];
    }
    return [];
  };

  const hoverDoc = (a: Analysis, t: IToken, ctx: CursorContext): string | null => {
    if (isKeywordToken(t) && !(ctx.before.length > 0 && isTableSlot(ctx))) {
      const w = t.image;
      const b = ctx.block;
      const first = ctx.before[0]?.image;
      const keys: string[] = [];
      if (b === 'host' || b === 'l1' || b === 'cost') keys.push(`${b}.${w}`);
      if (b === 'scenario' && ctx.before.length === 0) keys.push(`scenario.${w}`);
      if (b === 'top' || b === 'repeat') {
        if (first === 'vmenter' && (w === 'cr3' || w === 'ept')) keys.push(`vmenter.${w}`);
        if (ctx.before.length === 1 && ACTOR_WORDS.has(first ?? '')) keys.push(`stmt.${w}`);
        if (w === 'host' && ctx.before.length === 0) keys.push('host');
      }
      keys.push(w, `stmt.${w}`, `scenario.${w}`, `host.${w}`, `l1.${w}`, `cost.${w}`, `vmenter.${w}`);
      for (const k of keys) if (DOCS[k]) return DOCS[k]!;
      return null;
    }
    if (t.tokenType === NumberLit) {
      const p = parseNumber(t.image);
      if (!p.ok) return null;
      if (p.fraction) return `\`${p.value}\``;
      const mib =
        p.value >= 1024 * 1024 && p.value % (1024 * 1024) === 0
          ? ` = ${p.value / (1024 * 1024)} MiB`
          : p.value >= 1024 && p.value % 1024 === 0
            ? ` = ${p.value / 1024} KiB`
            : '';
      return `\`${p.value}\` = \`0x${p.value.toString(16)}\`${mib}`;
    }
    if (t.tokenType === Identifier || isKeywordToken(t)) {
      const info = a.validated.tables.get(t.image);
      if (!info) return null;
      const what =
        info.kind === 'ept'
          ? 'EPT12 table (L2 GPA → L1 GPA)'
          : `page table owned by ${info.owner.toUpperCase()}`;
      return `**${info.owner} ${info.kind}** \`${info.name}\` — ${what}, declared at line ${info.line}.`;
    }
    return null;
  };

  return {
    diagnostics: (text) => get(text).a.diagnostics,
    completions(text, line, column) {
      const c = get(text);
      const off = offsetOf(c, line, column);
      const toks = c.a.lexed.tokens;
      // Inside a comment: nothing to offer.
      for (const cm of c.a.lexed.comments)
        if (cm.startOffset < off && off <= cm.startOffset + cm.image.length && cm.startLine === line)
          return [];
      let idx = tokenIndexAt(toks, off);
      let prefix = '';
      const prev = toks[idx - 1];
      if (
        prev &&
        prev.startOffset + prev.image.length === off &&
        (prev.tokenType === Identifier || isKeywordToken(prev) || prev.tokenType === NumberLit)
      ) {
        if (prev.tokenType !== NumberLit) prefix = prev.image;
        idx--;
      }
      const items = complete(c.a, contextAt(toks, idx));
      return prefix ? items.filter((i) => i.label.startsWith(prefix)) : items;
    },
    hover(text, line, column) {
      const c = get(text);
      const off = offsetOf(c, line, column);
      const toks = c.a.lexed.tokens;
      let idx = tokenIndexAt(toks, off + 1) - 1;
      const t = toks[idx];
      if (!t || t.startOffset > off || t.startOffset + t.image.length <= off) return null;
      const doc = hoverDoc(c.a, t, contextAt(toks, idx));
      idx = 0;
      return doc ? { contents: doc, range: tokenRange(t) } : null;
    },
    symbols(text) {
      const out: DocumentSymbol[] = [];
      const walk = (list: StmtNode[]): void => {
        for (const s of list) {
          if (s.kind === 'decl') {
            const owner: Level = s.table === 'ept' ? 'l1' : s.actor;
            out.push({
              name: s.name.name,
              kind: 'table',
              detail: `${owner} ${s.table}`,
              owner,
              tableKind: s.table,
              range: s.range,
              selectionRange: s.name.range,
            });
          } else if (s.kind === 'mark') {
            out.push({
              name: s.label,
              kind: 'mark',
              detail: 'mark',
              range: s.range,
              selectionRange: s.keyRange,
            });
          } else if (s.kind === 'repeat') walk(s.body);
        }
      };
      walk(get(text).a.ast.body);
      return out;
    },
    format: (text) => formatAnalysis(get(text).a),
  };
}

/** The hovered keyword stands where a table name goes (`l1 pgd map`): show the table, not the keyword. */
function isTableSlot(ctx: CursorContext): boolean {
  const w = ctx.before.map((t) => t.image);
  const last = w[w.length - 1];
  if (
    w.length === 2 &&
    ACTOR_WORDS.has(w[0]!) &&
    ['pgd', 'ept', 'map', 'eptmap', 'pte', 'eptpte', 'cr3'].includes(last!)
  )
    return true;
  if (ctx.block === 'cr3' && (last === 'l1' || last === 'l2')) return true;
  if (w[0] === 'vmenter' && (last === 'cr3' || last === 'ept')) return true;
  return last === 'single' && w[1] === 'invept';
}
