// Test helpers for the policy tests: one QuickJS Wasm module per test file (as the CLI has one per
// process), plugins made from source text, and Transitions from compact truth-table rows.
import variant from '@jitl/quickjs-wasmfile-release-sync';
import {
  createPolicySandbox,
  loadPlugins,
  type LoadedPlugin,
  type PolicySandbox,
  type Transition,
} from '../../core/index';

let sandbox: Promise<PolicySandbox> | null = null;
export function testSandbox(): Promise<PolicySandbox> {
  sandbox ??= createPolicySandbox({ variant });
  return sandbox;
}

/** A user plugin from source; `entry` decides whether it is transpiled (.ts) or not (.js). */
export function userPlugin(id: string, source: string, entry = 'index.ts'): LoadedPlugin {
  const manifestText = JSON.stringify({
    id,
    name: id,
    version: '1.0.0',
    kind: 'policy',
    entry,
    description: '',
  });
  const { plugins, problems } = loadPlugins([
    { folder: `user/${id}`, origin: 'user', manifestText, entryText: source },
  ]);
  if (problems.length > 0 || !plugins[0]) throw new Error(`test plugin ${id}: ${JSON.stringify(problems)}`);
  return plugins[0];
}

/** A plain-JS policy whose decide body is `body` (t in scope). */
export function jsPolicy(id: string, body: string, prelude = ''): LoadedPlugin {
  return userPlugin(
    id,
    `${prelude}\nexport default { id: '${id}', name: '${id}', description: '', decide(t) { ${body} } };`,
    'index.js',
  );
}

export function transition(over: Partial<Transition> = {}): Transition {
  return {
    kind: 'vmenter',
    host: { ept: false, vpid: true },
    vmcs12: { ept: false, vpid: false, vpid12: 0 },
    vpid02: 1,
    vpid12Changed: false,
    target: { cachedRoot: true, unsyncPages: 0 },
    prevRoots: { count: 0, unsyncPages: 0 },
    index: 0,
    ...over,
  };
}
