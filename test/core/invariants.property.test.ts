// Property tests of the invariants model.md lists, over generated programs that reach every header
// option and every statement kind.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import alwaysSync from '../../plugins/always-sync/index';
import kvmCurrent from '../../plugins/kvm-current/index';
import neverSync from '../../plugins/never-sync/index';
import { definePolicy, type Decision } from '../../core/policy/api';
import { programArb } from './arbitrary-program';
import { run } from './program-builder';

const RUNS = Number(process.env['VMXLAB_PROPERTY_RUNS'] ?? 1000);

describe('engine invariants', () => {
  // Scope (docs/decisions.md): no table under two PCIDs, and no no-flush load of a table a guest wrote
  // while it was not current — KVM reuses that cached root with its unsync SPTEs whatever the policy.
  test('always-sync never has a violation within the scope of model.md', () => {
    fc.assert(
      fc.property(programArb({ noflush: 'clean' }), (program) => {
        const r = run(program, alwaysSync);
        expect(r.violations).toEqual([]);
        expect(r.metrics.violations).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });

  test('with host EPT the sync part of a decision neither causes nor prevents a violation', () => {
    const flushOnly = (sync: Decision['sync']) =>
      definePolicy({
        id: `sync-${sync}`,
        name: '',
        description: '',
        decide: (t) => ({ sync, flush: kvmCurrent.decide(t).flush }),
      });
    fc.assert(
      fc.property(
        programArb().filter((p) => p.config.host.ept),
        (program) => {
          const a = run(program, flushOnly('none'));
          const b = run(program, flushOnly('all-roots'));
          expect(b.metrics.violations).toBe(a.metrics.violations);
          expect(b.violations).toEqual(a.violations);
        },
      ),
      { numRuns: RUNS / 2 },
    );
  });

  test('with host.unsync off, skipping syncs never causes a stale-spte violation', () => {
    fc.assert(
      fc.property(
        programArb().filter((p) => !p.config.host.unsync),
        (program) => {
          expect(run(program, neverSync).metrics.violationsByCause['stale-spte']).toBe(0);
        },
      ),
      { numRuns: RUNS / 2 },
    );
  });

  test('kvm-current never has a violation within the same scope', () => {
    fc.assert(
      fc.property(programArb({ noflush: 'clean' }), (program) => {
        expect(run(program, kvmCurrent).metrics.violations).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });

  test('every violation lists allowed frames that differ from the one used', () => {
    fc.assert(
      fc.property(programArb(), (program) => {
        for (const v of run(program, neverSync).violations) expect(v.allowed).not.toContain(v.used);
      }),
      { numRuns: RUNS / 4 },
    );
  });

  test('the same program gives identical results twice', () => {
    fc.assert(
      fc.property(programArb(), (program) => {
        expect(run(program, kvmCurrent)).toEqual(run(program, kvmCurrent));
      }),
      { numRuns: RUNS / 4 },
    );
  });
});
