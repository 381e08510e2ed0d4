// plugin.json of a policy plugin (policy-api.md "Plugin packaging"): validated with zod, and every
// problem reported as { file, field, message } so one bad plugin is skipped while the rest load.
// Built-ins and user plugins go through this same check.
import { z } from 'zod';
import type { PluginProblem } from './problems';

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * The entry module: a relative .ts/.js path inside the plugin folder. No absolute paths, no `..`,
 * no backslashes: the same manifest must name the same file in the CLI, the app and the web build.
 */
export function isSafeEntryPath(entry: string): boolean {
  if (!/\.(ts|js)$/.test(entry) || entry.startsWith('/') || entry.includes('\\')) return false;
  if (/^[A-Za-z]:/.test(entry)) return false;
  return entry.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

export const PluginManifestSchema = z.strictObject({
  id: z
    .string()
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters')
    .regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+ (lower-case letters, digits and dashes)'),
  name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
  version: z.string().regex(SEMVER, 'must be a semantic version such as 1.0.0'),
  kind: z.literal('policy', { error: 'must be "policy"' }),
  entry: z.string().refine(isSafeEntryPath, {
    message: 'must be a relative .ts or .js path inside the plugin folder (no "..")',
  }),
  description: z.string().max(2000, 'must be at most 2000 characters'),
});

export type PluginManifest = z.infer<typeof PluginManifestSchema>;

export type ManifestResult =
  { ok: true; manifest: PluginManifest } | { ok: false; problems: PluginProblem[] };

/** Parses plugin.json text; `file` is how problems name it. Never throws. */
export function parseManifest(file: string, text: string): ManifestResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, problems: [{ file, field: '(json)', message: `not valid JSON: ${message}` }] };
  }
  const parsed = PluginManifestSchema.safeParse(json);
  if (parsed.success) return { ok: true, manifest: parsed.data };
  const problems = parsed.error.issues.map((issue): PluginProblem => {
    if (issue.code === 'unrecognized_keys') {
      return { file, field: issue.keys.join(', '), message: 'unknown field' };
    }
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return { file, field, message: missing ? 'is required' : issue.message };
  });
  return { ok: false, problems };
}

/**
 * The entry a host should read for this manifest text, or null when the manifest does not name a safe
 * one (parseManifest then reports why). Lets file-system adapters read exactly one file per plugin.
 */
export function manifestEntry(text: string): string | null {
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === 'object' && 'entry' in json) {
      const entry = json.entry;
      if (typeof entry === 'string' && isSafeEntryPath(entry)) return entry;
    }
  } catch {
    // reported by parseManifest
  }
  return null;
}
