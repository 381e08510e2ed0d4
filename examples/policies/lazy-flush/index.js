// A plain JavaScript policy (no import, no types): the default export is the policy object itself.
// It syncs exactly like kvm-current but leaves out flushes the hardware already does: with host VPID
// off every VM entry and exit flushes VPID 0's linear mappings, so a flush request adds only cost.
// (kvm-2020 had this rule; kvm-current dropped it because the request is cheap in KVM.)

const NONE = Object.freeze({ sync: 'none', flush: 'none' });

function flushIfNeeded(t, sync) {
  return { sync, flush: t.host.vpid ? 'current' : 'none' };
}

export default {
  id: 'lazy-flush',
  name: 'Lazy flush',
  description: "kvm-current's syncs without flushes the CPU does anyway.",
  decide(t) {
    const sync = t.host.ept ? 'none' : 'all-roots';
    if (!t.vmcs12.vpid) return flushIfNeeded(t, sync);
    if (t.kind === 'vmenter' && t.vpid12Changed) return flushIfNeeded(t, sync);
    if (!(t.host.ept || t.vpid02 !== null)) return flushIfNeeded(t, 'none');
    return NONE;
  },
};
