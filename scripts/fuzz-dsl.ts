// `npm run fuzz [-- N]`: fuzzes the scenario language with N cases (default 1,000,000): mutated valid
// files, token soup and generated valid files. Checks that nothing throws, every diagnostic range lies
// inside the document, a Program exists exactly when there is no error, the fast parser agrees with the
// Chevrotain one, and valid files format idempotently. Prints the count and every failure (first 20).
import fc from 'fast-check';
import { compileScenario, formatScenario } from '../core/index';
import { fastParse } from '../core/dsl/fast-parse';
import { parseTokens } from '../core/dsl/parser';
import { AstBuilder } from '../core/dsl/to-ast';
import { lex } from '../core/dsl/tokens';
import { mutatedArb, rangeProblem, render, soupArb, validScenarioArb } from '../test/dsl/arbitraries';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function check(text: string, valid: boolean): string | null {
  const r = compileScenario(text);
  for (const d of r.diagnostics) {
    const p = rangeProblem(text, d);
    if (p) return `diagnostic outside the document (${p}): ${d.message}`;
  }
  const hasError = r.diagnostics.some((d) => d.severity === 'error');
  if ((r.program === null) !== hasError) return 'program/error mismatch';
  if (valid && hasError) return `valid file has errors: ${r.diagnostics[0]?.message}`;
  const l = lex(text);
  const fast = l.errors.length === 0 ? fastParse(l.tokens) : null;
  if (fast) {
    const p = parseTokens(l.tokens);
    const b = new AstBuilder();
    const ast = b.file(p.cst);
    if (p.errors.length || b.diagnostics.length)
      return 'fast path accepted a file the Chevrotain parser rejects';
    if (!same(fast, ast)) return 'fast path AST differs from the Chevrotain AST';
  } else if (valid) return 'fast path gave up on a valid file';
  if (valid) {
    const f = formatScenario(text);
    if (formatScenario(f) !== f) return 'format is not idempotent';
    if (!same(compileScenario(f).program, r.program)) return 'formatting changed the Program';
  }
  return null;
}

const total = Number(process.argv[2] ?? 1_000_000);
const CHUNK = 2000;
let done = 0;
let failures = 0;
const t0 = performance.now();
for (let seed = 1; done < total; seed++) {
  const n = Math.min(CHUNK, total - done);
  const kinds: [fc.Arbitrary<string>, boolean][] = [
    [mutatedArb, false],
    [soupArb, false],
    [validScenarioArb.map(render), true],
  ];
  const [arb, valid] = kinds[seed % kinds.length]!;
  for (const text of fc.sample(arb, { numRuns: n, seed })) {
    let problem: string | null;
    try {
      problem = check(text, valid);
    } catch (e) {
      problem = `threw: ${e instanceof Error ? e.stack : String(e)}`;
    }
    if (problem) {
      failures++;
      if (failures <= 20)
        console.log(`FAILURE ${failures}: ${problem}\n--- input ---\n${text}\n-------------`);
    }
  }
  done += n;
  if (done % 50_000 < CHUNK) {
    const s = (performance.now() - t0) / 1000;
    process.stderr.write(`fuzz-dsl: ${done} cases, ${failures} failures, ${(done / s).toFixed(0)} cases/s\n`);
  }
}
console.log(
  `fuzz-dsl: ${done} cases, ${failures} failures (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);
process.exitCode = failures ? 1 : 0;
