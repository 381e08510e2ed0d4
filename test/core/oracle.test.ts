// One test per SDM invalidation rule (model.md "Oracle"), on the oracle alone: a guest caches a
// translation, the PTE changes (the old value stays allowed: the TLB may still hold it), then one event
// happens and the old value must be gone — or must survive when the rule does not reach it.
import { describe, expect, test } from 'vitest';
import { GuestState } from '../../core/guest/guest-state';
import { NOT_PRESENT, PTE_GLOBAL, encodePte } from '../../core/guest/pte';
import { ArchOracle } from '../../core/oracle/oracle';
import type { Level } from '../../core/model/config';
import { ProgramBuilder } from './program-builder';

const OLD = 0x100; // frame pages
const NEW = 0x900;

function world(opts: { l1Vpid?: boolean; l1Ept?: boolean } = {}) {
  const b = new ProgramBuilder({
    host: { ept: true, vpid: true },
    l1: { ept: !!opts.l1Ept, vpid: opts.l1Vpid ?? true, pcid: true },
    cr3: { l1: { table: 'A', pcid: 1 }, l2: { table: 'P', pcid: 1 } },
  });
  b.pgd('l1', 'A').map('A', 0, 0x4000, OLD * 4096);
  b.map('A', 0x4000, 0x1000, OLD * 4096 + 0x4000, { global: true });
  b.pgd('l1', 'B').map('B', 0, 0x4000, 0x500000);
  b.pgd('l2', 'P').map('P', 0, 0x4000, OLD * 4096);
  b.map('P', 0x4000, 0x1000, OLD * 4096 + 0x4000, { global: true });
  if (opts.l1Ept) {
    b.ept('E').map('E', OLD * 4096, 0x4000, OLD * 4096);
    b.ept('F').map('F', OLD * 4096, 0x4000, OLD * 4096);
  }
  const program = b.build();
  const guest = new GuestState(program.config, program);
  const oracle = new ArchOracle(guest, program.config);
  let ev = 0;
  const id = (n: string) => b.id(n);
  const w = {
    guest,
    oracle,
    /** Changes a PTE (of the running level's table by default); returns the old raw value. */
    write(vpn: number, frame: number, table = guest.cr3[guest.running].table, global = false): number {
      const t = guest.table(table);
      const old = t.write(
        vpn,
        frame === NOT_PRESENT ? NOT_PRESENT : encodePte(frame, global ? PTE_GLOBAL : 0),
      );
      oracle.onWrite(table, vpn, old, t.rawEntry(vpn), ev++, 1);
      return old;
    },
    eptWrite(table: string, gpaPage: number, frame: number) {
      const t = guest.table(id(table));
      const old = t.write(gpaPage, encodePte(frame, 0));
      oracle.onWrite(id(table), gpaPage, old, t.rawEntry(gpaPage), ev++, 1);
    },
    /** Is frame page `frame` allowed for the running guest at vpn? */
    allowed(vpn: number, frame: number): boolean {
      const level: Level = guest.running;
      const used = encodePte(frame, 0);
      return oracle.check(vpn, used, guest.translate(level, vpn), false) === null;
    },
    cr3(table: string, pcid: number, noflush = false) {
      guest.setCr3(guest.running, id(table), pcid);
      oracle.suspend();
      oracle.onMovCr3(noflush, ev++, 2);
      oracle.switchContext();
    },
    vmenter(cr3?: string) {
      if (cr3) guest.setCr3('l2', id(cr3), 1);
      guest.activeVpid12 = guest.vmcs12Vpid12;
      guest.running = 'l2';
      oracle.suspend();
      oracle.onTransition('vmenter', ev++, 3);
      oracle.switchContext();
    },
    vmexit() {
      guest.running = 'l1';
      oracle.suspend();
      oracle.onTransition('vmexit', ev++, 4);
      oracle.switchContext();
    },
    next: () => ev++,
    id,
  };
  return w;
}

