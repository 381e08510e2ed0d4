// `npm start`: the desktop app through electron-vite; on a machine where the Electron binary cannot be
// had (offline), one sentence says so and the same renderer is served as the web build instead.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { electronBinaryPath } from './lib/electron-binary';
import { repoRoot } from './lib/web-build';
import { serveWeb } from './serve-web';

const exe = electronBinaryPath(repoRoot);
if (exe) {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'preview'],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'vmxlab: the Electron binary is not installed (it is downloaded on first launch, and this machine is offline), so the app is served as a web app instead.',
  );
  serveWeb(Number(process.env['PORT'] ?? 5174)).catch((err: unknown) => {
    console.error(`vmxlab: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
