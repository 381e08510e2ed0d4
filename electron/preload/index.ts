// The preload bridge: exactly one object, `window.vmxlab`, implementing core's HostApi over the IPC
// channel table. A sandboxed preload can require nothing but 'electron', so it imports only types and
// forwards: main validates every request and reply against the table's zod schemas, and the
// renderer's electron-host validates replies and menu commands again on arrival.
import { contextBridge, ipcRenderer } from 'electron';
import type { HostApi, MenuCommand } from '../../core/host/api';
import type { IpcChannel, IpcReply, IpcRequest } from '../main/ipc-channels';
import { MENU_COMMAND_CHANNEL } from './menu-channel';

const invoke = <C extends IpcChannel>(channel: C, ...args: IpcRequest<C>): Promise<IpcReply<C>> =>
  ipcRenderer.invoke(channel, ...args) as Promise<IpcReply<C>>;

const bridge: HostApi = {
  kind: 'electron',
  openScenarioFile: () => invoke('scenario:open'),
  saveScenarioFile: (file) => invoke('scenario:save', file),
  saveScenarioFileAs: (file) => invoke('scenario:saveAs', file),
  recentFiles: () => invoke('recent:list'),
  openRecentFile: (path) => invoke('recent:open', path),
  userPluginFolder: () => invoke('plugins:folder'),
  chooseUserPluginFolder: () => invoke('plugins:chooseFolder'),
  listUserPlugins: () => invoke('plugins:list'),
  saveUserPlugin: (plugin) => invoke('plugins:save', plugin),
  exportReport: (name, text, format, attachments) => invoke('report:export', name, text, format, attachments),
  onMenuCommand(listener: (command: MenuCommand) => void) {
    const handler = (_event: unknown, command: MenuCommand): void => listener(command);
    ipcRenderer.on(MENU_COMMAND_CHANNEL, handler);
    return () => ipcRenderer.removeListener(MENU_COMMAND_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('vmxlab', bridge);
