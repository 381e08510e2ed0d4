// `npm run build:web`: the renderer as a static site in dist-web/ (ui-contract.md "Web build").
// It runs in any modern browser with no server logic; the web host adapter replaces the preload bridge.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { rendererConfig } from './vite.shared.ts';

const outDir = fileURLToPath(new URL('./dist-web', import.meta.url));

export default defineConfig({
  ...rendererConfig(outDir),
  define: { __VMXLAB_HOST__: JSON.stringify('web') },
});
