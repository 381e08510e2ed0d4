// Unsafe baseline: L0 neither syncs nor flushes on nested transitions. With shadow paging and L1
// not using VPID for L2, L1 expects VM-Enter/VM-Exit to invalidate VPID 0's linear mappings; this
// policy breaks that promise, and the oracle shows where.
import { definePolicy } from 'vmxlab';

export default definePolicy({
  id: 'never-sync',
  name: 'Never sync (unsafe)',
  description: 'Neither sync nor flush on nested transitions.',
  decide: () => ({ sync: 'none', flush: 'none' }),
});
