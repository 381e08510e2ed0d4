// The sweep workers' script. Through tsx a worker spends 1–3 s starting (its own loader thread, every
// core module transformed through it), which for a sweep of small cells costs more than the cells.
// So the worker is bundled once per sweep with esbuild (a dependency, ~0.1 s; bin/bundle-sources.mjs,
// shared with the CLI's own bundle) into one plain ES module that Node loads natively (~0.3 s to a
// worker's first task). If anything fails, the tsx entry is used.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSources, CACHE_DIR } from './bin/bundle-sources.mjs';

const CLI_DIR = fileURLToPath(new URL('.', import.meta.url));

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
    mkdirSync(CACHE_DIR, { recursive: true });
    const outfile = join(CACHE_DIR, `sweep-worker-${process.pid}-${counter++}.mjs`);
    await bundleSources(join(CLI_DIR, 'sweep-worker.ts'), outfile);
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
