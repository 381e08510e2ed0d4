// Settings shared by the Electron renderer build (electron.vite.config.ts) and the browser build
// (vite.web.config.ts), so both bundle the same renderer the same way.
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export const rendererRoot = `${here}renderer`;

export function rendererConfig(outDir: string): UserConfig {
  return {
    root: rendererRoot,
    base: './',
    plugins: [vue()],
    resolve: {
      alias: { vmxlab: `${here}core/policy/api.ts` },
    },
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      chunkSizeWarningLimit: 8000,
      target: 'es2022',
    },
  };
}
