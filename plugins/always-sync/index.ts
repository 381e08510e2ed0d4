// Conservative baseline: before commit 41fab65e7c44 (Linux 5.8) KVM synced the new root and flushed
// on every nested CR3 load; here every cached root is synced too, so nothing stale can survive a
// transition whatever L1 enabled.
import { definePolicy } from 'vmxlab';

export default definePolicy({
  id: 'always-sync',
  name: 'Always sync (baseline)',
  description: 'Sync all roots and flush the current context on every nested VM-Enter/VM-Exit.',
  decide: () => ({ sync: 'all-roots', flush: 'current' }),
});
