// The public policy API (policy-api.md): what a policy module sees and returns at every nested
// VM-Enter/VM-Exit. Plugins import this module as 'vmxlab' and nothing else of core. A policy gets
// plain frozen data and returns plain data; `definePolicy` only adds types.

export interface Transition {
  /** Nested VM-Enter (L1 -> L2) or VM-Exit (L2 -> L1). */
  kind: 'vmenter' | 'vmexit';
  /** L0 capabilities in use (enable_ept, enable_vpid). */
  host: { ept: boolean; vpid: boolean };
  /** What L1 enabled for L2 in VMCS12. */
  vmcs12: { ept: boolean; vpid: boolean; vpid12: number };
  /** VPID L0 assigned to L2; null when none. */
  vpid02: number | null;
  /** On VM-Enter: vpid12 differs from the previous VM-Enter's (0 before the first, like nested.last_vpid). */
  vpid12Changed: boolean;
  /** Root being switched to: reused from the cache? unsync shadow pages under it. */
  target: { cachedRoot: boolean; unsyncPages: number };
  /** The other cached roots of that MMU. */
  prevRoots: { count: number; unsyncPages: number };
  /** Event index in the run. */
  index: number;
}

export type SyncDecision = 'none' | 'target' | 'all-roots';
export type FlushDecision = 'none' | 'current' | 'all';

export interface Decision {
  sync: SyncDecision;
  flush: FlushDecision;
}

export interface PolicyDefinition {
  /** Unique, [a-z0-9-]+. */
  id: string;
  name: string;
  description: string;
  decide(t: Transition): Decision;
}

export function definePolicy<T extends PolicyDefinition>(policy: T): T {
  return policy;
}

export const SYNC_DECISIONS: readonly SyncDecision[] = ['none', 'target', 'all-roots'];
export const FLUSH_DECISIONS: readonly FlushDecision[] = ['none', 'current', 'all'];

/** KVM's nested_has_guest_tlb_tag(): L2 has a hardware tag of its own (EPT root or its own VPID). */
export function hasGuestTlbTag(t: Transition): boolean {
  return t.host.ept || t.vpid02 !== null;
}
