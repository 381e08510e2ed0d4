// `npm run typecheck`: each project on its own, two at a time (2-core machines).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { TS_PROJECTS, type TsProject } from './lib/typecheck-projects';
import { repoRoot } from './lib/web-build';

const BIN = {
  tsc: join(repoRoot, 'node_modules/typescript/bin/tsc'),
  'vue-tsc': join(repoRoot, 'node_modules/vue-tsc/bin/vue-tsc.js'),
};

function check(p: TsProject): Promise<{ p: TsProject; code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN[p.checker], '--noEmit', '-p', p.config], { cwd: repoRoot });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ p, code: code ?? 1, out }));
  });
}

const queue = [...TS_PROJECTS];
let failed = 0;
async function worker(): Promise<void> {
  for (let p = queue.shift(); p; p = queue.shift()) {
    const r = await check(p);
    if (r.code !== 0) failed++;
    console.log(`typecheck ${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.p.name} (${r.p.config})`);
    if (r.out.trim()) console.log(r.out.trimEnd());
  }
}
await Promise.all([worker(), worker()]);
if (failed) {
  console.error(`typecheck: ${failed} project(s) failed`);
  process.exit(1);
}
