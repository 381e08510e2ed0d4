// The user plugin folder: every sub-folder with a plugin.json is a plugin (policy-api.md "Plugin
// packaging"). Main only reads the manifest and entry as text for the renderer; validation and
// sandboxing are core's. Saving a policy written in the app creates `<folder>/<id>/` atomically.
import { promises as fs } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { NewUserPlugin, UserPluginSource } from '../../core/host/api';
import { manifestEntrySchema, newUserPluginSchema } from '../../core/host/schemas';
import { atomicWriteFile } from './files';

const MAX_PLUGINS = 200;

/** The entry a manifest names, when it names an allowed one; else index.ts, reported by the loader. */
function entryOf(manifestText: string): string {
  try {
    const parsed = manifestEntrySchema.safeParse(JSON.parse(manifestText));
    return parsed.success ? parsed.data.entry : 'index.ts';
  } catch {
    return 'index.ts';
  }
}

export async function listUserPlugins(folder: string): Promise<UserPluginSource[]> {
  let names: string[];
  try {
    names = (await fs.readdir(folder, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    return [];
  }
  const out: UserPluginSource[] = [];
  for (const name of names.sort().slice(0, MAX_PLUGINS)) {
    const dir = join(folder, name);
    let manifestText: string;
    try {
      manifestText = await fs.readFile(join(dir, 'plugin.json'), 'utf8');
    } catch {
      continue; // not a plugin folder
    }
    const entryName = entryOf(manifestText);
    const entryText = await fs.readFile(join(dir, entryName), 'utf8').catch(() => null);
    out.push({ folder: dir, manifestText, entryName, entryText });
  }
  return out;
}

export async function saveUserPlugin(folder: string, plugin: NewUserPlugin): Promise<UserPluginSource> {
  const p = newUserPluginSchema.parse(plugin);
  const dir = resolve(folder, p.id);
  // The id schema already forbids separators; this keeps the guarantee local.
  if (!dir.startsWith(resolve(folder) + sep))
    throw new Error(`plugin id '${p.id}' escapes the plugin folder`);
  await fs.mkdir(dir, { recursive: true });
  await atomicWriteFile(join(dir, p.entryName), p.entryText);
  await atomicWriteFile(join(dir, 'plugin.json'), p.manifestText);
  return { folder: dir, manifestText: p.manifestText, entryName: p.entryName, entryText: p.entryText };
}
