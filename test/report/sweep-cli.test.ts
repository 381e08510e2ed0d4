// End-to-end tests of `vmxlab sweep` and `vmxlab rerun` over the real engine, DSL and built-in policies.
import { afterAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { runSweep, SWEEP_WORKER } from '../../cli/commands/sweep';
import { rerun, RerunInputError } from '../../cli/commands/rerun';
import type { SweepTask, SweepTaskResult } from '../../cli/sweep-worker';
import { resolvePolicies } from '../../cli/sweep-worker-policies';
import { sweepWorkerScript, workerAcceptedFlags, workerExecArgv } from '../../cli/sweep-worker-bundle';
import { compileCell } from '../../cli/sweep-cell';
import { writeReports } from '../../cli/report-output';
import { compileScenario } from '../../core/dsl/compile';
import { runScenario } from '../../core/index';

const fixture = fileURLToPath(new URL('./fixtures/sweep.vmx', import.meta.url));
const source = readFileSync(fixture, 'utf8');
const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vmxlab-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BUILT_INS = ['always-sync', 'kvm-2020', 'kvm-current', 'never-sync'];

/** A cell's program, compiled as the sweep's main thread does before sending it to a worker. */
function programOf(set: Record<string, string>) {
  const { program, reason } = compileCell(source, 'sweep.vmx', set);
  if (!program) throw new Error(reason ?? 'no program');
  return program;
}

describe('sweep cells', () => {
  test('an invalid configuration is refused on the main thread with FILE:LINE:COL', () => {
    expect(compileCell(source, 'sweep.vmx', { 'host.ept': 'off', 'l1.ept': 'on' })).toEqual({
      program: null,
      reason: expect.stringMatching(/^sweep\.vmx:\d+:\d+: error: .*needs 'host\.ept on'/),
    });
  });
});

describe('the sweep worker', () => {
  test('loads under tsx in a piscina worker thread and runs one cell', async () => {
    const pool = new Piscina<SweepTask, SweepTaskResult>({ filename: SWEEP_WORKER, maxThreads: 1 });
    try {
      const set = { 'host.ept': 'on', 'l1.ept': 'on' };
      const task: SweepTask = {
        source,
        file: 'sweep.vmx',
        set,
        program: programOf(set),
        policies: { ids: ['kvm-2020', 'never-sync'], pluginsDir: null },
        timeline: false,
      };
      const ok = await pool.run(task);
      expect(ok.ok).toBe(true);
      if (ok.ok) {
        expect(ok.config.host.ept).toBe(true);
        expect(ok.config.l1.ept).toBe(true);
        expect(ok.runs.map((r) => r.policy.id)).toEqual(['kvm-2020', 'never-sync']);
        expect('timeline' in ok.runs[0]!).toBe(false);
      }
    } finally {
      await pool.destroy();
    }
  });
});

describe('the bundled sweep worker', () => {
  test('is built with esbuild, loads in plain Node (no tsx) and runs a cell like the tsx entry', async () => {
    const script = await sweepWorkerScript();
    expect(script.bundled).toBe(true);
    // Workers get compiled programs: the DSL compiler (Chevrotain, most of a worker's start) stays out.
    expect(readFileSync(script.filename, 'utf8')).not.toMatch(/from ["']chevrotain["']/);
    // Cached by the sources, like the CLI's own bundle: the next sweep loads the same file.
    expect(script.filename).toMatch(/node_modules\/\.cache\/vmxlab\/sweep-worker-[0-9a-f]{16}\.mjs$/);
    expect((await sweepWorkerScript()).filename).toBe(script.filename);
    const pool = new Piscina<SweepTask, SweepTaskResult>({
      filename: script.filename,
      maxThreads: 1,
      execArgv: [],
    });
    try {
      const task: SweepTask = {
        source,
        file: 'sweep.vmx',
        set: { 'l1.vpid': 'off' },
        program: programOf({ 'l1.vpid': 'off' }),
        policies: { ids: ['never-sync'], pluginsDir: join(repo, 'examples/policies') },
        timeline: true,
      };
      const r = await pool.run(task);
      expect(r.ok && r.runs.map((x) => [x.policy.id, x.metrics.violations])).toEqual([['never-sync', 2]]);
    } finally {
      await pool.destroy();
    }
    expect(existsSync(script.filename)).toBe(true);
  });

  test('workers drop the tsx loader flags of the parent and keep the others', () => {
    expect(
      workerExecArgv([
        '--require',
        '/x/tsx/dist/preflight.cjs',
        '--import',
        'file:///x/tsx/dist/loader.mjs',
        '--max-old-space-size=4096',
      ]),
    ).toEqual(['--max-old-space-size=4096']);
    expect(workerExecArgv(['--import=tsx', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
  });

  test('workers get only the flags Node accepts in a worker (V8 options already apply process-wide)', async () => {
    await expect(
      workerAcceptedFlags([
        '--max-old-space-size=4096',
        '--enable-source-maps',
        '--trace-gc',
        '--no-warnings',
      ]),
    ).resolves.toEqual(['--enable-source-maps', '--no-warnings']);
    await expect(workerAcceptedFlags(['--stack-size=2000'])).resolves.toEqual([]);
    await expect(workerAcceptedFlags([])).resolves.toEqual([]);
  });

  test('a sweep runs under a V8 option given to node (it once failed: "invalid execArgv flags")', () => {
    const bin = join(repo, 'cli', 'bin', 'vmxlab.mjs');
    const res = spawnSync(
      process.execPath,
      ['--max-old-space-size=2048', bin, 'sweep', fixture, '--grid', 'host.ept=off,on', '--jobs', '2'],
      { cwd: repo, encoding: 'utf8' },
    );
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('host.ept=on');
  });
});

describe('runSweep', () => {
  test('keeps every grid point in grid order, marks the invalid one and runs the others in parallel', async () => {
    const { doc, exitCode } = await runSweep(fixture, {
      grid: ['host.ept=off,on', 'l1.ept=off,on'],
      policy: [],
      jobs: 2,
      timeline: true,
      quiet: true,
    });
    expect(exitCode).toBe(0);
    expect(doc.schema).toBe('vmxlab.sweep/1');
    expect(doc.grid).toEqual({ 'host.ept': ['off', 'on'], 'l1.ept': ['off', 'on'] });
    expect(doc.cells.map((c) => [c.set['host.ept'], c.set['l1.ept'], c.valid])).toEqual([
      ['off', 'off', true],
      ['off', 'on', false],
      ['on', 'off', true],
      ['on', 'on', true],
    ]);
    const invalid = doc.cells[1]!;
    expect(invalid.runs).toEqual([]);
    expect(invalid.reason).toMatch(/needs 'host\.ept on'/);
    for (const c of doc.cells.filter((x) => x.valid)) {
      expect(c.runs.map((r) => r.policy.id)).toEqual(BUILT_INS);
      expect(c.runs.every((r) => r.timeline && r.timeline.bins.length > 0)).toBe(true);
      // The cell ran with its own header: its config carries the override.
      expect(c.config?.host.ept).toBe(c.set['host.ept'] === 'on');
    }
    // Shadow paging, L1 without VPID: never-sync misses both PTE writes L2 made before the round trip.
    const shadow = doc.cells[0]!.runs.find((r) => r.policy.id === 'never-sync')!;
    expect(shadow.metrics.violations).toBe(2);
    expect(doc.cells[0]!.runs.find((r) => r.policy.id === 'kvm-2020')!.metrics.violations).toBe(0);
  });

  test('matches a single run of the same cell, and drops timelines with --no-timeline', async () => {
    const { doc } = await runSweep(fixture, {
      grid: ['l1.vpid=off'],
      policy: ['kvm-2020'],
      jobs: 1,
      timeline: false,
      quiet: true,
    });
    const run = doc.cells[0]!.runs[0]!;
    expect('timeline' in run).toBe(false);
    const compiled = compileScenario(source, { overrides: { 'l1.vpid': 'off' } });
    const policies = await resolvePolicies({ ids: ['kvm-2020'], pluginsDir: null });
    const single = runScenario({
      source,
      file: fixture,
      program: compiled.program!,
      policies: policies.bindings,
    });
    policies.dispose();
    expect(run.metrics).toEqual(single.runs[0]!.metrics);
  });
});

describe('user policies', () => {
  const examples = join(repo, 'examples/policies');

  test('run sandboxed in the sweep workers and are recorded with their folder', async () => {
    const { doc } = await runSweep(fixture, {
      grid: ['l1.vpid=on,off'],
      policy: ['adaptive-sync', 'always-sync'],
      plugins: examples,
      jobs: 1,
      timeline: false,
      quiet: true,
    });
    for (const c of doc.cells) {
      expect(c.runs.map((r) => [r.policy.id, r.policy.origin, r.status])).toEqual([
        ['adaptive-sync', 'user', 'ok'],
        ['always-sync', 'built-in', 'ok'],
      ]);
      expect(c.runs[0]!.policy.path).toMatch(/examples\/policies\/adaptive-sync$/);
    }
  });

  test('are found again by their recorded folder when a result is re-run', async () => {
    const compiled = compileScenario(source);
    const policies = await resolvePolicies({ ids: ['lazy-flush'], pluginsDir: examples });
    const doc = runScenario({
      source,
      file: fixture,
      program: compiled.program!,
      policies: policies.bindings,
    });
    policies.dispose();
    const path = join(dir, 'user-result.json');
    await writeReports(doc, { json: path });
    const out = await rerun(path, {});
    expect(out.comparisons).toEqual([{ policy: 'lazy-flush', match: true, differences: [] }]);
  });
});

describe('the vmxlab command line', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(repo, 'cli/bin/vmxlab.mjs'), ...args], { cwd: repo, encoding: 'utf8' });

  test('sweep writes the JSON and report atomically and exits 0; a bad grid key exits 2', () => {
    const json = join(dir, 'sweep.json');
    const report = join(dir, 'sweep.html');
    const ok = cli(
      'sweep',
      fixture,
      '--grid',
      'host.ept=off,on',
      '--policy',
      'never-sync',
      '--jobs',
      '2',
      '--json',
      json,
      '--report',
      report,
      '--no-timeline',
    );
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as { cells: { runs: object[] }[] };
    expect(doc.cells).toHaveLength(2);
    expect(doc.cells.every((c) => c.runs.length === 1 && !('timeline' in c.runs[0]!))).toBe(true);
    expect(readFileSync(report, 'utf8')).toContain('data-testid="sweep-table"');
    expect(ok.stdout).toMatch(/^1\. host\.ept=off {2}best never-sync {2}2$/m);

    const bad = cli('sweep', fixture, '--grid', 'host.bogus=on');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^vmxlab sweep: unknown grid key 'host\.bogus'/);
  });
});

describe('rerun', () => {
  async function recorded(): Promise<string> {
    const compiled = compileScenario(source, { overrides: { 'host.ept': 'on' } });
    const policies = await resolvePolicies({ ids: ['always-sync', 'never-sync'], pluginsDir: null });
    const doc = runScenario({
      source,
      file: fixture,
      program: compiled.program!,
      policies: policies.bindings,
    });
    policies.dispose();
    const path = join(dir, `result-${Math.random().toString(36).slice(2)}.json`);
    await writeReports(doc, { json: path });
    return path;
  }

  test('re-runs a result with its recorded overrides and reports a match', async () => {
    const out = await rerun(await recorded(), {});
    expect(out.exitCode).toBe(0);
    expect(out.comparisons.map((c) => [c.policy, c.match])).toEqual([
      ['always-sync', true],
      ['never-sync', true],
    ]);
    expect(out.notes).toContain('header overrides rebuilt from the recorded configuration: host.ept=on');
  });

  test('reports the metric that differs and exits 1', async () => {
    const path = await recorded();
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { runs: { metrics: { violations: number } }[] };
    const was = doc.runs[1]!.metrics.violations;
    doc.runs[1]!.metrics.violations = was + 5;
    writeFileSync(path, JSON.stringify(doc));
    const out = await rerun(path, {});
    expect(out.exitCode).toBe(1);
    expect(out.comparisons[0]!.match).toBe(true);
    expect(out.comparisons[1]!.differences).toEqual([`violations: ${was + 5} → ${was}`]);
  });

  test('refuses when a policy hash differs unless forced', async () => {
    const path = await recorded();
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { runs: { policy: { sha256: string } }[] };
    doc.runs[0]!.policy.sha256 = 'f'.repeat(64);
    writeFileSync(path, JSON.stringify(doc));
    await expect(rerun(path, {})).rejects.toThrow(
      /policy 'always-sync' source differs[\s\S]*refusing to re-run/,
    );
    await expect(rerun(path, {})).rejects.toBeInstanceOf(RerunInputError);
    const forced = await rerun(path, { force: true });
    expect(forced.exitCode).toBe(0);
    expect(
      forced.notes.some((n) => n.includes("'always-sync' source differs") && n.endsWith('(--force)')),
    ).toBe(true);
  });

  test('rejects a file that is not a result document, naming the field', async () => {
    const path = join(dir, 'not-a-result.json');
    writeFileSync(path, JSON.stringify({ schema: 'vmxlab.result/1', runs: 'none' }));
    await expect(rerun(path, {})).rejects.toThrow(/not a vmxlab\.result\/1 document[\s\S]*runs:/);
  });
});
