import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario, createLanguageService, formatScenario } from '../../core/index';
import { fastParse } from '../../core/dsl/fast-parse';
import { parseTokens } from '../../core/dsl/parser';
import { AstBuilder } from '../../core/dsl/to-ast';
import { lex } from '../../core/dsl/tokens';
import { mutatedArb, rangeProblem, render, renderMessy, soupArb, validScenarioArb } from './arbitraries';

/** The AST through the Chevrotain parser (the error-recovering path). */
function slowAst(text: string): { ast: unknown; errors: number } {
  const l = lex(text);
  const p = parseTokens(l.tokens);
  const b = new AstBuilder();
  const ast = b.file(p.cst);
  return { ast, errors: l.errors.length + p.errors.length + b.diagnostics.length };
}

describe('generated valid scenarios', () => {
  it('compile without errors, and the fast path builds the same AST as the Chevrotain parser', () => {
    fc.assert(
      fc.property(validScenarioArb, (lines) => {
        const text = render(lines);
        const r = compileScenario(text);
        expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(r.program).not.toBeNull();
        const fast = fastParse(lex(text).tokens);
        expect(fast).not.toBeNull();
        const slow = slowAst(text);
        expect(slow.errors).toBe(0);
        expect(fast).toEqual(slow.ast);
      }),
      { numRuns: 800 },
    );
  });

  it('round-trip through the formatter: format is idempotent and keeps the Program, lines included', () => {
    fc.assert(
      fc.property(validScenarioArb, (lines) => {
        const text = render(lines);
        const once = formatScenario(text);
        expect(formatScenario(once)).toBe(once);
        expect(compileScenario(once).program).toEqual(compileScenario(text).program);
      }),
      { numRuns: 800 },
    );
  });

  it('format messy spacing, indentation, line endings and number case into one canonical form', () => {
    fc.assert(
      fc.property(validScenarioArb, fc.integer(), (lines, seed) => {
        let s = seed >>> 0;
        const rnd = (): number => {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          return s / 2 ** 32;
        };
        const messy = renderMessy(lines, rnd);
        const canon = formatScenario(render(lines));
        expect(formatScenario(messy)).toBe(canon);
        expect(compileScenario(messy).program).toEqual(compileScenario(canon).program);
      }),
      { numRuns: 800 },
    );
  });
});

describe('mutated and random input', () => {
  const checkNoThrowAndRanges = (text: string): void => {
    const r = compileScenario(text);
    for (const d of r.diagnostics) {
      expect(
        rangeProblem(text, d),
        `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.message}`,
      ).toBeNull();
      expect(d.message.length).toBeGreaterThan(0);
    }
    expect(r.program === null).toBe(r.diagnostics.some((d) => d.severity === 'error'));
    const f = formatScenario(text);
    expect(typeof f).toBe('string');
  };

  it('never throw, and every diagnostic range lies inside the document (mutated valid files)', () => {
    fc.assert(
      fc.property(mutatedArb, (text) => {
        checkNoThrowAndRanges(text);
        // Whenever the fast path accepts a file, the Chevrotain parser must accept it identically.
        const fast = fastParse(lex(text).tokens);
        if (fast && lex(text).errors.length === 0) {
          const slow = slowAst(text);
          expect(slow.errors).toBe(0);
          expect(fast).toEqual(slow.ast);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never throw, and every diagnostic range lies inside the document (token soup)', () => {
    fc.assert(fc.property(soupArb, checkNoThrowAndRanges), { numRuns: 1400 });
  });

  it('never throw in the language service at any position', () => {
    const ls = createLanguageService();
    fc.assert(
      fc.property(fc.oneof(mutatedArb, soupArb), fc.nat(), fc.nat(), (text, l, c) => {
        const lines = text.split(/\r\n|\n|\r/);
        const line = 1 + (l % lines.length);
        const column = 1 + (c % ((lines[line - 1]?.length ?? 0) + 1));
        expect(Array.isArray(ls.completions(text, line, column))).toBe(true);
        const h = ls.hover(text, line, column);
        if (h) expect(rangeProblem(text, h.range)).toBeNull();
        for (const s of ls.symbols(text)) expect(rangeProblem(text, s.selectionRange)).toBeNull();
        for (const d of ls.diagnostics(text)) expect(rangeProblem(text, d)).toBeNull();
      }),
      { numRuns: 400 },
    );
  });
});
