// The native menus as declarative data (style.md habit 11), turned into Electron's template by one
// pure function. Items with a `command` are sent to the renderer over the one menu channel; roles
// are Electron's built-ins (clipboard, zoom, …); `recent` is filled from the recent-files list.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommandId, RecentFile } from '../../core/host/api';

export type MenuItemSpec =
  | { type: 'separator' }
  | { label: string; command: MenuCommandId; accelerator?: string; checkbox?: 'liveMode' }
  | { role: NonNullable<MenuItemConstructorOptions['role']>; macOnly?: boolean }
  | { label: string; submenu: MenuItemSpec[] }
  | { label: string; recent: true };

export const MENU: readonly { label: string; submenu: MenuItemSpec[] }[] = [
  {
    label: 'File',
    submenu: [
      { label: 'New', command: 'file.new', accelerator: 'CmdOrCtrl+N' },
      { label: 'Open…', command: 'file.open', accelerator: 'CmdOrCtrl+O' },
      { label: 'Open Recent', recent: true },
      { type: 'separator' },
      { label: 'Save', command: 'file.save', accelerator: 'CmdOrCtrl+S' },
      { label: 'Save As…', command: 'file.saveAs', accelerator: 'CmdOrCtrl+Shift+S' },
      { type: 'separator' },
      { label: 'Choose Plugin Folder…', command: 'file.choosePluginFolder' },
      { label: 'Export…', command: 'file.export', accelerator: 'CmdOrCtrl+E' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  },
  {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  },
  {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      { role: 'toggleDevTools' },
    ],
  },
  {
    label: 'Run',
    submenu: [
      { label: 'Run', command: 'run.run', accelerator: 'CmdOrCtrl+Enter' },
      { label: 'Cancel', command: 'run.cancel', accelerator: 'CmdOrCtrl+.' },
      { type: 'separator' },
      {
        label: 'Live Mode',
        command: 'run.toggleLive',
        accelerator: 'CmdOrCtrl+Shift+L',
        checkbox: 'liveMode',
      },
    ],
  },
  {
    label: 'Help',
    submenu: [
      { label: 'About vmxlab', command: 'help.about' },
      { label: 'Documentation', command: 'help.docs' },
    ],
  },
];

export interface MenuContext {
  isMac: boolean;
  recent: readonly RecentFile[];
  liveMode: boolean;
}

export interface MenuActions {
  command(id: MenuCommandId): void;
  openRecent(path: string): void;
}

function item(spec: MenuItemSpec, ctx: MenuContext, actions: MenuActions): MenuItemConstructorOptions | null {
  if ('type' in spec) return { type: 'separator' };
  if ('role' in spec) return spec.macOnly && !ctx.isMac ? null : { role: spec.role };
  if ('recent' in spec) {
    const submenu: MenuItemConstructorOptions[] = ctx.recent.length
      ? ctx.recent.map((r) => ({ label: r.name, sublabel: r.path, click: () => actions.openRecent(r.path) }))
      : [{ label: 'No recent files', enabled: false }];
    return { label: spec.label, submenu };
  }
  if ('submenu' in spec) return { label: spec.label, submenu: items(spec.submenu, ctx, actions) };
  const { command } = spec;
  return {
    label: spec.label,
    ...(spec.accelerator ? { accelerator: spec.accelerator } : {}),
    ...(spec.checkbox ? { type: 'checkbox' as const, checked: ctx.liveMode } : {}),
    click: () => actions.command(command),
  };
}

function items(
  specs: readonly MenuItemSpec[],
  ctx: MenuContext,
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  return specs.map((s) => item(s, ctx, actions)).filter((i): i is MenuItemConstructorOptions => i !== null);
}

export function buildMenuTemplate(ctx: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const top = MENU.map((m) => ({ label: m.label, submenu: items(m.submenu, ctx, actions) }));
  // macOS puts the app menu first; quit lives there rather than under File.
  if (ctx.isMac) {
    const file = top[0];
    if (file) file.submenu = file.submenu.filter((i) => i.role !== 'quit');
    return [{ role: 'appMenu' }, ...top];
  }
  return top;
}
