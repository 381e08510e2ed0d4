import { expect, test } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, MENU } from '../../electron/main/menu';
import { MENU_COMMANDS, type MenuCommandId } from '../../core/host/api';

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  for (const i of items) {
    if (i.label === label) return i;
    if (Array.isArray(i.submenu)) {
      const found = find(i.submenu, label);
      if (found) return found;
    }
  }
  return undefined;
}

const click = (i: MenuItemConstructorOptions | undefined): void =>
  (i?.click as unknown as (() => void) | undefined)?.();

test('the menu bar has File, Edit, View, Run and Help in that order', () => {
  const t = buildMenuTemplate(
    { isMac: false, recent: [], liveMode: false },
    { command() {}, openRecent() {} },
  );
  expect(t.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Run', 'Help']);
});

test('menu items send their command, and Run carries Ctrl/Cmd+Enter', () => {
  const sent: MenuCommandId[] = [];
  const t = buildMenuTemplate(
    { isMac: false, recent: [], liveMode: false },
    { command: (id) => sent.push(id), openRecent() {} },
  );
  expect(find(t, 'Run')?.submenu).toBeDefined();
  const runItem = (find(t, 'Run')?.submenu as MenuItemConstructorOptions[]).find((i) => i.label === 'Run');
  expect(runItem?.accelerator).toBe('CmdOrCtrl+Enter');
  click(runItem);
  click(find(t, 'Save As…'));
  click(find(t, 'Export…'));
  expect(sent).toEqual(['run.run', 'file.saveAs', 'file.export']);
  expect(find(t, 'Save')?.accelerator).toBe('CmdOrCtrl+S');
  expect(find(t, 'Open…')?.accelerator).toBe('CmdOrCtrl+O');
});

test('every command in the menu data is one the renderer knows', () => {
  const commands: string[] = [];
  const walk = (specs: readonly (typeof MENU)[number]['submenu'][number][]): void => {
    for (const s of specs) {
      if ('command' in s) commands.push(s.command);
      if ('submenu' in s) walk(s.submenu);
    }
  };
  for (const m of MENU) walk(m.submenu);
  expect(commands.length).toBeGreaterThan(8);
  for (const c of commands) expect(MENU_COMMANDS).toContain(c);
});

test('Open Recent lists recent files newest first and says so when there are none', () => {
  const opened: string[] = [];
  const recent = [
    { path: '/a/new.vmx', name: 'new.vmx' },
    { path: '/a/old.vmx', name: 'old.vmx' },
  ];
  const t = buildMenuTemplate(
    { isMac: false, recent, liveMode: false },
    { command() {}, openRecent: (p) => opened.push(p) },
  );
  const sub = find(t, 'Open Recent')?.submenu as MenuItemConstructorOptions[];
  expect(sub.map((i) => i.label)).toEqual(['new.vmx', 'old.vmx']);
  click(sub[1]);
  expect(opened).toEqual(['/a/old.vmx']);
  const empty = buildMenuTemplate(
    { isMac: false, recent: [], liveMode: false },
    { command() {}, openRecent() {} },
  );
  const none = find(empty, 'Open Recent')?.submenu as MenuItemConstructorOptions[];
  expect(none).toEqual([{ label: 'No recent files', enabled: false }]);
});

test('Live Mode is a checkbox that shows the current state', () => {
  const on = buildMenuTemplate(
    { isMac: false, recent: [], liveMode: true },
    { command() {}, openRecent() {} },
  );
  expect(find(on, 'Live Mode')).toMatchObject({ type: 'checkbox', checked: true });
  const off = buildMenuTemplate(
    { isMac: false, recent: [], liveMode: false },
    { command() {}, openRecent() {} },
  );
  expect(find(off, 'Live Mode')?.checked).toBe(false);
});

test('on macOS the app menu comes first and Quit leaves the File menu', () => {
  const t = buildMenuTemplate(
    { isMac: true, recent: [], liveMode: false },
    { command() {}, openRecent() {} },
  );
  expect(t[0]).toEqual({ role: 'appMenu' });
  const file = t[1]?.submenu as MenuItemConstructorOptions[];
  expect(file.some((i) => i.role === 'quit')).toBe(false);
  const linux = buildMenuTemplate(
    { isMac: false, recent: [], liveMode: false },
    { command() {}, openRecent() {} },
  );
  expect((linux[0]?.submenu as MenuItemConstructorOptions[]).some((i) => i.role === 'quit')).toBe(true);
});
