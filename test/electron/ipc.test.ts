import { expect, test } from 'vitest';
import { dispatch, type IpcHandlers } from '../../electron/main/ipc-channels';
import { hardenWebContents, isAppUrl } from '../../electron/main/security';

const handlers: IpcHandlers = {
  'scenario:open': async () => ({ path: '/tmp/a.vmx', name: 'a.vmx', text: 'mark "x"' }),
  'scenario:save': async (file) => ({ path: file.path ?? '/tmp/new.vmx', name: file.name }),
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

test('a handler reply that breaks the schema is refused', async () => {
  const bad = { ...handlers, 'scenario:open': async () => ({ path: 1 }) } as unknown as IpcHandlers;
  await expect(dispatch(bad, 'scenario:open', [])).rejects.toThrow();
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
