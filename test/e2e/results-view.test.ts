// The comparison views (metrics table, timeline charts, violations list, export) driven with a
// hand-built result document, so they are checked whatever state the engine is in.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openApp, screenshot, type AppSession } from './browser';
import { fixtureResultDoc } from './fixtures/result-doc';

let app: AppSession;
beforeAll(async () => {
  app = await openApp();
  await app.page.getByTestId('scenario-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
  await app.page.waitForFunction(() => typeof window.__vmxlabTest?.showResult === 'function');
  await app.page.evaluate((doc) => window.__vmxlabTest!.showResult!(doc), fixtureResultDoc());
  await app.page.getByTestId('metrics-table').waitFor();
});
afterAll(async () => {
  await app?.close();
});

const cell = (policy: string, metric: string) =>
  app.page.locator(`[data-testid=metrics-table] tr[data-policy="${policy}"] [data-metric="${metric}"]`);

test('the metrics table has one row per policy with raw values in data-value', async () => {
  const rows = app.page.locator('[data-testid=metrics-table] tbody tr');
  await expect(rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-policy')))).resolves.toEqual([
    'always-sync',
    'never-sync',
  ]);
  // always-sync: 30 hits of 40 accesses; never-sync: 36 of 40.
  await expect(cell('always-sync', 'tlbHitRate').getAttribute('data-value')).resolves.toBe('0.75');
  await expect(cell('never-sync', 'tlbHitRate').getAttribute('data-value')).resolves.toBe('0.9');
  await expect(cell('always-sync', 'syncs').getAttribute('data-value')).resolves.toBe('2');
  await expect(cell('never-sync', 'violations').getAttribute('data-value')).resolves.toBe('2');
  await expect(cell('never-sync', 'flushes.total').getAttribute('data-value')).resolves.toBe('0');
});

test('deltas are against the first row by default, differing cells are marked, and the baseline can change', async () => {
  // Cycles: always-sync 12000, never-sync 6000 → −50.0 %.
  await expect(cell('never-sync', 'cycles').innerText()).resolves.toContain('−50.0%');
  await expect(cell('never-sync', 'cycles').getAttribute('class')).resolves.toContain('differs');
  await expect(cell('never-sync', 'accesses').getAttribute('class')).resolves.not.toContain('differs');
  await app.page.locator('tr[data-policy="never-sync"] input[type=radio]').check();
  // Now always-sync's 12000 against 6000 is +100.0 %.
  await expect(cell('always-sync', 'cycles').innerText()).resolves.toContain('+100.0%');
  await app.page.locator('tr[data-policy="always-sync"] input[type=radio]').check();
});

test('the timeline charts draw every series with at least two points, one per policy and metric', async () => {
  await app.page.getByTestId('timeline-chart').locator('canvas').first().waitFor();
  const series = await app.page.evaluate(() => window.__vmxlabTest!.chartSeries!());
  // Five charts (hit rate, syncs, flushes, exits, violations) × two policies.
  expect(series).toHaveLength(10);
  expect(new Set(series.map((s) => s.name))).toEqual(new Set(['always-sync', 'never-sync']));
  for (const s of series) expect(s.points, s.id).toBeGreaterThanOrEqual(2);
  await expect(app.page.getByTestId('timeline-chart').locator('canvas').count()).resolves.toBe(5);
});

test('clicking a point of the chart puts the editor cursor on the scenario line of that bin', async () => {
  const target = await app.page.evaluate(() => window.__vmxlabTest!.chartBinPixel!(2));
  expect(target?.line).toBe(26);
  await app.page.mouse.click(target!.x, target!.y);
  await app.page.waitForFunction(() => window.__vmxlabTest!.cursorLine!() === 26);
  const mid = await app.page.evaluate(() => window.__vmxlabTest!.chartBinPixel!(1));
  await app.page.mouse.click(mid!.x, mid!.y);
  await app.page.waitForFunction(() => window.__vmxlabTest!.cursorLine!() === 24);
});

test('the violations list explains each violation, and a click lands on its line', async () => {
  const entries = app.page.getByTestId('violations-list').locator('[data-line]');
  await expect(entries.count()).resolves.toBe(2);
  const first = entries.first();
  await expect(first.getAttribute('data-line')).resolves.toBe('27');
  const text = await first.innerText();
  expect(text).toContain('0x401000');
  expect(text).toContain('0x900000');
  expect(text).toContain('stale-spte');
  expect(text).toContain('VPID disabled');
  await entries.nth(1).click();
  await app.page.waitForFunction(() => window.__vmxlabTest!.cursorLine!() === 28);
  await first.click();
  await app.page.waitForFunction(() => window.__vmxlabTest!.cursorLine!() === 27);
  const shot = await screenshot(app.page, 'results-view');
  expect(shot).toMatch(/results-view\.png$/);
});

test('the export button offers HTML, Markdown, JSON, CSV and PDF, and CSV downloads the timeline bins', async () => {
  await app.page.getByTestId('export-button').click();
  const formats = await app.page
    .locator('[data-format]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-format')));
  expect(formats).toEqual(['html', 'md', 'json', 'csv', 'pdf']);
  const [download] = await Promise.all([
    app.page.waitForEvent('download'),
    app.page.locator('[data-format=csv]').click(),
  ]);
  expect(download.suggestedFilename()).toBe('01-shadow-l1-no-vpid.timeline.csv');
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  // A header and one row per bin and policy: 1 + 2 × 3.
  expect(lines).toHaveLength(7);
  expect(lines[1]?.startsWith('always-sync,0,')).toBe(true);
  // The HTML report comes from core/report, the CLI's generator: one self-contained file with SVG charts.
  await app.page.getByTestId('export-button').click();
  const [html] = await Promise.all([
    app.page.waitForEvent('download'),
    app.page.locator('[data-format=html]').click(),
  ]);
  expect(html.suggestedFilename()).toBe('01-shadow-l1-no-vpid.report.html');
  const page = readFileSync(await html.path(), 'utf8');
  expect(page).toContain('<svg');
  expect(page).toContain('never-sync');
  expect(app.consoleErrors).toEqual([]);
});

test('PDF in the browser opens the HTML report in a window of its own and asks it to print', async () => {
  await app.page.getByTestId('export-button').click();
  const [printed] = await Promise.all([
    app.context.waitForEvent('page'),
    app.page.locator('[data-format=pdf]').click(),
  ]);
  await printed.waitForLoadState();
  expect(await printed.locator('svg').count()).toBeGreaterThanOrEqual(5);
  await expect(printed.locator('body').innerText()).resolves.toContain('never-sync');
  await printed.close();
});
