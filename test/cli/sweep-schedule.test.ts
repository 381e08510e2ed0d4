import { expect, test } from 'vitest';
import fc from 'fast-check';
import { SweepScheduler } from '../../cli/sweep-schedule';

test('cells are shared out by mode: each worker keeps to as few modes as the balance allows', () => {
  // Grid order interleaves the modes; sorted by mode (first appearance) the six cells are
  // s0 s3 e1 e4 n2 n5, cut into two shares of three.
  const cells = ['s0', 'e1', 'n2', 's3', 'e4', 'n5'];
  const modes = ['shadow', 'ept', 'nested', 'shadow', 'ept', 'nested'];
  const q = new SweepScheduler(cells, modes, 4, 2);
  // Exploring: one task per own cell, the policy the cell's grid index mod 4.
  expect([q.next(0), q.next(0), q.next(0)]).toEqual([
    { cell: 's0', policy: 0 },
    { cell: 's3', policy: 3 },
    { cell: 'e1', policy: 1 },
  ]);
  expect([q.next(1), q.next(1), q.next(1)]).toEqual([
    { cell: 'e4', policy: 0 },
    { cell: 'n2', policy: 2 },
    { cell: 'n5', policy: 1 },
  ]);
});

test('after exploring, the longest estimated task first: cell factor x policy factor', () => {
  const q = new SweepScheduler(['a', 'b'], ['m', 'm'], 2, 1);
  expect(q.next(0)).toEqual({ cell: 'a', policy: 0 });
  expect(q.next(0)).toEqual({ cell: 'b', policy: 1 });
  // a/0 took 100 ms, b/1 took 400 ms. Two measurements, four unknowns: the fit puts the policy
  // factors at 0 on its first pass, so a's factor is ln 100 and b's ln 400, and the policies stay
  // level — a/1 = 100, b/0 = 400: b/0 goes first.
  q.measured('a', 0, 100);
  q.measured('b', 1, 400);
  expect(q.next(0)).toEqual({ cell: 'b', policy: 0 });
  expect(q.next(0)).toEqual({ cell: 'a', policy: 1 });
  expect(q.next(0)).toBeNull();
});

test('a policy found slow in one cell is run early in the others', () => {
  const q = new SweepScheduler(['a', 'b', 'c'], ['m', 'm', 'm'], 2, 1);
  q.next(0); // a/0
  q.next(0); // b/1
  q.next(0); // c/0
  // Policy 1 took 3x policy 0 in b's neighbourhood: a/0 = c/0 = 100, b/1 = 300. The fit reads b as a
  // cell of factor ln 300 (b has only policy 1), so nothing yet says policy 1 is slow...
  q.measured('a', 0, 100);
  q.measured('c', 0, 100);
  q.measured('b', 1, 300);
  // ... and the pending tasks a/1, b/0, c/1 are estimated 100, 300, 100: b/0 first.
  expect(q.next(0)).toEqual({ cell: 'b', policy: 0 });
  // b/0 took 100: now b's factor lies between, policy 1 comes out the slow one, and a/1 and c/1 are
  // estimated alike (a first: ties go in share order).
  q.measured('b', 0, 100);
  expect(q.next(0)).toEqual({ cell: 'a', policy: 1 });
  expect(q.next(0)).toEqual({ cell: 'c', policy: 1 });
  expect(q.next(0)).toBeNull();
});

/**
 * Two workers, two policies, four cells in mode order (worker 0 owns the first two, worker 1 the
 * others): explores them — each cell's first task under policy (grid index mod 2) — and records those
 * tasks' times.
 */
function exploredFour(cells: string[], modes: string[], ms: number[]): SweepScheduler<string> {
  const q = new SweepScheduler(cells, modes, 2, 2);
  expect([q.next(0), q.next(0), q.next(1), q.next(1)]).toEqual(
    cells.map((cell, i) => ({ cell, policy: i % 2 })),
  );
  cells.forEach((cell, i) => q.measured(cell, i % 2, ms[i]!));
  return q;
}

