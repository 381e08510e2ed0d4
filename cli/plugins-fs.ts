// Node adapter for policy plugins: reads plugin folders (the built-in plugins/ dir and `--plugins DIR`)
// into core's PluginSource[], and instantiates the QuickJS sandbox from the sync release variant.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import variant from '@jitl/quickjs-wasmfile-release-sync';
import {
  createPolicySandbox,
  manifestEntry,
  parseManifest,
  type PluginProblem,
  type PluginSource,
  type PolicySandbox,
} from '../core/policy/index';

export const BUILT_IN_PLUGINS_DIR = fileURLToPath(new URL('../plugins', import.meta.url));

export interface FolderScan {
  sources: PluginSource[];
  problems: PluginProblem[];
}

function displayPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return (rel && !rel.startsWith('..') ? rel : abs).split(sep).join('/');
}

/**
 * Every sub-folder of `dir` holding a plugin.json becomes a source (folders without one are not
 * plugins and are skipped silently); an unreadable entry file is a problem, not an exception.
 * `dir` itself may also be a single plugin folder.
 */
export function readPluginFolder(dir: string, origin: PluginSource['origin']): FolderScan {
  const root = resolve(dir);
  const sources: PluginSource[] = [];
  const problems: PluginProblem[] = [];
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    problems.push({ file: displayPath(root), field: '(folder)', message: 'is not a readable directory' });
    return { sources, problems };
  }
  const folders = existsSync(join(root, 'plugin.json'))
    ? [root]
    : readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'plugin.json')))
        .map((d) => join(root, d.name))
        .sort();
  for (const folder of folders) {
    const shown = displayPath(folder);
    let manifestText: string;
    try {
      manifestText = readFileSync(join(folder, 'plugin.json'), 'utf8');
    } catch (err) {
      problems.push({ file: `${shown}/plugin.json`, field: '(file)', message: (err as Error).message });
      continue;
    }
    const entry = manifestEntry(manifestText);
    let entryText: Uint8Array = new Uint8Array(0);
    if (entry !== null) {
      try {
        entryText = new Uint8Array(readFileSync(join(folder, entry)));
      } catch {
        // A missing entry matters only once the manifest itself is valid; otherwise report the manifest.
        if (parseManifest(`${shown}/plugin.json`, manifestText).ok) {
          problems.push({
            file: `${shown}/${entry}`,
            field: 'entry',
            message: 'file not found or unreadable',
          });
          continue;
        }
      }
    }
    // With no usable entry the loader reports the manifest's own problem.
    sources.push({ folder: shown, origin, manifestText, entryText });
  }
  return { sources, problems };
}

let sandbox: Promise<PolicySandbox> | null = null;

/** One QuickJS Wasm module per process, created on first use (each policy still gets its own runtime). */
export function nodePolicySandbox(): Promise<PolicySandbox> {
  sandbox ??= createPolicySandbox({ variant, now: () => performance.now() });
  return sandbox;
}
