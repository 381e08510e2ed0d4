// Where the cursor stands in a scenario, from tokens alone (so it works in half-typed, erroneous text):
// the enclosing block (`host { }`, `repeat { }`...) and the tokens of the current statement before it.
// Shared by completion and hover (docs/dsl.md "Language service").
import type { IToken } from 'chevrotain';
import { LBrace, NL, RBrace } from '../tokens';

export type BlockKind = 'top' | 'repeat' | 'scenario' | 'host' | 'l1' | 'tlb' | 'cost' | 'cr3';

export interface CursorContext {
  block: BlockKind;
  /** Tokens of the current statement (or block item run) before the cursor / hovered token. */
  before: IToken[];
}

function isBreak(t: IToken): boolean {
  return t.tokenType === NL || t.tokenType === LBrace || t.tokenType === RBrace;
}

/** Context for the position just before `tokens[idx]` (idx may equal tokens.length). */
export function contextAt(tokens: IToken[], idx: number): CursorContext {
  let s = idx - 1;
  while (s >= 0 && !isBreak(tokens[s]!)) s--;
  const before = tokens.slice(s + 1, idx);
  // Innermost unclosed '{' before the cursor.
  let depth = 0;
  let open = -1;
  for (let i = idx - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.tokenType === RBrace) depth++;
    else if (t.tokenType === LBrace) {
      if (depth === 0) {
        open = i;
        break;
      }
      depth--;
    }
  }
  if (open < 0) return { block: 'top', before };
  let h = open - 1;
  while (h >= 0 && !isBreak(tokens[h]!)) h--;
  const head = tokens[h + 1];
  const word = head && h + 1 < open ? head.image : '';
  let block: BlockKind = 'top';
  if (word === 'scenario') block = 'scenario';
  else if (word === 'repeat') block = 'repeat';
  else if (word === 'host' || word === 'l1' || word === 'tlb' || word === 'cost' || word === 'cr3')
    block = word;
  return { block, before };
}

/** Index of the first token whose start is at or after `offset` (binary search). */
export function tokenIndexAt(tokens: IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
