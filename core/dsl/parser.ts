// The scenario grammar (dsl.md "Header", "Address spaces", "Events") as a Chevrotain CstParser with
// error recovery: every syntax error of a file is collected in one pass (Chevrotain single-token
// insertion/deletion and re-sync at statement boundaries), with messages saying what was expected.
import {
  CstParser,
  EOF,
  type CstNode,
  type IParserErrorMessageProvider,
  type IToken,
  type TokenType,
} from 'chevrotain';
import {
  ALL_TOKENS,
  Arrow,
  DotDot,
  KW,
  LBrace,
  NL,
  Name,
  NumberLit,
  Plus,
  RBrace,
  StringLit,
} from './tokens';

function describeType(t: TokenType): string {
  if (t === EOF) return 'end of file';
  return t.LABEL ?? t.name;
}

export function describeToken(t: IToken | undefined): string {
  if (!t || t.tokenType === EOF) return 'end of file';
  if (t.tokenType === NL) return 'end of line';
  const img = t.image.length > 24 ? t.image.slice(0, 24) + '…' : t.image;
  return `'${img}'`;
}

function orList(items: string[]): string {
  const u = [...new Set(items)];
  if (u.length <= 1) return u[0] ?? 'something else';
  return u.slice(0, -1).join(', ') + ' or ' + u[u.length - 1];
}

function after(prev: IToken | undefined): string {
  if (!prev || prev.tokenType === NL || prev.tokenType === EOF || !prev.image) return '';
  return ` after ${describeToken(prev)}`;
}

/** What a rule expects as a whole, where listing every alternative's first token would be noise. */
const RULE_EXPECTS: Record<string, string> = {
  statement: "a statement ('l1', 'l2', 'vmenter', 'vmexit', 'host zap', 'mark', 'repeat' or 'scenario')",
  actorBody:
    "a statement keyword ('pgd', 'ept', 'map', 'eptmap', 'cr3', 'read', 'write', 'fetch', 'pte', 'eptpte', 'invlpg', 'invpcid', 'invvpid', 'invept' or 'vpid12')",
  headerItem: "a header option ('seed', 'host', 'l1', 'vpid02', 'tlb', 'roots', 'cost', 'vpid12' or 'cr3')",
  addrSpec: "an address, a range, 'random' or 'zipf'",
};

export const END_OF_LINE_MESSAGE = 'expected end of line, found ';

export function statementExpected(found: string): string {
  return `expected ${RULE_EXPECTS['statement']}, found ${found}`;
}

const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous }) {
    // Junk after a complete top-level statement surfaces as "expected EOF" (Chevrotain's previous
    // token is unreliable here; compile.ts rewords it when the junk starts a line).
    if (expected === EOF) return `${END_OF_LINE_MESSAGE}${describeToken(actual)}`;
    return `expected ${describeType(expected)}${after(previous)}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous, ruleName }) {
    const firsts = expectedPathsPerAlt.flatMap((alt) =>
      alt.map((path) => (path[0] ? describeType(path[0]) : '')),
    );
    const what = RULE_EXPECTS[ruleName] ?? orList(firsts.filter((x) => x));
    return `expected ${what}${after(previous)}, found ${describeToken(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, previous, ruleName }) {
    const firsts = expectedIterationPaths.map((p) => (p[0] ? describeType(p[0]) : ''));
    const what = RULE_EXPECTS[ruleName] ?? orList(firsts.filter((x) => x));
    return `expected ${what}${after(previous)}, found ${describeToken(actual[0])}`;
  },
};

class ScenarioParser extends CstParser {
  constructor() {
    super(ALL_TOKENS, { recoveryEnabled: true, maxLookahead: 2, errorMessageProvider: errorMessages });
    this.performSelfAnalysis();
  }

