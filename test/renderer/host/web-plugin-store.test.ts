import { expect, test } from 'vitest';
import { USER_PLUGINS_KEY, webPluginStore } from '../../../renderer/src/host/web-plugin-store';
import type { KeyValueStore } from '../../../renderer/src/util/drafts';

function memory(): KeyValueStore {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const plugin = (id: string, entryText: string) => ({
  id,
  manifestText: `{"id":"${id}"}`,
  entryName: 'index.ts' as const,
  entryText,
});

test('policies saved in the browser are listed as plugin sources, one per id', () => {
  const store = webPluginStore(memory());
  store.save(plugin('mine', 'v1'));
  store.save(plugin('other', 'x'));
  store.save(plugin('mine', 'v2'));
  expect(store.list()).toEqual([
    { folder: 'user/other', manifestText: '{"id":"other"}', entryName: 'index.ts', entryText: 'x' },
    { folder: 'user/mine', manifestText: '{"id":"mine"}', entryName: 'index.ts', entryText: 'v2' },
  ]);
});

test('an invalid id is refused and a corrupt store lists nothing', () => {
  const kv = memory();
  const store = webPluginStore(kv);
  expect(() => store.save(plugin('Bad Id', ''))).toThrow();
  kv.setItem(USER_PLUGINS_KEY, '[{"folder":1}]');
  expect(store.list()).toEqual([]);
});
