// esbuild bundles of our TypeScript for plain Node (no tsx at run time): the CLI itself (cliBundle,
// used by vmxlab.mjs) and the sweep workers (cli/sweep-worker-bundle.ts). Plain JavaScript, because
// the `vmxlab` entry must be able to run it before anything can load TypeScript. Packages stay external
// and resolve from the repo's node_modules, which is why bundles are written under node_modules/.cache.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join, relative } from 'node:path';
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
 * With `split`, `outfile` is the entry of a folder of ES modules: what the code imports with `import()`
 * goes into chunks loaded only then, with the packages they import (a package imported at the top of a
 * one-file bundle is loaded at start-up even when only a lazily run module uses it).
 * @param {string} entry
 * @param {string} outfile
 * @param {{ split?: boolean }} [options]
 * @returns {Promise<void>}
 */
export async function bundleSources(entry, outfile, options = {}) {
  const esbuild = await import('esbuild');
  const output = options.split
    ? {
        outdir: dirname(outfile),
        entryNames: basename(outfile, '.mjs'),
        chunkNames: 'chunk-[hash]',
        outExtension: { '.js': '.mjs' },
        splitting: true,
      }
    : { outfile };
  await esbuild.build({
    entryPoints: [entry],
    ...output,
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
 * starts never see half a bundle; bundles of this prefix a day old are pruned. With `split` the bundle
 * is a folder (see bundleSources) and the path returned is its entry. Returns null when it cannot be
 * built (the caller falls back to tsx).
 * @param {string} entry
 * @param {string} prefix
 * @param {{ split?: boolean }} [options]
 * @returns {Promise<string | null>}
 */
export async function cachedBundle(entry, prefix, options = {}) {
  try {
    const hash = createHash('sha256');
    hash.update(`${entry}\n${options.split ? 'split' : 'one'}\n`);
    for (const f of sourceFiles()) {
      const s = statSync(f);
      hash.update(`${relative(REPO, f)}\0${s.size}\0${s.mtimeMs}\n`);
    }
    const name = `${prefix}-${hash.digest('hex').slice(0, 16)}`;
    const target = join(CACHE_DIR, options.split ? name : `${name}.mjs`);
    const file = options.split ? join(target, 'main.mjs') : target;
    try {
      statSync(file);
      return file;
    } catch {
      // not built yet
    }
    mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = join(CACHE_DIR, `${name}.${process.pid}.tmp`);
    const tmpFile = options.split ? join(tmp, 'main.mjs') : `${tmp}.mjs`;
    await bundleSources(join(REPO, entry), tmpFile, options);
    try {
      renameSync(options.split ? tmp : tmpFile, target);
    } catch {
      // Another start renamed its copy into place first (a folder cannot replace a non-empty one).
      rmSync(options.split ? tmp : tmpFile, { recursive: true, force: true });
      statSync(file);
    }
    // Prune bundles of sources a day old: never one a running `vmxlab` may be about to import.
    const dayAgo = Date.now() - 86_400_000;
    const ours = new RegExp(`^${prefix}-[0-9a-f]{16}(\\.mjs)?$`);
    for (const f of readdirSync(CACHE_DIR)) {
      const p = join(CACHE_DIR, f);
      if (ours.test(f) && statSync(p).mtimeMs < dayAgo) rmSync(p, { recursive: true, force: true });
    }
    return file;
  } catch {
    return null;
  }
}

/**
 * The CLI as a cached bundle (see cachedBundle), split: the report writers (ECharts, ~0.4 s to load)
 * are imported only by the commands that write a report, when they do.
 */
export function cliBundle() {
  return cachedBundle('cli/main.ts', 'cli', { split: true });
}
