// HardwareTlb against a naive reference: a list of entries per set, a linear search, LRU by a
// global use counter, flushes that delete entries — the model.md "Hardware TLB" rules written the
// plain way. Random operation sequences over a small page/context space (so sets fill, conflict and
// flush often) must give the same lookups, the same fills and the same live entries.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { HardwareTlb } from '../../../core/machine/tlb';

const RUNS = Number(process.env['VMXLAB_PROPERTY_RUNS'] ?? 1000);

interface RefEntry {
  page: number; // vpn, or region for a 2 MiB entry
  large: boolean;
  vpid: number;
  ept: number;
  pcid: number;
  global: boolean;
  value: number;
  src: number;
  used: number;
}

/** The reference: per set, the entries it holds (at most `ways`). */
class RefTlb {
  private readonly sets: RefEntry[][];
  private clock = 0;
  constructor(
    private readonly nSets: number,
    private readonly ways: number,
  ) {
    this.sets = Array.from({ length: nSets }, () => []);
  }
  private set(page: number): RefEntry[] {
    return this.sets[page % this.nSets]!;
  }
  /** What lookup() finds: own-PCID 4 KiB, global 4 KiB, own-PCID 2 MiB, global 2 MiB. */
  lookup(vpn: number, vpid: number, ept: number, pcid: number): RefEntry | null {
    const region = Math.floor(vpn / 512);
    const find = (page: number, large: boolean, ok: (e: RefEntry) => boolean) =>
      this.set(page).find(
        (e) => e.page === page && e.large === large && e.vpid === vpid && e.ept === ept && ok(e),
      );
    const e =
      find(vpn, false, (x) => x.pcid === pcid) ??
      find(vpn, false, (x) => x.global) ??
      find(region, true, (x) => x.pcid === pcid) ??
      find(region, true, (x) => x.global) ??
      null;
    if (e) e.used = ++this.clock;
    return e;
  }
  fill(
    vpn: number,
    large: boolean,
    vpid: number,
    ept: number,
    pcid: number,
    global: boolean,
    value: number,
    src: number,
  ): void {
    const page = large ? Math.floor(vpn / 512) : vpn;
    const set = this.set(page);
    const same = set.findIndex(
      (e) => e.page === page && e.large === large && e.vpid === vpid && e.ept === ept && e.pcid === pcid,
    );
    if (same >= 0) set.splice(same, 1);
    else if (set.length === this.ways) {
      let lru = 0;
      for (let i = 1; i < set.length; i++) if (set[i]!.used < set[lru]!.used) lru = i;
      set.splice(lru, 1);
    }
    set.push({ page, large, vpid, ept, pcid, global, value, src, used: ++this.clock });
  }
  remove(pred: (e: RefEntry) => boolean): void {
    for (const set of this.sets) {
      for (let i = set.length - 1; i >= 0; i--) if (pred(set[i]!)) set.splice(i, 1);
    }
  }
  live(): string[] {
    return this.sets
      .flat()
      .map(
        (e) =>
          `${e.large ? 'L' : 'P'}${e.page} v${e.vpid} e${e.ept} p${e.pcid}${e.global ? ' g' : ''} =${e.value}`,
      )
      .sort();
  }
}

const VPIDS = [0, 1, 2];
const EPTS = [0, 1];
const op = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant('access' as const),
      // Mostly a few pages (so lookups hit, and hit after flushes), sometimes any of 2048.
      vpn: fc.oneof({ weight: 3, arbitrary: fc.nat(31) }, { weight: 1, arbitrary: fc.nat(2047) }),
      ctx: fc.nat(5),
      pcid: fc.nat(2),
      large: fc.boolean(),
      global: fc.boolean(),
      src: fc.nat(2),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('flushAll' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('flushWhere' as const),
      vpid: fc.integer({ min: -1, max: 2 }),
      ept: fc.integer({ min: -1, max: 1 }),
      pcid: fc.integer({ min: -1, max: 2 }),
      globals: fc.constantFrom('keep' as const, 'also' as const, 'only' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('flushPage' as const),
      vpn: fc.nat(2047),
      vpid: fc.integer({ min: -1, max: 2 }),
      ept: fc.integer({ min: -1, max: 1 }),
      pcid: fc.integer({ min: -1, max: 2 }),
      globals: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('flushSrcPage' as const),
      vpn: fc.nat(2047),
      src: fc.nat(2),
      large: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('flushEptRoot' as const), ept: fc.nat(1) }) },
);

