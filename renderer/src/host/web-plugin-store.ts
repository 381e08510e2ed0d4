// User plugins in the browser: a web page has no plugin folder, so policies saved from the policy
// editor are kept in a key-value store (localStorage) and listed as plugin sources like the desktop's.
import type { NewUserPlugin, UserPluginSource } from '../../../core/host/api';
import { newUserPluginSchema, userPluginSourcesSchema } from '../../../core/host/schemas';
import type { KeyValueStore } from '../util/drafts';

export const USER_PLUGINS_KEY = 'vmxlab.userPlugins/1';

/** User plugins kept in a key-value store, validated on the way out like IPC replies. */
export function webPluginStore(store: KeyValueStore) {
  function list(): UserPluginSource[] {
    try {
      const parsed = userPluginSourcesSchema.safeParse(JSON.parse(store.getItem(USER_PLUGINS_KEY) ?? '[]'));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }
  function save(plugin: NewUserPlugin): UserPluginSource {
    const p = newUserPluginSchema.parse(plugin);
    const entry: UserPluginSource = {
      folder: `user/${p.id}`,
      manifestText: p.manifestText,
      entryName: p.entryName,
      entryText: p.entryText,
    };
    const others = list().filter((x) => x.folder !== entry.folder);
    store.setItem(USER_PLUGINS_KEY, JSON.stringify([...others, entry]));
    return entry;
  }
  return { list, save };
}
