// The `vmxlab` entry runs the CLI from a cached esbuild bundle (cli/bin/bundle-sources.mjs), rebuilt
// when a source changes; tsx stays the fallback. Both must behave the same.
import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBundle } from '../../cli/bin/bundle-sources.mjs';
import { ENGINE_VERSION } from '../../core/version';

const repo = join(__dirname, '..', '..');
const bin = join(repo, 'cli', 'bin', 'vmxlab.mjs');

test('the bundle is cached by the sources it is built from, and a changed source makes a new one', async () => {
  const first = await cliBundle();
  expect(first).toMatch(/node_modules\/\.cache\/vmxlab\/cli-[0-9a-f]{16}\/main\.mjs$/);
  await expect(cliBundle()).resolves.toBe(first);
  const source = join(repo, 'cli', 'main.ts');
  const { atime, mtime } = statSync(source);
  try {
    utimesSync(source, atime, new Date(mtime.getTime() + 1000));
    const second = await cliBundle();
    expect(second).not.toBe(first);
  } finally {
    utimesSync(source, atime, mtime);
  }
});

test('the bundled CLI and the tsx fallback answer alike', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [bin, 'check', 'examples/01-shadow-l1-no-vpid.vmx'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
  const bundled = run({});
  const tsx = run({ VMXLAB_CLI_TSX: '1' });
  expect(bundled.status).toBe(0);
  expect(tsx.status).toBe(0);
  expect(bundled.stdout).toBe(tsx.stdout);
  const version = spawnSync(process.execPath, [bin, '--version'], { cwd: repo, encoding: 'utf8' });
  expect(version.stdout.trim()).toBe(ENGINE_VERSION);
});

test('the bundle loads ECharts only with a report, and the bundled CLI still writes one', async () => {
  const entry = await cliBundle();
  // Start-up loads main.mjs and what it imports statically: no chart library (~0.4 s) among them.
  expect(readFileSync(entry!, 'utf8')).not.toMatch(/from ["']echarts/);
  const dir = mkdtempSync(join(tmpdir(), 'vmxlab-bin-'));
  try {
    const html = join(dir, 'r.html');
    const res = spawnSync(
      process.execPath,
      [bin, 'run', 'examples/01-shadow-l1-no-vpid.vmx', '--quiet', '--report', html],
      { cwd: repo, encoding: 'utf8' },
    );
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/<svg[\s\S]*<\/svg>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
