// User policies in the worker: the plugin sources the host read go through core's loader (manifest
// check, SHA-256 of the entry as stored) and into core's QuickJS sandbox, one runtime per policy with
// a memory limit and deadlines (policy-api.md "Isolation"). The browser hands the sandbox the wasm's
// URL. Problems come back as data; they never stop the other policies.
import variant from '@jitl/quickjs-wasmfile-release-sync';
import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';
import {
  createPolicySandbox,
  formatProblem,
  loadPlugins,
  type PolicySandbox,
  type SandboxedPolicy,
} from '../../../core/policy';
import type { PolicyRef } from '../../../core/run/protocol';

type UserRef = Extract<PolicyRef, { kind: 'user' }>;

let sandbox: Promise<PolicySandbox> | null = null;

/** One QuickJS Wasm module per worker, instantiated on first use. */
function policySandbox(): Promise<PolicySandbox> {
  sandbox ??= createPolicySandbox({ variant, wasmLocation: wasmUrl, now: () => performance.now() });
  return sandbox;
}

/** Loads and sandboxes one user policy; throws an Error whose message the UI shows. */
export async function loadUserPolicy(
  ref: UserRef,
  reservedIds: ReadonlySet<string>,
): Promise<SandboxedPolicy> {
  if (ref.entryText === null) throw new Error(`${ref.folder}/${ref.entryName}: cannot be read`);
  const loaded = loadPlugins([
    { folder: ref.folder, origin: 'user', manifestText: ref.manifestText, entryText: ref.entryText },
  ]);
  const plugin = loaded.plugins[0];
  if (!plugin)
    throw new Error(loaded.problems.map(formatProblem).join('; ') || `${ref.folder}: not a plugin`);
  if (reservedIds.has(plugin.manifest.id)) {
    throw new Error(`${ref.folder}/plugin.json: id: '${plugin.manifest.id}' is taken by a built-in policy`);
  }
  const bound = (await policySandbox()).bind(plugin);
  if (!bound.ok) throw new Error(formatProblem(bound.problem));
  return bound.policy;
}
