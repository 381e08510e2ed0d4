// The CLI's composition root: the one file of the CLI that imports plugins/ (the built-ins). Built-ins
// and user plugins go through the same reading, manifest check and hashing (core loadPlugins); they
// differ only in the host: built-ins are called natively, user plugins run in the QuickJS sandbox.
import { basename } from 'node:path';
import alwaysSync from '../plugins/always-sync/index';
import kvm2020 from '../plugins/kvm-2020/index';
import kvmCurrent from '../plugins/kvm-current/index';
import neverSync from '../plugins/never-sync/index';
// Deep imports, not core/index: the sweep workers load this module, and core/index would bring the
// DSL compiler (Chevrotain) into their bundle.
import {
  bindNativePolicy,
  formatProblem,
  loadPlugins,
  type LoadedPlugin,
  type PluginProblem,
  type SandboxLimits,
} from '../core/policy/index';
import type { PolicyDefinition } from '../core/policy/api';
import type { PolicyBinding } from '../core/run/simulation';
import { BUILT_IN_PLUGINS_DIR, nodePolicySandbox, readPluginFolder } from './plugins-fs';

/** In the order of policy-api.md's table: always-sync first, the default baseline. */
export const builtInPolicies: readonly { folder: string; module: PolicyDefinition }[] = [
  { folder: 'always-sync', module: alwaysSync },
  { folder: 'kvm-2020', module: kvm2020 },
  { folder: 'kvm-current', module: kvmCurrent },
  { folder: 'never-sync', module: neverSync },
];

/** A fresh binding for one run; dispose() frees a sandboxed policy's runtime (no-op for built-ins). */
export interface PolicyInstance extends PolicyBinding {
  dispose(): void;
}

export interface PolicyCatalogEntry {
  plugin: LoadedPlugin;
  /**
   * A new instance: a user policy gets a fresh sandbox context, so module state never leaks from one
   * run into the next. Throws when the module no longer loads (it did when the catalog was built).
   */
  instantiate(limits?: Partial<SandboxLimits>): PolicyInstance;
}

export interface PolicyCatalog {
  /** Built-ins first (in builtInPolicies order), then user plugins by folder. */
  entries: PolicyCatalogEntry[];
  problems: PluginProblem[];
  get(id: string): PolicyCatalogEntry | undefined;
}

/**
 * Reads the built-in plugins/ folder and every `--plugins DIR`, validates and hashes them, and checks
 * that each user module loads in the sandbox (a module that does not is a problem, skipped).
 */
export async function loadPolicyCatalog(
  options: { pluginDirs?: readonly string[] } = {},
): Promise<PolicyCatalog> {
  const builtIn = readPluginFolder(BUILT_IN_PLUGINS_DIR, 'built-in');
  const order = new Map(builtInPolicies.map((b, i) => [b.folder, i]));
  builtIn.sources.sort(
    (a, b) => (order.get(basename(a.folder)) ?? 99) - (order.get(basename(b.folder)) ?? 99),
  );
  const sources = [...builtIn.sources];
  const problems: PluginProblem[] = [...builtIn.problems];
  for (const dir of options.pluginDirs ?? []) {
    const scan = readPluginFolder(dir, 'user');
    sources.push(...scan.sources);
    problems.push(...scan.problems);
  }
  const loaded = loadPlugins(sources);
  problems.push(...loaded.problems);

  const entries: PolicyCatalogEntry[] = [];
  const modules = new Map(builtInPolicies.map((b) => [b.folder, b.module]));
  const userPlugins = loaded.plugins.filter((p) => p.origin === 'user');
  const sandbox = userPlugins.length > 0 ? await nodePolicySandbox() : null;
  for (const plugin of loaded.plugins) {
    if (plugin.origin === 'built-in') {
      const module = modules.get(basename(plugin.folder));
      const file = `${plugin.folder}/${plugin.manifest.entry}`;
      if (!module) {
        problems.push({
          file,
          field: 'entry',
          message: 'no compiled module for this built-in in cli/composition.ts',
        });
        continue;
      }
      const bound = bindNativePolicy(plugin, module);
      if (!bound.ok) {
        problems.push(bound.problem);
        continue;
      }
      const policy = bound.policy;
      entries.push({ plugin, instantiate: () => ({ ...policy, dispose: () => {} }) });
      continue;
    }
    const trial = sandbox!.bind(plugin);
    if (!trial.ok) {
      problems.push(trial.problem);
      continue;
    }
    trial.policy.dispose();
    entries.push({
      plugin,
      instantiate: (limits) => {
        const r = sandbox!.bind(plugin, limits);
        if (!r.ok) throw new Error(formatProblem(r.problem));
        return r.policy;
      },
    });
  }
  const byId = new Map(entries.map((e) => [e.plugin.manifest.id, e]));
  return { entries, problems, get: (id) => byId.get(id) };
}
