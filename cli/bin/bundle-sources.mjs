// esbuild bundles of our TypeScript for plain Node (no tsx at run time): the CLI itself (cliBundle,
// used by vmxlab.mjs) and the sweep workers (cli/sweep-worker-bundle.ts). Plain JavaScript, because
// the `vmxlab` entry must be able to run it before anything can load TypeScript. Packages stay external
// and resolve from the repo's node_modules, which is why bundles are written under node_modules/.cache.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
/**
 * The text replaced in each of our modules, spelled so that it does not replace itself when this
 * module is bundled into the CLI (the replacement would also rewrite a plain string literal of it).
 */
const META_URL = ['import', 'meta', 'url'].join('.');
export const CACHE_DIR = join(REPO, 'node_modules', '.cache', 'vmxlab');

/**
 * Bundles `entry` (a .ts file of this repo) into `outfile` as one ES module. Each of our modules keeps
 * its own `import.meta.url` (they find files relative to themselves, e.g. cli/plugins-fs.ts's
 * '../plugins'), and the policy API that plugins import as 'vmxlab' is bundled, not external.
 * @param {string} entry
 * @param {string} outfile
 * @returns {Promise<void>}
 */
export async function bundleSources(entry, outfile) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
    plugins: [
      {
        name: 'vmxlab-sources',
        setup(build) {
          build.onResolve({ filter: /^vmxlab$/ }, () => ({ path: join(REPO, 'core/policy/api.ts') }));
          // Our .ts and .mjs modules (this one too, once bundled into the CLI); packages are external.
          build.onLoad({ filter: /\.(ts|mjs)$/ }, (args) => {
            const text = readFileSync(args.path, 'utf8');
            const url = JSON.stringify(pathToFileURL(args.path).href);
            return {
              contents: text.replaceAll(META_URL, url),
              loader: args.path.endsWith('.ts') ? 'ts' : 'js',
            };
          });
        },
      },
    ],
  });
}

/** The sources the CLI is built from: every .ts and .mjs under cli/, core/ and plugins/. */
function sourceFiles() {
  /** @type {string[]} */
  const out = [];
  const walk = (/** @type {string} */ dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') || e.name.endsWith('.mjs')) out.push(p);
    }
  };
  for (const d of ['cli', 'core', 'plugins']) walk(join(REPO, d));
  return out.sort();
}

/**
 * A cached bundle of `entry` (a path relative to the repo): its name is `prefix` and a hash of every
 * source's path, size and modification time, so an edit (or a checkout) makes a new one and a stale
 * bundle is never run. Built once (~0.1 s), written under a temporary name and renamed, so concurrent
 * starts never see half a file; bundles of this prefix a day old are pruned. Returns null when it
 * cannot be built (the caller falls back to tsx).
 * @param {string} entry
 * @param {string} prefix
 * @returns {Promise<string | null>}
 */
export async function cachedBundle(entry, prefix) {
  try {
    const hash = createHash('sha256');
    hash.update(`${entry}\n`);
    for (const f of sourceFiles()) {
      const s = statSync(f);
      hash.update(`${relative(REPO, f)}\0${s.size}\0${s.mtimeMs}\n`);
    }
    const name = `${prefix}-${hash.digest('hex').slice(0, 16)}.mjs`;
    const outfile = join(CACHE_DIR, name);
    try {
      statSync(outfile);
      return outfile;
    } catch {
      // not built yet
    }
    mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = join(CACHE_DIR, `${name}.${process.pid}.tmp.mjs`);
    await bundleSources(join(REPO, entry), tmp);
    renameSync(tmp, outfile);
    // Prune bundles of sources a day old: never one a running `vmxlab` may be about to import.
    const dayAgo = Date.now() - 86_400_000;
    const ours = new RegExp(`^${prefix}-[0-9a-f]{16}\\.mjs$`);
    for (const f of readdirSync(CACHE_DIR)) {
      const p = join(CACHE_DIR, f);
      if (ours.test(f) && statSync(p).mtimeMs < dayAgo) rmSync(p, { force: true });
    }
    return outfile;
  } catch {
    return null;
  }
}

/** The CLI as a cached bundle (see cachedBundle). */
export function cliBundle() {
  return cachedBundle('cli/main.ts', 'cli');
}
