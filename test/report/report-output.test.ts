import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReports, writeSweepReports } from '../../cli/report-output';
import { checkReportTargets } from '../../cli/report-targets';
import { atomicWriteFiles } from '../../cli/atomic-write';
import { parseResultDoc } from '../../core/index';
import { fixtureResultDoc } from './fixtures/result-doc';
import { fixtureSweepDoc } from './fixtures/sweep-doc';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'vmxlab-report-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writeReports (the run command’s --report/--csv/--json)', () => {
  test('writes HTML, CSV and JSON and leaves no temporary file behind', async () => {
    const d = tmp();
    const doc = fixtureResultDoc({ bins: 5 });
    const written = await writeReports(doc, {
      report: join(d, 'r.html'),
      csv: join(d, 'r.csv'),
      json: join(d, 'r.json'),
    });
    expect(written.map((p) => p.slice(d.length + 1))).toEqual(['r.json', 'r.csv', 'r.html']);
    expect(readdirSync(d).sort()).toEqual(['r.csv', 'r.html', 'r.json']);
    expect(readFileSync(join(d, 'r.html'), 'utf8')).toContain('<svg');
    // 3 runs × 5 bins + my-adaptive's 4 bins (it failed at event 3007 of 5000), plus the header.
    expect(readFileSync(join(d, 'r.csv'), 'utf8').trimEnd().split('\r\n')).toHaveLength(1 + 15 + 4);
    expect(parseResultDoc(JSON.parse(readFileSync(join(d, 'r.json'), 'utf8'))).ok).toBe(true);
  });

  test('writes a Markdown report with its SVG charts beside it, named after it', async () => {
    const d = tmp();
    await writeReports(fixtureResultDoc({ bins: 3 }), { report: join(d, 'sub', 'cmp.md') });
    const files = readdirSync(join(d, 'sub')).sort();
    expect(files).toEqual([
      'cmp-timeline-flushes.svg',
      'cmp-timeline-syncs.svg',
      'cmp-timeline-tlb-hit-rate.svg',
      'cmp-timeline-violations.svg',
      'cmp-timeline-vm-exits.svg',
      'cmp.md',
    ]);
    expect(readFileSync(join(d, 'sub', 'cmp.md'), 'utf8')).toContain('](cmp-timeline-syncs.svg)');
  });

  test('refuses a report that is neither .html nor .md before doing any work', () => {
    expect(() => checkReportTargets({ report: 'out.pdf' })).toThrow(/expected a file ending in .html or .md/);
    expect(() => checkReportTargets({ report: 'OUT.HTML' })).not.toThrow();
  });

  test('writes the sweep JSON and report', async () => {
    const d = tmp();
    await writeSweepReports(fixtureSweepDoc(), { json: join(d, 's.json'), report: join(d, 's.html') });
    expect(JSON.parse(readFileSync(join(d, 's.json'), 'utf8'))).toMatchObject({ schema: 'vmxlab.sweep/1' });
    expect(readFileSync(join(d, 's.html'), 'utf8')).toContain('data-testid="sweep-table"');
  });
});

describe('atomic writes', () => {
  test('replace an existing file whole', () => {
    const d = tmp();
    const p = join(d, 'a.txt');
    writeFileSync(p, 'old');
    atomicWriteFiles([{ path: p, data: 'new' }]);
    expect(readFileSync(p, 'utf8')).toBe('new');
    expect(readdirSync(d)).toEqual(['a.txt']);
  });

  test('write nothing visible when one of several files fails, and clean their temp files', () => {
    const d = tmp();
    writeFileSync(join(d, 'blocker'), 'a file where a directory should be');
    expect(() =>
      atomicWriteFiles([
        { path: join(d, 'ok.txt'), data: 'x' },
        { path: join(d, 'blocker', 'no.txt'), data: 'y' },
      ]),
    ).toThrow();
    expect(readdirSync(d)).toEqual(['blocker']);
  });
});
