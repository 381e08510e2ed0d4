// RunEnds against a plain Map (the behaviour it replaces): random sets, then get(), size and the
// parallel arrays the oracle's per-access loops walk (every table once, first-run order, latest end).
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { RunEnds } from '../../../core/oracle/run-ends';

const RUNS = Number(process.env['VMXLAB_PROPERTY_RUNS'] ?? 1000);

test('holds what a map of table -> latest end would, in first-set order', () => {
  const setOp = fc.record({
    table: fc.nat(20),
    end: fc.oneof(fc.nat(1000), fc.constant(Infinity)),
  });
  fc.assert(
    fc.property(fc.array(setOp, { maxLength: 80 }), (ops) => {
      const r = new RunEnds();
      const model = new Map<number, number>();
      for (const o of ops) {
        r.set(o.table, o.end);
        model.set(o.table, o.end);
      }
      expect(r.size).toBe(model.size);
      expect(r.tables).toEqual([...model.keys()]);
      expect(r.ends).toEqual([...model.values()]);
      for (let t = 0; t <= 21; t++) expect(r.get(t)).toBe(model.get(t));
    }),
    { numRuns: RUNS },
  );
});
