// The desktop host: wraps the preload bridge (window.vmxlab) and validates what comes back from the
// main process with the same schemas main used, so a drifted or corrupted payload stops here.
import type { HostApi } from '../../../core/host/api';
import {
  folderResultSchema,
  menuCommandSchema,
  openResultSchema,
  recentFilesSchema,
  saveResultSchema,
  userPluginSourceSchema,
  userPluginSourcesSchema,
} from '../../../core/host/schemas';
import { z } from 'zod';

export function createElectronHost(bridge: HostApi): HostApi {
  return {
    kind: 'electron',
    openScenarioFile: async () => openResultSchema.parse(await bridge.openScenarioFile()),
    saveScenarioFile: async (f) => saveResultSchema.parse(await bridge.saveScenarioFile(f)),
    saveScenarioFileAs: async (f) => saveResultSchema.parse(await bridge.saveScenarioFileAs(f)),
    recentFiles: async () => recentFilesSchema.parse(await bridge.recentFiles()),
    openRecentFile: async (p) => openResultSchema.parse(await bridge.openRecentFile(p)),
    userPluginFolder: async () => folderResultSchema.parse(await bridge.userPluginFolder()),
    chooseUserPluginFolder: async () => folderResultSchema.parse(await bridge.chooseUserPluginFolder()),
    listUserPlugins: async () => userPluginSourcesSchema.parse(await bridge.listUserPlugins()),
    saveUserPlugin: async (p) => userPluginSourceSchema.parse(await bridge.saveUserPlugin(p)),
    exportReport: async (n, t, f, a) => z.boolean().parse(await bridge.exportReport(n, t, f, a)),
    onMenuCommand(listener) {
      return bridge.onMenuCommand((raw: unknown) => {
        const parsed = menuCommandSchema.safeParse(raw);
        if (parsed.success) listener(parsed.data);
      });
    },
  };
}
