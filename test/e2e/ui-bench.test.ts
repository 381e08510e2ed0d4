// UI benchmarks for docs/benchmarks.md (run with VMXLAB_UI_BENCH=1 npm run test:e2e -- test/e2e/ui-bench.test.ts):
// edit → updated chart for a ~100 k-event scenario in live mode, and the longest main-thread task
// (PerformanceObserver 'longtask') during a 10 M-event run in the worker. Skipped in the normal suite,
// which must stay fast on 2 cores.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { openApp, type AppSession } from './browser';

const enabled = process.env['VMXLAB_UI_BENCH'] === '1';
let app: AppSession;

const shareUrl = (text: string): string =>
  `${app.server.url}#s=${Buffer.from(text, 'utf8').toString('base64url')}`;

async function load(url: string, settings: object): Promise<void> {
  await app.page.evaluate((s) => localStorage.setItem('vmxlab.settings/1', JSON.stringify(s)), settings);
  await app.page.goto(url);
  await app.page.reload();
  await app.page.getByTestId('scenario-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
  await app.page.waitForFunction(() => typeof window.__vmxlabTest?.chartRenderedAt === 'function');
}

async function selectOnly(ids: string[] | null): Promise<void> {
  for (const box of await app.page.locator('[data-testid=policy-picker] [data-policy]').all()) {
    const id = await box.getAttribute('data-policy');
    const want = ids === null || ids.includes(id ?? '');
    const input = box.locator('input');
    if ((await input.isChecked()) !== want) await input.click();
  }
}

/** ms from the keystroke to the end of the chart redraw, for `n` edits. */
async function editToChart(n: number): Promise<number[]> {
  await app.page.evaluate(() => {
    addEventListener('keydown', () => ((window as unknown as { __t0: number }).__t0 = performance.now()), {
      capture: true,
    });
  });
  const out: number[] = [];
  await app.page.getByTestId('scenario-editor').locator('.view-lines').click();
  await app.page.keyboard.press('Control+End');
  for (let i = 0; i < n; i++) {
    // Start from quiet: no run going and no redraw for 300 ms (a policy toggle also re-runs in live mode).
    await app.page.waitForFunction(
      () =>
        !document.querySelector('[data-testid=run-progress]') &&
        !window.__vmxlabTest!.chartDrawing!() &&
        performance.now() - window.__vmxlabTest!.chartRenderedAt!() > 300,
      undefined,
      { timeout: 60_000 },
    );
    const before = await app.page.evaluate(() => window.__vmxlabTest!.chartRenderedAt!());
    await app.page.keyboard.type('#');
    await app.page.waitForFunction((b) => window.__vmxlabTest!.chartRenderedAt!() > b, before, {
      timeout: 60_000,
    });
    out.push(
      await app.page.evaluate(
        () => window.__vmxlabTest!.chartRenderedAt!() - (window as unknown as { __t0: number }).__t0,
      ),
    );
  }
  return out;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { best: s[0]!.toFixed(0), median: s[Math.floor(s.length / 2)]!.toFixed(0), runs: s.length };
};

beforeAll(async () => {
  if (enabled) app = await openApp();
});
afterAll(async () => {
  await app?.close();
});

test.runIf(enabled)('edit → updated chart for a 100 k-event scenario in live mode', async () => {
  const text = readFileSync(new URL('./fixtures/stress-100k.vmx', import.meta.url), 'utf8');
  await load(shareUrl(text), { liveMode: true, liveDelayMs: 0 });
  await selectOnly(['kvm-current']);
  const one = await editToChart(7);
  await selectOnly(null);
  const four = await editToChart(5);
  console.log(`BENCH edit→chart 100k events, 1 policy: ${JSON.stringify(stats(one))} ms`);
  console.log(`BENCH edit→chart 100k events, 4 built-ins: ${JSON.stringify(stats(four))} ms`);
  expect(one.length).toBe(7);
});

test.runIf(enabled)('longest main-thread task during a 10 M-event run', { timeout: 600_000 }, async () => {
  const text = readFileSync(new URL('../../examples/16-stress-10m.vmx', import.meta.url), 'utf8');
  await load(shareUrl(text), { liveMode: false, liveDelayMs: 400 });
  await selectOnly(['kvm-current']);
  // As a user would: the page has been idle a moment (ECharts warms up while idle) before Run.
  await app.page.waitForTimeout(3000);
  const longest: number[] = [];
  let events = 0;
  for (let rep = 0; rep < 3; rep++) {
    await app.page.evaluate(() => window.__vmxlabTest!.takeLongestTask!());
    const t0 = Date.now();
    await app.page.getByTestId('run-button').click();
    await app.page.getByTestId('run-progress').waitFor({ state: 'detached', timeout: 600_000 });
    await app.page.locator('[data-testid=metrics-table] tr[data-policy="kvm-current"]').waitFor();
    // Let the charts finish drawing (one per task) before reading the longest task.
    await app.page.waitForFunction(
      (t) => window.__vmxlabTest!.chartRenderedAt!() > 0 && Date.now() - t > 0,
      t0,
    );
    await app.page.waitForTimeout(500);
    const wall = Date.now() - t0;
    longest.push(await app.page.evaluate(() => window.__vmxlabTest!.takeLongestTask!()));
    events = Number(
      await app.page
        .locator('tr[data-policy="kvm-current"] [data-metric="events"]')
        .getAttribute('data-value'),
    );
    console.log(
      `BENCH 10M run #${rep + 1}: ${events} events in ${wall} ms; longest main-thread task ${longest[rep]!.toFixed(0)} ms`,
    );
  }
  expect(events).toBeGreaterThan(10_000_000);
});
