// The sweep workers' script. Through tsx a worker spends 1–3 s starting (its own loader thread, every
// core module transformed through it), which for a sweep of small cells costs more than the cells.
// So the worker is bundled once per sweep with esbuild (a dependency, ~0.1 s) into one plain ES module
// that Node loads natively (~0.3 s to a worker's first task); packages stay external and resolve from
// the repo's node_modules, which is why the bundle is written under node_modules/.cache. If anything
// fails, the tsx entry is used.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLI_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO = join(CLI_DIR, '..');

/** The tsx entry: registers tsx in the worker, then imports cli/sweep-worker.ts. */
export const TSX_SWEEP_WORKER = join(CLI_DIR, 'sweep-worker-entry.mjs');

export interface SweepWorkerScript {
  filename: string;
  bundled: boolean;
  /** Removes the bundle (after the pool is destroyed). */
  dispose(): void;
}

let counter = 0;

/** Bundles cli/sweep-worker.ts for plain Node; falls back to the tsx entry. `VMXLAB_SWEEP_TSX=1` forces tsx. */
export async function sweepWorkerScript(): Promise<SweepWorkerScript> {
  const tsx: SweepWorkerScript = { filename: TSX_SWEEP_WORKER, bundled: false, dispose() {} };
  if (process.env['VMXLAB_SWEEP_TSX']) return tsx;
  try {
    const esbuild = await import('esbuild');
    const dir = join(REPO, 'node_modules', '.cache', 'vmxlab');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, `sweep-worker-${process.pid}-${counter++}.mjs`);
    await esbuild.build({
      entryPoints: [join(CLI_DIR, 'sweep-worker.ts')],
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
            // Plugins import the policy API as 'vmxlab' (docs/decisions.md 1): bundle it, not external.
            build.onResolve({ filter: /^vmxlab$/ }, () => ({ path: join(REPO, 'core/policy/api.ts') }));
            // Our modules find files relative to themselves (cli/plugins-fs.ts: '../plugins'); the bundle
            // lives elsewhere, so each keeps its own URL.
            build.onLoad({ filter: /\.ts$/ }, (args) => {
              const text = readFileSync(args.path, 'utf8');
              const url = JSON.stringify(pathToFileURL(args.path).href);
              return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
            });
          },
        },
      ],
    });
    return { filename: outfile, bundled: true, dispose: () => rmSync(outfile, { force: true }) };
  } catch {
    return tsx;
  }
}

/**
 * The workers' Node flags: the parent's, minus tsx's own loader flags (`tsx script.ts` passes
 * `--require …/tsx/preflight.cjs --import …/tsx/loader.mjs`, which would make every worker start tsx).
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i] ?? '';
    const loaderFlag = /^--(require|import|loader|experimental-loader)$/.test(a);
    if (loaderFlag && /tsx/.test(execArgv[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (/^--(require|import|loader|experimental-loader)=.*tsx/.test(a)) continue;
    out.push(a);
  }
  return out;
}
