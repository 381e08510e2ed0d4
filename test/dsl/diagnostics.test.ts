import { describe, expect, it } from 'vitest';
import { compileScenario, type Diagnostic } from '../../core/index';

/** `LINE:COL-ENDLINE:ENDCOL severity: message` for compact, exact comparisons. */
function show(src: string, overrides?: Record<string, string>): string[] {
  return compileScenario(src, overrides ? { overrides } : {}).diagnostics.map(
    (d: Diagnostic) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity}: ${d.message}`,
  );
}

function errors(src: string, overrides?: Record<string, string>): string[] {
  return show(src, overrides).filter((d) => d.includes(' error: '));
}

const TABLES = 'l1 pgd A\nl1 map A 0x0 +1M -> 0x100000\nl2 pgd P\nl2 map P 0x0 +1M -> 0x200000\n';

describe('syntax errors', () => {
  it('says what was expected after which token, and what was found', () => {
    expect(errors('scenario {\n  host { ept yes }\n}\n')).toEqual([
      "2:14-2:17 error: expected 'on' or 'off' after 'ept', found 'yes'",
    ]);
  });

  it('reports a missing operand at the end of the line', () => {
    expect(errors(TABLES + 'l1 cr3 A pcid\n')).toEqual([
      "5:14-5:14 error: expected a number after 'pcid', found end of line",
    ]);
  });

  it('reports an unknown statement keyword after an actor', () => {
    expect(errors('l2 jump 0x0\n')).toEqual([
      "1:4-1:8 error: expected a statement keyword ('pgd', 'ept', 'map', 'eptmap', 'cr3', 'read', 'write', 'fetch', 'pte', 'eptpte', 'invlpg', 'invpcid', 'invvpid', 'invept' or 'vpid12') after 'l2', found 'jump'",
    ]);
  });

  it('reports an unknown statement at the start of a line', () => {
    expect(errors('jump\n')).toEqual([
      "1:1-1:5 error: expected a statement ('l1', 'l2', 'vmenter', 'vmexit', 'host zap', 'mark', 'repeat' or 'scenario'), found 'jump'",
    ]);
  });

  it('reports malformed numbers, fractions where integers go, and bad characters', () => {
    expect(errors(TABLES + 'l1 read 4kb\nl1 read 1.5\nl1 read 0x1000 @\n')).toEqual([
      "5:9-5:12 error: expected a number (decimal or 0x hex, '_' between digits, optional k, M or G suffix), found '4kb'",
      "6:9-6:12 error: expected an integer, found '1.5'",
      "7:16-7:17 error: unexpected character '@'",
    ]);
  });

  it('reports an unterminated string and an unknown escape', () => {
    expect(errors('mark "abc\nmark "a\\qb"\n')).toEqual([
      "1:6-1:10 error: unterminated string: expected '\"' before the end of the line",
      "2:6-2:12 error: unknown escape '\\q' in string: only \\\" and \\\\ are allowed",
    ]);
  });

  it('parses a bad line on its own: the statements after it are still validated', () => {
    expect(
      errors('l1 pgd A\nl1 cr3\nl1 cr3 Z\nl1 pgd B junk more\nrepeat 2 {\n  l1 read 0x0 +\n}\nl1 cr3 Y\n'),
    ).toEqual([
      "2:7-2:7 error: expected a table name after 'cr3', found end of line",
      "3:8-3:9 error: undeclared table 'Z': expected a table declared with 'l1 pgd'",
      "4:10-4:14 error: expected end of line, found 'junk'",
      "6:16-6:16 error: expected a number after '+', found end of line",
      "8:8-8:9 error: undeclared table 'Y': expected a table declared with 'l1 pgd'",
    ]);
  });

  it('refuses blocks nested absurdly deep instead of overflowing the stack', () => {
    const src = 'repeat 1 {\n'.repeat(5000);
    expect(errors(src)).toEqual([
      "65:10-65:11 error: blocks nested deeper than 64: expected at most 64 levels of '{'",
    ]);
  });

  it('reports two statements on one line', () => {
    expect(errors(TABLES + 'l1 cr3 A l1 cr3 A\n')).toEqual([
      '5:10-5:12 error: expected end of line: one statement per line',
    ]);
  });

  it('reports a missing closing brace at the end of the file', () => {
    expect(errors('repeat 2 {\n  vmexit\n')).toEqual(["3:1-3:1 error: expected '}', found end of file"]);
  });

  it('recovers and reports every error of the file in one pass, syntax and semantic alike', () => {
    const src = [
      'scenario {', //                      1
      '  host { ept maybe }', //            2
      '  tlb { entries 10 ways 4 }', //     3
      '}', //                               4
      'l1 pgd A', //                        5
      'l1 cr3 A pcid', //                   6
      'l2 cr3 A', //                        7
      'l1 fly', //                          8
      'l1 read 0x10..0x1', //               9
      'vmenter noflush', //                 10
    ].join('\n');
    expect(errors(src)).toEqual([
      "2:14-2:19 error: expected 'on' or 'off' after 'ept', found 'maybe'",
      '3:20-3:24 error: TLB entries (10) must be a multiple of ways (4)',
      "6:14-6:14 error: expected a number after 'pcid', found end of line",
      "7:8-7:9 error: 'A' belongs to L1: L2 loads only its own tables into CR3",
      "8:4-8:7 error: expected a statement keyword ('pgd', 'ept', 'map', 'eptmap', 'cr3', 'read', 'write', 'fetch', 'pte', 'eptpte', 'invlpg', 'invpcid', 'invvpid', 'invept' or 'vpid12') after 'l1', found 'fly'",
      '9:15-9:18 error: empty range: expected the end above the start (0x10)',
      "10:9-10:16 error: 'noflush' is not allowed on 'vmenter cr3': VM entry requires GUEST_CR3 bits 63:52 clear",
    ]);
  });
});

describe('configuration errors, each at the offending option', () => {
  it('rejects l1.ept on with host.ept off at l1 ept', () => {
    expect(errors('scenario {\n  host { ept off }\n  l1 { ept on }\n}\nl1 ept E\n')).toEqual([
      "3:8-3:11 error: 'l1.ept on' needs 'host.ept on': KVM exposes EPT to L1 only when L0 uses EPT",
    ]);
  });

  it('rejects l1.vpid on with host.vpid off at l1 vpid', () => {
    expect(errors('scenario { host { vpid off } l1 { vpid on } }\n')).toEqual([
      "1:35-1:39 error: 'l1.vpid on' needs 'host.vpid on': KVM exposes VPID to L1 only when L0 uses VPIDs",
    ]);
  });

  it('rejects l1.ept on without an EPT12 table', () => {
    expect(errors('scenario { l1 { ept on } }\n')).toEqual([
      "1:17-1:20 error: 'l1.ept on' needs an EPT12 table: declare one with 'l1 ept NAME'",
    ]);
  });

  it('rejects vpid12 0 with l1.vpid on at vpid12, and accepts it with l1.vpid off', () => {
    expect(errors('scenario { vpid12 0 }\n')).toEqual([
      "1:12-1:18 error: 'vpid12 0' with 'l1.vpid on': VM-Enter fails with VPID enabled and a zero VPID",
    ]);
    expect(errors('scenario { vpid12 0 l1 { vpid off } }\n')).toEqual([]);
  });

  it('rejects pcid N and noflush with PCIDs off, but keeps pcid 0 and invpcid all legal', () => {
    const src =
      TABLES +
      'l1 cr3 A pcid 3\nl1 cr3 A pcid 0 noflush\nl1 invpcid single pcid 2\nl1 invpcid all\nl1 invpcid all-nonglobal\nl1 cr3 A pcid 0\n';
    expect(errors(src)).toEqual([
      "5:15-5:16 error: 'pcid 3' needs 'l1.pcid on': with PCIDs off (CR4.PCIDE=0) every context uses PCID 0",
      "6:17-6:24 error: 'noflush' needs 'l1.pcid on': CR3 bit 63 is reserved with CR4.PCIDE=0",
      "7:24-7:25 error: 'pcid 2' needs 'l1.pcid on': with PCIDs off (CR4.PCIDE=0) every context uses PCID 0",
    ]);
    expect(errors('scenario { cr3 { l1 A pcid 5 } }\n' + TABLES)).toEqual([
      "1:28-1:29 error: 'pcid 5' needs 'l1.pcid on': with PCIDs off (CR4.PCIDE=0) every context uses PCID 0",
    ]);
  });

  it('rejects invvpid with host.vpid off', () => {
    expect(errors('scenario { host { vpid off } }\nl1 invvpid all\n')).toEqual([
      "2:4-2:11 error: 'invvpid' needs 'host.vpid on': without VPIDs L0 does not expose INVVPID to L1",
    ]);
  });

  it('reports --set problems at line 1, column 1, naming the key', () => {
    expect(errors('scenario { host { ept off } }\n', { 'l1.ept': 'on' })).toEqual([
      "1:1-1:1 error: --set l1.ept=on: 'l1.ept on' needs 'host.ept on': KVM exposes EPT to L1 only when L0 uses EPT",
      "1:1-1:1 error: --set l1.ept=on: 'l1.ept on' needs an EPT12 table: declare one with 'l1 ept NAME'",
    ]);
    expect(errors('', { 'host.nope': 'on', 'host.ept': 'maybe', seed: 'x' })).toEqual([
      "1:1-1:1 error: --set host.nope=on: unknown key 'host.nope' (expected one of seed, host.ept, host.vpid, host.unsync, l1.ept, l1.vpid, l1.pcid, vpid02, tlb.entries, tlb.ways, roots, vpid12, cost.vmexit, cost.vmenter, cost.walk_ref, cost.sync_page, cost.flush, cost.tlb_hit)",
      "1:1-1:1 error: --set host.ept=maybe: expected 'on' or 'off' for 'host.ept', found 'maybe'",
      "1:1-1:1 error: --set seed=x: expected an integer for 'seed', found 'x'",
    ]);
  });

  it('reports a file option that conflicts with a --set value at the file option', () => {
    expect(errors('scenario { l1 { vpid on } }\n', { 'host.vpid': 'off' })).toEqual([
      "1:17-1:21 error: 'l1.vpid on' needs 'host.vpid on': KVM exposes VPID to L1 only when L0 uses VPIDs",
    ]);
  });

  it('rejects duplicate options and a second or late scenario block', () => {
    expect(errors('scenario { seed 1 seed 2 }\nscenario { }\n')).toEqual([
      "1:19-1:23 error: duplicate option 'seed' (first set at line 1)",
      "2:1-2:9 error: duplicate 'scenario' block: a file has one header",
    ]);
    expect(errors('l1 pgd A\nscenario { }\n')).toEqual([
      "2:1-2:9 error: the 'scenario' block must come before any statement",
    ]);
  });
});

describe('table rules', () => {
  it('rejects undeclared tables at the name', () => {
    expect(errors('l1 cr3 Z\n')).toEqual([
      "1:8-1:9 error: undeclared table 'Z': expected a table declared with 'l1 pgd'",
    ]);
  });

  it('enforces ownership: L2 writes and loads only its own tables, L1 loads only its own', () => {
    expect(errors(TABLES + 'l2 pte A 0x0 -> 0x0\nl1 cr3 P\nvmenter cr3 A\nl1 pte P 0x0 -> 0x1000\n')).toEqual(
      [
        "5:8-5:9 error: 'A' belongs to L1: L2 writes only its own tables",
        "6:8-6:9 error: 'P' belongs to L2: L1 loads only its own tables into CR3",
        "7:13-7:14 error: 'A' belongs to L1: VMCS12 GUEST_CR3 must name one of L2's tables",
      ],
    );
  });

  it('keeps EPT12 statements l1-only and EPT12 tables apart from page tables', () => {
    const src =
      'scenario { l1 { ept on } }\nl1 ept E\nl1 pgd A\nl2 ept F\nl1 map E 0x0 +4k -> 0x0\nl1 eptmap A 0x0 +4k -> 0x0\nl2 eptpte E 0x0 -> 0x0\nl2 invept all\nl2 invvpid all\nl2 vpid12 3\n';
    expect(errors(src)).toEqual([
      "4:1-4:3 error: 'ept' is l1-only: EPT12 tables belong to L1 (declare it with 'l1 ept')",
      "5:8-5:9 error: 'E' is an EPT12 table, not a page table (use 'eptmap' for EPT12 tables)",
      "6:11-6:12 error: 'A' is a page table, not an EPT12 table (use 'map' for page tables)",
      "7:1-7:3 error: 'eptpte' is l1-only: only L1 executes it",
      "8:1-8:3 error: 'invept' is l1-only: only L1 executes it",
      "9:1-9:3 error: 'invvpid' is l1-only: only L1 executes it",
      "10:1-10:3 error: 'vpid12' is l1-only: only L1 executes it",
    ]);
  });

  it('rejects redeclarations, declarations inside repeat and maps after the first event', () => {
    expect(
      errors('l1 pgd A\nl1 pgd A\nl1 read 0x0\nl1 map A 0x0 +4k -> 0x0\nrepeat 2 {\n  l2 pgd P\n}\n'),
    ).toEqual([
      "2:8-2:9 error: table 'A' is already declared at line 1",
      "4:4-4:7 error: 'map' after the first event: change tables with 'pte'",
      "6:6-6:9 error: 'pgd' declarations may not stand inside 'repeat'",
    ]);
  });

  it('checks map ranges, alignment and overlaps, 2 MiB and 4 KiB alike', () => {
    const src =
      'l1 pgd A\nl1 map A 0x1800 +4k -> 0x0\nl1 map A 0x0 +6k -> 0x0\nl1 map A 0x200000 +2M -> 0x1000 2M\nl1 map A 0x10000 +64k -> 0x0\nl1 map A 0x0 +4M -> 0x0 2M\nl1 map A 0x10000000000000 +4k -> 0x0\n';
    expect(errors(src)).toEqual([
      '2:10-2:16 error: expected a 4 KiB-aligned start, found 0x1800',
      '3:15-3:17 error: expected a range of whole 4 KiB pages, found 0x0..0x1800',
      '4:26-4:32 error: expected a 2 MiB-aligned target, found 0x1000',
      "6:10-6:17 error: this map overlaps the map at line 5 in table 'A' (4 KiB and 2 MiB pages may not overlap)",
      '7:10-7:26 error: address 0x10000000000000 is not below 2^52',
    ]);
  });

  it('checks pte alignment, and 2 MiB frames inside a 2M map', () => {
    const src =
      'l1 pgd A\nl1 map A 0x200000 +2M -> 0x0 2M\nl1 pte A 0x1234 -> 0x1000\nl1 pte A 0x201000 -> 0x1000\nl1 pte A 0x5000 -> 0x1001\nl1 pte A 0x201000 -> 0x400000\n';
    expect(errors(src)).toEqual([
      '3:10-3:16 error: expected a page-aligned (4 KiB) address, found 0x1234',
      '4:22-4:28 error: expected a 2 MiB-aligned frame (the address lies in a 2M map), found 0x1000',
      '5:20-5:26 error: expected a page-aligned (4 KiB) frame, found 0x1001',
    ]);
  });
});

describe('operand ranges', () => {
  it('checks PCIDs, VPIDs, counts, repeat counts, zipf exponents and steps', () => {
    const src =
      'scenario { l1 { pcid on } }\n' +
      TABLES +
      [
        'l1 cr3 A pcid 4096', //                              6
        'l1 invvpid single vpid 0', //                        7
        'l1 invvpid addr 0x0 vpid 65536', //                  8
        'l1 read random 0x0 +4k count 0', //                  9
        'repeat 0 { vmexit }', //                             10
        'repeat 5..5 { vmexit }', //                          11
        'l1 read zipf 0x0 +4k count 1 s 0', //                12
        'l1 read 0x0..0x1000 step 0', //                      13
        'l1 vpid12 0', //                                     14
        'l1 vpid12 70000', //                                 15
      ].join('\n');
    expect(errors(src)).toEqual([
      '6:15-6:19 error: PCID must be in 0..4095, found 4096',
      '7:24-7:25 error: VPID must be in 1..65535, found 0',
      '8:26-8:31 error: VPID must be in 1..65535, found 65536',
      "9:30-9:31 error: 'count' must be above 0, found 0",
      "10:8-10:9 error: 'repeat' count must be above 0, found 0",
      '11:11-11:12 error: empty range: expected the end above the start (5)',
      "12:32-12:33 error: zipf exponent 's' must be above 0, found 0",
      "13:26-13:27 error: 'step' must be above 0, found 0",
      "14:11-14:12 error: 'vpid12 0' with 'l1.vpid on': VM-Enter fails with VPID enabled and a zero VPID",
      '15:11-15:16 error: VPID must be in 1..65535, found 70000',
    ]);
  });

  it('requires cr3 before pcid in vmenter and rejects repeated items', () => {
    expect(
      errors('scenario { l1 { pcid on } }\n' + TABLES + 'vmenter pcid 1 cr3 P\nvmenter cr3 P cr3 P\n'),
    ).toEqual([
      "6:9-6:15 error: 'pcid' after 'vmenter' needs 'cr3 TABLE' before it",
      "7:15-7:20 error: duplicate 'cr3' in 'vmenter'",
    ]);
  });
});

describe('warnings', () => {
  it('warns once per file about EPT statements with l1.ept off and does not stop the run', () => {
    const r = compileScenario('l1 ept E\nl1 eptmap E 0x0 +4k -> 0x0\nvmenter ept E\nl1 invept all\n');
    expect(r.program).not.toBeNull();
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity}: ${d.message}`)).toEqual([
      "1:4 warning: EPT12 statements do nothing with 'l1.ept off' (this file can still be swept over l1.ept=on,off)",
    ]);
  });

  it('warns about unused tables and accesses no initial map covers', () => {
    expect(
      show(
        'l1 pgd A\nl1 pgd B\nl1 map A 0x0 +8k -> 0x0\nl1 read 0x1fff\nl1 read 0x2000\nl1 read 0x0..0x3000\n',
      ),
    ).toEqual([
      "2:8-2:9 warning: table 'B' is never loaded into CR3 (unused)",
      "5:9-5:15 warning: no initial map of L1's tables covers 0x2000: the access will page-fault",
      "6:9-6:20 warning: the initial maps of L1's tables do not cover all of 0x0..0x3000: some accesses will page-fault",
    ]);
  });

  it('does not warn about an access to a page an earlier pte mapped', () => {
    expect(show(TABLES + 'vmenter\nl2 pte P 0x200000 -> 0x0\nl2 read 0x200000\n')).toEqual([]);
  });
});
