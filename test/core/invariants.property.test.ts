// Property tests of the invariants model.md lists, over generated programs that reach every header
// option and every statement kind.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import alwaysSync from '../../plugins/always-sync/index';
import kvmCurrent from '../../plugins/kvm-current/index';
import neverSync from '../../plugins/never-sync/index';
import { definePolicy, type Decision } from '../../core/policy/api';
import type { Stmt } from '../../core/model/program';
import { programArb } from './arbitrary-program';
import { run } from './program-builder';

const RUNS = Number(process.env['VMXLAB_PROPERTY_RUNS'] ?? 1000);

describe('engine invariants', () => {
  // Scope (docs/engine.md): no table under two PCIDs, and no no-flush load of another table a guest wrote
  // since its last flushing load — KVM reuses that cached root with its unsync SPTEs whatever the policy.
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

describe('fast paths', () => {
  // The runner serves verified TLB hits in blocks (HardwareTlb.hitRun) and skips the oracle for entries
  // it stamped at the current epoch; with both off every access takes the full path and the full
  // check. Any step size and bin count (blocks stop at both) must give the same result.
  test('give the same result as the full path and full checks, for any step size and bin bound', () => {
    fc.assert(
      fc.property(
        programArb(),
        fc.constantFrom(alwaysSync, kvmCurrent, neverSync),
        fc.integer({ min: 1, max: 64 }),
        fc.constantFrom(2, 4, 2048),
        (program, policy, stepEvents, maxBins) => {
          const full = run(program, policy, { fastPaths: false, maxBins });
          const batched = run(program, policy, { maxBins }, stepEvents);
          expect(batched).toEqual(full);
        },
      ),
      { numRuns: RUNS / 2 },
    );
  });

  test('count every violation the same when only the first is kept (no explanation built for the rest)', () => {
    fc.assert(
      fc.property(programArb(), fc.constantFrom(kvmCurrent, neverSync), (program, policy) => {
        const full = run(program, policy, { fastPaths: false });
        const fast = run(program, policy, { maxViolations: 1 });
        expect(fast.metrics).toEqual(full.metrics);
        expect(fast.timeline).toEqual(full.timeline);
        expect(fast.violations).toEqual(full.violations.slice(0, 1));
      }),
      { numRuns: RUNS / 2 },
    );
  });
});

describe('generator coverage', () => {
  test('generated programs reach every statement kind and header option', () => {
    const seen = new Map<string, number>();
    const bump = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);
    const walk = (stmts: Stmt[]): void => {
      for (const s of stmts) {
        bump(`op:${s.op}`);
        if (s.op === 'invpcid' || s.op === 'invvpid' || s.op === 'invept') bump(`${s.op}:${s.type}`);
        if (s.op === 'cr3' && s.noflush) bump('cr3:noflush');
        if (s.op === 'access') bump(`access:${s.access}`);
        if (s.op === 'repeat') walk(s.body);
      }
    };
    for (const p of fc.sample(programArb(), 2000)) {
      const c = p.config;
      bump(`host.ept:${c.host.ept}`);
      bump(`host.vpid:${c.host.vpid}`);
      bump(`host.unsync:${c.host.unsync}`);
      bump(`l1.ept:${c.l1.ept}`);
      bump(`l1.vpid:${c.l1.vpid}`);
      bump(`l1.pcid:${c.l1.pcid}`);
      bump(`vpid02:${c.vpid02}`);
      bump(`roots:${c.roots}`);
      if (p.maps.some((m) => m.large)) bump('map:2M');
      if (p.maps.some((m) => m.global)) bump('map:global');
      if (p.maps.some((m) => m.ro)) bump('map:ro');
      walk(p.body);
    }
    const required = [
      ...[
        'access',
        'pte',
        'eptpte',
        'cr3',
        'vmenter',
        'vmexit',
        'invlpg',
        'invpcid',
        'invvpid',
        'invept',
        'vpid12',
        'zap',
        'mark',
        'repeat',
      ].map((o) => `op:${o}`),
      ...['addr', 'single', 'all', 'all-nonglobal'].map((t) => `invpcid:${t}`),
      ...['addr', 'single', 'all', 'single-globals'].map((t) => `invvpid:${t}`),
      'invept:single',
      'invept:all',
      'cr3:noflush',
      'access:read',
      'access:write',
      'access:fetch',
      ...['host.ept', 'host.vpid', 'host.unsync', 'l1.ept', 'l1.vpid', 'l1.pcid'].flatMap((k) => [
        `${k}:true`,
        `${k}:false`,
      ]),
      'vpid02:auto',
      'vpid02:none',
      'roots:0',
      'roots:3',
      'map:2M',
      'map:global',
      'map:ro',
    ];
    const missing = required.filter((k) => !seen.has(k));
    console.log(
      `generator coverage over 2000 programs: ${[...seen]
        .sort()
        .map(([k, n]) => `${k}=${n}`)
        .join(' ')}`,
    );
    expect(missing).toEqual([]);
  });
});
