// Picks the host adapter: the Electron preload bridge when present, else the browser adapter. One
// instance per page.
import type { HostApi } from '../../../core/host/api';
import { createElectronHost } from './electron-host';
import { createWebHost } from './web-host';

declare global {
  interface Window {
    vmxlab?: HostApi;
  }
}

let host: HostApi | undefined;

export function getHost(): HostApi {
  host ??= window.vmxlab ? createElectronHost(window.vmxlab) : createWebHost(localStorage);
  return host;
}
