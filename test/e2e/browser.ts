// Shared harness: serve dist-web/ on 127.0.0.1 and drive Debian's Chromium through playwright-core
// with a fresh profile and no background networking (this machine has no network).
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server';
import { distWeb, repoRoot } from '../../scripts/lib/web-build';
// The app's test hooks (window.__vmxlabTest) typed for page.evaluate callbacks.
export type { TestHooks } from '../../renderer/src/test-hooks';

export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

export interface AppSession {
  server: StaticServer;
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  close(): Promise<void>;
}

/**
 * Debian's Chromium on a fresh profile folder, headless (Playwright adds --headless), with everything
 * that would reach for the network turned off: this machine has none.
 */
export async function launchChromium(viewport: {
  width: number;
  height: number;
}): Promise<{ context: BrowserContext; profile: string }> {
  const profile = mkdtempSync(join(tmpdir(), 'vmxlab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env['VMXLAB_CHROMIUM'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport,
  });
  return { context, profile };
}

export async function openApp(fragment = ''): Promise<AppSession> {
  const server = await serveStatic(distWeb);
  const { context, profile } = await launchChromium({ width: 1400, height: 900 });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(server.url + fragment);
  return {
    server,
    context,
    page,
    consoleErrors,
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
