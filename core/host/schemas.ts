// zod schemas for every payload that crosses the host boundary (IPC, files): the main process and
// the renderer validate with the same definitions.
import { z } from 'zod';

export const scenarioFileSchema = z.object({
  path: z.string().min(1).nullable(),
  name: z.string().min(1).max(255),
  text: z.string().max(64 * 1024 * 1024),
});

export const saveResultSchema = z
  .object({ path: z.string().min(1).nullable(), name: z.string().min(1) })
  .nullable();

export const openResultSchema = scenarioFileSchema.nullable();
