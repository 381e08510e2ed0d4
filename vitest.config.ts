import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const vmxlabApi = fileURLToPath(new URL('./core/policy/api.ts', import.meta.url));

export default defineConfig({
  resolve: { alias: { vmxlab: vmxlabApi } },
  test: {
    projects: [
      {
        resolve: { alias: { vmxlab: vmxlabApi } },
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
