// The renderer's composition root: the only renderer file that imports plugins/ (lint enforces it).
// Built-in plugin folders (plugin.json + entry module) go through core's loader — the same manifest
// check and SHA-256 of the entry file's committed bytes as user plugins and the CLI — and are bound
// natively with the same Decision validation as the sandbox.
import type { PolicyDefinition } from '../../../core';
import { bindNativePolicy, formatProblem, loadPlugins, type PluginSource } from '../../../core/policy';
import type { PolicyBinding } from '../../../core/run/simulation';
import type { BuiltInInfo, PolicyProblem } from '../../../core/run/protocol';

/** policy-api.md's table order: always-sync first, the default baseline. */
export const BUILT_IN_ORDER = ['always-sync', 'kvm-2020', 'kvm-current', 'never-sync'] as const;

const manifests = import.meta.glob<string>('../../../plugins/*/plugin.json', {
  eager: true,
  query: '?raw',
  import: 'default',
});
const modules = import.meta.glob<PolicyDefinition>('../../../plugins/*/*.ts', {
  eager: true,
  import: 'default',
});
const sources = import.meta.glob<string>('../../../plugins/*/*.ts', {
  eager: true,
  query: '?raw',
  import: 'default',
});

export interface BuiltIn {
  info: BuiltInInfo;
  binding: PolicyBinding;
}

const PREFIX = '../../../plugins/';

function loadBuiltIns(): { builtIns: BuiltIn[]; problems: PolicyProblem[] } {
  const srcs: PluginSource[] = [];
  const rank = (folder: string): number => {
    const i = (BUILT_IN_ORDER as readonly string[]).indexOf(folder);
    return i < 0 ? BUILT_IN_ORDER.length : i;
  };
  const folders = Object.keys(manifests)
    .map((p) => p.slice(PREFIX.length, p.lastIndexOf('/')))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const folder of folders) {
    const manifestText = manifests[`${PREFIX}${folder}/plugin.json`] ?? '';
    let entry = 'index.ts';
    try {
      entry = String((JSON.parse(manifestText) as { entry?: unknown }).entry ?? entry);
    } catch {
      // loadPlugins reports the broken manifest.
    }
    srcs.push({
      folder: `plugins/${folder}`,
      origin: 'built-in',
      manifestText,
      entryText: sources[`${PREFIX}${folder}/${entry}`] ?? '',
    });
  }
  const loaded = loadPlugins(srcs);
  const problems: PolicyProblem[] = loaded.problems.map((p) => ({
    policy: p.file,
    message: formatProblem(p),
  }));
  const builtIns: BuiltIn[] = [];
  for (const plugin of loaded.plugins) {
    const mod = modules[`../../../${plugin.folder}/${plugin.manifest.entry}`];
    const bound = bindNativePolicy(plugin, mod as PolicyDefinition);
    if (!bound.ok) {
      problems.push({ policy: plugin.manifest.id, message: formatProblem(bound.problem) });
      continue;
    }
    builtIns.push({
      info: {
        id: plugin.manifest.id,
        name: plugin.manifest.name,
        description: plugin.manifest.description,
        version: plugin.manifest.version,
        sha256: plugin.sha256,
      },
      binding: bound.policy,
    });
  }
  return { builtIns, problems };
}

const loaded = loadBuiltIns();
export const builtIns: readonly BuiltIn[] = loaded.builtIns;
export const builtInProblems: readonly PolicyProblem[] = loaded.problems;
