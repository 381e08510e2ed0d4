// RetainedValues against a plain Map (the behaviour it replaces): random adds, prunes and filters.
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { RetainedValues } from '../../../core/oracle/retained';

const RUNS = Number(process.env['VMXLAB_PROPERTY_RUNS'] ?? 1000);

test('holds exactly what a map of value -> latest end would, through adds, pruning and filters', () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), raw: fc.nat(12), end: fc.nat(100) }),
    fc.record({ kind: fc.constant('keep' as const), odd: fc.boolean() }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), fc.nat(100), (ops, deadBefore) => {
      const r = new RetainedValues();
      const model = new Map<number, number>();
      // A value is dead once its end is at or below `deadBefore`: pruning may drop it, lookups must
      // then agree on the live ones only.
      const alive = (_raw: number, end: number) => end > deadBefore;
      for (const o of ops) {
        if (o.kind === 'add') {
          if (r.add(o.raw, o.end)) r.prune(alive);
          model.set(o.raw, o.end);
        } else {
          const keep = (raw: number) => raw % 2 === (o.odd ? 1 : 0);
          r.retainOnly(keep);
          for (const k of [...model.keys()]) if (!keep(k)) model.delete(k);
        }
      }
      const live = [...model].filter(([raw, end]) => alive(raw, end)).sort((a, b) => a[0] - b[0]);
      const got = [...r.entries()].filter(([raw, end]) => alive(raw, end)).sort((a, b) => a[0] - b[0]);
      expect(got).toEqual(live);
      for (const [raw, end] of live) expect(r.endOf(raw)).toBe(end);
      expect(r.size).toBe([...r.entries()].length);
    }),
    { numRuns: RUNS },
  );
});
