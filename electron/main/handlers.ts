// The IPC handlers of the main process, with Electron's dialogs and the file system behind small
// interfaces so they are unit-tested in plain Node (test/electron/handlers.test.ts).
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { ExportFormat } from '../../core/host/api';
import type { IpcHandlers } from './ipc-channels';
import type { JsonStore } from './json-store';
import type { RecentFiles } from './recent-files';
import { listUserPlugins, saveUserPlugin } from './user-plugins';

export const settingsSchema = z.object({ pluginFolder: z.string().min(1).nullable() });
export type Settings = z.infer<typeof settingsSchema>;

export interface Dialogs {
  openScenario(): Promise<string | null>;
  saveFile(defaultName: string, filter: { name: string; extensions: string[] }): Promise<string | null>;
  chooseFolder(): Promise<string | null>;
}

export interface FileAccess {
  readText(path: string): Promise<string>;
  writeAtomic(path: string, data: string | Uint8Array): Promise<void>;
}

/** Prints a self-contained HTML document to PDF (Electron: a hidden window's printToPDF). */
export interface Printer {
  htmlToPdf(html: string): Promise<Uint8Array>;
}

export interface HandlerDeps {
  dialogs: Dialogs;
  files: FileAccess;
  recent: RecentFiles;
  settings: JsonStore<Settings>;
  printer: Printer;
  /** The recent list changed: rebuild the menu. */
  onRecentChanged(): void;
}

const EXPORT_FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  json: { name: 'Result JSON', extensions: ['json'] },
  csv: { name: 'CSV', extensions: ['csv'] },
  html: { name: 'HTML report', extensions: ['html'] },
  md: { name: 'Markdown report', extensions: ['md'] },
  pdf: { name: 'PDF report', extensions: ['pdf'] },
};
const VMX_FILTER = { name: 'vmxlab scenario', extensions: ['vmx'] };

export function createHandlers(deps: HandlerDeps): IpcHandlers {
  const { dialogs, files, recent } = deps;

  async function openPath(path: string) {
    const text = await files.readText(path);
    await recent.add(path);
    deps.onRecentChanged();
    return { path, name: basename(path), text };
  }

  async function saveTo(path: string, text: string) {
    await files.writeAtomic(path, text);
    await recent.add(path);
    deps.onRecentChanged();
    return { path, name: basename(path) };
  }

  async function pluginFolder(): Promise<string | null> {
    return (await deps.settings.read()).pluginFolder;
  }

  return {
    async 'scenario:open'() {
      const path = await dialogs.openScenario();
      return path ? openPath(path) : null;
    },
    async 'scenario:save'(file) {
      const path = file.path ?? (await dialogs.saveFile(file.name, VMX_FILTER));
      return path ? saveTo(path, file.text) : null;
    },
    async 'scenario:saveAs'(file) {
      const path = await dialogs.saveFile(file.path ?? file.name, VMX_FILTER);
      return path ? saveTo(path, file.text) : null;
    },
    'recent:list': () => recent.list(),
    async 'recent:open'(path) {
      // Only paths the user opened before may be read this way: the renderer cannot name others.
      if (!(await recent.list()).some((r) => r.path === path)) return null;
      try {
        return await openPath(path);
      } catch {
        await recent.remove(path);
        deps.onRecentChanged();
        return null;
      }
    },
    'plugins:folder': pluginFolder,
    async 'plugins:chooseFolder'() {
      const folder = await dialogs.chooseFolder();
      if (folder) await deps.settings.write({ ...(await deps.settings.read()), pluginFolder: folder });
      return folder;
    },
    async 'plugins:list'() {
      const folder = await pluginFolder();
      return folder ? listUserPlugins(folder) : [];
    },
    async 'plugins:save'(plugin) {
      let folder = await pluginFolder();
      if (!folder) {
        folder = await dialogs.chooseFolder();
        if (!folder) throw new Error('choose a user plugin folder first');
        await deps.settings.write({ ...(await deps.settings.read()), pluginFolder: folder });
      }
      return saveUserPlugin(folder, plugin);
    },
    async 'report:export'(name, text, format, attachments) {
      const path = await dialogs.saveFile(name, EXPORT_FILTERS[format]);
      if (!path) return false;
      if (format === 'pdf') {
        // `text` is the HTML report (its print stylesheet lays it out on A4): printed, then written.
        await files.writeAtomic(path, await deps.printer.htmlToPdf(text));
        return true;
      }
      // Attachments first: a report never links files that are not there yet.
      for (const a of attachments) await files.writeAtomic(join(dirname(path), a.name), a.content);
      await files.writeAtomic(path, text);
      return true;
    },
  };
}
