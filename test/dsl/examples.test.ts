import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileScenario, parseExpectations } from '../../core/index';

const dir = fileURLToPath(new URL('../../examples', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.vmx'))
  .sort();
const BUILT_INS = ['always-sync', 'kvm-2020', 'kvm-current', 'never-sync'];

describe('example lessons', () => {
  it('are at least ten, and keep the first one under its name', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(files).toContain('01-shadow-l1-no-vpid.vmx');
  });

  it.each(files)('%s checks clean (no errors, no warnings)', (f) => {
    const r = compileScenario(readFileSync(join(dir, f), 'utf8'));
    expect(r.diagnostics).toEqual([]);
    expect(r.program).not.toBeNull();
  });

  it.each(files)('%s has a comment header and expect lines for every built-in policy', (f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    expect(text.startsWith('# ')).toBe(true);
    const { expectations, diagnostics } = parseExpectations(text);
    expect(diagnostics).toEqual([]);
    for (const e of expectations) expect(BUILT_INS).toContain(e.policy);
    expect([...new Set(expectations.map((e) => e.policy))].sort()).toEqual(BUILT_INS);
  });

  it('cover every legal cell of the host.ept x l1.ept x l1.vpid truth table', () => {
    const cells = new Set(
      files.map((f) => {
        const c = compileScenario(readFileSync(join(dir, f), 'utf8')).program!.config;
        return `${c.host.ept}/${c.l1.ept}/${c.l1.vpid}`;
      }),
    );
    for (const cell of [
      'false/false/false',
      'false/false/true',
      'true/false/false',
      'true/false/true',
      'true/true/false',
      'true/true/true',
    ]) {
      expect(cells).toContain(cell);
    }
  });

  it('include a stress run of at least 10 million events, kept as one repeat node', () => {
    const r = compileScenario(readFileSync(join(dir, '16-stress-10m.vmx'), 'utf8'));
    const rep = r.program!.body.find((s) => s.op === 'repeat');
    expect(rep).toMatchObject({ op: 'repeat', min: 100_000, max: 100_001 });
    // Per round: 48 + 48 + 4 accesses and 2 PTE writes, plus the two transitions.
    const perRound = 48 + 2 + 48 + 4 + 2;
    expect(100_000 * perRound).toBeGreaterThanOrEqual(10_000_000);
  });
});

describe('parseExpectations', () => {
  it('reads clauses, several policies per clause, several constraints, and bare counts', () => {
    const src =
      '# expect: kvm-2020 stale-spte >= 1, stale-tlb 0; always-sync, kvm-current 0\n#expect:never-sync violations>2\n';
    expect(parseExpectations(src)).toEqual({
      expectations: [
        {
          policy: 'kvm-2020',
          line: 1,
          constraints: [
            { metric: 'stale-spte', op: '>=', value: 1 },
            { metric: 'stale-tlb', op: '=', value: 0 },
          ],
        },
        { policy: 'always-sync', line: 1, constraints: [{ metric: 'violations', op: '=', value: 0 }] },
        { policy: 'kvm-current', line: 1, constraints: [{ metric: 'violations', op: '=', value: 0 }] },
        { policy: 'never-sync', line: 2, constraints: [{ metric: 'violations', op: '>', value: 2 }] },
      ],
      diagnostics: [],
    });
  });

  it('reports a malformed clause at its line', () => {
    const r = parseExpectations('l1 pgd A\n# expect: kvm-2020 stale-spte >=\n# expect: Bad! 1\n');
    expect(r.diagnostics.map((d) => `${d.line}: ${d.message}`)).toEqual([
      "2: expected a count after 'stale-spte >=', found 'end of line'",
      "3: expected a policy id, found 'Bad!'",
    ]);
  });
});
