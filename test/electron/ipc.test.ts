import { expect, test } from 'vitest';
import {
  dispatch,
  ipcChannels,
  MENU_COMMAND_CHANNEL,
  type IpcHandlers,
} from '../../electron/main/ipc-channels';
import { MENU_COMMAND_CHANNEL as PRELOAD_MENU_CHANNEL } from '../../electron/preload/menu-channel';
import { hardenWebContents, isAppUrl, webPreferences } from '../../electron/main/security';

const notUsed = async (): Promise<never> => {
  throw new Error('not used in this test');
};
const handlers: IpcHandlers = {
  'scenario:open': async () => ({ path: '/tmp/a.vmx', name: 'a.vmx', text: 'mark "x"' }),
  'scenario:save': async (file) => ({ path: file.path ?? '/tmp/new.vmx', name: file.name }),
  'scenario:saveAs': notUsed,
  'recent:list': async () => [{ path: '/tmp/a.vmx', name: 'a.vmx' }],
  'recent:open': notUsed,
  'plugins:folder': async () => null,
  'plugins:chooseFolder': notUsed,
  'plugins:list': async () => [],
  'plugins:save': async (p) => ({
    folder: `/plugins/${p.id}`,
    manifestText: p.manifestText,
    entryName: p.entryName,
    entryText: p.entryText,
  }),
  'report:export': async () => true,
};

test('a valid request reaches its handler and the reply is validated', async () => {
  await expect(
    dispatch(handlers, 'scenario:save', [{ path: null, name: 'b.vmx', text: '' }]),
  ).resolves.toEqual({
    path: '/tmp/new.vmx',
    name: 'b.vmx',
  });
});

test('a malformed request is rejected with the channel named', async () => {
  await expect(dispatch(handlers, 'scenario:save', [{ name: 42 }])).rejects.toThrow(
    /IPC scenario:save: invalid request/,
  );
  await expect(dispatch(handlers, 'scenario:open', ['extra'])).rejects.toThrow(/scenario:open/);
});

test('a plugin id that could climb out of the plugin folder is refused before any handler runs', async () => {
  const plugin = { id: '../evil', manifestText: '{}', entryName: 'index.ts', entryText: '' };
  await expect(dispatch(handlers, 'plugins:save', [plugin])).rejects.toThrow(/plugins:save: invalid request/);
});

test('an export request must name one of the four report formats', async () => {
  await expect(dispatch(handlers, 'report:export', ['r.json', '{}', 'json', []])).resolves.toBe(true);
  await expect(dispatch(handlers, 'report:export', ['r.exe', '', 'exe', []])).rejects.toThrow(
    /report:export/,
  );
});

test('report attachments must be plain file names, so they can only land beside the report', async () => {
  const svg = (name: string) => ['r.md', '#', 'md', [{ name, content: '<svg/>' }]];
  await expect(dispatch(handlers, 'report:export', svg('r-hit-rate.svg'))).resolves.toBe(true);
  for (const bad of ['../x.svg', 'a/b.svg', '..', 'C:\\x.svg']) {
    await expect(dispatch(handlers, 'report:export', svg(bad))).rejects.toThrow(
      /report:export: invalid request/,
    );
  }
});

test('a handler reply that breaks the schema is refused', async () => {
  const bad = { ...handlers, 'scenario:open': async () => ({ path: 1 }) } as unknown as IpcHandlers;
  await expect(dispatch(bad, 'scenario:open', [])).rejects.toThrow(/scenario:open: invalid reply/);
});

test('every channel has a request and a reply schema, and the preload uses the same menu channel', () => {
  for (const spec of Object.values(ipcChannels)) {
    expect(typeof spec.request.safeParse).toBe('function');
    expect(typeof spec.reply.safeParse).toBe('function');
  }
  expect(PRELOAD_MENU_CHANNEL).toBe(MENU_COMMAND_CHANNEL);
});

test('only the app files and the dev server may load; navigation and new windows are blocked', () => {
  expect(isAppUrl('file:///opt/vmxlab/renderer/index.html', undefined)).toBe(true);
  expect(isAppUrl('https://example.com/', undefined)).toBe(false);
  expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
  const listeners: ((e: { preventDefault(): void }, url: string) => void)[] = [];
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  hardenWebContents(
    { on: (_e, l) => listeners.push(l), setWindowOpenHandler: (h) => (openHandler = h) },
    undefined,
  );
  let prevented = 0;
  listeners[0]?.({ preventDefault: () => prevented++ }, 'https://evil.example/');
  listeners[0]?.({ preventDefault: () => prevented++ }, 'file:///app/index.html');
  expect(prevented).toBe(1);
  expect(openHandler?.({ url: 'https://x' })).toEqual({ action: 'deny' });
});

test('the window keeps the sandbox, context isolation and no Node integration', () => {
  const p = webPreferences('/x/preload.cjs');
  expect(p).toMatchObject({
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webviewTag: false,
  });
});
