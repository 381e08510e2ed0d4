// Linux 5.8 to 5.13: commit 41fab65e7c44 "KVM: nVMX: Skip MMU sync on nested VMX transition when
// possible" (nested_vmx_transition_mmu_sync) plus nested_vmx_transition_tlb_flush() as of 5.8.
// kvm_mmu_new_pgd(..., skip_mmu_sync) synced only the root switched to, which is what 07ffaf343e34
// later fixed: unsync entries in a *previous* root survive and a PCID no-flush CR3 load reuses them.
import { definePolicy, hasGuestTlbTag, type Decision, type Transition } from 'vmxlab';

/** nested_vmx_transition_mmu_sync(): sync iff L0 shadows and L1 expects the transition to flush. */
function mmuSync(t: Transition): boolean {
  return !t.host.ept && !t.vmcs12.vpid;
}

/** nested_vmx_transition_tlb_flush() of Linux 5.8. */
function tlbFlush(t: Transition): Decision['flush'] {
  // Without host VPID the CPU flushes VPID 0 on every VM entry/exit anyway.
  if (!t.host.vpid) return 'none';
  // vmcs12 without VPID: L1 expects a full flush (KVM_REQ_TLB_FLUSH).
  if (!t.vmcs12.vpid) return 'all';
  // L2 shares L1's hardware tag: KVM_REQ_TLB_FLUSH_CURRENT.
  if (!hasGuestTlbTag(t)) return 'current';
  // A new vpid12 reuses the one vpid02: vpid_sync_context(vpid02), with no MMU sync.
  if (t.kind === 'vmenter' && t.vpid12Changed) return 'current';
  return 'none';
}

export default definePolicy({
  id: 'kvm-2020',
  name: 'KVM skip rule (Linux 5.8)',
  description: 'Sync only when L0 shadows and L1 did not enable VPID for L2.',
  decide: (t) => ({ sync: mmuSync(t) ? 'target' : 'none', flush: tlbFlush(t) }),
});