describe('hardware TLB against a reference model', () => {
  test('lookups, fills and flushes agree entry for entry', () => {
    fc.assert(
      fc.property(
        fc.constantFrom([8, 2], [16, 4], [12, 3], [4, 1], [24, 12], [12, 4], [6, 2]),
        fc.array(op, { minLength: 1, maxLength: 300 }),
        // Half the runs without 2 MiB entries: their presence turns the quick-miss test off.
        fc.boolean(),
        ([entries, ways], ops, withLarge) => {
          const tlb = new HardwareTlb(entries!, ways!);
          const ref = new RefTlb(entries! / ways!, ways!);
          let value = 0;
          for (const o of ops) {
            switch (o.op) {
              case 'access': {
                const vpid = VPIDS[o.ctx % 3]!;
                const ept = EPTS[Math.floor(o.ctx / 3)]!;
                const ctx = tlb.context(vpid, ept);
                // The batched miss path's test, asked before the lookup: it may only say "miss" for one.
                const quickMiss = tlb.isQuickMiss(o.vpn, ctx);
                const slot = tlb.lookup(o.vpn, ctx, o.pcid);
                const want = ref.lookup(o.vpn, vpid, ept, o.pcid);
                if (quickMiss) expect(want).toBeNull();
                expect(slot >= 0 ? tlb.entryValue(slot) : null).toBe(want ? want.value : null);
                if (slot < 0) {
                  value += 8;
                  const large = o.large && withLarge;
                  tlb.fill(o.vpn, large, ctx, o.pcid, o.global, value, o.src);
                  ref.fill(o.vpn, large, vpid, ept, o.pcid, o.global, value, o.src);
                }
                break;
              }
              case 'flushAll':
                tlb.flushAll();
                ref.remove(() => true);
                break;
              case 'flushWhere':
                tlb.flushWhere(o.vpid, o.ept, o.pcid, o.globals);
                ref.remove(
                  (e) =>
                    (o.vpid < 0 || e.vpid === o.vpid) &&
                    (o.ept < 0 || e.ept === o.ept) &&
                    (o.globals === 'keep' ? !e.global : o.globals === 'only' ? e.global : true) &&
                    (o.pcid < 0 || e.pcid === o.pcid || (o.globals !== 'keep' && e.global)),
                );
                break;
              case 'flushPage': {
                tlb.flushPage(o.vpn, o.vpid, o.ept, o.pcid, o.globals);
                const region = Math.floor(o.vpn / 512);
                ref.remove(
                  (e) =>
                    (e.large ? e.page === region : e.page === o.vpn) &&
                    (o.vpid < 0 || e.vpid === o.vpid) &&
                    (o.ept < 0 || e.ept === o.ept) &&
                    (o.pcid >= 0 ? e.pcid === o.pcid || (o.globals && e.global) : o.globals || !e.global),
                );
                break;
              }
              case 'flushSrcPage': {
                tlb.flushSrcPage(o.vpn, o.src, o.large);
                const page = o.large ? Math.floor(o.vpn / 512) : o.vpn;
                ref.remove((e) => e.large === o.large && e.page === page && e.src === o.src);
                break;
              }
              case 'flushEptRoot':
                tlb.flushEptRoot(o.ept);
                ref.remove((e) => e.ept === o.ept);
                break;
            }
          }
          expect(tlb.validEntries()).toBe(ref.live().length);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
