// An adaptive policy: module state that learns from the transitions it sees. It starts with kvm-2020's
// cheap rule (sync only the root switched to) and switches to syncing every cached root while recent
// transitions keep finding unsync pages in *other* roots -- the case where kvm-2020 went wrong
// (07ffaf343e34: a cached root reused with PCID no-flush keeps its stale entries). Flushes follow
// kvm-current throughout.
import { definePolicy, hasGuestTlbTag, type Decision, type Transition } from 'vmxlab';

/** Transitions that saw unsync pages in cached roots, decayed by half every WINDOW events. */
let pressure = 0;
let lastDecay = 0;
const WINDOW = 1000;
const THRESHOLD = 1;

function observe(t: Transition): void {
  while (t.index - lastDecay >= WINDOW) {
    pressure /= 2;
    lastDecay += WINDOW;
  }
  if (t.prevRoots.unsyncPages > 0) pressure += 1;
}

function sync(t: Transition): Decision['sync'] {
  if (t.host.ept) return 'none';
  return pressure >= THRESHOLD ? 'all-roots' : 'target';
}

export default definePolicy({
  id: 'adaptive-sync',
  name: 'Adaptive sync',
  description: 'Target-only sync until cached roots carry unsync pages, then all roots for a while.',
  decide(t: Transition): Decision {
    observe(t);
    if (!t.vmcs12.vpid || (t.kind === 'vmenter' && t.vpid12Changed)) {
      return { sync: sync(t), flush: 'current' };
    }
    if (!hasGuestTlbTag(t)) return { sync: 'none', flush: 'current' };
    return { sync: 'none', flush: 'none' };
  },
});
