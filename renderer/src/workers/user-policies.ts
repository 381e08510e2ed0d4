// User policies in the worker: the plugin sources the host read go through core/policy's loader and
// QuickJS sandbox (policy-api.md "Isolation"). Those are the policy issue's; this adapter finds them
// on core's entry by name and reports a clear, non-fatal problem until they land.
import * as core from '../../../core';
import type { PolicyBinding } from '../../../core';
import type { PolicyRef } from '../../../core/run/protocol';
import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';

type UserRef = Extract<PolicyRef, { kind: 'user' }>;
type Loader = (
  source: { folder: string; manifestText: string; entryName: string; entryText: string | null },
  options: { wasmUrl: string },
) => Promise<PolicyBinding>;

const exported = core as unknown as Record<string, unknown>;

/** Loads a user policy into the sandbox; throws an Error whose message the UI shows. */
export async function loadUserPolicy(ref: UserRef): Promise<PolicyBinding> {
  const load = exported['loadSandboxedPolicy'] ?? exported['loadUserPolicy'];
  if (typeof load !== 'function') {
    throw new Error(
      `${ref.id}: user policies need the QuickJS sandbox host of core/policy, not in this build yet`,
    );
  }
  return (load as Loader)(
    {
      folder: ref.folder,
      manifestText: ref.manifestText,
      entryName: ref.entryName,
      entryText: ref.entryText,
    },
    { wasmUrl },
  );
}
