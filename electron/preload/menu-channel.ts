// The main → renderer menu channel name, in a file with no imports so the sandboxed preload can
// bundle it (main's ipc-channels.ts pulls in zod, which a sandboxed preload cannot require).
export const MENU_COMMAND_CHANNEL = 'menu:command';
