// The sweep workers' script. Through tsx a worker spends 1–3 s starting (its own loader thread, every
// core module transformed through it), which for a sweep of small cells costs more than the cells.
// So the worker is an esbuild bundle (bin/bundle-sources.mjs, shared with the CLI's own bundle and
// cached like it: built once per change of the sources, ~0.1 s) — one plain ES module that Node loads
// natively (~0.15 s to a worker's first task, mostly importing zod and sucrase). If anything fails,
// the tsx entry is used.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { cachedBundle } from './bin/bundle-sources.mjs';

const CLI_DIR = fileURLToPath(new URL('.', import.meta.url));

/** The tsx entry: registers tsx in the worker, then imports cli/sweep-worker.ts. */
export const TSX_SWEEP_WORKER = join(CLI_DIR, 'sweep-worker-entry.mjs');

export interface SweepWorkerScript {
  filename: string;
  bundled: boolean;
}

/** The bundled cli/sweep-worker.ts for plain Node; falls back to the tsx entry. `VMXLAB_SWEEP_TSX=1` forces tsx. */
export async function sweepWorkerScript(): Promise<SweepWorkerScript> {
  const tsx: SweepWorkerScript = { filename: TSX_SWEEP_WORKER, bundled: false };
  if (process.env['VMXLAB_SWEEP_TSX']) return tsx;
  const bundle = await cachedBundle('cli/sweep-worker.ts', 'sweep-worker');
  return bundle ? { filename: bundle, bundled: true } : tsx;
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

/**
 * The flags of `flags` that Node accepts in a worker's execArgv. It refuses V8 options
 * (`--max-old-space-size=…`, `--trace-gc`…) and per-process ones with ERR_WORKER_INVALID_EXEC_ARGV —
 * they already apply to the whole process, workers included — so `node --max-old-space-size=4096
 * vmxlab sweep …` failed before any cell ran. Node names the refused flags only by constructing a
 * worker (it checks them before the thread starts), so a probe worker is built and, once accepted,
 * terminated: only when there are flags to check (a plain `vmxlab` run has none).
 */
export async function workerAcceptedFlags(flags: readonly string[]): Promise<string[]> {
  let candidate = [...flags];
  while (candidate.length > 0) {
    let probe: Worker;
    try {
      probe = new Worker('', { eval: true, execArgv: candidate, stdout: true, stderr: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err;
      // "Initiated Worker with invalid execArgv flags: --a, --b": the refused flags, verbatim.
      const listed = (err as Error).message.replace(/^[^:]*:\s*/, '').split(', ');
      const kept = candidate.filter((f) => !listed.includes(f));
      // A message this parser cannot read: pass no flags rather than fail the sweep.
      candidate = kept.length < candidate.length ? kept : [];
      continue;
    }
    await probe.terminate();
    break;
  }
  return candidate;
}

/** The execArgv of the sweep's workers: the parent's, without tsx's loader flags and without what workers refuse. */
export async function sweepWorkerExecArgv(execArgv: readonly string[] = process.execArgv): Promise<string[]> {
  return workerAcceptedFlags(workerExecArgv(execArgv));
}
