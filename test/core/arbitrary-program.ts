// fast-check generator of valid engine programs over every header option and every statement kind.
// Each table has one fixed PCID, so no table is ever loaded under two PCIDs: the scope model.md gives
// to "always-sync never violates" (KVM shares one shadow tree per table across PCIDs).
import fc from 'fast-check';
import { defaultConfig, type Level, type ScenarioConfig } from '../../core/model/config';
import type { InitialMap, Program, Stmt, TableDecl } from '../../core/model/program';

const PAGES = 4;

export interface GenOptions {
  /**
   * The no-flush bit on CR3 loads to a table other than the level's current one: 'any' (default),
   * 'never', or 'clean': only to a table no guest wrote since its last flushing load.
   */
  noflush?: 'any' | 'never' | 'clean';
}

const configArb = fc
  .record({
    hostEpt: fc.boolean(),
    hostVpid: fc.boolean(),
    unsync: fc.boolean(),
    l1Ept: fc.boolean(),
    l1Vpid: fc.boolean(),
    pcid: fc.boolean(),
    vpid02: fc.constantFrom('auto' as const, 'none' as const),
    ways: fc.constantFrom(1, 2, 4),
    sets: fc.constantFrom(1, 2, 8),
    roots: fc.integer({ min: 0, max: 3 }),
    vpid12: fc.integer({ min: 1, max: 3 }),
    seed: fc.integer({ min: 1, max: 1000 }),
  })
  .map((r): ScenarioConfig => {
    const c = defaultConfig();
    c.seed = r.seed;
    c.host = { ept: r.hostEpt, vpid: r.hostVpid, unsync: r.unsync };
    c.l1 = { ept: r.hostEpt && r.l1Ept, vpid: r.hostVpid && r.l1Vpid, pcid: r.pcid };
    c.vpid02 = r.vpid02;
    c.tlb = { entries: r.ways * r.sets, ways: r.ways };
    c.roots = r.roots;
    c.vpid12 = r.vpid12;
    c.cr3 = { l1: { table: 'A', pcid: r.pcid ? 1 : 0 }, l2: { table: 'P', pcid: r.pcid ? 1 : 0 } };
    return c;
  });

const TABLES: { name: string; owner: Level; kind: 'pgd' | 'ept'; pcid: number }[] = [
  { name: 'A', owner: 'l1', kind: 'pgd', pcid: 1 },
  { name: 'B', owner: 'l1', kind: 'pgd', pcid: 2 },
  { name: 'P', owner: 'l2', kind: 'pgd', pcid: 1 },
  { name: 'Q', owner: 'l2', kind: 'pgd', pcid: 2 },
  { name: 'E', owner: 'l1', kind: 'ept', pcid: 0 },
  { name: 'F', owner: 'l1', kind: 'ept', pcid: 0 },
];

/** A raw step choice, turned into a valid statement by replaying who runs. */
const stepArb = fc.record({
  kind: fc.integer({ min: 0, max: 99 }),
  page: fc.integer({ min: 0, max: PAGES + 1 }),
  frame: fc.integer({ min: 0, max: 40 }),
  pick: fc.integer({ min: 0, max: 7 }),
  flag: fc.boolean(),
  flag2: fc.boolean(),
});

