// Whether the Electron binary is installed. Electron >= 44 downloads it on first launch, which an
// offline machine cannot do; node_modules/electron/path.txt exists only after a successful download.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function electronBinaryPath(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env['ELECTRON_EXEC_PATH'] ?? env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override && existsSync(override)) return override;
  const dir = join(repoRoot, 'node_modules', 'electron');
  const pathTxt = join(dir, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const exe = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}
