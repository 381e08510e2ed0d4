// Linux 5.16+: nested_vmx_transition_tlb_flush() after three fixes —
//  07ffaf343e34 "Sync all PGDs on nested transition with shadow paging",
//  50a417962a80 "Consolidate VM-Enter/VM-Exit TLB flush and MMU sync logic",
//  "Emulate guest TLB flush on nested VM-Enter with new vpid12" (Nov 2021).
// KVM_REQ_TLB_FLUSH_GUEST syncs the current root and all prev_roots (kvm_mmu_sync_roots +
// kvm_mmu_sync_prev_roots) with shadow paging, then flushes the current VPID.
import { definePolicy, hasGuestTlbTag, type Decision } from 'vmxlab';

function flushGuest(hostEpt: boolean): Decision {
  // With host EPT nothing is shadowed and VM-Enter never invalidates guest-physical mappings,
  // so nested-EPT roots never need a sync on transitions.
  return { sync: hostEpt ? 'none' : 'all-roots', flush: 'current' };
}

export default definePolicy({
  id: 'kvm-current',
  name: 'KVM current (Linux 5.16+)',
  description:
    'Emulate a guest TLB flush when vmcs12 has no VPID or vpid12 changed; flush when L2 has no own tag.',
  decide(t) {
    // No VPID in vmcs12: L1 expects a full flush of linear mappings on every transition.
    if (!t.vmcs12.vpid) return flushGuest(t.host.ept);
    // A new vpid12 is a new guest ASID that cannot have TLB entries; KVM keeps no vpid12 history.
    if (t.kind === 'vmenter' && t.vpid12Changed) return flushGuest(t.host.ept);
    // L2 shares L1's hardware tag: KVM_REQ_TLB_FLUSH_CURRENT.
    if (!hasGuestTlbTag(t)) return { sync: 'none', flush: 'current' };
    return { sync: 'none', flush: 'none' };
  },
});
