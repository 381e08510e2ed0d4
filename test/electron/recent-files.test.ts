import { afterEach, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_RECENT, pushRecent, recentFiles } from '../../electron/main/recent-files';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'vmxlab-recent-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

test('opening a file moves it to the front without duplicating it', () => {
  const l = pushRecent(pushRecent(pushRecent([], '/a/x.vmx'), '/a/y.vmx'), '/a/x.vmx');
  expect(l).toEqual([
    { path: '/a/x.vmx', name: 'x.vmx' },
    { path: '/a/y.vmx', name: 'y.vmx' },
  ]);
});

test('the list keeps only the most recent files', () => {
  let l = pushRecent([], '/f0.vmx');
  for (let i = 1; i <= MAX_RECENT + 2; i++) l = pushRecent(l, `/f${i}.vmx`);
  expect(l).toHaveLength(MAX_RECENT);
  expect(l[0]?.path).toBe(`/f${MAX_RECENT + 2}.vmx`);
  expect(l.some((r) => r.path === '/f0.vmx' || r.path === '/f1.vmx' || r.path === '/f2.vmx')).toBe(false);
});

test('recent files persist as JSON and survive a restart', async () => {
  const file = join(tempDir(), 'recent.json');
  const a = recentFiles(file);
  await a.add('/s/one.vmx');
  await a.add('/s/two.vmx');
  const b = recentFiles(file);
  await expect(b.list()).resolves.toEqual([
    { path: '/s/two.vmx', name: 'two.vmx' },
    { path: '/s/one.vmx', name: 'one.vmx' },
  ]);
  expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveLength(2);
});

test('a corrupt recent-files file reads as an empty list', async () => {
  const file = join(tempDir(), 'recent.json');
  writeFileSync(file, '{not json');
  await expect(recentFiles(file).list()).resolves.toEqual([]);
  writeFileSync(file, JSON.stringify([{ path: 3 }]));
  await expect(recentFiles(file).list()).resolves.toEqual([]);
});

test('concurrent additions are all kept', async () => {
  const r = recentFiles(join(tempDir(), 'recent.json'));
  await Promise.all(['/1.vmx', '/2.vmx', '/3.vmx'].map((p) => r.add(p)));
  expect((await r.list()).map((x) => x.path).sort()).toEqual(['/1.vmx', '/2.vmx', '/3.vmx']);
});
