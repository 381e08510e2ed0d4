// electron-vite: main (ESM), preload (CommonJS so the window can keep `sandbox: true`) and the renderer.
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import { rendererConfig } from './vite.shared.ts';

const abs = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: abs('./out/main'),
      lib: { entry: abs('./electron/main/index.ts') },
    },
  },
  preload: {
    build: {
      outDir: abs('./out/preload'),
      rollupOptions: {
        input: abs('./electron/preload/index.ts'),
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig(abs('./out/renderer')),
    define: { __VMXLAB_HOST__: JSON.stringify('electron') },
    build: {
      ...rendererConfig(abs('./out/renderer')).build,
      rollupOptions: { input: abs('./renderer/index.html') },
    },
  },
});
