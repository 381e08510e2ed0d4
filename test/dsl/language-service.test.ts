import { describe, expect, it } from 'vitest';
import { createLanguageService, DSL_KEYWORDS } from '../../core/index';

const ls = createLanguageService();

const DOC = [
  'scenario "x" {', //                  1
  '  host { ept on  }', //              2
  '  l1 { pcid on }', //                3
  '  vpid02 ', //                       4
  '  cr3 { l2 }', //                    5
  '}', //                               6
  'l1 pgd A', //                        7
  'l2 pgd P', //                        8
  'l2 pgd Q', //                        9
  'l1 ept E', //                        10
  'l2 ', //                             11
  'l1 cr3 ', //                         12
  'l2 pte ', //                         13
  'vmenter ', //                        14
  'l1 invvpid ', //                     15
  'repeat 3 {', //                      16
  '  l1 invept single ', //             17
  '}', //                               18
  'host ', //                           19
  '', //                                20
  'l1 pte P 0x1000 -> ', //             21
  'l2 read 0x0..0x4000 ', //            22
  'mark "phase"', //                    23
].join('\n');

const labels = (line: number, column: number): string[] =>
  ls.completions(DOC, line, column).map((c) => c.label);

describe('completion', () => {
  it('offers option names inside host { } and on/off after an option', () => {
    expect(labels(2, 10)).toEqual(['ept', 'vpid', 'unsync']);
    expect(labels(2, 14)).toEqual(['on', 'off']);
    expect(labels(2, 17)).toEqual(['ept', 'vpid', 'unsync']);
    expect(ls.completions(DOC, 2, 14)[0]?.kind).toBe('value');
  });

  it('offers auto/none after vpid02, header items at the start of a header line', () => {
    expect(labels(4, 10)).toEqual(['auto', 'none']);
    expect(labels(4, 3)).toEqual(['seed', 'host', 'l1', 'vpid02', 'tlb', 'roots', 'cost', 'vpid12', 'cr3']);
  });

  it("offers only L2's tables after 'l2' in the header cr3 block", () => {
    expect(labels(5, 12)).toEqual(['P', 'Q']);
  });

  it('offers the statements an actor may execute', () => {
    expect(labels(11, 4)).toEqual([
      'pgd',
      'map',
      'cr3',
      'read',
      'write',
      'fetch',
      'pte',
      'invlpg',
      'invpcid',
    ]);
    expect(labels(12, 1)).toContain('vmenter');
  });

  it('offers declared tables where a table goes, filtered by the ownership rules', () => {
    expect(labels(12, 8)).toEqual(['A']);
    expect(labels(13, 8)).toEqual(['P', 'Q']);
    expect(labels(14, 9)).toEqual(['cr3', 'ept']);
    expect(labels(17, 20)).toEqual(['E']);
    expect(ls.completions(DOC, 12, 8)[0]).toMatchObject({ kind: 'table', detail: 'l1 pgd (line 7)' });
  });

  it('offers invalidation types and the words after them', () => {
    expect(labels(15, 12)).toEqual(['addr', 'single', 'all', 'single-globals']);
    expect(labels(19, 6)).toEqual(['zap']);
    expect(labels(21, 20)).toEqual(['none', 'random']);
    expect(labels(22, 21)).toEqual(['step']);
  });

  it('filters by the word being typed', () => {
    const text = DOC.replace('l2 \n', 'l2 inv\n');
    expect(ls.completions(text, 11, 7).map((c) => c.label)).toEqual(['invlpg', 'invpcid']);
  });

  it('offers statement keywords and snippets on an empty line, and nothing inside a comment', () => {
    const items = ls.completions(DOC, 20, 1);
    expect(items.map((c) => c.label)).toEqual(
      expect.arrayContaining(['l1', 'l2', 'vmenter', 'vmexit', 'host', 'mark', 'repeat', 'scenario']),
    );
    expect(items.find((c) => c.kind === 'snippet' && c.label === 'repeat')?.insertText).toContain('${1:100}');
    expect(ls.completions('l1 pgd A # note\n', 1, 14)).toEqual([]);
  });
});

describe('hover', () => {
  it('documents header options by their block, with the KVM meaning', () => {
    const h = ls.hover(DOC, 2, 10);
    expect(h?.contents).toContain('**host.ept**');
    expect(h?.contents).toContain('shadow paging');
    expect(h?.range).toEqual({ line: 2, column: 10, endLine: 2, endColumn: 13 });
    expect(ls.hover(DOC, 3, 9)?.contents).toContain('**l1.pcid**');
  });

  it('documents statement keywords and tells ept declarations from vmenter ept', () => {
    expect(ls.hover(DOC, 10, 4)?.contents).toContain('EPT12 table');
    expect(ls.hover('vmenter ept E\n', 1, 10)?.contents).toContain("VMCS12's EPTP");
    expect(ls.hover(DOC, 15, 5)?.contents).toContain('handle_invvpid');
    expect(ls.hover(DOC, 16, 2)?.contents).toContain('**repeat**');
  });

  it('describes a table name and a number', () => {
    expect(ls.hover(DOC, 13, 4)?.contents).toContain('**pte**');
    expect(ls.hover('l1 pgd A\nl1 cr3 A\n', 2, 8)?.contents).toBe(
      '**l1 pgd** `A` — page table owned by L1, declared at line 1.',
    );
    expect(ls.hover('l1 read 0x2000\n', 1, 10)?.contents).toBe('`8192` = `0x2000` = 8 KiB');
  });

  it('documents every keyword somewhere', () => {
    for (const k of DSL_KEYWORDS) {
      const h = ls.hover(`${k}\n`, 1, 1);
      expect(h, k).not.toBeNull();
    }
  });

  it('returns null on blanks and strings', () => {
    expect(ls.hover(DOC, 20, 1)).toBeNull();
    expect(ls.hover(DOC, 23, 8)).toBeNull();
  });
});

describe('symbols and formatting', () => {
  it('lists tables with owner and kind, and marks, with ranges', () => {
    const syms = ls.symbols(DOC);
    expect(syms.map((s) => `${s.kind} ${s.name} ${s.detail}`)).toEqual([
      'table A l1 pgd',
      'table P l2 pgd',
      'table Q l2 pgd',
      'table E l1 ept',
      'mark phase mark',
    ]);
    expect(syms[3]).toMatchObject({
      owner: 'l1',
      tableKind: 'ept',
      range: { line: 10, column: 1, endLine: 10, endColumn: 9 },
      selectionRange: { line: 10, column: 8, endLine: 10, endColumn: 9 },
    });
  });

  it('formats through the service like formatScenario, and leaves a broken file alone', () => {
    expect(ls.format('l1   pgd A\nrepeat 2 {\nvmexit\n}\n')).toBe('l1 pgd A\nrepeat 2 {\n  vmexit\n}\n');
    expect(ls.format('l1 pgd\n')).toBe('l1 pgd\n');
  });

  it('serves diagnostics for the text it is given', () => {
    expect(ls.diagnostics('l1 cr3 Z\n').map((d) => d.message)).toEqual([
      "undeclared table 'Z': expected a table declared with 'l1 pgd'",
    ]);
  });
});
