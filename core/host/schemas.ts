// zod schemas for every payload that crosses the host boundary (IPC, files, stored settings): the
// main process, the preload and the renderer validate with the same definitions (core/host/api.ts).
import { z } from 'zod';
import { MENU_COMMANDS } from './api';

const MAX_TEXT = 64 * 1024 * 1024;

export const scenarioFileSchema = z.object({
  path: z.string().min(1).nullable(),
  name: z.string().min(1).max(255),
  text: z.string().max(MAX_TEXT),
});

export const saveResultSchema = z
  .object({ path: z.string().min(1).nullable(), name: z.string().min(1) })
  .nullable();

export const openResultSchema = scenarioFileSchema.nullable();

export const recentFileSchema = z.object({ path: z.string().min(1), name: z.string().min(1).max(255) });
export const recentFilesSchema = z.array(recentFileSchema).max(50);

/** Plugin ids are policy ids: [a-z0-9-]+ (policy-api.md), which also makes them safe folder names. */
export const pluginIdSchema = z
  .string()
  .regex(/^[a-z0-9-]+$/, 'a plugin id is [a-z0-9-]+')
  .max(64);

export const userPluginSourceSchema = z.object({
  folder: z.string().min(1),
  manifestText: z.string().max(1024 * 1024),
  entryName: z.string().min(1).max(255),
  entryText: z
    .string()
    .max(8 * 1024 * 1024)
    .nullable(),
});
export const userPluginSourcesSchema = z.array(userPluginSourceSchema).max(1000);

export const newUserPluginSchema = z.object({
  id: pluginIdSchema,
  manifestText: z.string().max(1024 * 1024),
  entryName: z.enum(['index.ts', 'index.js']),
  entryText: z.string().max(8 * 1024 * 1024),
});

export const exportFormatSchema = z.enum(['json', 'csv', 'html', 'md', 'pdf']);
/** A plain file name: no separators, not `.` or `..`, so attachments land beside the report only. */
export const plainFileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^(?!\.{1,2}$)[^/\\\0]+$/, 'a plain file name, without directories');
export const reportAttachmentSchema = z.object({
  name: plainFileNameSchema,
  content: z.string().max(MAX_TEXT),
});
export const exportRequestSchema = z.tuple([
  plainFileNameSchema,
  z.string().max(MAX_TEXT),
  exportFormatSchema,
  z.array(reportAttachmentSchema).max(64),
]);

export const folderResultSchema = z.string().min(1).nullable();

export const menuCommandSchema = z.union([
  z.object({ id: z.enum(MENU_COMMANDS) }),
  z.object({ id: z.literal('file.openRecent'), file: scenarioFileSchema }),
]);

/** The plugin manifest fields the host needs to file a plugin (the full check is core/policy's). */
export const manifestEntrySchema = z.object({ entry: z.string().regex(/^index\.(ts|js)$/) });
