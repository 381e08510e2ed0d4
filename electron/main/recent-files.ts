// File › Open Recent: most recent first, no duplicates, at most MAX_RECENT, persisted as JSON in
// userData (atomically, through json-store).
import { basename } from 'node:path';
import type { RecentFile } from '../../core/host/api';
import { recentFilesSchema } from '../../core/host/schemas';
import { jsonStore, type JsonStore } from './json-store';

export const MAX_RECENT = 10;

/** The list after opening or saving `path`: it moves to the front. */
export function pushRecent(list: readonly RecentFile[], path: string): RecentFile[] {
  return [{ path, name: basename(path) }, ...list.filter((r) => r.path !== path)].slice(0, MAX_RECENT);
}

export function removeRecent(list: readonly RecentFile[], path: string): RecentFile[] {
  return list.filter((r) => r.path !== path);
}

export interface RecentFiles {
  list(): Promise<RecentFile[]>;
  add(path: string): Promise<RecentFile[]>;
  remove(path: string): Promise<RecentFile[]>;
}

export function recentFiles(
  path: string,
  store: JsonStore<RecentFile[]> = jsonStore(path, recentFilesSchema, () => []),
): RecentFiles {
  // Writes are serialised so two quick saves cannot interleave their read-modify-write.
  let queue: Promise<unknown> = Promise.resolve();
  const update = (f: (l: RecentFile[]) => RecentFile[]): Promise<RecentFile[]> => {
    const next = queue.then(async () => {
      const l = f(await store.read());
      await store.write(l);
      return l;
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    list: () => store.read(),
    add: (p) => update((l) => pushRecent(l, p)),
    remove: (p) => update((l) => removeRecent(l, p)),
  };
}
