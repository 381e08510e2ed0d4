// Tokens of the scenario language (dsl.md "Lexical"): comments, numbers with k/M/G suffixes, ranges,
// strings, identifiers and keywords. Keywords are lexed as identifiers and retyped afterwards, so every
// keyword is also a `Name` (dsl.md: keywords are not reserved where a name or option is expected).
import { Lexer, createToken, type ILexingResult, type IToken, type TokenType } from 'chevrotain';

/** Abstract category matched wherever a table name (or free-text reason) stands. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA, label: 'a table name' });

export const NL = createToken({
  name: 'NL',
  pattern: /\r\n|\n|\r/,
  line_breaks: true,
  label: 'end of line',
});
export const WS = createToken({ name: 'WS', pattern: /[ \t\f\v]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });
export const StringLit = createToken({
  name: 'StringLit',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  label: 'a string',
});
/** A string missing its closing quote: reported by the lexer stage and then treated as a string. */
export const OpenString = createToken({
  name: 'OpenString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  label: 'a string',
});
/**
 * Deliberately greedy (`4kb`, `0x12g3` lex as one token) so a malformed literal is one error at one
 * token; the value and the allowed suffixes are checked when the AST is built.
 */
export const NumberLit = createToken({
  name: 'NumberLit',
  pattern: /(?:0[xX][0-9A-Za-z_]*|[0-9][0-9A-Za-z_]*)(?:\.[0-9][0-9A-Za-z_]*)?/,
  label: 'a number',
});
export const Arrow = createToken({ name: 'Arrow', pattern: /->/, label: "'->'" });
export const DotDot = createToken({ name: 'DotDot', pattern: /\.\./, label: "'..'" });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: "'+'" });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/, label: "'{'" });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/, label: "'}'" });
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z_][A-Za-z0-9_]*)*/,
  categories: [Name],
  label: 'a name',
});

/** Every keyword of v1 plus the extensions listed in docs/dsl.md. Case-sensitive (lowercase). */
export const KEYWORD_LIST = [
  'scenario',
  'seed',
  'host',
  'l1',
  'l2',
  'ept',
  'vpid',
  'unsync',
  'pcid',
  'vpid02',
  'auto',
  'none',
  'tlb',
  'entries',
  'ways',
  'roots',
  'cost',
  'vmexit',
  'vmenter',
  'walk_ref',
  'sync_page',
  'flush',
  'tlb_hit',
  'vpid12',
  'cr3',
  'on',
  'off',
  'pgd',
  'map',
  'eptmap',
  'global',
  'ro',
  'read',
  'write',
  'fetch',
  'step',
  'random',
  'count',
  'zipf',
  's',
  'pte',
  'eptpte',
  'invlpg',
  'invpcid',
  'invvpid',
  'invept',
  'addr',
  'single',
  'all',
  'all-nonglobal',
  'single-globals',
  'zap',
  'mark',
  'repeat',
  'noflush',
] as const;
export type Keyword = (typeof KEYWORD_LIST)[number];

function kwName(k: string): string {
  return 'K_' + k.replace(/-/g, '_');
}

export const KW: Record<Keyword, TokenType> = Object.fromEntries(
  KEYWORD_LIST.map((k) => [
    k,
    createToken({ name: kwName(k), pattern: Lexer.NA, categories: [Name], label: `'${k}'` }),
  ]),
) as Record<Keyword, TokenType>;

const keywordByImage = new Map<string, TokenType>(KEYWORD_LIST.map((k) => [k, KW[k]]));

/** Token types in lexing order (NA types are for the parser only). */
const lexedTokens: TokenType[] = [
  NL,
  WS,
  Comment,
  StringLit,
  OpenString,
  Arrow,
  DotDot,
  NumberLit,
  Plus,
  LBrace,
  RBrace,
  Identifier,
];

export const ALL_TOKENS: TokenType[] = [Name, ...lexedTokens, ...Object.values(KW)];

const lexer = new Lexer(lexedTokens, {
  // Start positions only: ends follow from the image (diagnostics.ts tokenRange); ~30% faster.
  positionTracking: 'onlyStart',
  ensureOptimizations: true,
  lineTerminatorCharacters: ['\n', '\r'],
  lineTerminatorsPattern: /\r\n|\n|\r/g,
});

export interface LexOutput {
  tokens: IToken[];
  comments: IToken[];
  /** Lexer problems: unexpected characters and unterminated strings. */
  errors: { offset: number; length: number; line: number; column: number; message: string }[];
}

/** Lexes and retypes keywords; never throws. */
export function lex(text: string): LexOutput {
  const r: ILexingResult = lexer.tokenize(text);
  const errors: LexOutput['errors'] = r.errors.map((e) => ({
    offset: e.offset,
    length: e.length,
    line: e.line ?? 1,
    column: e.column ?? 1,
    message: `unexpected character${e.length > 1 ? 's' : ''} '${text.substr(e.offset, Math.min(e.length, 20))}'`,
  }));
  const tokens = r.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.tokenType === Identifier) {
      const kw = keywordByImage.get(t.image);
      if (kw) {
        t.tokenType = kw;
        t.tokenTypeIdx = kw.tokenTypeIdx!;
      }
    } else if (t.tokenType === OpenString) {
      errors.push({
        offset: t.startOffset,
        length: t.image.length,
        line: t.startLine ?? 1,
        column: t.startColumn ?? 1,
        message: "unterminated string: expected '\"' before the end of the line",
      });
      t.tokenType = StringLit;
      t.tokenTypeIdx = StringLit.tokenTypeIdx!;
    }
  }
  return { tokens, comments: r.groups['comments'] ?? [], errors };
}

export function isKeywordToken(t: IToken): boolean {
  return t.tokenType.name.startsWith('K_');
}