export function programArb(opts: GenOptions = {}): fc.Arbitrary<Program> {
  return fc
    .tuple(
      configArb,
      fc.array(stepArb, { minLength: 10, maxLength: 150, size: 'large' }),
      fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    )
    .map(([config, steps, globals]) => {
      const tables: TableDecl[] = TABLES.map((t, id) => ({
        id,
        name: t.name,
        owner: t.owner,
        kind: t.kind,
        line: id + 1,
      }));
      const maps: InitialMap[] = TABLES.map((t, id) => ({
        table: id,
        from: 0,
        size: PAGES * 4096,
        // L1 GPAs: pgd tables map to distinct frames; EPT12 maps L2 GPAs 0x100000.. onto L1 GPAs.
        to: (id + 1) * 0x100000,
        global: t.kind === 'pgd' && globals[id]!,
        ro: false,
        large: false,
        line: 10 + id,
      }));
      // Every table also maps the 2 MiB region 1 with one large page (read-only for B), so accesses,
      // PTE writes and INVLPG reach 2 MiB entries too.
      TABLES.forEach((t, id) => {
        maps.push({
          table: id,
          from: 0x200000,
          size: 0x200000,
          to: t.kind === 'ept' ? 0x200000 * (id + 2) : 0x200000,
          global: false,
          ro: t.name === 'B',
          large: true,
          line: 30 + id,
        });
      });
      const body: Stmt[] = [];
      let running: Level = 'l1';
      let line = 20;
      const current: Record<Level, string> = { l1: 'A', l2: 'P' };
      const dirty = new Set<string>();
      const pcidOf = (name: string): number =>
        config.l1.pcid ? TABLES.find((t) => t.name === name)!.pcid : 0;
      const id = (name: string): number => TABLES.findIndex((t) => t.name === name);
      // Pages 0..PAGES-1 are 4 KiB mappings; the next ones fall in the 2 MiB region.
      const addr = (page: number): number => (page < PAGES ? page : 512 + (page - PAGES) * 37) * 4096;
      for (const s of steps) {
        line++;
        const own = running === 'l1' ? ['A', 'B'] : ['P', 'Q'];
        const writable = running === 'l1' ? ['A', 'B', 'P', 'Q'] : ['P', 'Q'];
        const k = s.kind;
        if (k < 40) {
          const access = s.pick % 5 === 0 ? 'write' : s.pick % 7 === 1 ? 'fetch' : 'read';
          body.push({
            op: 'access',
            line,
            actor: running,
            access,
            addr: { kind: 'one', addr: addr(s.page) },
          });
        } else if (k < 55) {
          const table = writable[s.pick % writable.length]!;
          // Frames land inside the tables' mapped L1 GPA ranges, or (rarely) unmap.
          const frame =
            s.frame === 0
              ? ({ kind: 'none' } as const)
              : ({ kind: 'frame', addr: 0x100000 * (1 + (s.frame % 4)) + (s.frame % PAGES) * 4096 } as const);
          body.push({
            op: 'pte',
            line,
            actor: running,
            table: id(table),
            addr: { kind: 'one', addr: addr(s.page % PAGES) },
            frame,
            global: s.flag && s.flag2,
            ro: false,
          });
          dirty.add(table);
        } else if (k < 60 && running === 'l1' && config.l1.ept) {
          const table = s.flag ? 'E' : 'F';
          const frame =
            s.frame === 0
              ? ({ kind: 'none' } as const)
              : ({ kind: 'frame', addr: 0x100000 * (1 + (s.frame % 2)) + (s.frame % PAGES) * 4096 } as const);
          body.push({
            op: 'eptpte',
            line,
            actor: 'l1',
            table: id(table),
            addr: { kind: 'one', addr: (s.page % PAGES) * 4096 },
            frame,
            ro: false,
          });
        } else if (k < 66) {
          const table = own[s.pick % 2]!;
          const mode = opts.noflush ?? 'any';
          const noflush =
            config.l1.pcid && s.flag && (mode === 'any' || (mode === 'clean' && !dirty.has(table)));
          body.push({ op: 'cr3', line, actor: running, table: id(table), pcid: pcidOf(table), noflush });
          current[running] = table;
          if (!noflush) dirty.delete(table);
        } else if (k < 78) {
          if (running === 'l1') {
            const cr3 = s.flag ? { table: id(s.flag2 ? 'P' : 'Q'), pcid: pcidOf(s.flag2 ? 'P' : 'Q') } : null;
            if (cr3) current.l2 = s.flag2 ? 'P' : 'Q';
            body.push({
              op: 'vmenter',
              line,
              cr3,
              ept: config.l1.ept && s.pick % 3 === 0 ? id(s.flag2 ? 'E' : 'F') : null,
            });
            running = 'l2';
          } else {
            body.push({ op: 'vmexit', line, reason: 'other' });
            running = 'l1';
          }
        } else if (k < 82) {
          body.push({ op: 'invlpg', line, actor: running, addr: addr(s.page) });
        } else if (k < 86) {
          const type = (['addr', 'single', 'all', 'all-nonglobal'] as const)[s.pick % 4]!;
          const table = own[s.frame % 2]!;
          body.push({ op: 'invpcid', line, actor: running, type, addr: addr(s.page), pcid: pcidOf(table) });
        } else if (k < 90 && running === 'l1' && config.host.vpid) {
          const type = (['addr', 'single', 'all', 'single-globals'] as const)[s.pick % 4]!;
          body.push({ op: 'invvpid', line, actor: 'l1', type, addr: addr(s.page), vpid: 1 + (s.frame % 3) });
        } else if (k < 93 && running === 'l1') {
          if (config.l1.ept)
            body.push({
              op: 'invept',
              line,
              actor: 'l1',
              type: s.flag ? 'all' : 'single',
              table: s.flag ? -1 : id(s.flag2 ? 'E' : 'F'),
            });
          else if (config.l1.vpid) body.push({ op: 'vpid12', line, actor: 'l1', value: 1 + (s.frame % 3) });
        } else if (k < 95 && running === 'l1' && config.l1.vpid) {
          body.push({ op: 'vpid12', line, actor: 'l1', value: 1 + (s.frame % 3) });
        } else if (k < 97) {
          body.push({ op: 'zap', line });
        } else if (k < 98) {
          body.push({ op: 'mark', line, label: `m${line}` });
        } else {
          // A small loop of reads keeps `repeat` covered without changing who runs.
          body.push({
            op: 'repeat',
            line,
            min: 1 + (s.pick % 3),
            max: 2 + (s.pick % 3) + (s.flag ? 2 : 0),
            body: [
              {
                op: 'access',
                line: line + 1,
                actor: running,
                access: 'read',
                addr: { kind: 'random', from: 0, to: PAGES * 4096, count: 3 },
              },
            ],
          });
          line++;
        }
      }
      // EPT12 maps L2 GPAs [0, 64k) onto L1 GPAs; point L2's page tables into that range when nested EPT is on.
      if (config.l1.ept)
        for (const m of maps) if (!m.large && (m.table === id('P') || m.table === id('Q'))) m.to = 0;
      return { config, tables, maps, body };
    });
}