  file = this.RULE('file', () => {
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(NL) }, { ALT: () => this.SUBRULE(this.statement) }]));
  });

  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.scenarioBlock) },
      { ALT: () => this.SUBRULE(this.actorStatement) },
      { ALT: () => this.SUBRULE(this.vmenterStmt) },
      { ALT: () => this.SUBRULE(this.vmexitStmt) },
      { ALT: () => this.SUBRULE(this.hostStmt) },
      { ALT: () => this.SUBRULE(this.markStmt) },
      { ALT: () => this.SUBRULE(this.repeatStmt) },
    ]);
  });

  // ---- header ----
  scenarioBlock = this.RULE('scenarioBlock', () => {
    this.CONSUME(KW.scenario);
    this.OPTION(() => this.CONSUME(StringLit));
    this.CONSUME(LBrace);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(NL) }, { ALT: () => this.SUBRULE(this.headerItem) }]));
    this.CONSUME(RBrace);
  });

  headerItem = this.RULE('headerItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.seedOpt) },
      { ALT: () => this.SUBRULE(this.hostBlock) },
      { ALT: () => this.SUBRULE(this.l1Block) },
      { ALT: () => this.SUBRULE(this.vpid02Opt) },
      { ALT: () => this.SUBRULE(this.tlbBlock) },
      { ALT: () => this.SUBRULE(this.rootsOpt) },
      { ALT: () => this.SUBRULE(this.costBlock) },
      { ALT: () => this.SUBRULE(this.vpid12Opt) },
      { ALT: () => this.SUBRULE(this.cr3Block) },
    ]);
  });

  seedOpt = this.RULE('seedOpt', () => {
    this.CONSUME(KW.seed);
    this.CONSUME(NumberLit);
  });
  rootsOpt = this.RULE('rootsOpt', () => {
    this.CONSUME(KW.roots);
    this.CONSUME(NumberLit);
  });
  vpid12Opt = this.RULE('vpid12Opt', () => {
    this.CONSUME(KW.vpid12);
    this.CONSUME(NumberLit);
  });
  vpid02Opt = this.RULE('vpid02Opt', () => {
    this.CONSUME(KW.vpid02);
    this.OR([{ ALT: () => this.CONSUME(KW.auto) }, { ALT: () => this.CONSUME(KW.none) }]);
  });

  hostBlock = this.RULE('hostBlock', () => {
    this.CONSUME(KW.host);
    this.CONSUME(LBrace);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(NL) }, { ALT: () => this.SUBRULE(this.hostOpt) }]));
    this.CONSUME(RBrace);
  });
  hostOpt = this.RULE('hostOpt', () => {
    this.OR([
      { ALT: () => this.CONSUME(KW.ept) },
      { ALT: () => this.CONSUME(KW.vpid) },
      { ALT: () => this.CONSUME(KW.unsync) },
    ]);
    this.SUBRULE(this.onOff);
  });
  l1Block = this.RULE('l1Block', () => {
    this.CONSUME(KW.l1);
    this.CONSUME(LBrace);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(NL) }, { ALT: () => this.SUBRULE(this.l1Opt) }]));
    this.CONSUME(RBrace);
  });
  l1Opt = this.RULE('l1Opt', () => {
    this.OR([
      { ALT: () => this.CONSUME(KW.ept) },
      { ALT: () => this.CONSUME(KW.vpid) },
      { ALT: () => this.CONSUME(KW.pcid) },
    ]);
    this.SUBRULE(this.onOff);
  });
  onOff = this.RULE('onOff', () => {
    this.OR([{ ALT: () => this.CONSUME(KW.on) }, { ALT: () => this.CONSUME(KW.off) }]);
  });
  tlbBlock = this.RULE('tlbBlock', () => {
    this.CONSUME(KW.tlb);
    this.CONSUME(LBrace);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(NL) }, { ALT: () => this.SUBRULE(this.tlbOpt) }]));
    this.CONSUME(RBrace);
  });
  tlbOpt = this.RULE('tlbOpt', () => {
    this.OR([{ ALT: () => this.CONSUME(KW.entries) }, { ALT: () => this.CONSUME(KW.ways) }]);
    this.CONSUME(NumberLit);
  });
  costBlock = this.RULE('costBlock', () => {
    this.CONSUME(KW.cost);
    this.CONSUME(LBrace);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(NL) }, { ALT: () => this.SUBRULE(this.costOpt) }]));
    this.CONSUME(RBrace);
  });
  costOpt = this.RULE('costOpt', () => {
    this.OR([
      { ALT: () => this.CONSUME(KW.vmexit) },
      { ALT: () => this.CONSUME(KW.vmenter) },
      { ALT: () => this.CONSUME(KW.walk_ref) },
      { ALT: () => this.CONSUME(KW.sync_page) },
      { ALT: () => this.CONSUME(KW.flush) },
      { ALT: () => this.CONSUME(KW.tlb_hit) },
    ]);
    this.CONSUME(NumberLit);
  });
  cr3Block = this.RULE('cr3Block', () => {
    this.CONSUME(KW.cr3);
    this.CONSUME(LBrace);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(NL) }, { ALT: () => this.SUBRULE(this.cr3Opt) }]));
    this.CONSUME(RBrace);
  });
  cr3Opt = this.RULE('cr3Opt', () => {
    this.OR([{ ALT: () => this.CONSUME(KW.l1) }, { ALT: () => this.CONSUME(KW.l2) }]);
    this.CONSUME(Name);
    this.OPTION(() => {
      this.CONSUME(KW.pcid);
      this.CONSUME2(NumberLit);
    });
  });

  // ---- statements ----
  actorStatement = this.RULE('actorStatement', () => {
    this.OR([{ ALT: () => this.CONSUME(KW.l1) }, { ALT: () => this.CONSUME(KW.l2) }]);
    this.SUBRULE(this.actorBody);
  });

  actorBody = this.RULE('actorBody', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.declStmt) },
      { ALT: () => this.SUBRULE(this.mapStmt) },
      { ALT: () => this.SUBRULE(this.cr3Stmt) },
      { ALT: () => this.SUBRULE(this.accessStmt) },
      { ALT: () => this.SUBRULE(this.pteStmt) },
      { ALT: () => this.SUBRULE(this.invlpgStmt) },
      { ALT: () => this.SUBRULE(this.invpcidStmt) },
      { ALT: () => this.SUBRULE(this.invvpidStmt) },
      { ALT: () => this.SUBRULE(this.inveptStmt) },
      { ALT: () => this.SUBRULE(this.vpid12Stmt) },
    ]);
  });

  declStmt = this.RULE('declStmt', () => {
    this.OR([{ ALT: () => this.CONSUME(KW.pgd) }, { ALT: () => this.CONSUME(KW.ept) }]);
    this.CONSUME(Name);
  });

  mapStmt = this.RULE('mapStmt', () => {
    this.OR([{ ALT: () => this.CONSUME(KW.map) }, { ALT: () => this.CONSUME(KW.eptmap) }]);
    this.CONSUME(Name);
    this.SUBRULE(this.range);
    this.CONSUME(Arrow);
    this.CONSUME(NumberLit);
    this.MANY(() => this.SUBRULE(this.flag));
  });

  flag = this.RULE('flag', () => {
    this.OR([
      { ALT: () => this.CONSUME(KW.global) },
      { ALT: () => this.CONSUME(KW.ro) },
      { ALT: () => this.CONSUME(NumberLit) },
    ]);
  });

  cr3Stmt = this.RULE('cr3Stmt', () => {
    this.CONSUME(KW.cr3);
    this.CONSUME(Name);
    this.OPTION(() => {
      this.CONSUME(KW.pcid);
      this.CONSUME(NumberLit);
    });
    this.OPTION2(() => this.CONSUME(KW.noflush));
  });

  accessStmt = this.RULE('accessStmt', () => {
    this.OR([
      { ALT: () => this.CONSUME(KW.read) },
      { ALT: () => this.CONSUME(KW.write) },
      { ALT: () => this.CONSUME(KW.fetch) },
    ]);
    this.SUBRULE(this.addrSpec);
  });

  addrSpec = this.RULE('addrSpec', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.random);
          this.SUBRULE(this.range);
          this.CONSUME(KW.count);
          this.CONSUME(NumberLit);
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.zipf);
          this.SUBRULE2(this.range);
          this.CONSUME2(KW.count);
          this.CONSUME2(NumberLit);
          this.OPTION(() => {
            this.CONSUME(KW.s);
            this.CONSUME3(NumberLit);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME4(NumberLit);
          this.OPTION2(() => {
            this.SUBRULE(this.rangeTail);
            this.OPTION3(() => {
              this.CONSUME(KW.step);
              this.CONSUME5(NumberLit);
            });
          });
        },
      },
    ]);
  });

  range = this.RULE('range', () => {
    this.CONSUME(NumberLit);
    this.SUBRULE(this.rangeTail);
  });

  rangeTail = this.RULE('rangeTail', () => {
    this.OR([{ ALT: () => this.CONSUME(DotDot) }, { ALT: () => this.CONSUME(Plus) }]);
    this.CONSUME(NumberLit);
  });

  pteStmt = this.RULE('pteStmt', () => {
    this.OR([{ ALT: () => this.CONSUME(KW.pte) }, { ALT: () => this.CONSUME(KW.eptpte) }]);
    this.CONSUME(Name);
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(KW.random);
          this.SUBRULE(this.range);
          this.CONSUME(KW.count);
          this.CONSUME(NumberLit);
        },
      },
      { ALT: () => this.CONSUME2(NumberLit) },
    ]);
    this.CONSUME(Arrow);
    this.SUBRULE(this.frame);
    this.MANY(() => this.SUBRULE(this.flag));
  });

  frame = this.RULE('frame', () => {
    this.OR([
      { ALT: () => this.CONSUME(KW.none) },
      {
        ALT: () => {
          this.CONSUME(KW.random);
          this.SUBRULE(this.range);
        },
      },
      { ALT: () => this.CONSUME(NumberLit) },
    ]);
  });

  invlpgStmt = this.RULE('invlpgStmt', () => {
    this.CONSUME(KW.invlpg);
    this.CONSUME(NumberLit);
  });

  invpcidStmt = this.RULE('invpcidStmt', () => {
    this.CONSUME(KW.invpcid);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.addr);
          this.CONSUME(NumberLit);
          this.CONSUME(KW.pcid);
          this.CONSUME2(NumberLit);
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.single);
          this.CONSUME2(KW.pcid);
          this.CONSUME3(NumberLit);
        },
      },
      { ALT: () => this.CONSUME(KW.all) },
      { ALT: () => this.CONSUME(KW['all-nonglobal']) },
    ]);
  });

  invvpidStmt = this.RULE('invvpidStmt', () => {
    this.CONSUME(KW.invvpid);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.addr);
          this.CONSUME(NumberLit);
          this.CONSUME(KW.vpid);
          this.CONSUME2(NumberLit);
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.single);
          this.CONSUME2(KW.vpid);
          this.CONSUME3(NumberLit);
        },
      },
      { ALT: () => this.CONSUME(KW.all) },
      {
        ALT: () => {
          this.CONSUME(KW['single-globals']);
          this.CONSUME3(KW.vpid);
          this.CONSUME4(NumberLit);
        },
      },
    ]);
  });

  inveptStmt = this.RULE('inveptStmt', () => {
    this.CONSUME(KW.invept);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.single);
          this.CONSUME(Name);
        },
      },
      { ALT: () => this.CONSUME(KW.all) },
    ]);
  });

  vpid12Stmt = this.RULE('vpid12Stmt', () => {
    this.CONSUME(KW.vpid12);
    this.CONSUME(NumberLit);
  });

  vmenterStmt = this.RULE('vmenterStmt', () => {
    this.CONSUME(KW.vmenter);
    this.MANY(() => this.SUBRULE(this.vmenterItem));
  });

  vmenterItem = this.RULE('vmenterItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.cr3);
          this.CONSUME(Name);
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.ept);
          this.CONSUME2(Name);
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.pcid);
          this.CONSUME(NumberLit);
        },
      },
      { ALT: () => this.CONSUME(KW.noflush) },
    ]);
  });

  vmexitStmt = this.RULE('vmexitStmt', () => {
    this.CONSUME(KW.vmexit);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(Name) }, { ALT: () => this.CONSUME(StringLit) }]));
  });

  hostStmt = this.RULE('hostStmt', () => {
    this.CONSUME(KW.host);
    this.CONSUME(KW.zap);
  });

  markStmt = this.RULE('markStmt', () => {
    this.CONSUME(KW.mark);
    this.CONSUME(StringLit);
  });

  repeatStmt = this.RULE('repeatStmt', () => {
    this.CONSUME(KW.repeat);
    this.CONSUME(NumberLit);
    this.OPTION(() => this.SUBRULE(this.rangeTail));
    this.CONSUME(LBrace);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(NL) }, { ALT: () => this.SUBRULE(this.statement) }]));
    this.CONSUME(RBrace);
  });
}

let instance: ScenarioParser | null = null;

/** The parser is stateful but reusable; one instance per realm (building it runs grammar analysis). */
function parser(): ScenarioParser {
  instance ??= new ScenarioParser();
  return instance;
}

export interface ParseError {
  message: string;
  token: IToken;
  /** For errors at end of file, the token before (to place the diagnostic inside the document). */
  previous: IToken | undefined;
}

export function parseTokens(tokens: IToken[]): { cst: CstNode; errors: ParseError[] } {
  const p = parser();
  p.input = tokens;
  const cst = p.file();
  const errors: ParseError[] = p.errors.map((e) => ({
    message: e.message,
    token: e.token,
    previous: (e as { previousToken?: IToken }).previousToken,
  }));
  return { cst, errors };
}

export { Arrow, DotDot, Plus };
