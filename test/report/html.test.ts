import { describe, expect, test } from 'vitest';
import { resultHtmlReport } from '../../core/report/index';
import { fixtureResultDoc } from './fixtures/result-doc';

const doc = fixtureResultDoc();
const html = resultHtmlReport(doc);

describe('the HTML result report', () => {
  test('is one complete HTML document with its CSS inline and print rules', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/);
    expect(html).toContain('@page');
  });

  test('makes no external request: no http(s) src or href, no @import, no url() to a server, no script', () => {
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link(?![^>]*href="data:)/i);
    // Inline SVGs lose their namespace declarations, so the page holds no URL at all.
    expect(html).not.toMatch(/https?:\/\//);
  });

  test('has one metrics row per policy, in run order, with the baseline first', () => {
    const summary = html.slice(html.indexOf('<section id="summary">'), html.indexOf('<section id="charts">'));
    const rows = [...summary.matchAll(/<tr data-policy="([^"]+)"( class="baseline")?><th scope="row">/g)];
    expect(rows.map((m) => m[1])).toEqual(['always-sync', 'kvm-2020', 'never-sync', 'my-adaptive']);
    expect(rows[0]?.[2]).toBe(' class="baseline"');
    expect(rows.slice(1).every((m) => m[2] === undefined)).toBe(true);
  });

  test('prints Δ% against the first policy', () => {
    // my-adaptive failed at event floor(48000 * 0.6) + 7 = 28807 against always-sync's 48000 events.
    const delta = ((28807 - 48000) / 48000) * 100;
    const row = html.slice(html.indexOf('<tr data-policy="my-adaptive"'));
    expect(row).toMatch(
      new RegExp(`data-metric="events" data-value="28807">28,807<span class="delta">Δ ${delta.toFixed(1)}%`),
    );
    // A zero baseline (always-sync has no violations) gives n/a, not infinity.
    expect(row).toMatch(/data-metric="violations" data-value="\d+">[\d,]+<span class="delta">Δ n\/a/);
  });

  test('has the five timeline charts as inline SVG', () => {
    const figures = [
      ...html.matchAll(/<figure class="chart" data-chart="([^"]+)"[^>]*>\s*<svg[\s\S]*?<\/svg>/g),
    ];
    expect(figures.map((m) => m[1])).toEqual([
      'timeline-tlb-hit-rate',
      'timeline-syncs',
      'timeline-flushes',
      'timeline-vm-exits',
      'timeline-violations',
    ]);
    // Marks are drawn: their labels appear inside the SVG text, escaped.
    const firstSvg = figures[0]?.[0] ?? '';
    expect(firstSvg).toContain('cool-down');
    expect(firstSvg).toContain('phase 2: &lt;remap&gt;');
    // A white background so the chart prints and reads on any page colour.
    expect(firstSvg).toMatch(/<rect[^>]*fill="#ffffff"/i);
  });

  test('explains each listed violation with event, line, actor, addresses, cause and why', () => {
    const section = html.slice(
      html.indexOf('<section id="violations">'),
      html.indexOf('<section id="errors">'),
    );
    expect(section).toContain('id="violations-kvm-2020"');
    expect(section).toContain(
      '<td class="num">1234</td><td class="num"><a href="#L31">31</a></td><td>l2</td><td class="mono">0x1000</td><td class="mono">0x301000</td><td class="mono">0x900000</td><td class="nowrap">stale-spte</td>',
    );
    // The why sentence is escaped (it holds `<without>`).
    expect(section).toContain('remapped 0x1000 &lt;without&gt; an INVVPID');
    // always-sync has no violations and no table of them.
    expect(section).not.toContain('violations-always-sync');
  });

  test('lists the failed policy with its error, event and line', () => {
    const section = html.slice(
      html.indexOf('<section id="errors">'),
      html.indexOf('<section id="configuration">'),
    );
    expect(section).toContain(
      '<tr data-policy="my-adaptive"><th scope="row">my-adaptive</th><td class="num">28807</td><td class="num"><a href="#L29">29</a></td>',
    );
    expect(section).toContain('TypeError: cannot read properties of undefined');
  });

  test('carries the configuration, the numbered source and the provenance', () => {
    expect(html).toContain('<tr><th scope="row"><code>host.ept</code></th><td class="mono">off</td></tr>');
    expect(html).toContain('<tr><th scope="row"><code>cr3.l2</code></th><td class="mono">P pcid 1</td></tr>');
    expect(html).toContain('<span class="l" id="L31"><span class="n">31</span>  l2 read 0x1000</span>');
    const prov = html.slice(html.indexOf('<section id="provenance">'));
    expect(prov).toContain(doc.scenario.sha256);
    expect(prov).toContain('vmxlab 0.1.0');
    expect(prov).toContain('2026-11-25T20:00:00.000Z');
    for (const r of doc.runs) expect(prov).toContain(r.policy.sha256);
    expect(prov).toContain('/home/lab/plugins/my-adaptive');
  });

  test('escapes scenario text, so a name cannot inject markup', () => {
    const evil = fixtureResultDoc({ bins: 4 });
    evil.scenario.name = '<img src=x onerror=alert(1)>';
    const out = resultHtmlReport(evil);
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
