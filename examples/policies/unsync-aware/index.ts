// kvm-current (Linux 5.16+) with one refinement: where KVM emulates a guest TLB flush by syncing every
// root, sync only what has unsync pages. L0 knows these counts (they are its own shadow pages), so the
// refinement stays within what a real L0 could do; the oracle shows whether it is still safe.
import { definePolicy, hasGuestTlbTag, type Decision, type Transition } from 'vmxlab';

/** Where kvm-current would sync all roots: the cheapest sync that still re-reads every unsync page. */
function syncNeeded(t: Transition): Decision['sync'] {
  if (t.host.ept) return 'none'; // nothing is shadowed with host EPT
  if (t.prevRoots.unsyncPages > 0) return 'all-roots';
  return t.target.unsyncPages > 0 ? 'target' : 'none';
}

export default definePolicy({
  id: 'unsync-aware',
  name: 'Unsync-aware sync',
  description: 'kvm-current, but sync only the roots that have unsync pages.',
  decide(t: Transition): Decision {
    // L1 expects the transition to flush VPID 0 (no vmcs12 VPID), or L2 runs on a brand-new vpid12.
    if (!t.vmcs12.vpid || (t.kind === 'vmenter' && t.vpid12Changed)) {
      return { sync: syncNeeded(t), flush: 'current' };
    }
    // L2 shares L1's hardware tag: entries of one must not survive into the other.
    if (!hasGuestTlbTag(t)) return { sync: 'none', flush: 'current' };
    return { sync: 'none', flush: 'none' };
  },
});
