// `npm run test:e2e`: builds dist-web/ when stale and runs the browser suite against Debian's Chromium.
// Without Chromium a developer machine gets a visible notice and a skip; under CI it is a failure.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureWebBuild, repoRoot } from './lib/web-build';

const chromium = process.env['VMXLAB_CHROMIUM'] ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  const msg = `e2e: ${chromium} not found (apt-get install -y chromium)`;
  if (process.env['CI']) {
    console.error(`${msg}: failing, since CI must run the browser tests.`);
    process.exit(1);
  }
  console.warn(`\n*** ${msg}: SKIPPING the browser end-to-end tests on this developer machine. ***\n`);
  process.exit(0);
}

await ensureWebBuild();
const res = spawnSync(
  process.execPath,
  [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'e2e', ...process.argv.slice(2)],
  { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, VMXLAB_CHROMIUM: chromium } },
);
process.exit(res.status ?? 1);