describe('MOV CR3', () => {
  test('with bit 63 clear it removes the new PCID’s non-global translations', () => {
    const w = world();
    w.write(0, NEW);
    expect(w.allowed(0, OLD)).toBe(true);
    w.cr3('A', 1);
    expect(w.allowed(0, OLD)).toBe(false);
    expect(w.allowed(0, NEW)).toBe(true);
  });

  test('with bit 63 set it removes nothing', () => {
    const w = world();
    w.write(0, NEW);
    w.cr3('A', 1, true);
    expect(w.allowed(0, OLD)).toBe(true);
  });

  test('it spares global translations and other PCIDs', () => {
    const w = world();
    w.write(4, NEW, undefined, true); // page 4 was mapped global
    w.write(1, NEW);
    w.cr3('B', 2); // flushes PCID 2 only
    w.cr3('A', 1, true);
    expect(w.allowed(4, OLD + 4)).toBe(true);
    expect(w.allowed(1, OLD + 1)).toBe(true);
  });
});

describe('INVLPG', () => {
  test('removes the page for the current PCID and its global entries in every PCID, nothing else', () => {
    const w = world();
    w.write(0, NEW);
    w.write(1, NEW);
    w.write(4, NEW, undefined, true);
    w.oracle.onInvlpg(0x0, w.next(), 5);
    w.oracle.onInvlpg(0x4000, w.next(), 5);
    expect(w.allowed(0, OLD)).toBe(false);
    expect(w.allowed(1, OLD + 1)).toBe(true);
    w.cr3('A', 3, true); // another PCID: the global entry of page 4 is gone there too
    expect(w.allowed(4, OLD + 4)).toBe(false);
  });

  test('in another PCID it leaves this PCID’s non-global entry', () => {
    const w = world();
    w.write(0, NEW);
    w.cr3('B', 2);
    w.oracle.onInvlpg(0x0, w.next(), 5);
    w.cr3('A', 1, true);
    expect(w.allowed(0, OLD)).toBe(true);
  });
});

describe('INVPCID', () => {
  test('individual-address removes that page of that PCID only', () => {
    const w = world();
    w.write(0, NEW);
    w.write(1, NEW);
    w.oracle.onInvpcid('addr', 0x0, 1, w.next(), 6);
    expect(w.allowed(0, OLD)).toBe(false);
    expect(w.allowed(1, OLD + 1)).toBe(true);
    w.oracle.onInvpcid('addr', 0x1000, 2, w.next(), 6); // another PCID: no effect here
    expect(w.allowed(1, OLD + 1)).toBe(true);
  });

  test('single-context removes the PCID’s non-global entries and keeps globals', () => {
    const w = world();
    w.write(0, NEW);
    w.write(4, NEW, undefined, true);
    w.oracle.onInvpcid('single', 0, 1, w.next(), 6);
    expect(w.allowed(0, OLD)).toBe(false);
    expect(w.allowed(4, OLD + 4)).toBe(true);
  });

  test('all-context removes globals too; all-non-global keeps them', () => {
    const a = world();
    a.write(4, NEW, undefined, true);
    a.oracle.onInvpcid('all-nonglobal', 0, 0, a.next(), 6);
    expect(a.allowed(4, OLD + 4)).toBe(true);
    a.oracle.onInvpcid('all', 0, 0, a.next(), 6);
    expect(a.allowed(4, OLD + 4)).toBe(false);
  });
});

