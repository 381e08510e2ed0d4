// The one IPC channel table (Electron Fiddle's habit): each channel's request and reply schema.
// The preload exposes exactly these as one bridge object; main validates every request against them.
import { z } from 'zod';
import { openResultSchema, saveResultSchema, scenarioFileSchema } from '../../core/host/schemas';

export const ipcChannels = {
  'scenario:open': { request: z.tuple([]), reply: openResultSchema },
  'scenario:save': { request: z.tuple([scenarioFileSchema]), reply: saveResultSchema },
} as const;

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
  return spec.reply.parse(reply) as IpcReply<C>;
}
