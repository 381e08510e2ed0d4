// The HTML report in a real browser: the Node-generated file renders (screenshot for a human to look
// at), prints to PDF without fetching anything, and the very same report module, bundled by Vite for
// the browser, generates a report inside the page (the app's export button runs it in the renderer).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Rolldown } from 'vite';
import { resultHtmlReport } from '../../core/report/index';
import { fixtureResultDoc } from '../report/fixtures/result-doc';
import { launchChromium, screenshotDir } from './browser';
import { repoRoot } from '../../scripts/lib/web-build';

let context: BrowserContext;
let page: Page;
let profile: string;
const requests: string[] = [];

beforeAll(async () => {
  ({ context, profile } = await launchChromium({ width: 1200, height: 1500 }));
  page = context.pages()[0] ?? (await context.newPage());
  page.on('request', (r) => requests.push(r.url()));
});
afterAll(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

/** Bundles core/report for the browser (ES2022 IIFE exposing `VmxReport`), as the renderer's Vite would. */
async function browserBundle(): Promise<string> {
  const entryDir = mkdtempSync(join(tmpdir(), 'vmxlab-report-entry-'));
  const entry = join(entryDir, 'entry.ts');
  writeFileSync(
    entry,
    `export { resultHtmlReport, timelineChartOptions } from ${JSON.stringify(join(repoRoot, 'core/report/index.ts'))};\n`,
  );
  try {
    const out = await build({
      configFile: false,
      logLevel: 'silent',
      root: repoRoot,
      resolve: { alias: { vmxlab: join(repoRoot, 'core/policy/api.ts') } },
      // What an app build defines (library mode leaves it alone); ECharts reads it for dev warnings.
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        write: false,
        minify: false,
        target: 'es2022',
        lib: { entry, formats: ['iife'], name: 'VmxReport', fileName: () => 'report.js' },
      },
    });
    const outputs = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
    const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
    if (!chunk || chunk.type !== 'chunk') throw new Error('no bundle produced');
    return chunk.code;
  } finally {
    rmSync(entryDir, { recursive: true, force: true });
  }
}

describe('the HTML report in Chromium', () => {
  test('renders the report with its charts; screenshot in test-results/screenshots/report.png', async () => {
    const html = resultHtmlReport(fixtureResultDoc());
    requests.length = 0;
    await page.setContent(html, { waitUntil: 'load' });
    expect(await page.locator('[data-testid="metrics-table"] tbody tr').count()).toBe(4);
    expect(await page.locator('figure.chart svg').count()).toBe(5);
    // Inline SVG parsed as SVG: the charts have a real size on the page.
    const box = await page.locator('figure.chart svg').first().boundingBox();
    expect(box?.width).toBeGreaterThan(600);
    expect(box?.height).toBeGreaterThan(150);
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'report.png'), fullPage: false });
    await page.pdf({ path: join(screenshotDir, 'report.pdf'), format: 'A4', printBackground: true });
    // Nothing was fetched: setContent loads no URL, and the report asks for none.
    expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
  });

  test('the same report module bundled for the browser generates a report in the page', async () => {
    const code = await browserBundle();
    expect(code).not.toMatch(/\brequire\(["']node:|from ["']node:/);
    await page.setContent('<!doctype html><title>bundle</title><body></body>');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addScriptTag({ content: code });
    expect(errors).toEqual([]);
    const doc = fixtureResultDoc({ bins: 16 });
    const result = await page.evaluate((d) => {
      const api = (
        globalThis as unknown as {
          VmxReport: {
            resultHtmlReport(doc: unknown): string;
            timelineChartOptions(doc: unknown): unknown[];
          };
        }
      ).VmxReport;
      const html = api.resultHtmlReport(d);
      return {
        charts: api.timelineChartOptions(d).length,
        svgs: (html.match(/<svg/g) ?? []).length,
        policies: (html.match(/<tr data-policy=/g) ?? []).length,
      };
    }, doc);
    expect(result).toEqual({ charts: 5, svgs: 5, policies: 4 + 1 });
  });
});
