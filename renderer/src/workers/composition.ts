// The renderer's composition root: the only renderer file that imports plugins/ (lint enforces it).
// It turns each built-in plugin folder (plugin.json + entry module) into a PolicyBinding with the
// provenance results-cli.md asks for; the SHA-256 is of the entry file's bytes as committed, so the
// app, the web build and the CLI report the same hash for the same policy.
import { sha256Hex, type PolicyBinding, type PolicyDefinition } from '../../../core';
import type { BuiltInInfo } from '../../../core/run/protocol';

/** policy-api.md's table order: always-sync first, the default baseline. */
export const BUILT_IN_ORDER = ['always-sync', 'kvm-2020', 'kvm-current', 'never-sync'] as const;

interface Manifest {
  id: string;
  name: string;
  version: string;
  entry: string;
  description: string;
}

const manifests = import.meta.glob<Manifest>('../../../plugins/*/plugin.json', {
  eager: true,
  import: 'default',
});
const modules = import.meta.glob<PolicyDefinition>('../../../plugins/*/index.ts', {
  eager: true,
  import: 'default',
});
const sources = import.meta.glob<string>('../../../plugins/*/index.ts', {
  eager: true,
  query: '?raw',
  import: 'default',
});

export interface BuiltIn {
  info: BuiltInInfo;
  binding: PolicyBinding;
}

function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

function loadBuiltIns(): BuiltIn[] {
  const out: BuiltIn[] = [];
  for (const [manifestPath, manifest] of Object.entries(manifests)) {
    const dir = folderOf(manifestPath);
    const mod = modules[`${dir}/${manifest.entry}`];
    const source = sources[`${dir}/${manifest.entry}`];
    if (!mod || source === undefined) continue;
    const sha256 = sha256Hex(source);
    out.push({
      info: {
        id: manifest.id,
        name: manifest.name,
        description: manifest.description,
        version: manifest.version,
        sha256,
      },
      binding: {
        info: { id: manifest.id, version: manifest.version, sha256, origin: 'built-in', name: manifest.name },
        decide: (t) => mod.decide(t),
      },
    });
  }
  const rank = (id: string): number => {
    const i = (BUILT_IN_ORDER as readonly string[]).indexOf(id);
    return i < 0 ? BUILT_IN_ORDER.length : i;
  };
  return out.sort((a, b) => rank(a.info.id) - rank(b.info.id) || a.info.id.localeCompare(b.info.id));
}

export const builtIns: readonly BuiltIn[] = loadBuiltIns();
