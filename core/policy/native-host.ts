// The host for built-in policies (policy-api.md "Isolation"): compiled with the app and the CLI and
// called directly, after the same manifest check and hashing as user plugins (loader.ts) and with the
// same Decision validation as the sandbox, so a built-in bug fails a run exactly like a user policy's.
import type { Decision, PolicyDefinition, Transition } from './api';
import { validateDecision } from './decision';
import type { LoadedPlugin } from './loader';
import { joinPath } from './loader';
import { PolicyError, type PluginProblem } from './problems';
import type { PolicyBinding } from '../run/simulation';

export type NativeBindResult = { ok: true; policy: PolicyBinding } | { ok: false; problem: PluginProblem };

/** Binds a compiled module to its loaded plugin; the module's id must be the manifest's. */
export function bindNativePolicy(plugin: LoadedPlugin, module: PolicyDefinition): NativeBindResult {
  const file = joinPath(plugin.folder, plugin.manifest.entry);
  if (!module || typeof module.decide !== 'function') {
    return {
      ok: false,
      problem: { file, field: 'entry', message: 'the default export has no decide(t) function' },
    };
  }
  if (module.id !== plugin.manifest.id) {
    return {
      ok: false,
      problem: {
        file,
        field: 'entry',
        message: `the module's id '${module.id}' differs from the manifest's id '${plugin.manifest.id}'`,
      },
    };
  }
  const id = plugin.manifest.id;
  const info = plugin.provenance;
  const decide = (t: Transition): Decision => {
    let value: unknown;
    try {
      value = module.decide(t);
    } catch (err) {
      const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw new PolicyError(`policy '${id}' threw (event ${t.index}): ${text}`, id, t.index);
    }
    return validateDecision(value, id, t.index);
  };
  return { ok: true, policy: { info, decide } };
}