describe('VM-Enter and VM-Exit', () => {
  test('with VPID disabled in VMCS12 they remove every VPID 0 translation, globals included', () => {
    const w = world({ l1Vpid: false });
    w.write(4, NEW, undefined, true);
    w.vmenter();
    w.vmexit();
    expect(w.allowed(4, OLD + 4)).toBe(false);
  });

  test('with VPID enabled in VMCS12 they remove nothing', () => {
    const w = world({ l1Vpid: true });
    w.write(0, NEW);
    w.vmenter();
    w.vmexit();
    expect(w.allowed(0, OLD)).toBe(true);
  });

  test('they never remove guest-physical (EPT12) translations; INVEPT single removes only its EPT12', () => {
    const w = world({ l1Vpid: false, l1Ept: true });
    w.guest.eptp = w.id('E');
    w.vmenter('P');
    expect(w.allowed(0, OLD)).toBe(true);
    w.vmexit();
    w.eptWrite('E', OLD, NEW); // L2 GPA page OLD now maps to L1 GPA NEW
    w.vmenter();
    expect(w.allowed(0, OLD)).toBe(true); // the old guest-physical mapping survives VM-Enter
    w.vmexit();
    w.oracle.onInvept('single', w.id('F'), w.next(), 7);
    w.vmenter();
    expect(w.allowed(0, OLD)).toBe(true);
    w.vmexit();
    w.oracle.onInvept('single', w.id('E'), w.next(), 7);
    w.vmenter();
    expect(w.allowed(0, OLD)).toBe(false);
    expect(w.allowed(0, NEW)).toBe(true);
  });
});

describe('INVVPID', () => {
  function l2World() {
    const w = world({ l1Vpid: true });
    w.guest.vmcs12Vpid12 = 5;
    w.vmenter('P');
    w.write(0, NEW);
    w.write(4, NEW, undefined, true);
    w.vmexit();
    return w;
  }
  const back = (w: ReturnType<typeof world>) => {
    w.vmenter();
    return w;
  };

  test('individual-address removes the page for that VPID, globals included', () => {
    const w = l2World();
    w.oracle.onInvvpid('addr', 0x0, 5, w.next(), 8);
    back(w);
    expect(w.allowed(0, OLD)).toBe(false);
    expect(w.allowed(4, OLD + 4)).toBe(true);
  });

  test('single-context removes that VPID; another VPID is untouched', () => {
    const w = l2World();
    w.oracle.onInvvpid('single', 0, 6, w.next(), 8);
    back(w);
    expect(w.allowed(0, OLD)).toBe(true);
    w.vmexit();
    w.oracle.onInvvpid('single', 0, 5, w.next(), 8);
    back(w);
    expect(w.allowed(0, OLD)).toBe(false);
    expect(w.allowed(4, OLD + 4)).toBe(false);
  });

  test('single-context-retaining-globals keeps global entries', () => {
    const w = l2World();
    w.oracle.onInvvpid('single-globals', 0, 5, w.next(), 8);
    back(w);
    expect(w.allowed(0, OLD)).toBe(false);
    expect(w.allowed(4, OLD + 4)).toBe(true);
  });

  test('all-context removes every VPID but 0', () => {
    const w = l2World();
    w.write(1, NEW); // L1's own (VPID 0) translation changes too
    w.oracle.onInvvpid('all', 0, 0, w.next(), 8);
    expect(w.allowed(1, OLD + 1)).toBe(true);
    back(w);
    expect(w.allowed(0, OLD)).toBe(false);
  });
});

describe('what a context could never have cached', () => {
  test('a VPID L1 uses for the first time starts empty', () => {
    const w = world({ l1Vpid: true });
    w.guest.vmcs12Vpid12 = 5;
    w.vmenter('P');
    w.vmexit();
    w.write(0, NEW, w.id('P'));
    w.guest.vmcs12Vpid12 = 6;
    w.vmenter();
    expect(w.allowed(0, OLD)).toBe(false);
  });

  test('a value written and overwritten while the context was not running was never cacheable', () => {
    const w = world({ l1Vpid: true });
    w.vmenter('P');
    w.vmexit();
    w.write(0, 0x700, w.id('P')); // L1 edits L2's table while L2 is out...
    w.write(0, NEW, w.id('P')); // ...twice
    w.vmenter();
    expect(w.allowed(0, OLD)).toBe(true); // L2 may have cached the value it saw
    expect(w.allowed(0, 0x700)).toBe(false); // but never the one it could not see
  });
});
