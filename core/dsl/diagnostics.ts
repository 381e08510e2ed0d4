// Diagnostics of the scenario language (dsl.md "Diagnostics"): severity, a one-line message saying
// what was expected, and a 1-based line/column range (end exclusive) that always lies in the document.
import type { IToken } from 'chevrotain';
import type { Range } from './ast';

export interface Diagnostic {
  severity: 'error' | 'warning';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function tokenRange(t: IToken): Range {
  const line = t.startLine ?? 1;
  const column = t.startColumn ?? 1;
  // Chevrotain's end column is inclusive. A newline is shown as an empty range at the end of its
  // line, so the range stays inside the document.
  if (t.image === '\n' || t.image === '\r\n' || t.image === '\r') {
    return { line, column, endLine: line, endColumn: column };
  }
  // Every other token is on one line (strings and comments stop at a newline); the lexer tracks only
  // start positions (cheaper), so the end is derived from the image.
  return { line, column, endLine: line, endColumn: column + t.image.length };
}

export function spanRange(a: Range, b: Range): Range {
  return { line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn };
}

export function diag(severity: Diagnostic['severity'], message: string, r: Range): Diagnostic {
  return { severity, message, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

/** Sorts by position, errors first at the same position, and drops exact duplicates. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of [...ds].sort(
    (a, b) =>
      a.line - b.line ||
      a.column - b.column ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  )) {
    const k = `${d.line}:${d.column}:${d.severity}:${d.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(d);
    }
  }
  return out;
}
