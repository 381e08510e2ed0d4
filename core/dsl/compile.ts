// The scenario compiler's front door (dsl.md): lex -> parse (with recovery) -> AST -> validate -> lower.
// Every stage's diagnostics are collected; a Program is produced only for a file with no error.
import type { Program } from '../model/program';
import type { ScenarioFile, StmtNode } from './ast';
import { diag, sortDiagnostics, tokenRange, type Diagnostic } from './diagnostics';
import { lower } from './lower';
import { END_OF_LINE_MESSAGE, parseTokens, statementExpected } from './parser';
import { tokenIndexAt } from './services/context';
import { AstBuilder } from './to-ast';
import { fastParseTop } from './fast-parse';
import { lex, type LexOutput } from './tokens';
import { validate, type Validated } from './validate';
import { EOF, type IToken } from 'chevrotain';
import type { Range } from './ast';
import { LBrace, NL, RBrace } from './tokens';

export interface CompileResult {
  program: Program | null;
  diagnostics: Diagnostic[];
}

export interface CompileOptions {
  /** `--set key=value` pairs (SETTABLE_KEYS), applied to the header before defaults and validation. */
  overrides?: Record<string, string>;
}

/** Everything one pass learns about a text; the language service caches it per text. */
export interface Analysis {
  text: string;
  lexed: LexOutput;
  ast: ScenarioFile;
  /** Lexer and parser errors only (the formatter refuses to touch a file that has any). */
  syntaxErrors: number;
  validated: Validated;
  diagnostics: Diagnostic[];
  program: Program | null;
}

/** A position inside the document for a token that has none (EOF, or inserted by recovery). */
function endOfText(text: string): { line: number; column: number } {
  let line = 1;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      last = i + 1;
    }
  }
  return { line, column: text.length - last + 1 };
}

function errorRange(t: IToken, previous: IToken | undefined, text: string): Range {
  if (t.tokenType !== EOF && !Number.isNaN(t.startOffset) && t.startLine !== undefined) return tokenRange(t);
  if (
    t.tokenType !== EOF &&
    previous &&
    !Number.isNaN(previous.startOffset) &&
    previous.startLine !== undefined
  ) {
    // A token inserted by recovery: just after the one before it (or at the start of the next line).
    if (previous.tokenType === NL) {
      const line = previous.startLine + 1;
      return { line, column: 1, endLine: line, endColumn: 1 };
    }
    const r = tokenRange(previous);
    return { line: r.endLine, column: r.endColumn, endLine: r.endLine, endColumn: r.endColumn };
  }
  const e = endOfText(text);
  return { line: e.line, column: e.column, endLine: e.line, endColumn: e.column };
}

/** Deepest `{` nesting accepted (repeat blocks in a lab scenario are a few levels deep). */
export const MAX_NESTING = 64;

function firstTooDeep(tokens: IToken[]): IToken | null {
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === LBrace) {
      if (++depth > MAX_NESTING) return t;
    } else if (t.tokenType === RBrace && depth > 0) depth--;
  }
  return null;
}

export function analyze(text: string, options: CompileOptions = {}): Analysis {
  const lexed = lex(text);
  const ds: Diagnostic[] = lexed.errors.map((e) => {
    const r = { line: e.line, column: e.column, endLine: e.line, endColumn: e.column + e.length };
    return diag('error', e.message, r);
  });
  // Blocks nested absurdly deep would overflow the recursive parsers' stack: refuse them up front.
  const tooDeep = firstTooDeep(lexed.tokens);
  if (tooDeep) {
    ds.push(
      diag(
        'error',
        `blocks nested deeper than ${MAX_NESTING}: expected at most ${MAX_NESTING} levels of '{'`,
        tokenRange(tooDeep),
      ),
    );
    const validated = validate({ body: [] }, options.overrides ?? {});
    const diagnostics = sortDiagnostics([...ds, ...validated.diagnostics]);
    return { text, lexed, ast: { body: [] }, syntaxErrors: ds.length, validated, diagnostics, program: null };
  }
  // Fast path statement by statement; the Chevrotain parser (recovery, messages) only on the top-level
  // statements the fast path gives up on (fast-parse.ts says why).
  const body: StmtNode[] = [];
  const builder = new AstBuilder();
  for (const item of fastParseTop(lexed.tokens)) {
    if (!('chunk' in item)) {
      body.push(item);
      continue;
    }
    const { cst, errors } = parseTokens(lexed.tokens.slice(item.chunk[0], item.chunk[1]));
    for (const e of errors) {
      let message = e.message;
      if (message.startsWith(END_OF_LINE_MESSAGE)) {
        const k = tokenIndexAt(lexed.tokens, e.token.startOffset);
        const before = lexed.tokens[k - 1];
        if (!before || before.tokenType === NL)
          message = statementExpected(message.slice(END_OF_LINE_MESSAGE.length));
      }
      ds.push(diag('error', message, errorRange(e.token, e.previous, text)));
    }
    for (const st of builder.file(cst).body) body.push(st); // no spread: it can be 100k statements
  }
  for (const d of builder.diagnostics) ds.push(d);
  const ast: ScenarioFile = { body };
  const syntaxErrors = ds.filter((d) => d.severity === 'error').length;
  const validated = validate(ast, options.overrides ?? {});
  for (const d of validated.diagnostics) ds.push(d);
  const diagnostics = sortDiagnostics(ds);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  const program = ok ? lower(ast, validated.config, validated.tableOrder) : null;
  return { text, lexed, ast, syntaxErrors, validated, diagnostics, program };
}

export function compileScenario(source: string, options?: CompileOptions): CompileResult {
  const a = analyze(source, options);
  return { program: a.program, diagnostics: a.diagnostics };
}