test('a worker takes the shortest task of the busiest other worker once that brings them closer', () => {
  const q = exploredFour(['a', 'b', 'c', 'd'], ['x', 'x', 'y', 'y'], [10, 10, 1000, 3000]);
  // Worker 0's own: a/1, b/0 (10 each, 20 left); worker 1's: c/1 ~1000, d/0 ~3000 (4000 left).
  // 4000 - 20 > 1000: worker 0 takes c/1 before its own short tasks...
  expect(q.next(0)).toEqual({ cell: 'c', policy: 1 });
  // ... but not d/0 (3000 - 1020 < 3000: the two would end further apart).
  expect(q.next(0)).toEqual({ cell: 'a', policy: 1 });
  expect(q.next(0)).toEqual({ cell: 'b', policy: 0 });
  expect(q.next(1)).toEqual({ cell: 'd', policy: 0 });
  expect(q.next(0)).toBeNull();
  expect(q.next(1)).toBeNull();
});

test('a worker waits for its own share while the other is not far enough ahead', () => {
  const q = new SweepScheduler(['a', 'b'], ['x', 'y'], 3, 2);
  expect(q.next(0)).toEqual({ cell: 'a', policy: 0 });
  expect(q.next(1)).toEqual({ cell: 'b', policy: 1 });
  q.measured('a', 0, 100);
  q.measured('b', 1, 120);
  // Left: a/1, a/2 ~100 each (200); b/0, b/2 ~120 each (240). 240 - 200 < 120: no steal.
  expect(q.next(0)).toEqual({ cell: 'a', policy: 1 });
  expect(q.next(1)).toEqual({ cell: 'b', policy: 0 });
});

test('a thief takes a task of a mode it has already run before a shorter one of a new mode', () => {
  // Worker 0 owns s (shadow) and e1 (host EPT); worker 1 owns e2 (host EPT) and n (nested EPT).
  const q = exploredFour(['s', 'e1', 'e2', 'n'], ['s', 'e', 'e', 'n'], [10, 10, 500, 300]);
  // Worker 0 has ~20 ms left, worker 1 e2/1 (~500) and n/0 (~300): worker 0 takes one. n/0 is
  // shorter, but worker 0 has run host EPT and never nested EPT: it takes e2/1 (800 - 20 > 500).
  expect(q.next(0)).toEqual({ cell: 'e2', policy: 1 });
  expect(q.next(0)).toEqual({ cell: 's', policy: 1 });
  expect(q.next(1)).toEqual({ cell: 'n', policy: 0 });
});

test('hands out every (cell, policy) task exactly once, whatever the workers and measured times', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 8 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.nat(3), { minLength: 1, maxLength: 8 }),
      fc.array(fc.nat(2000), { minLength: 1 }),
      fc.array(fc.nat(3), { minLength: 1 }),
      (n, p, workers, modeOf, times, turns) => {
        const cells = Array.from({ length: n }, (_, i) => i);
        const modes = cells.map((i) => `m${modeOf[i % modeOf.length]}`);
        const q = new SweepScheduler(cells, modes, p, workers);
        const seen: string[] = [];
        // Workers ask in an arbitrary interleaving; the first "nothing left" must mean nothing is left
        // for anyone (a worker out of own tasks steals).
        for (let k = 0; ; k++) {
          const t = q.next(turns[k % turns.length]! % workers);
          if (!t) break;
          seen.push(`${t.cell}/${t.policy}`);
          q.measured(t.cell, t.policy, times[k % times.length]!);
        }
        for (let w = 0; w < workers; w++) expect(q.next(w)).toBeNull();
        expect(seen.sort()).toEqual(
          cells.flatMap((c) => Array.from({ length: p }, (_, i) => `${c}/${i}`)).sort(),
        );
      },
    ),
  );
});
