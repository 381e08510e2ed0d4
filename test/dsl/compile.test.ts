import { describe, expect, it } from 'vitest';
import { compileScenario, defaultConfig, type Program } from '../../core/index';

describe('compileScenario', () => {
  it('compiles a small file into the hand-written Program', () => {
    const src = [
      'scenario "small" {', //                                   1
      '  seed 42', //                                             2
      '  host { ept off vpid on unsync off }', //                 3
      '  l1 { pcid on }', //                                      4
      '  tlb { entries 64 ways 4 }', //                           5
      '  cost { flush 7 }', //                                    6
      '  cr3 { l2 Q pcid 3 }', //                                 7
      '}', //                                                     8
      'l1 pgd A', //                                              9
      'l1 map A 0x0 +8k -> 0x1_0000', //                          10
      'l2 pgd P', //                                              11
      'l2 pgd Q', //                                              12
      'l2 map Q 0x200000..0x600000 -> 0x4M 2M global ro', //      13
      'vmenter cr3 P pcid 2', //                                  14
      'l2 read 0x1000..0x3000 step 2k', //                        15
      'l2 write random 0x0 +16k count 5', //                      16
      'l2 fetch zipf 0x0 +1M count 9 s 1.5', //                   17
      'l2 pte P 0x1000 -> none', //                               18
      'l1 pte Q random 0x200000 +4M count 2 -> random 0x800000..0xA00000 global', // 19
      'repeat 3 {', //                                            20
      '  l2 cr3 Q pcid 3 noflush', //                             21
      '  repeat 2..5 { l2 invlpg 4k }', //                        22
      '}', //                                                     23
      'vmexit', //                                                24
      'l1 invvpid single-globals vpid 9', //                      25
      'l1 vpid12 3', //                                           26
      'mark "done \\"ok\\""', //                                  27
      'host zap', //                                              28
      'l2 invpcid addr 0x2000 pcid 1', //                         29
    ].join('\n');
    const r = compileScenario(src);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const config = defaultConfig();
    config.name = 'small';
    config.seed = 42;
    config.host = { ept: false, vpid: true, unsync: false };
    config.l1 = { ept: false, vpid: true, pcid: true };
    config.tlb = { entries: 64, ways: 4 };
    config.cost.flush = 7;
    config.cr3 = { l1: { table: 'A', pcid: 0 }, l2: { table: 'Q', pcid: 3 } };
    const expected: Program = {
      config,
      tables: [
        { id: 0, name: 'A', owner: 'l1', kind: 'pgd', line: 9 },
        { id: 1, name: 'P', owner: 'l2', kind: 'pgd', line: 11 },
        { id: 2, name: 'Q', owner: 'l2', kind: 'pgd', line: 12 },
      ],
      maps: [
        { table: 0, from: 0, size: 8192, to: 65536, global: false, ro: false, large: false, line: 10 },
        {
          table: 2,
          from: 0x200000,
          size: 0x400000,
          to: 0x400000,
          global: true,
          ro: true,
          large: true,
          line: 13,
        },
      ],
      body: [
        { op: 'vmenter', line: 14, cr3: { table: 1, pcid: 2 }, ept: null },
        {
          op: 'access',
          line: 15,
          actor: 'l2',
          access: 'read',
          addr: { kind: 'seq', from: 4096, to: 12288, step: 2048 },
        },
        {
          op: 'access',
          line: 16,
          actor: 'l2',
          access: 'write',
          addr: { kind: 'random', from: 0, to: 16384, count: 5 },
        },
        {
          op: 'access',
          line: 17,
          actor: 'l2',
          access: 'fetch',
          addr: { kind: 'zipf', from: 0, to: 1048576, count: 9, s: 1.5 },
        },
        {
          op: 'pte',
          line: 18,
          actor: 'l2',
          table: 1,
          addr: { kind: 'one', addr: 4096 },
          frame: { kind: 'none' },
          global: false,
          ro: false,
        },
        {
          op: 'pte',
          line: 19,
          actor: 'l1',
          table: 2,
          addr: { kind: 'random', from: 0x200000, to: 0x600000, count: 2 },
          frame: { kind: 'random', from: 0x800000, to: 0xa00000 },
          global: true,
          ro: false,
        },
        {
          op: 'repeat',
          line: 20,
          min: 3,
          max: 4,
          body: [
            { op: 'cr3', line: 21, actor: 'l2', table: 2, pcid: 3, noflush: true },
            {
              op: 'repeat',
              line: 22,
              min: 2,
              max: 5,
              body: [{ op: 'invlpg', line: 22, actor: 'l2', addr: 4096 }],
            },
          ],
        },
        { op: 'vmexit', line: 24, reason: 'other' },
        { op: 'invvpid', line: 25, actor: 'l1', type: 'single-globals', addr: 0, vpid: 9 },
        { op: 'vpid12', line: 26, actor: 'l1', value: 3 },
        { op: 'mark', line: 27, label: 'done "ok"' },
        { op: 'zap', line: 28 },
        { op: 'invpcid', line: 29, actor: 'l2', type: 'addr', addr: 0x2000, pcid: 1 },
      ],
    };
    expect(r.program).toEqual(expected);
  });

  it('fills every default and adds implicit empty tables for levels that declare no pgd', () => {
    const r = compileScenario('l1 read 0x0\n');
    expect(r.diagnostics).toEqual([
      {
        severity: 'warning',
        message: "no initial map of L1's tables covers 0x0: the access will page-fault",
        line: 1,
        column: 9,
        endLine: 1,
        endColumn: 12,
      },
    ]);
    expect(r.program?.config).toEqual(defaultConfig());
    expect(r.program?.tables).toEqual([
      { id: 0, name: '<l1 implicit>', owner: 'l1', kind: 'pgd', line: 0, implicit: true },
      { id: 1, name: '<l2 implicit>', owner: 'l2', kind: 'pgd', line: 0, implicit: true },
    ]);
    expect(r.program?.config.cr3).toEqual({ l1: { table: null, pcid: 0 }, l2: { table: null, pcid: 0 } });
  });

  it('keeps repeat 10000000 as one node whatever its body', () => {
    const r = compileScenario(
      'l2 pgd P\nvmenter\nrepeat 10000000 {\n  l2 read random 0x0 +4k count 1000\n}\n',
    );
    expect(r.program?.body).toHaveLength(2);
    expect(r.program?.body[1]).toEqual({
      op: 'repeat',
      line: 3,
      min: 10_000_000,
      max: 10_000_001,
      body: [
        {
          op: 'access',
          line: 4,
          actor: 'l2',
          access: 'read',
          addr: { kind: 'random', from: 0, to: 4096, count: 1000 },
        },
      ],
    });
  });

  it('makes l1.vpid follow host.vpid, also when host.vpid comes from --set', () => {
    expect(compileScenario('scenario { host { vpid off } }\n').program?.config.l1.vpid).toBe(false);
    const r = compileScenario('l1 pgd A\n', { overrides: { 'host.vpid': 'off' } });
    expect(r.program?.config.host.vpid).toBe(false);
    expect(r.program?.config.l1.vpid).toBe(false);
  });

  it('applies --set values over the file header', () => {
    const r = compileScenario('scenario { seed 5 tlb { entries 64 ways 4 } }\nl1 pgd A\n', {
      overrides: { seed: '0x10', 'tlb.ways': '8', vpid02: 'none', 'cost.tlb_hit': '2' },
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.program?.config.seed).toBe(16);
    expect(r.program?.config.tlb).toEqual({ entries: 64, ways: 8 });
    expect(r.program?.config.vpid02).toBe('none');
    expect(r.program?.config.cost.tlb_hit).toBe(2);
  });

  it('names the first declared pgd of each level and the first EPT12 table as defaults', () => {
    const src =
      'scenario { l1 { ept on } }\nl2 pgd P\nl1 pgd A\nl1 pgd B\nl1 ept E\nl1 ept F\nvmenter ept F\n';
    const r = compileScenario(src);
    expect(r.program?.config.cr3).toEqual({ l1: { table: 'A', pcid: 0 }, l2: { table: 'P', pcid: 0 } });
    expect(r.program?.body).toEqual([{ op: 'vmenter', line: 7, cr3: null, ept: 4 }]);
    expect(r.diagnostics.map((d) => d.message)).toEqual(["table 'B' is never loaded into CR3 (unused)"]);
  });

  it('accepts tables referenced before their declaration', () => {
    const r = compileScenario('scenario { cr3 { l1 B } }\nl1 map B 0x0 +4k -> 0x0\nl1 pgd B\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.program?.maps[0]?.table).toBe(0);
  });

  it('reads number spellings: hex, underscores and binary suffixes', () => {
    const r = compileScenario('l1 pgd A\nl1 map A 0x40_0000 +2M -> 1G 2M\nl1 read 4_096\n');
    expect(r.program?.maps[0]).toMatchObject({
      from: 0x400000,
      size: 2 * 1024 * 1024,
      to: 1024 ** 3,
      large: true,
    });
    expect(r.program?.body[0]).toMatchObject({ addr: { kind: 'one', addr: 4096 } });
  });
});
