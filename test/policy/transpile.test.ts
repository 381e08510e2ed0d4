// TypeScript -> JavaScript for user plugins: types and type-only imports vanish, ES modules stay.
import { describe, expect, it } from 'vitest';
import { transpilePolicy } from '../../core/index';

describe('transpilePolicy', () => {
  it('strips types and type-only imports but keeps the vmxlab value import and the default export', () => {
    const r = transpilePolicy(
      'p/index.ts',
      `import { definePolicy, type Decision, type Transition } from 'vmxlab';
       import type { SyncDecision } from 'vmxlab';
       interface Memo { last: SyncDecision }
       const memo: Memo = { last: 'none' };
       export default definePolicy({ id: 'p', name: 'p', description: '', decide(t: Transition): Decision {
         return { sync: memo.last as SyncDecision, flush: t.kind === 'vmexit' ? 'none' : 'current' } satisfies Decision;
       } });`,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // Sucrase blanks the type-only names in place (keeping line numbers for stack traces).
    expect(r.code).toContain("import { definePolicy, } from 'vmxlab';");
    expect(r.code.match(/import/g)).toHaveLength(1);
    expect(r.code).not.toMatch(/Transition|SyncDecision|interface|satisfies/);
    expect(r.code).toMatch(/export default definePolicy\(/);
  });

  it('passes .js entries through untouched', () => {
    const src = 'export default { decide: (t) => t };';
    expect(transpilePolicy('p/index.js', src)).toEqual({ ok: true, code: src });
  });

  it('reports syntax errors instead of throwing', () => {
    const r = transpilePolicy('p/index.ts', 'export default { decide(t: ) {} }');
    expect(r.ok).toBe(false);
  });
});
