import { expect, test } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinaryPath } from '../../scripts/lib/electron-binary';
import { serveStatic } from '../../scripts/lib/static-server';

test('without a downloaded Electron binary the start script falls back to the web build', () => {
  const root = mkdtempSync(join(tmpdir(), 'vmxlab-start-'));
  mkdirSync(join(root, 'node_modules/electron'), { recursive: true });
  expect(electronBinaryPath(root, {})).toBeNull();
  writeFileSync(join(root, 'node_modules/electron/path.txt'), 'electron');
  expect(electronBinaryPath(root, {})).toBeNull(); // path.txt without the binary is still "not installed"
  mkdirSync(join(root, 'node_modules/electron/dist'));
  writeFileSync(join(root, 'node_modules/electron/dist/electron'), '');
  expect(electronBinaryPath(root, {})).toBe(join(root, 'node_modules/electron/dist/electron'));
});

test('the static server serves the build on loopback with wasm typed and no escape from its root', async () => {
  const root = mkdtempSync(join(tmpdir(), 'vmxlab-web-'));
  writeFileSync(join(root, 'index.html'), '<p>hi</p>');
  writeFileSync(join(root, 'a.wasm'), 'x');
  const server = await serveStatic(root);
  try {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(server.url)).text()).toBe('<p>hi</p>');
    expect((await fetch(`${server.url}a.wasm`)).headers.get('content-type')).toBe('application/wasm');
    expect((await fetch(`${server.url}..%2f..%2fetc/passwd`)).status).toBeGreaterThanOrEqual(403);
  } finally {
    await server.close();
  }
});
