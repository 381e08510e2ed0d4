// Plugin discovery over sources the host read (policy-api.md "Plugin packaging", "Isolation"): manifest
// check, duplicate ids, and the SHA-256 of the entry file's bytes as stored, so the CLI, the app and
// the web build record the same provenance. Pure: the host does the reading (cli/plugins-fs.ts, the app).
import type { PolicyOrigin, PolicyProvenance } from '../run/result';
import { sha256Hex } from '../util/sha256';
import { parseManifest, type PluginManifest } from './manifest';
import type { PluginProblem } from './problems';

// TextDecoder exists in every host core runs on (Node, browsers, workers) but is not part of lib ES2022,
// which core type-checks against; declare just what is used.
declare const TextDecoder: new (
  label: 'utf-8',
  options: { fatal: boolean },
) => { decode(bytes: Uint8Array): string };

/** One plugin folder as a host read it. */
export interface PluginSource {
  /** Folder path as the host names it (shown in problems, recorded as `path` for user policies). */
  folder: string;
  origin: PolicyOrigin;
  manifestText: string;
  /** The entry module's bytes as stored (or its text); hashed as given. */
  entryText: string | Uint8Array;
}

export interface LoadedPlugin {
  folder: string;
  origin: PolicyOrigin;
  manifest: PluginManifest;
  /** The entry module decoded as UTF-8 (what the transpiler and the sandbox see). */
  source: string;
  /** Hex SHA-256 of the entry file's bytes as stored. */
  sha256: string;
  /** What a run records about this policy (result.md `runs[].policy`). */
  provenance: PolicyProvenance;
}

export interface LoadResult {
  plugins: LoadedPlugin[];
  problems: PluginProblem[];
}

export function joinPath(folder: string, file: string): string {
  return folder === '' ? file : `${folder.replace(/\/+$/, '')}/${file}`;
}

/**
 * Checks every source; the good ones come back in input order, the bad ones as problems. When two
 * plugins claim one id the first keeps it (hosts list built-ins first, so a user plugin cannot shadow
 * kvm-2020) and the second is reported with both folders named.
 */
export function loadPlugins(sources: readonly PluginSource[]): LoadResult {
  const plugins: LoadedPlugin[] = [];
  const problems: PluginProblem[] = [];
  const byId = new Map<string, LoadedPlugin>();
  for (const src of sources) {
    const manifestFile = joinPath(src.folder, 'plugin.json');
    const parsed = parseManifest(manifestFile, src.manifestText);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const manifest = parsed.manifest;
    const first = byId.get(manifest.id);
    if (first) {
      problems.push({
        file: manifestFile,
        field: 'id',
        message: `duplicate policy id '${manifest.id}': defined in ${first.folder} and ${src.folder}`,
        duplicate: true,
      });
      continue;
    }
    const bytes = src.entryText;
    let source: string;
    try {
      source = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      problems.push({
        file: joinPath(src.folder, manifest.entry),
        field: 'entry',
        message: 'is not valid UTF-8 text',
      });
      continue;
    }
    const sha256 = sha256Hex(bytes);
    const provenance: PolicyProvenance = {
      id: manifest.id,
      version: manifest.version,
      sha256,
      origin: src.origin,
      name: manifest.name,
      ...(src.origin === 'user' ? { path: src.folder } : {}),
    };
    const plugin: LoadedPlugin = {
      folder: src.folder,
      origin: src.origin,
      manifest,
      source,
      sha256,
      provenance,
    };
    byId.set(manifest.id, plugin);
    plugins.push(plugin);
  }
  return { plugins, problems };
}
