import { expect, test } from 'vitest';
import { createHandlers, type Dialogs, type Settings } from '../../electron/main/handlers';
import type { JsonStore } from '../../electron/main/json-store';
import { pushRecent, type RecentFiles } from '../../electron/main/recent-files';
import type { RecentFile } from '../../core/host/api';

function memoryRecent(): RecentFiles {
  let l: RecentFile[] = [];
  return {
    list: async () => l,
    add: async (p) => (l = pushRecent(l, p)),
    remove: async (p) => (l = l.filter((r) => r.path !== p)),
  };
}

function setup(dialogAnswers: Partial<Record<keyof Dialogs, string | null>> = {}) {
  const disk = new Map<string, string | Uint8Array>([['/w/a.vmx', 'mark "a"']]);
  const printed: string[] = [];
  const writes: string[] = [];
  let settings: Settings = { pluginFolder: null };
  let menuRebuilds = 0;
  const dialogs: Dialogs = {
    openScenario: async () => dialogAnswers.openScenario ?? null,
    saveFile: async () => dialogAnswers.saveFile ?? null,
    chooseFolder: async () => dialogAnswers.chooseFolder ?? null,
  };
  const store: JsonStore<Settings> = { read: async () => settings, write: async (s) => void (settings = s) };
  const recent = memoryRecent();
  const h = createHandlers({
    dialogs,
    files: {
      readText: async (p) => {
        const t = disk.get(p);
        if (t === undefined) throw new Error('ENOENT');
        return typeof t === 'string' ? t : new TextDecoder().decode(t);
      },
      writeAtomic: async (p, t) => {
        writes.push(p);
        disk.set(p, t);
      },
    },
    recent,
    settings: store,
    printer: {
      htmlToPdf: async (html) => {
        printed.push(html);
        return new TextEncoder().encode(`%PDF-1.7 ${html.length}`);
      },
    },
    onRecentChanged: () => menuRebuilds++,
  });
  return { h, disk, writes, printed, recent, rebuilds: () => menuRebuilds, settings: () => settings };
}

test('opening a scenario reads it and puts it on the recent list', async () => {
  const s = setup({ openScenario: '/w/a.vmx' });
  await expect(s.h['scenario:open']()).resolves.toEqual({
    path: '/w/a.vmx',
    name: 'a.vmx',
    text: 'mark "a"',
  });
  await expect(s.recent.list()).resolves.toEqual([{ path: '/w/a.vmx', name: 'a.vmx' }]);
  expect(s.rebuilds()).toBe(1);
});

test('a cancelled open dialog returns null and touches nothing', async () => {
  const s = setup();
  await expect(s.h['scenario:open']()).resolves.toBeNull();
  expect(s.rebuilds()).toBe(0);
});

test('saving a file with a path writes there without asking; a new buffer asks where', async () => {
  const s = setup({ saveFile: '/w/new.vmx' });
  await s.h['scenario:save']({ path: '/w/a.vmx', name: 'a.vmx', text: 'x' });
  await expect(s.h['scenario:save']({ path: null, name: 'untitled.vmx', text: 'y' })).resolves.toEqual({
    path: '/w/new.vmx',
    name: 'new.vmx',
  });
  expect(s.writes).toEqual(['/w/a.vmx', '/w/new.vmx']);
  expect(s.disk.get('/w/new.vmx')).toBe('y');
});

test('a recent file can be reopened, but a path never opened before cannot be read through it', async () => {
  const s = setup({ openScenario: '/w/a.vmx' });
  await s.h['scenario:open']();
  await expect(s.h['recent:open']('/w/a.vmx')).resolves.toMatchObject({ text: 'mark "a"' });
  await expect(s.h['recent:open']('/etc/passwd')).resolves.toBeNull();
});

test('a recent file that has gone is dropped from the list', async () => {
  const s = setup({ openScenario: '/w/a.vmx' });
  await s.h['scenario:open']();
  s.disk.delete('/w/a.vmx');
  await expect(s.h['recent:open']('/w/a.vmx')).resolves.toBeNull();
  await expect(s.recent.list()).resolves.toEqual([]);
});

test('the chosen plugin folder is remembered, and saving a plugin without one asks for it', async () => {
  const s = setup({ chooseFolder: '/plugins' });
  await expect(s.h['plugins:folder']()).resolves.toBeNull();
  await expect(s.h['plugins:chooseFolder']()).resolves.toBe('/plugins');
  expect(s.settings()).toEqual({ pluginFolder: '/plugins' });
  await expect(s.h['plugins:folder']()).resolves.toBe('/plugins');
});

test('exporting asks where and writes atomically; a cancel writes nothing', async () => {
  const yes = setup({ saveFile: '/w/r.csv' });
  await expect(yes.h['report:export']('r.csv', 'a,b\n', 'csv', [])).resolves.toBe(true);
  expect(yes.disk.get('/w/r.csv')).toBe('a,b\n');
  const no = setup();
  await expect(no.h['report:export']('r.csv', 'a,b\n', 'csv', [])).resolves.toBe(false);
  expect(no.writes).toEqual([]);
});

test('a PDF export prints the HTML report and writes the PDF bytes; a cancel prints nothing', async () => {
  const s = setup({ saveFile: '/out/r.pdf' });
  await expect(s.h['report:export']('r.pdf', '<html>report</html>', 'pdf', [])).resolves.toBe(true);
  expect(s.printed).toEqual(['<html>report</html>']);
  expect(new TextDecoder().decode(s.disk.get('/out/r.pdf') as Uint8Array)).toBe('%PDF-1.7 19');
  const no = setup();
  await expect(no.h['report:export']('r.pdf', '<html/>', 'pdf', [])).resolves.toBe(false);
  expect(no.printed).toEqual([]);
  expect(no.writes).toEqual([]);
});

test('a Markdown export writes its chart files beside the report, before the report itself', async () => {
  const s = setup({ saveFile: '/out/r.md' });
  await s.h['report:export']('r.md', '![](r-1.svg)', 'md', [{ name: 'r-1.svg', content: '<svg/>' }]);
  expect(s.writes).toEqual(['/out/r-1.svg', '/out/r.md']);
});
