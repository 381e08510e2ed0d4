// What the guests wrote and which of them runs (model.md layer 1): the page tables and EPT12 tables,
// each level's CR3 (table, PCID), and the VMCS12 fields L1 controls (GUEST_CR3, EPTP, vpid12). The
// walker here (guest tables x EPT12) gives the translation a guest *means* now; the L0 model and the
// oracle both call it, and it knows nothing of either.

import type { Level, ScenarioConfig } from '../model/config';
import type { Program } from '../model/program';
import { GuestTable } from './guest-table';
import { NOT_PRESENT, PTE_GLOBAL, PTE_LARGE, PTE_RO, encodePte, pageOf, pteFlags, pteFrame } from './pte';

export interface Cr3State {
  table: number;
  pcid: number;
}

export class GuestState {
  readonly tables: GuestTable[] = [];
  running: Level = 'l1';
  /** Each level's CR3; change it with setCr3 (the walker caches the tables it names). */
  readonly cr3: Readonly<Record<Level, Readonly<Cr3State>>>;
  /** The tables the levels' CR3s name (translate() runs on every TLB miss: no lookup by id there). */
  private l1Table: GuestTable;
  private l2Table: GuestTable;
  /** VMCS12 VIRTUAL_PROCESSOR_ID as L1 last wrote it (takes effect at the next VM-Enter). */
  vmcs12Vpid12: number;
  /** vpid12 in effect for L2 since the last VM-Enter. */
  activeVpid12: number;
  /** VMCS12 EPTP: the EPT12 table L2 runs on (-1 when l1.ept is off or none is declared). */
  eptp: number;

  constructor(
    readonly config: ScenarioConfig,
    program: Program,
  ) {
    for (const t of program.tables) this.tables[t.id] = new GuestTable(t.id, t.name, t.owner, t.kind);
    for (const m of program.maps) {
      const table = this.table(m.table);
      const flags = (m.ro ? PTE_RO : 0) | (m.global ? PTE_GLOBAL : 0);
      const step = m.large ? 512 : 1;
      const first = pageOf(m.from);
      const count = m.size / 4096;
      const toPage = pageOf(m.to);
      for (let i = 0; i < count; i += step) table.mapInitial(first + i, toPage + i, flags, m.large);
    }
    this.cr3 = { l1: this.initialCr3(program, 'l1'), l2: this.initialCr3(program, 'l2') };
    this.l1Table = this.table(this.cr3.l1.table);
    this.l2Table = this.table(this.cr3.l2.table);
    this.vmcs12Vpid12 = config.vpid12;
    this.activeVpid12 = config.vpid12;
    const firstEpt = program.tables.find((t) => t.kind === 'ept');
    this.eptp = config.l1.ept && firstEpt ? firstEpt.id : -1;
  }

  table(id: number): GuestTable {
    const t = this.tables[id];
    if (!t) throw new RangeError(`unknown table id ${id}`);
    return t;
  }

  /** The table `level`'s CR3 names. */
  tableOf(level: Level): GuestTable {
    return level === 'l1' ? this.l1Table : this.l2Table;
  }

  /** A MOV to CR3 by `level`, or VMCS12's GUEST_CR3 for L2 at VM-Enter. */
  setCr3(level: Level, table: number, pcid: number): void {
    const t = this.table(table);
    (this.cr3 as Record<Level, Cr3State>)[level] = { table, pcid };
    if (level === 'l1') this.l1Table = t;
    else this.l2Table = t;
  }

  /** The level's initial CR3: the named table, or an implicit empty one when the level declares none. */
  private initialCr3(program: Program, level: Level): Cr3State {
    const want = this.config.cr3[level];
    const byName =
      want.table === null ? undefined : program.tables.find((t) => t.name === want.table && t.kind === 'pgd');
    const declared =
      byName ?? program.tables.find((t) => t.owner === level && t.kind === 'pgd' && t.implicit);
    if (declared) return { table: declared.id, pcid: want.pcid };
    const id = this.tables.length;
    this.tables[id] = new GuestTable(id, `<${level} empty>`, level, 'pgd');
    return { table: id, pcid: want.pcid };
  }

  /** True when L2 runs on nested EPT (L2 GPA -> EPT12 -> L1 GPA). */
  get l2NestedEpt(): boolean {
    return this.config.l1.ept && this.eptp >= 0;
  }

  /**
   * The translation `level` means now for page `vpn`: an encoded PTE whose frame is the L1 GPA
   * page (= host frame, identity), or NOT_PRESENT. With nested EPT the L2 linear part and the EPT12
   * part are composed: read-only if either is, global as the linear part says.
   */
  translate(level: Level, vpn: number): number {
    const linear = this.tableOf(level).lookup(vpn);
    if (level === 'l1' || linear === NOT_PRESENT || !this.l2NestedEpt) return linear;
    return composeEpt(linear, this.table(this.eptp).lookup(pteFrame(linear)));
  }
}

/** Combined (linear x guest-physical) mapping of model.md "Oracle": used by both walkers. */
export function composeEpt(linear: number, ept: number): number {
  if (linear === NOT_PRESENT || ept === NOT_PRESENT) return NOT_PRESENT;
  const lf = pteFlags(linear);
  const ef = pteFlags(ept);
  const flags = ((lf | ef) & PTE_RO) | (lf & PTE_GLOBAL) | (lf & ef & PTE_LARGE);
  return encodePte(pteFrame(ept), flags);
}
