// `# expect:` lines of example scenarios (docs/dsl.md "Expectations"): the outcome each policy should
// have, as constraints on the violation counts of a result (core/run/result.ts Metrics). Comments to the
// compiler; data to the example tests that run every lesson under every built-in policy.
import { diag, type Diagnostic } from './diagnostics';

export type ExpectMetric = 'violations' | 'stale-spte' | 'stale-tlb';
export type ExpectOp = '=' | '>=' | '<=' | '>';

export interface ExpectConstraint {
  metric: ExpectMetric;
  op: ExpectOp;
  value: number;
}

export interface Expectation {
  policy: string;
  constraints: ExpectConstraint[];
  /** 1-based line of the `# expect:` comment. */
  line: number;
}

export interface ParsedExpectations {
  expectations: Expectation[];
  diagnostics: Diagnostic[];
}

const METRICS: readonly ExpectMetric[] = ['violations', 'stale-spte', 'stale-tlb'];
const OPS: readonly ExpectOp[] = ['>=', '<=', '=', '>'];
const POLICY_ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Grammar, per line: `# expect: CLAUSE (; CLAUSE)*`, CLAUSE = `POLICY (, POLICY)* CONSTRAINT (, CONSTRAINT)*`,
 * CONSTRAINT = `N` (violations = N) | `METRIC N` (= N) | `METRIC OP N`, OP one of `= >= <= >`.
 */
export function parseExpectations(source: string): ParsedExpectations {
  const expectations: Expectation[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = source.split(/\r\n|\n|\r/);
  lines.forEach((text, i) => {
    const m = /^(\s*#\s*expect\s*:)(.*)$/.exec(text);
    if (!m) return;
    const line = i + 1;
    let col = m[1]!.length + 1;
    for (const rawClause of m[2]!.split(';')) {
      const clauseCol = col;
      col += rawClause.length + 1;
      const fail = (message: string): void =>
        void diagnostics.push(
          diag('error', message, {
            line,
            column: clauseCol,
            endLine: line,
            endColumn: clauseCol + rawClause.length,
          }),
        );
      const words = rawClause
        .replace(/(>=|<=|=|>)/g, ' $1 ')
        .split(/[\s,]+/)
        .filter((w) => w !== '');
      if (words.length === 0) continue;
      const policies: string[] = [];
      let k = 0;
      while (k < words.length && !METRICS.includes(words[k] as ExpectMetric) && !/^\d/.test(words[k]!)) {
        if (!POLICY_ID.test(words[k]!)) return fail(`expected a policy id, found '${words[k]}'`);
        policies.push(words[k]!);
        k++;
      }
      if (policies.length === 0)
        return fail(`expected a policy id before the constraints, found '${words[0]}'`);
      const constraints: ExpectConstraint[] = [];
      while (k < words.length) {
        const w = words[k]!;
        if (/^\d+$/.test(w)) {
          constraints.push({ metric: 'violations', op: '=', value: Number(w) });
          k++;
          continue;
        }
        if (!METRICS.includes(w as ExpectMetric)) {
          return fail(`expected a number or one of ${METRICS.join(', ')}, found '${w}'`);
        }
        let op: ExpectOp = '=';
        if (OPS.includes(words[k + 1] as ExpectOp)) {
          op = words[k + 1] as ExpectOp;
          k++;
        }
        const v = words[k + 1];
        if (v === undefined || !/^\d+$/.test(v))
          return fail(`expected a count after '${w} ${op}', found '${v ?? 'end of line'}'`);
        constraints.push({ metric: w as ExpectMetric, op, value: Number(v) });
        k += 2;
      }
      if (constraints.length === 0) return fail(`expected a constraint after '${policies.join(', ')}'`);
      for (const policy of policies) expectations.push({ policy, constraints, line });
    }
  });
  return { expectations, diagnostics };
}

/** The value of an expectation's metric in a result's metrics. */
export function expectMetricValue(
  m: { violations: number; violationsByCause: Record<'stale-spte' | 'stale-tlb', number> },
  metric: ExpectMetric,
): number {
  return metric === 'violations' ? m.violations : m.violationsByCause[metric];
}

export function satisfies(c: ExpectConstraint, actual: number): boolean {
  switch (c.op) {
    case '=':
      return actual === c.value;
    case '>=':
      return actual >= c.value;
    case '<=':
      return actual <= c.value;
    case '>':
      return actual > c.value;
  }
}

export function describeConstraint(c: ExpectConstraint): string {
  return `${c.metric} ${c.op} ${c.value}`;
}
