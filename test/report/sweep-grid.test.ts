import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  expandGrid,
  parseGrid,
  parseGridArg,
  GridError,
  SETTABLE_KEYS,
  cellLabel,
  withoutTimeline,
} from '../../core/index';
import { fixtureResultDoc } from './fixtures/result-doc';

describe('sweep grids', () => {
  test('parse key=v1,v2 for settable keys', () => {
    expect(parseGridArg('host.ept=on,off')).toEqual({ key: 'host.ept', values: ['on', 'off'] });
    expect(parseGridArg('tlb.entries=64, 0x600 ,1536')).toEqual({
      key: 'tlb.entries',
      values: ['64', '0x600', '1536'],
    });
    expect(parseGridArg('vpid02=auto,none').values).toEqual(['auto', 'none']);
  });

  test('reject unknown keys, bad values, empty and repeated values, and a key given twice', () => {
    expect(() => parseGridArg('host.bogus=on')).toThrow(/unknown grid key 'host.bogus'/);
    expect(() => parseGridArg('host.ept=yes')).toThrow("expected 'on' or 'off' for host.ept, found 'yes'");
    expect(() => parseGridArg('roots=three')).toThrow(/expected an integer for roots/);
    expect(() => parseGridArg('roots=1,,2')).toThrow(/empty value/);
    expect(() => parseGridArg('roots=1,1')).toThrow(/appears twice/);
    expect(() => parseGridArg('host.ept')).toThrow(GridError);
    expect(() => parseGrid(['roots=1,2', 'roots=3'])).toThrow(/given twice/);
    expect(() => parseGrid([])).toThrow(/at least one --grid/);
  });

  test('expand in grid order: the first key varies slowest', () => {
    const cells = expandGrid(parseGrid(['host.ept=on,off', 'l1.vpid=on,off', 'roots=1,3']));
    expect(cells.map(cellLabel)).toEqual([
      'host.ept=on l1.vpid=on roots=1',
      'host.ept=on l1.vpid=on roots=3',
      'host.ept=on l1.vpid=off roots=1',
      'host.ept=on l1.vpid=off roots=3',
      'host.ept=off l1.vpid=on roots=1',
      'host.ept=off l1.vpid=on roots=3',
      'host.ept=off l1.vpid=off roots=1',
      'host.ept=off l1.vpid=off roots=3',
    ]);
  });

  test('give one cell per grid point, each distinct, for any grid', () => {
    const intKeys = Object.entries(SETTABLE_KEYS)
      .filter(([, k]) => k === 'int')
      .map(([k]) => k);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...intKeys), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
        (keys, sizes) => {
          const args = keys.map(
            (k, i) => `${k}=${Array.from({ length: sizes[i]! }, (_, j) => j + 1).join(',')}`,
          );
          const cells = expandGrid(parseGrid(args));
          const expected = keys.reduce((n, _k, i) => n * sizes[i]!, 1);
          expect(cells).toHaveLength(expected);
          expect(new Set(cells.map(cellLabel)).size).toBe(expected);
          // The last key cycles fastest: consecutive cells differ in it.
          if (expected > 1 && sizes[keys.length - 1]! > 1) {
            const last = keys[keys.length - 1]! as keyof (typeof cells)[0];
            expect(cells[0]![last]).not.toBe(cells[1]![last]);
          }
        },
      ),
    );
  });

  test('drop a run’s timeline for --no-timeline and keep the rest', () => {
    const run = fixtureResultDoc({ bins: 2 }).runs[0]!;
    const slim = withoutTimeline(run);
    expect('timeline' in slim).toBe(false);
    expect(slim.metrics).toEqual(run.metrics);
  });
});
