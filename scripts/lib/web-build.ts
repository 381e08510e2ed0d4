// Builds dist-web/ on demand: only when it is missing or older than any source it is made from,
// so `npm start`, `npm run web` and the e2e tests work right after `npm ci` with no other step.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const distWeb = join(repoRoot, 'dist-web');
const SOURCES = [
  'renderer',
  'core',
  'plugins',
  'examples',
  'vite.web.config.ts',
  'vite.shared.ts',
  'package-lock.json',
];

async function newestMtime(path: string): Promise<number> {
  const st = await fs.stat(path).catch(() => null);
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of await fs.readdir(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, await newestMtime(join(path, entry)));
  }
  return newest;
}

export async function webBuildIsStale(): Promise<boolean> {
  const built = await fs.stat(join(distWeb, 'index.html')).catch(() => null);
  if (!built) return true;
  let newest = 0;
  for (const s of SOURCES) newest = Math.max(newest, await newestMtime(join(repoRoot, s)));
  return newest > built.mtimeMs;
}

export async function ensureWebBuild(force = false): Promise<void> {
  if (!force && !(await webBuildIsStale())) return;
  console.error('vmxlab: building the web app (dist-web/)…');
  const res = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'vite.web.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    },
  );
  if (res.status !== 0) throw new Error(`web build failed (exit ${res.status ?? res.signal})`);
}
