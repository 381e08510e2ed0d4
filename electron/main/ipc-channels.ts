// The one IPC channel table (Electron Fiddle's habit): each channel's request and reply schema.
// The preload exposes exactly these as one bridge object; main validates every request against them
// and every reply before it leaves, and the preload validates menu commands coming the other way.
import { z } from 'zod';
import {
  exportRequestSchema,
  folderResultSchema,
  newUserPluginSchema,
  openResultSchema,
  recentFilesSchema,
  saveResultSchema,
  scenarioFileSchema,
  userPluginSourceSchema,
  userPluginSourcesSchema,
} from '../../core/host/schemas';

export const ipcChannels = {
  'scenario:open': { request: z.tuple([]), reply: openResultSchema },
  'scenario:save': { request: z.tuple([scenarioFileSchema]), reply: saveResultSchema },
  'scenario:saveAs': { request: z.tuple([scenarioFileSchema]), reply: saveResultSchema },
  'recent:list': { request: z.tuple([]), reply: recentFilesSchema },
  'recent:open': { request: z.tuple([z.string().min(1)]), reply: openResultSchema },
  'plugins:folder': { request: z.tuple([]), reply: folderResultSchema },
  'plugins:chooseFolder': { request: z.tuple([]), reply: folderResultSchema },
  'plugins:list': { request: z.tuple([]), reply: userPluginSourcesSchema },
  'plugins:save': { request: z.tuple([newUserPluginSchema]), reply: userPluginSourceSchema },
  'report:export': { request: exportRequestSchema, reply: z.boolean() },
} as const;

/** Main → renderer: a native menu command (payload: core/host/schemas menuCommandSchema). */
export { MENU_COMMAND_CHANNEL } from '../preload/menu-channel';

export type IpcChannel = keyof typeof ipcChannels;
export type IpcRequest<C extends IpcChannel> = z.infer<(typeof ipcChannels)[C]['request']>;
export type IpcReply<C extends IpcChannel> = z.infer<(typeof ipcChannels)[C]['reply']>;
export type IpcHandlers = { [C in IpcChannel]: (...args: IpcRequest<C>) => Promise<IpcReply<C>> };

/** Validates a raw request and runs its handler; a bad payload is rejected with the channel named. */
export async function dispatch<C extends IpcChannel>(
  handlers: IpcHandlers,
  channel: C,
  rawArgs: unknown[],
): Promise<IpcReply<C>> {
  const spec = ipcChannels[channel];
  const parsed = spec.request.safeParse(rawArgs);
  if (!parsed.success) {
    throw new Error(
      `IPC ${channel}: invalid request: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  const handler = handlers[channel] as (...args: unknown[]) => Promise<unknown>;
  const reply = await handler(...(parsed.data as unknown[]));
  const checked = spec.reply.safeParse(reply);
  if (!checked.success) {
    throw new Error(
      `IPC ${channel}: invalid reply: ${checked.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  return checked.data as IpcReply<C>;
}
