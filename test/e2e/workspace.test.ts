// The workspace in the browser build: unsaved buffers survive a reload, share links open ahead of a
// stored draft without dropping it, and a policy written in the policy editor becomes a runnable plugin.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openApp, screenshot, type AppSession } from './browser';

let app: AppSession;
const editorText = async (): Promise<string> =>
  (await app.page.getByTestId('scenario-editor').locator('.view-lines').innerText()).replace(/\s+/g, ' ');
const ready = async (): Promise<void> => {
  await app.page.getByTestId('scenario-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
  await app.page.waitForFunction(() => typeof window.__vmxlabTest?.cursorLine === 'function');
};

beforeAll(async () => {
  app = await openApp();
  await ready();
});
afterAll(async () => {
  await app?.close();
});

test('an unsaved edit survives a reload as a draft', async () => {
  await app.page.getByTestId('scenario-editor').locator('.view-lines').click();
  await app.page.keyboard.press('Control+End');
  await app.page.keyboard.type('mark draft_marker_1');
  await app.page.getByTestId('file-name').getByTitle('unsaved').waitFor();
  await app.page.reload();
  await ready();
  expect(await editorText()).toContain('mark draft_marker_1');
  // Still unsaved after the reload: the draft is not mistaken for the file.
  await app.page.getByTestId('file-name').getByTitle('unsaved').waitFor();
  expect(await app.page.getByTestId('file-name').innerText()).toContain('01-shadow-l1-no-vpid.vmx');
});

test('a share link opens its scenario ahead of the draft, which is kept and can be restored', async () => {
  const shared =
    'scenario "shared by link" {\n  seed 3\n}\n\nl1 pgd A\nl1 map A 0x0 +64k -> 0x100000\nl1 read 0x0\n';
  const hash = `#s=${Buffer.from(shared, 'utf8').toString('base64url')}`;
  await app.page.goto(`${app.server.url}${hash}`);
  await app.page.reload(); // a fresh load of the link, as when it is opened from elsewhere
  await ready();
  expect(await editorText()).toContain('scenario "shared by link"');
  const banner = app.page.getByTestId('draft-banner');
  await banner.waitFor();
  expect(await banner.innerText()).toContain('01-shadow-l1-no-vpid.vmx');
  await screenshot(app.page, 'share-link');
  await app.page.getByTestId('restore-draft').click();
  await app.page.waitForFunction(() =>
    document
      .querySelector('[data-testid=scenario-editor] .view-lines')
      ?.textContent?.includes('draft_marker_1'),
  );
  expect(await editorText()).toContain('shadow paging, L1 without VPID');
});

test('share links accept padded base64url and ignore malformed ones', async () => {
  // "mark\n" is 5 bytes, so its base64url carries one padding character: "bWFyawo=".
  await app.page.goto(`${app.server.url}#s=bWFyawo=`);
  await app.page.reload();
  await ready();
  expect((await editorText()).trim()).toBe('mark');
  await app.page.goto(`${app.server.url}#s=***`);
  await app.page.reload();
  await ready();
  expect(await editorText()).not.toBe('***');
});

test('a policy written in the policy editor is saved as a plugin, selectable at once, and runs sandboxed', async () => {
  await app.page.goto(app.server.url);
  await app.page.reload();
  await ready();
  await app.page.getByTestId('policy-editor-tab').click();
  const policyEditor = app.page.getByTestId('policy-editor');
  await policyEditor.locator('.monaco-editor').waitFor({ timeout: 30_000 });
  // A type error against the policy API ('sometimes' is not a SyncDecision) is refused with its line.
  await policyEditor.locator('.view-lines').click();
  await app.page.keyboard.press('Control+End');
  await app.page.keyboard.type("export const broken: import('vmxlab').SyncDecision = 'sometimes';");
  await app.page.getByTestId('save-policy').click();
  await app.page.getByText(/Fix the type errors first \(line 14/).waitFor({ timeout: 20_000 });
  // The template has 13 lines and a final newline: the typed line is 14. Remove it again.
  await policyEditor.locator('.view-line', { hasText: 'sometimes' }).click();
  await app.page.keyboard.press('End');
  await app.page.keyboard.press('Shift+Home');
  await app.page.keyboard.press('Delete');
  await app.page.getByTestId('save-policy').click();
  const choice = app.page.locator('[data-testid=policy-picker] [data-policy="my-policy"]');
  await choice.waitFor({ timeout: 10_000 });
  await expect(choice.locator('input').isChecked()).resolves.toBe(true);
  await app.page.locator('.tabs button', { hasText: 'Scenario' }).click();
  await app.page.getByTestId('run-button').click();
  const row = app.page.locator('[data-testid=metrics-table] tr[data-policy="my-policy"]');
  await row.waitFor({ timeout: 30_000 });
  // The template syncs the target root only when it has unsync pages: fewer or equal syncs than always-sync.
  const syncs = async (p: string) =>
    Number(await app.page.locator(`tr[data-policy="${p}"] [data-metric="syncs"]`).getAttribute('data-value'));
  expect(await syncs('my-policy')).toBeLessThanOrEqual(await syncs('always-sync'));
  await expect(app.page.locator('[data-testid=metrics-table] tbody tr').count()).resolves.toBe(5);
  expect(app.consoleErrors).toEqual([]);
});

test('a user policy that throws fails only its own run, and the UI says why', async () => {
  await app.page.getByTestId('policy-editor-tab').click();
  const policyEditor = app.page.getByTestId('policy-editor');
  await policyEditor.locator('.monaco-editor').waitFor({ timeout: 30_000 });
  await policyEditor.locator('.view-line', { hasText: 'const sync' }).click();
  await app.page.keyboard.press('Home');
  await app.page.keyboard.type("if (t.index >= 0) throw new Error('boom');");
  await app.page.keyboard.press('Enter');
  // Renaming the module's id renames the plugin (the manifest's id must match it).
  await policyEditor.locator('.view-line', { hasText: "id: 'my-policy'" }).click();
  await app.page.keyboard.press('End');
  for (let i = 0; i < "my-policy',".length; i++) await app.page.keyboard.press('Backspace');
  await app.page.keyboard.type("thrower',");
  await expect(app.page.getByTestId('policy-id').inputValue()).resolves.toBe('thrower');
  await app.page.getByTestId('save-policy').click();
  await app.page.locator('[data-testid=policy-picker] [data-policy="thrower"]').waitFor({ timeout: 10_000 });
  await app.page.locator('.tabs button', { hasText: 'Scenario' }).click();
  await app.page.getByTestId('run-button').click();
  const problems = app.page.getByTestId('policy-problems');
  await problems.waitFor({ timeout: 30_000 });
  expect(await problems.innerText()).toMatch(/thrower: .*boom/);
  // The other policies still ran.
  await app.page.locator('[data-testid=metrics-table] tr[data-policy="never-sync"]').waitFor();
  await app.page.locator('[data-testid=policy-picker] [data-policy="thrower"] input').uncheck();
});

test('live mode re-runs a moment after an edit, without pressing Run', async () => {
  await app.page.goto(app.server.url);
  await app.page.reload();
  await ready();
  await app.page.getByTestId('live-toggle').check();
  await app.page.getByTestId('scenario-editor').locator('.view-lines').click();
  await app.page.keyboard.press('Control+End');
  await app.page.keyboard.type('# live');
  await app.page
    .getByTestId('metrics-table')
    .locator('tr[data-policy="never-sync"]')
    .waitFor({ timeout: 30_000 });
  await app.page.getByTestId('live-toggle').uncheck();
});
