// Small JSON documents in userData (recent files, settings, window state): read with a schema (a
// corrupt or foreign file reads as the default, never crashes the app) and written atomically.
import { promises as fs } from 'node:fs';
import type { z } from 'zod';
import { atomicWriteFile } from './files';

export interface JsonStore<T> {
  read(): Promise<T>;
  write(value: T): Promise<void>;
}

export function jsonStore<S extends z.ZodType>(
  path: string,
  schema: S,
  fallback: () => z.infer<S>,
): JsonStore<z.infer<S>> {
  return {
    async read() {
      try {
        const parsed = schema.safeParse(JSON.parse(await fs.readFile(path, 'utf8')));
        return parsed.success ? parsed.data : fallback();
      } catch {
        return fallback();
      }
    },
    async write(value) {
      await atomicWriteFile(path, `${JSON.stringify(schema.parse(value), null, 2)}\n`);
    },
  };
}
