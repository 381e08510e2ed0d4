import { describe, expect, test } from 'vitest';
import { resultMarkdownReport, mdCode } from '../../core/report/index';
import { fixtureResultDoc } from './fixtures/result-doc';

describe('the Markdown result report', () => {
  const doc = fixtureResultDoc();
  const { markdown, files } = resultMarkdownReport(doc, { assetPrefix: 'run 1' });

  test('returns the five charts as SVG files and links each by relative name', () => {
    expect(files.map((f) => f.name)).toEqual([
      'run 1-timeline-tlb-hit-rate.svg',
      'run 1-timeline-syncs.svg',
      'run 1-timeline-flushes.svg',
      'run 1-timeline-vm-exits.svg',
      'run 1-timeline-violations.svg',
    ]);
    for (const f of files) {
      expect(f.content.startsWith('<svg')).toBe(true);
      expect(f.content).toContain('xmlns="http://www.w3.org/2000/svg"');
      expect(markdown).toContain(`](${f.name.replace(' ', '%20')})`);
    }
  });

  test('has the policy table with one row per policy and Δ% against the baseline', () => {
    const table = markdown.slice(markdown.indexOf('## Policies'), markdown.indexOf('## Timeline'));
    const rows = table.split('\n').filter((l) => l.startsWith('| '));
    // Header, alignment, four policies.
    expect(rows).toHaveLength(6);
    expect(rows[1]).toBe('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    expect(rows[2]).toMatch(/^\| always-sync \(built-in 1\.0\.0\) \| ok \| 48,000 \(baseline\) \|/);
    expect(rows[5]).toMatch(/^\| my-adaptive \(user 0\.3\.0\) \| policy error \| 28,807 \(Δ -40\.0%\) \|/);
  });

  test('explains violations, lists the failed policy and carries the source and provenance', () => {
    expect(markdown).toContain('| 1234 | 31 | l2 | 0x1000 | 0x301000 | 0x900000 | stale-spte |');
    expect(markdown).toMatch(/\| my-adaptive \| 28807 \| 29 \| policy 'my-adaptive' threw/);
    expect(markdown).toContain('```vmx\n# L2 switches PCID');
    expect(markdown).toContain(`| scenario SHA-256 | ${doc.scenario.sha256} |`);
    expect(markdown).toContain('| host.ept | off |');
  });

  test('escapes pipes in cells so a table keeps its columns', () => {
    const d = fixtureResultDoc({ bins: 2 });
    d.runs[3]!.error!.message = 'a | b';
    expect(resultMarkdownReport(d).markdown).toContain('a \\| b');
  });

  test('fences code with more backticks than the text holds', () => {
    expect(mdCode('x ``` y')).toBe('````\nx ``` y\n````');
  });
});
