import { afterEach, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listUserPlugins, saveUserPlugin } from '../../electron/main/user-plugins';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'vmxlab-plugins-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

test('each sub-folder with a plugin.json is listed with its manifest and entry text', async () => {
  const root = tempDir();
  mkdirSync(join(root, 'b-policy'));
  writeFileSync(join(root, 'b-policy', 'plugin.json'), '{"id":"b-policy","entry":"index.js"}');
  writeFileSync(join(root, 'b-policy', 'index.js'), 'export default {}');
  mkdirSync(join(root, 'a-policy'));
  writeFileSync(join(root, 'a-policy', 'plugin.json'), '{"id":"a-policy","entry":"index.ts"}');
  writeFileSync(join(root, 'a-policy', 'index.ts'), 'export default 1');
  mkdirSync(join(root, 'not-a-plugin'));
  writeFileSync(join(root, 'stray.txt'), 'x');
  const list = await listUserPlugins(root);
  expect(list).toEqual([
    {
      folder: join(root, 'a-policy'),
      manifestText: '{"id":"a-policy","entry":"index.ts"}',
      entryName: 'index.ts',
      entryText: 'export default 1',
    },
    {
      folder: join(root, 'b-policy'),
      manifestText: '{"id":"b-policy","entry":"index.js"}',
      entryName: 'index.js',
      entryText: 'export default {}',
    },
  ]);
});

test('a plugin with a broken manifest or a missing entry is still listed, for the loader to report', async () => {
  const root = tempDir();
  mkdirSync(join(root, 'broken'));
  writeFileSync(join(root, 'broken', 'plugin.json'), '{oops');
  const [p] = await listUserPlugins(root);
  expect(p).toEqual({
    folder: join(root, 'broken'),
    manifestText: '{oops',
    entryName: 'index.ts',
    entryText: null,
  });
});

test('a manifest naming an entry outside the plugin is read as index.ts instead', async () => {
  const root = tempDir();
  mkdirSync(join(root, 'sneaky'));
  writeFileSync(join(root, 'sneaky', 'plugin.json'), '{"entry":"../../etc/passwd"}');
  const [p] = await listUserPlugins(root);
  expect(p?.entryName).toBe('index.ts');
});

test('a missing plugin folder lists nothing', async () => {
  await expect(listUserPlugins(join(tempDir(), 'nope'))).resolves.toEqual([]);
});

test('saving a policy writes plugin.json and its entry into a folder named after its id', async () => {
  const root = tempDir();
  const saved = await saveUserPlugin(root, {
    id: 'my-policy',
    manifestText: '{"id":"my-policy"}\n',
    entryName: 'index.ts',
    entryText: 'export default {}\n',
  });
  expect(saved.folder).toBe(join(root, 'my-policy'));
  expect(readFileSync(join(root, 'my-policy', 'plugin.json'), 'utf8')).toBe('{"id":"my-policy"}\n');
  expect(readFileSync(join(root, 'my-policy', 'index.ts'), 'utf8')).toBe('export default {}\n');
  const listed = await listUserPlugins(root);
  expect(listed.map((p) => p.folder)).toEqual([join(root, 'my-policy')]);
});

test('an id with a path separator is refused', async () => {
  await expect(
    saveUserPlugin(tempDir(), { id: '../x', manifestText: '{}', entryName: 'index.ts', entryText: '' }),
  ).rejects.toThrow();
});
