// Resolves the policies a CLI command runs: the built-ins (native, through the same manifest check and
// hashing as user plugins) and the user plugins of `--plugins DIR` (QuickJS sandbox), in that order.
import { bindNativePolicy, loadPlugins, type PluginProblem, type PolicyBinding } from '../core/index';
import { builtInPolicies } from './composition';
import { BUILT_IN_PLUGINS_DIR, nodePolicySandbox, readPluginFolder } from './plugins-fs';

export interface ResolvedPolicies {
  /** Every usable policy by id, built-ins first. */
  available: Map<string, PolicyBinding>;
  builtInIds: string[];
  problems: PluginProblem[];
}

export async function resolvePolicies(pluginsDir?: string): Promise<ResolvedPolicies> {
  const builtIn = readPluginFolder(BUILT_IN_PLUGINS_DIR, 'built-in');
  const user = pluginsDir ? readPluginFolder(pluginsDir, 'user') : { sources: [], problems: [] };
  const loaded = loadPlugins([...builtIn.sources, ...user.sources]);
  const problems = [...builtIn.problems, ...user.problems, ...loaded.problems];
  const available = new Map<string, PolicyBinding>();
  const builtInIds: string[] = [];
  const modules = new Map(builtInPolicies.map((b) => [b.module.id, b.module]));
  for (const plugin of loaded.plugins) {
    if (plugin.origin === 'built-in') {
      const module = modules.get(plugin.manifest.id);
      if (!module) {
        problems.push({
          file: plugin.folder,
          field: 'id',
          message: 'no compiled built-in module has this id',
        });
        continue;
      }
      const bound = bindNativePolicy(plugin, module);
      if (bound.ok) {
        available.set(plugin.manifest.id, bound.policy);
        builtInIds.push(plugin.manifest.id);
      } else problems.push(bound.problem);
    } else {
      const bound = (await nodePolicySandbox()).bind(plugin);
      if (bound.ok) available.set(plugin.manifest.id, bound.policy);
      else problems.push(bound.problem);
    }
  }
  // policy-api.md's order: always-sync first (the default baseline).
  const order = builtInPolicies.map((b) => b.module.id);
  builtInIds.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return { available, builtInIds, problems };
}
