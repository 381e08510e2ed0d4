// The Decision check: the hand-written hot-path check, the exported zod schema and the copy that runs
// inside the QuickJS sandbox accept exactly the same values.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DECISION_BAD_FLUSH,
  DECISION_BAD_SYNC,
  DECISION_CODE_SOURCE,
  DECISION_NOT_AN_OBJECT,
  DECISION_UNKNOWN_FIELD,
  DECISIONS,
  DecisionSchema,
  PolicyError,
  decisionCode,
  validateDecision,
} from '../../core/index';
import { testSandbox } from './helpers';

const syncs = ['none', 'target', 'all-roots'];
const flushes = ['none', 'current', 'all'];

/** Values near the boundary: right and wrong strings, extra fields, non-objects. */
const decisionLike = fc.oneof(
  fc.record(
    {
      sync: fc.oneof(
        fc.constantFrom(...syncs),
        fc.constantFrom('None', 'all', '', 'target '),
        fc.jsonValue(),
      ),
      flush: fc.oneof(fc.constantFrom(...flushes), fc.constantFrom('target', 'ALL'), fc.jsonValue()),
      extra: fc.jsonValue(),
      sync2: fc.constant(1),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
  fc.array(fc.constantFrom(...syncs)),
);

describe('Decision validation', () => {
  it('gives the codes 0..8 to the nine valid decisions, sync-major', () => {
    expect(decisionCode({ sync: 'none', flush: 'none' })).toBe(0);
    expect(decisionCode({ sync: 'none', flush: 'all' })).toBe(2);
    expect(decisionCode({ flush: 'current', sync: 'target' })).toBe(4);
    expect(decisionCode({ sync: 'all-roots', flush: 'all' })).toBe(8);
    expect(DECISIONS[4]).toEqual({ sync: 'target', flush: 'current' });
    expect(Object.isFrozen(DECISIONS[4])).toBe(true);
  });

  it('rejects null, NaN, arrays, functions, wrong strings and extra fields with their reason', () => {
    expect(decisionCode(null)).toBe(DECISION_NOT_AN_OBJECT);
    expect(decisionCode(NaN)).toBe(DECISION_NOT_AN_OBJECT);
    expect(decisionCode(undefined)).toBe(DECISION_NOT_AN_OBJECT);
    expect(decisionCode(Object.assign(['x'], { sync: 'none', flush: 'none' }))).toBe(DECISION_NOT_AN_OBJECT);
    expect(decisionCode(Object.assign(() => 0, { sync: 'none', flush: 'none' }))).toBe(
      DECISION_NOT_AN_OBJECT,
    );
    expect(decisionCode({ sync: NaN, flush: 'none' })).toBe(DECISION_BAD_SYNC);
    expect(decisionCode({ sync: 'all', flush: 'none' })).toBe(DECISION_BAD_SYNC);
    expect(decisionCode({ sync: 'none', flush: 'target' })).toBe(DECISION_BAD_FLUSH);
    expect(decisionCode({ sync: 'none' })).toBe(DECISION_BAD_FLUSH);
    expect(decisionCode({ sync: 'none', flush: 'none', why: 'x' })).toBe(DECISION_UNKNOWN_FIELD);
    expect(decisionCode({ sync: 'none', flush: 'none', x: undefined })).toBe(DECISION_UNKNOWN_FIELD);
  });

  it('reads each field once, so a getter cannot pass the check with one value and return another', () => {
    let reads = 0;
    const sly = {
      get sync() {
        reads++;
        return reads === 1 ? 'none' : 'bogus';
      },
      flush: 'none',
    };
    expect(decisionCode(sly)).toBe(0);
    expect(reads).toBe(1);
  });

  it('names the policy and the event index when it throws', () => {
    expect(() => validateDecision({ sync: 'none', flush: 'none', extra: 1 }, 'my-policy', 42)).toThrow(
      /policy 'my-policy' returned \{"sync":"none","flush":"none","extra":1\}: a Decision has only the fields sync and flush \(event 42\)/,
    );
    try {
      validateDecision(null, 'p', 7);
    } catch (err) {
      expect(err).toBeInstanceOf(PolicyError);
      expect((err as PolicyError).event).toBe(7);
      expect((err as PolicyError).policyId).toBe('p');
    }
  });

  it('agrees with the zod schema on arbitrary values (property)', () => {
    fc.assert(
      fc.property(decisionLike, (v) => {
        expect(decisionCode(v) >= 0).toBe(DecisionSchema.safeParse(v).success);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with its sandbox copy, run in QuickJS, on arbitrary values (property)', async () => {
    const sandbox = await testSandbox();
    const ctx = sandbox.module.newContext();
    try {
      const fn = ctx.unwrapResult(
        ctx.evalCode(
          `(function () { const isArray = Array.isArray, keys = Object.keys; ${DECISION_CODE_SOURCE}; return (json) => decisionCode(JSON.parse(json)); })()`,
          'check.js',
          { type: 'global' },
        ),
      );
      fc.assert(
        fc.property(decisionLike, (v) => {
          const arg = ctx.newString(JSON.stringify(v));
          const r = ctx.unwrapResult(ctx.callFunction(fn, ctx.undefined, arg));
          arg.dispose();
          const inside = ctx.getNumber(r);
          r.dispose();
          expect(inside).toBe(decisionCode(v));
        }),
        { numRuns: 1000 },
      );
      fn.dispose();
    } finally {
      ctx.dispose();
    }
  });
});
