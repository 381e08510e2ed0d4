// The Sweep view in the browser build: the seed's grid (L0 EPT × L1 EPT × L1 VPID) over the bundled
// example, run through a worker of its own, drawn as the sweep report's heatmaps with the best policy
// and each invalid cell's reason; a malformed grid is refused before anything runs.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseSweepDoc } from '../../core/run/result-schema';
import { openApp, screenshot, type AppSession } from './browser';

let app: AppSession;
beforeAll(async () => {
  app = await openApp();
  await app.page.getByTestId('scenario-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
  await app.page.getByTestId('sweep-tab').click();
});
afterAll(async () => {
  await app?.close();
});

test('a malformed grid is refused with the reason, and Run sweep stays disabled', async () => {
  const grid = app.page.getByTestId('sweep-grid');
  await grid.fill('host.ept=maybe');
  await expect(app.page.getByTestId('sweep-grid-error').innerText()).resolves.toMatch(/'on' or 'off'/);
  await expect(app.page.getByTestId('sweep-run').isDisabled()).resolves.toBe(true);
  await grid.fill('host.ept=off,on l1.ept=off,on l1.vpid=off,on');
  await expect(app.page.getByTestId('sweep-run').isDisabled()).resolves.toBe(false);
});

test('the seed grid over example 01: eight cells in grid order, invalid ones kept with their reason', async () => {
  await app.page.getByTestId('sweep-run').click();
  const rows = app.page.locator('[data-testid=sweep-table] tbody tr');
  await rows.nth(7).waitFor({ timeout: 60_000 });
  const text = await rows.allInnerTexts();
  expect(text.map((t) => t.split('\t')[0])).toEqual([
    'host.ept=off l1.ept=off l1.vpid=off',
    'host.ept=off l1.ept=off l1.vpid=on',
    'host.ept=off l1.ept=on l1.vpid=off',
    'host.ept=off l1.ept=on l1.vpid=on',
    'host.ept=on l1.ept=off l1.vpid=off',
    'host.ept=on l1.ept=off l1.vpid=on',
    'host.ept=on l1.ept=on l1.vpid=off',
    'host.ept=on l1.ept=on l1.vpid=on',
  ]);
  // KVM offers no EPT to L1 without EPT in L0; with it, example 01 declares no EPT12 table.
  for (const i of [2, 3]) expect(text[i]).toMatch(/invalid: .*needs 'host\.ept on'/);
  for (const i of [6, 7]) expect(text[i]).toMatch(/invalid: .*EPT12 table/);
  // Example 01's own cell: never-sync serves a stale SPTE, so it cannot be the best policy there.
  expect(text[0]).not.toMatch(/never-sync/);
  expect(text[0]).toMatch(/always-sync|kvm-2020|kvm-current/);
});

test('the exported sweep JSON is a valid vmxlab.sweep/1 document, like the CLI writes', async () => {
  const [download] = await Promise.all([
    app.page.waitForEvent('download'),
    app.page.getByTestId('sweep-export-json').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/-sweep\.json$/);
  const parsed = parseSweepDoc(JSON.parse(readFileSync(await download.path(), 'utf8')));
  expect(parsed.ok && parsed.value.cells.map((c) => c.valid)).toEqual([
    true,
    true,
    false,
    false,
    true,
    true,
    false,
    false,
  ]);
  expect(parsed.ok && parsed.value.grid).toEqual({
    'host.ept': ['off', 'on'],
    'l1.ept': ['off', 'on'],
    'l1.vpid': ['off', 'on'],
  });
});

test('both heatmaps are drawn (violations and syncs per cell and policy)', async () => {
  for (const id of ['sweep-violations', 'sweep-syncs']) {
    const canvas = app.page.locator(`[data-chart="${id}"] canvas`).first();
    await canvas.waitFor({ timeout: 10_000 });
    const box = await canvas.boundingBox();
    expect(box && box.width > 200 && box.height > 200, id).toBe(true);
    // Something was painted: the canvas is not a single colour.
    const colours = await canvas.evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext('2d')!;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const seen = new Set<number>();
      for (let i = 0; i < data.length && seen.size < 50; i += 4 * 97)
        seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return seen.size;
    });
    expect(colours, id).toBeGreaterThan(5);
  }
  await app.page.setViewportSize({ width: 1400, height: 1300 });
  await screenshot(app.page, 'sweep-view');
});

test('opening another scenario drops the sweep; a long sweep shows its progress and cancels', async () => {
  await app.page.getByTestId('example-picker').selectOption('16-stress-10m.vmx');
  await app.page.getByTestId('file-name').getByText('16-stress-10m.vmx').waitFor();
  expect(await app.page.locator('[data-testid=sweep-table]').count()).toBe(0);
  await app.page.getByTestId('sweep-grid').fill('l1.vpid=off,on');
  await app.page.getByTestId('sweep-run').click();
  await expect(app.page.getByTestId('sweep-progress').innerText()).resolves.toMatch(/^cell 1 of 2/);
  // The running cell's own progress (its policies and events), from the worker's batched updates.
  await app.page
    .getByTestId('sweep-progress')
    .getByText(/cell 1 of 2 · \d+ %/)
    .waitFor({ timeout: 10_000 });
  await app.page.getByTestId('sweep-cancel').click();
  await app.page.getByTestId('sweep-run').waitFor({ timeout: 10_000 });
  expect(await app.page.getByTestId('sweep-progress').count()).toBe(0);
  // A cancelled sweep leaves no half table.
  expect(await app.page.locator('[data-testid=sweep-table]').count()).toBe(0);
  expect(app.consoleErrors).toEqual([]);
});
