// The CLI's composition root: the one file of the CLI that imports plugins/ (the built-ins), so
// they go through the same manifest check and hashing as user plugins.
import alwaysSync from '../plugins/always-sync/index';
import kvm2020 from '../plugins/kvm-2020/index';
import kvmCurrent from '../plugins/kvm-current/index';
import neverSync from '../plugins/never-sync/index';
import type { PolicyDefinition } from '../core/index';

/** In the order of policy-api.md's table: always-sync first, the default baseline. */
export const builtInPolicies: readonly { folder: string; module: PolicyDefinition }[] = [
  { folder: 'always-sync', module: alwaysSync },
  { folder: 'kvm-2020', module: kvm2020 },
  { folder: 'kvm-current', module: kvmCurrent },
  { folder: 'never-sync', module: neverSync },
];
