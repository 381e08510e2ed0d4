// The canonical formatter of `.vmx` files (docs/dsl.md "Formatting"): normalises spacing, indentation,
// number spelling and comment alignment while keeping every statement on its line, so a formatted file
// compiles to the same Program, line numbers included. A file with syntax errors is returned unchanged.
import type { IToken } from 'chevrotain';
import { analyze, type Analysis } from './compile';
import { canonicalNumber } from './numbers';
import { Comment, DotDot, LBrace, NumberLit, Plus, RBrace } from './tokens';

const INDENT = '  ';

export function formatAnalysis(a: Analysis): string {
  if (a.syntaxErrors > 0) return a.text;
  const all: IToken[] = [
    ...a.lexed.tokens.filter((t) => t.image !== '\n' && t.image !== '\r\n' && t.image !== '\r'),
    ...a.lexed.comments,
  ];
  all.sort((x, y) => x.startOffset - y.startOffset);
  const lineCount = a.text.split(/\r\n|\n|\r/).length;
  const byLine: IToken[][] = Array.from({ length: lineCount + 1 }, () => []);
  for (const t of all) byLine[t.startLine ?? 1]!.push(t);

  interface Out {
    indent: number;
    code: string;
    comment: string | null;
  }
  const out: Out[] = [];
  let depth = 0;
  for (let ln = 1; ln <= lineCount; ln++) {
    const toks = byLine[ln]!;
    let comment: string | null = null;
    const code: IToken[] = [];
    for (const t of toks) {
      if (t.tokenType === Comment) comment = t.image.replace(/\s+$/, '');
      else code.push(t);
    }
    const indent = code[0]?.tokenType === RBrace ? Math.max(0, depth - 1) : depth;
    let s = '';
    let prev: IToken | null = null;
    for (const t of code) {
      const img = t.tokenType === NumberLit ? canonicalNumber(t.image) : t.image;
      if (prev) {
        const tight = t.tokenType === DotDot || prev.tokenType === DotDot || prev.tokenType === Plus;
        s += tight ? '' : ' ';
      }
      s += img;
      prev = t;
      if (t.tokenType === LBrace) depth++;
      else if (t.tokenType === RBrace) depth = Math.max(0, depth - 1);
    }
    out.push({ indent: code.length || comment !== null ? indent : 0, code: s, comment });
  }
  while (out.length > 0 && out[out.length - 1]!.code === '' && out[out.length - 1]!.comment === null)
    out.pop();

  // Trailing comments of consecutive code lines share one column (two spaces after the longest code).
  const lines: string[] = [];
  let i = 0;
  while (i < out.length) {
    const o = out[i]!;
    if (o.code !== '' && o.comment !== null) {
      let j = i;
      let width = 0;
      while (j < out.length && out[j]!.code !== '' && out[j]!.comment !== null) {
        width = Math.max(width, out[j]!.indent * INDENT.length + out[j]!.code.length);
        j++;
      }
      for (let k = i; k < j; k++) {
        const x = out[k]!;
        const head = INDENT.repeat(x.indent) + x.code;
        lines.push(head + ' '.repeat(width - head.length + 2) + x.comment);
      }
      i = j;
      continue;
    }
    lines.push(
      o.code === '' && o.comment === null ? '' : INDENT.repeat(o.indent) + (o.code || o.comment || ''),
    );
    i++;
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function formatScenario(source: string): string {
  try {
    return formatAnalysis(analyze(source));
  } catch {
    return source;
  }
}
