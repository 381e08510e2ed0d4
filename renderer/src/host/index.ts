// Picks the host adapter: the Electron preload bridge when present, else the browser adapter.
import type { HostApi } from '../../../core/host/api';
import { createWebHost } from './web-host';

declare global {
  interface Window {
    vmxlab?: HostApi;
  }
}

export function getHost(): HostApi {
  return window.vmxlab ?? createWebHost();
}
