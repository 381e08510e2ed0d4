import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { openApp, screenshot, type AppSession } from './browser';

let app: AppSession;
beforeAll(async () => {
  app = await openApp();
});
afterAll(async () => {
  await app?.close();
});

test('the shell renders with a Monaco scenario editor holding the bundled example', async () => {
  const editor = app.page.getByTestId('scenario-editor');
  await editor.locator('.monaco-editor').waitFor({ timeout: 30_000 });
  // Monaco renders spaces as U+00A0; compare with white space folded.
  const text = (await editor.locator('.view-lines').innerText()).replace(/\s+/g, ' ');
  expect(text).toContain('scenario "shadow paging, L1 without VPID"');
  await expect(app.page.getByTestId('policy-picker').locator('[data-policy]').count()).resolves.toBe(4);
  const shot = await screenshot(app.page, 'smoke');
  expect(existsSync(shot)).toBe(true);
  expect(app.consoleErrors).toEqual([]);
});
