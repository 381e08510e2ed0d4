// The preload bridge: exactly one object, `window.vmxlab`, implementing core's HostApi over IPC.
import { contextBridge, ipcRenderer } from 'electron';
import type { HostApi, ScenarioFile } from '../../core/host/api';

const bridge: HostApi = {
  kind: 'electron',
  openScenarioFile: () => ipcRenderer.invoke('scenario:open') as Promise<ScenarioFile | null>,
  saveScenarioFile: (file) =>
    ipcRenderer.invoke('scenario:save', file) as Promise<{ path: string | null; name: string } | null>,
};

contextBridge.exposeInMainWorld('vmxlab', bridge);
