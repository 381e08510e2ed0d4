// Policy selection for the sweep workers and `rerun` (results-cli.md, policy-api.md): built-ins from
// plugins/ bound natively, user plugins from `--plugins DIR` bound in the QuickJS sandbox, selected by
// id in the order asked (all built-ins when none is named). Each call binds fresh instances, so a
// stateful user policy starts every cell from scratch, as in a single run.
// Deep imports, not core/index: the sweep workers load this module, and core/index would bring the
// DSL compiler (Chevrotain) into their bundle.
import {
  bindNativePolicy,
  formatProblem,
  loadPlugins,
  type LoadedPlugin,
  type PluginProblem,
} from '../core/policy/index';
import type { PolicyBinding } from '../core/run/simulation';
import { builtInPolicies } from './composition';
import { BUILT_IN_PLUGINS_DIR, nodePolicySandbox, readPluginFolder } from './plugins-fs';

export interface PolicyRequest {
  /** Policy ids in run order; empty for every built-in in policy-api.md's order. */
  ids: string[];
  /** `--plugins DIR`, or null. */
  pluginsDir: string | null;
}

/** A request that cannot be met (unknown id, duplicate id, unloadable plugin): bad input, exit 2. */
export class PolicyRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyRequestError';
  }
}

export interface PluginCatalog {
  plugins: LoadedPlugin[];
  problems: PluginProblem[];
}

/**
 * Reads and checks every available plugin: built-ins first, so a user plugin cannot shadow one, then
 * each user folder in order (a folder of plugin folders, or one plugin folder).
 */
export function pluginCatalog(userDirs: string | readonly string[] | null): PluginCatalog {
  const dirs = userDirs === null ? [] : typeof userDirs === 'string' ? [userDirs] : userDirs;
  const scans = [
    readPluginFolder(BUILT_IN_PLUGINS_DIR, 'built-in'),
    ...dirs.map((d) => readPluginFolder(d, 'user')),
  ];
  const loaded = loadPlugins(scans.flatMap((s) => s.sources));
  return { plugins: loaded.plugins, problems: [...scans.flatMap((s) => s.problems), ...loaded.problems] };
}

export interface ResolvedPolicies {
  bindings: PolicyBinding[];
  /** Plugin problems that did not stop the request (a bad plugin nobody asked for), as `file: field: message`. */
  warnings: string[];
  /** Frees the sandboxes of user policies. */
  dispose(): void;
}

export async function resolvePolicies(
  req: PolicyRequest,
  catalog = pluginCatalog(req.pluginsDir),
): Promise<ResolvedPolicies> {
  const dup = catalog.problems.find((p) => p.duplicate);
  if (dup) throw new PolicyRequestError(formatProblem(dup));
  const byId = new Map(catalog.plugins.map((p) => [p.manifest.id, p]));
  const ids = req.ids.length > 0 ? req.ids : builtInPolicies.map((b) => b.module.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new PolicyRequestError(`policy '${twice}' is given twice`);
  const bindings: PolicyBinding[] = [];
  const disposers: (() => void)[] = [];
  const dispose = () => {
    for (const d of disposers.splice(0)) d();
  };
  try {
    for (const id of ids) {
      const plugin = byId.get(id);
      if (!plugin) {
        const known = [...byId.keys()].join(', ');
        const why = catalog.problems.filter((p) => p.file.includes(id)).map(formatProblem);
        throw new PolicyRequestError(
          `unknown policy '${id}' (available: ${known})${why.length ? `; ${why.join('; ')}` : ''}`,
        );
      }
      if (plugin.origin === 'built-in') {
        const module = builtInPolicies.find((b) => b.module.id === id)?.module;
        if (!module) throw new PolicyRequestError(`built-in policy '${id}' has no compiled module`);
        const bound = bindNativePolicy(plugin, module);
        if (!bound.ok) throw new PolicyRequestError(formatProblem(bound.problem));
        bindings.push(bound.policy);
      } else {
        const sandbox = await nodePolicySandbox();
        const bound = sandbox.bind(plugin);
        if (!bound.ok) throw new PolicyRequestError(formatProblem(bound.problem));
        disposers.push(() => bound.policy.dispose());
        bindings.push(bound.policy);
      }
    }
  } catch (err) {
    dispose();
    throw err;
  }
  return { bindings, warnings: catalog.problems.map(formatProblem), dispose };
}
