// Runs through the engine worker in the browser build: all built-ins on the bundled example, the
// problems panel on a deliberate error, and cancelling a long run.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { openApp, screenshot, type AppSession } from './browser';

let app: AppSession;
beforeAll(async () => {
  app = await openApp();
  await app.page.getByTestId('scenario-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
  await app.page.waitForFunction(() => typeof window.__vmxlabTest?.cursorLine === 'function');
});
afterAll(async () => {
  await app?.close();
});

const metric = async (policy: string, name: string): Promise<number> =>
  Number(
    await app.page
      .locator(`[data-testid=metrics-table] tr[data-policy="${policy}"] [data-metric="${name}"]`)
      .getAttribute('data-value'),
  );

test('running the example compares the four built-ins in policy-api order', async () => {
  const picker = app.page.getByTestId('policy-picker');
  await expect(picker.locator('[data-policy] input:checked').count()).resolves.toBe(4);
  await app.page.getByTestId('run-button').click();
  const rows = app.page.locator('[data-testid=metrics-table] tbody tr');
  await rows.nth(3).waitFor({ timeout: 30_000 });
  await expect(rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-policy')))).resolves.toEqual([
    'always-sync',
    'kvm-2020',
    'kvm-current',
    'never-sync',
  ]);
  // The example's own expectations (its `# expect:` line).
  expect(await metric('never-sync', 'violationsByCause.stale-spte')).toBeGreaterThanOrEqual(1);
  for (const p of ['always-sync', 'kvm-2020', 'kvm-current']) expect(await metric(p, 'violations')).toBe(0);
  // The same scenario: every policy sees the same accesses; never-sync syncs nothing, always-sync does.
  expect(await metric('never-sync', 'accesses')).toBe(await metric('always-sync', 'accesses'));
  expect(await metric('never-sync', 'syncs')).toBe(0);
  expect(await metric('always-sync', 'syncs')).toBeGreaterThan(0);
});

test('the timeline charts draw every policy with at least two points per series', async () => {
  const series = await app.page.evaluate(() => window.__vmxlabTest!.chartSeries!());
  expect(series).toHaveLength(5 * 4);
  for (const s of series) expect(s.points, s.id).toBeGreaterThanOrEqual(2);
  await screenshot(app.page, 'run-example');
});

test("clicking one of never-sync's violations lands on an L2 read after the VPID-less VM-Enter", async () => {
  const entry = app.page
    .locator('[data-testid=violations-list] [data-policy="never-sync"][data-line]')
    .first();
  const line = Number(await entry.getAttribute('data-line'));
  // Lines 27 and 28 are the reads that must see L2's new PTEs after line 26's VM-Enter.
  expect([27, 28]).toContain(line);
  await app.page.evaluate(() => window.__vmxlabTest!.cursorLine!());
  await entry.click();
  await app.page.waitForFunction((l) => window.__vmxlabTest!.cursorLine!() === l, line);
});

test('a deliberate error shows in problems at its LINE:COL, and a click puts the cursor there', async () => {
  const editor = app.page.getByTestId('scenario-editor');
  await editor.locator('.view-lines').click();
  await app.page.keyboard.press('Control+End');
  // The example ends with a newline, so the cursor is at line 30, column 1.
  await app.page.keyboard.type('frobnicate 0x1000');
  const problems = app.page.getByTestId('problems');
  await problems.getByText('30:1').waitFor({ timeout: 10_000 });
  expect(await problems.innerText()).toMatch(/30:1 .*frobnicate/);
  await app.page.keyboard.press('Control+Home');
  await app.page.waitForFunction(() => window.__vmxlabTest!.cursorLine!() === 1);
  await problems.locator('[data-line="30"]').first().click();
  await app.page.waitForFunction(() => window.__vmxlabTest!.cursorLine!() === 30);
  await screenshot(app.page, 'problems');
  // Undo the edit so the next test starts from the example.
  for (let i = 0; i < 3; i++) await app.page.keyboard.press('Control+z');
});

test('a bundled example opens from the examples list', async () => {
  await app.page.getByTestId('example-picker').selectOption('14-tlb-pressure.vmx');
  await app.page.getByTestId('file-name').getByText('14-tlb-pressure.vmx').waitFor();
  const text = (await app.page.getByTestId('scenario-editor').locator('.view-lines').innerText()).replace(
    /\s+/g,
    ' ',
  );
  expect(text).toContain('scenario "TLB pressure"');
  // Opening another scenario drops the comparison of the previous one.
  await expect(app.page.getByTestId('metrics-table').count()).resolves.toBe(0);
});

test('a long run shows progress and stops on cancel', async () => {
  const long = readFileSync(new URL('./fixtures/long-run.vmx', import.meta.url), 'utf8');
  const hash = `#s=${Buffer.from(long, 'utf8').toString('base64url')}`;
  await app.page.goto(`${app.server.url}${hash}`);
  await app.page.getByTestId('scenario-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
  // Ctrl+Enter in the editor runs, like the Run button.
  await app.page.getByTestId('scenario-editor').locator('.view-lines').click();
  await app.page.keyboard.press('Control+Enter');
  const progress = app.page.getByTestId('run-progress');
  await progress.waitFor({ timeout: 10_000 });
  // Progress moves while the worker runs (batched messages, at most 20 per second).
  await app.page.waitForFunction(
    () =>
      Number(document.querySelector('[data-testid=run-progress]')?.getAttribute('data-events-done') ?? 0) > 0,
    undefined,
    { timeout: 20_000 },
  );
  await app.page.getByTestId('cancel-button').click();
  await progress.waitFor({ state: 'detached', timeout: 5_000 });
  await expect(app.page.getByTestId('metrics-table').count()).resolves.toBe(0);
  await expect(app.page.getByTestId('run-button').isEnabled()).resolves.toBe(true);
  expect(app.consoleErrors).toEqual([]);
});
