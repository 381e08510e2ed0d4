// plugin.json validation and plugin discovery: problems per file and field, duplicates naming both
// folders, and the SHA-256 of the entry file's bytes as stored.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  isSafeEntryPath,
  loadPlugins,
  manifestEntry,
  parseManifest,
  type PluginSource,
} from '../../core/index';

const good = {
  id: 'my-policy',
  name: 'My policy',
  version: '1.2.3',
  kind: 'policy',
  entry: 'index.ts',
  description: 'Does things.',
};
const text = (o: object): string => JSON.stringify(o);

describe('plugin.json', () => {
  it('accepts a complete manifest', () => {
    const r = parseManifest('p/plugin.json', text(good));
    expect(r).toEqual({ ok: true, manifest: good });
  });

  it('reports each bad field by file and field, without throwing', () => {
    const r = parseManifest(
      'x/plugin.json',
      text({ id: 'My_Policy', name: '', version: 'v1', kind: 'theme', entry: '../up.ts', colour: 'red' }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byField = new Map(r.problems.map((p) => [p.field, p.message]));
    expect([...byField.keys()].sort()).toEqual(
      ['colour', 'description', 'entry', 'id', 'kind', 'name', 'version'].sort(),
    );
    expect(byField.get('id')).toMatch(/\[a-z0-9-\]\+/);
    expect(byField.get('description')).toBe('is required');
    expect(byField.get('colour')).toBe('unknown field');
    expect(byField.get('kind')).toBe('must be "policy"');
    expect(r.problems.every((p) => p.file === 'x/plugin.json')).toBe(true);
  });

  it('reports unparsable JSON as one problem', () => {
    const r = parseManifest('y/plugin.json', '{ "id": ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toMatchObject([{ file: 'y/plugin.json', field: '(json)' }]);
  });

  it('allows only relative .ts/.js entries inside the folder', () => {
    for (const ok of ['index.ts', 'index.js', 'src/policy.ts', 'a/b/c.js'])
      expect(isSafeEntryPath(ok)).toBe(true);
    for (const bad of [
      '../x.ts',
      'a/../../x.ts',
      '/abs.ts',
      'C:/x.ts',
      'a\\b.ts',
      'index.mjs',
      'index',
      './/x.ts',
      'a/./b.ts',
    ])
      expect(isSafeEntryPath(bad), bad).toBe(false);
    expect(manifestEntry(text(good))).toBe('index.ts');
    expect(manifestEntry(text({ ...good, entry: '../../etc/passwd.js' }))).toBeNull();
    expect(manifestEntry('not json')).toBeNull();
  });
});

describe('loadPlugins', () => {
  const src = (folder: string, id: string, origin: PluginSource['origin'] = 'user'): PluginSource => ({
    folder,
    origin,
    manifestText: text({ ...good, id }),
    entryText: `export default { id: '${id}' };`,
  });

  it('keeps good plugins and reports bad ones, in input order', () => {
    const r = loadPlugins([src('a', 'a'), { ...src('b', 'b'), manifestText: '{}' }, src('c', 'c')]);
    expect(r.plugins.map((p) => p.manifest.id)).toEqual(['a', 'c']);
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems.every((p) => p.file === 'b/plugin.json')).toBe(true);
  });

  it('reports a duplicate id naming both folders, keeping the first', () => {
    const r = loadPlugins([
      src('plugins/kvm-2020', 'kvm-2020', 'built-in'),
      src('/home/me/policies/mine', 'kvm-2020'),
    ]);
    expect(r.plugins.map((p) => p.folder)).toEqual(['plugins/kvm-2020']);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({
      file: '/home/me/policies/mine/plugin.json',
      field: 'id',
      duplicate: true,
    });
    expect(r.problems[0]!.message).toContain('plugins/kvm-2020');
    expect(r.problems[0]!.message).toContain('/home/me/policies/mine');
  });

  it('records provenance: path only for user plugins', () => {
    const r = loadPlugins([src('plugins/x', 'x', 'built-in'), src('/u/y', 'y')]);
    expect(r.plugins[0]!.provenance).toEqual({
      id: 'x',
      version: '1.2.3',
      sha256: r.plugins[0]!.sha256,
      origin: 'built-in',
      name: 'My policy',
    });
    expect(r.plugins[1]!.provenance.path).toBe('/u/y');
  });

  it("hashes the entry file's bytes as stored: equal to sha256sum of the committed file", () => {
    const file = fileURLToPath(new URL('../../plugins/kvm-2020/index.ts', import.meta.url));
    const expected = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
    const bytes = new Uint8Array(readFileSync(file));
    const manifestText = readFileSync(
      fileURLToPath(new URL('../../plugins/kvm-2020/plugin.json', import.meta.url)),
      'utf8',
    );
    const r = loadPlugins([
      { folder: 'plugins/kvm-2020', origin: 'built-in', manifestText, entryText: bytes },
    ]);
    expect(r.plugins[0]!.sha256).toBe(expected);
    // Text and bytes of the same UTF-8 file hash alike.
    const r2 = loadPlugins([
      { folder: 'k', origin: 'built-in', manifestText, entryText: readFileSync(file, 'utf8') },
    ]);
    expect(r2.plugins[0]!.sha256).toBe(expected);
  });

  it('hashes a known string to its published SHA-256', () => {
    const r = loadPlugins([{ ...src('a', 'a'), entryText: 'abc' }]);
    expect(r.plugins[0]!.sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('reports an entry that is not UTF-8 text', () => {
    const r = loadPlugins([{ ...src('a', 'a'), entryText: new Uint8Array([0xff, 0xfe, 0x00]) }]);
    expect(r.plugins).toEqual([]);
    expect(r.problems).toMatchObject([{ file: 'a/index.ts', field: 'entry' }]);
  });
});
