import { expect, test } from 'vitest';
import fc from 'fast-check';
import { LongestFirstQueue } from '../../cli/sweep-schedule';

test('one task of each cell first, in grid order, then the costliest cell first', () => {
  const q = new LongestFirstQueue(['a', 'b', 'c'], 3);
  expect([q.next(), q.next(), q.next()]).toEqual([
    { cell: 'a', policy: 0 },
    { cell: 'b', policy: 0 },
    { cell: 'c', policy: 0 },
  ]);
  q.measured('a', 300);
  q.measured('b', 900);
  // c's first task has not reported: it may be the longest, so it goes first.
  expect(q.next()).toEqual({ cell: 'c', policy: 1 });
  q.measured('c', 100);
  expect(q.next()).toEqual({ cell: 'b', policy: 1 });
  expect(q.next()).toEqual({ cell: 'b', policy: 2 });
  expect(q.next()).toEqual({ cell: 'a', policy: 1 });
  expect(q.next()).toEqual({ cell: 'a', policy: 2 });
  expect(q.next()).toEqual({ cell: 'c', policy: 2 });
  expect(q.next()).toBeNull();
});

test('hands out every (cell, policy) task exactly once, whatever the measured times', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 8 }),
      fc.integer({ min: 1, max: 5 }),
      fc.array(fc.nat(2000)),
      (n, p, times) => {
        const cells = Array.from({ length: n }, (_, i) => i);
        const q = new LongestFirstQueue(cells, p);
        const seen: string[] = [];
        let k = 0;
        for (let t = q.next(); t; t = q.next()) {
          seen.push(`${t.cell}/${t.policy}`);
          q.measured(t.cell, times[k++ % Math.max(1, times.length)] ?? 1);
        }
        expect(seen.sort()).toEqual(
          cells.flatMap((c) => Array.from({ length: p }, (_, i) => `${c}/${i}`)).sort(),
        );
      },
    ),
  );
});
