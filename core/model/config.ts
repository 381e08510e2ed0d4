// The resolved scenario header (dsl.md "Header"): what L0 uses (host.*), what L1 enables for L2 in
// VMCS12 (l1.*), TLB geometry, the prev_roots cache size (KVM_MMU_NUM_PREV_ROOTS) and the cost model.
// Every field has its default filled in; results record this object as `scenario.config`.

export type Level = 'l1' | 'l2';

export interface CostModel {
  vmexit: number;
  vmenter: number;
  walk_ref: number;
  sync_page: number;
  flush: number;
  tlb_hit: number;
}

export interface Cr3Setting {
  /** Table name, or null for the implicit empty table of a level that declares no pgd. */
  table: string | null;
  pcid: number;
}

export interface ScenarioConfig {
  name: string;
  seed: number;
  host: { ept: boolean; vpid: boolean; unsync: boolean };
  l1: { ept: boolean; vpid: boolean; pcid: boolean };
  vpid02: 'auto' | 'none';
  tlb: { entries: number; ways: number };
  roots: number;
  cost: CostModel;
  vpid12: number;
  cr3: { l1: Cr3Setting; l2: Cr3Setting };
}

export const DEFAULT_COST: Readonly<CostModel> = Object.freeze({
  vmexit: 1200,
  vmenter: 800,
  walk_ref: 30,
  sync_page: 600,
  flush: 400,
  tlb_hit: 1,
});

/** dsl.md defaults; `l1.vpid` follows `host.vpid` unless the file says otherwise. */
export function defaultConfig(): ScenarioConfig {
  return {
    name: 'untitled',
    seed: 1,
    host: { ept: true, vpid: true, unsync: true },
    l1: { ept: false, vpid: true, pcid: false },
    vpid02: 'auto',
    tlb: { entries: 1536, ways: 12 },
    roots: 3,
    cost: { ...DEFAULT_COST },
    vpid12: 1,
    cr3: { l1: { table: null, pcid: 0 }, l2: { table: null, pcid: 0 } },
  };
}

/** Header keys accepted by `--set key=value` and sweep grids, with the kind of value each takes. */
export const SETTABLE_KEYS = {
  seed: 'int',
  'host.ept': 'bool',
  'host.vpid': 'bool',
  'host.unsync': 'bool',
  'l1.ept': 'bool',
  'l1.vpid': 'bool',
  'l1.pcid': 'bool',
  vpid02: 'vpid02',
  'tlb.entries': 'int',
  'tlb.ways': 'int',
  roots: 'int',
  vpid12: 'int',
  'cost.vmexit': 'int',
  'cost.vmenter': 'int',
  'cost.walk_ref': 'int',
  'cost.sync_page': 'int',
  'cost.flush': 'int',
  'cost.tlb_hit': 'int',
} as const;

export type SettableKey = keyof typeof SETTABLE_KEYS;
