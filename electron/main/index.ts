// Electron main process: composition only (window, menus, dialogs, IPC). Logic lives in small
// modules beside it (handlers, menu, recent-files, window-state, user-plugins) that are unit-tested
// in plain Node with Electron behind their interfaces.
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { MenuCommand } from '../../core/host/api';
import { menuCommandSchema } from '../../core/host/schemas';
import { atomicWriteFile, readTextFile } from './files';
import { createHandlers, settingsSchema, type Dialogs } from './handlers';
import { dispatch, ipcChannels, MENU_COMMAND_CHANNEL, type IpcChannel } from './ipc-channels';
import { jsonStore } from './json-store';
import { electronPrinter } from './pdf';
import { buildMenuTemplate } from './menu';
import { recentFiles } from './recent-files';
import { hardenWebContents, webPreferences } from './security';
import { clampWindowState, DEFAULT_WINDOW, windowStateSchema, type WindowState } from './window-state';

const here = fileURLToPath(new URL('.', import.meta.url));
const devServerUrl = process.env['ELECTRON_RENDERER_URL'];

let main: BrowserWindow | undefined;
let liveMode = false;

function dialogs(): Dialogs {
  const parent = (): BrowserWindow | undefined => main;
  return {
    async openScenario() {
      const opts = {
        filters: [{ name: 'vmxlab scenario', extensions: ['vmx'] }],
        properties: ['openFile' as const],
      };
      const w = parent();
      const res = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      return res.canceled ? null : (res.filePaths[0] ?? null);
    },
    async saveFile(defaultPath, filter) {
      const opts = { defaultPath, filters: [filter] };
      const w = parent();
      const res = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts);
      return res.canceled ? null : (res.filePath ?? null);
    },
    async chooseFolder() {
      const opts = { properties: ['openDirectory' as const, 'createDirectory' as const] };
      const w = parent();
      const res = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      return res.canceled ? null : (res.filePaths[0] ?? null);
    },
  };
}

function send(command: MenuCommand): void {
  // Validated on the way out too: the renderer trusts nothing that skipped the schema.
  main?.webContents.send(MENU_COMMAND_CHANNEL, menuCommandSchema.parse(command));
}

void app.whenReady().then(async () => {
  const userData = app.getPath('userData');
  const recent = recentFiles(join(userData, 'recent-files.json'));
  const settings = jsonStore(join(userData, 'settings.json'), settingsSchema, () => ({ pluginFolder: null }));
  const windowStore = jsonStore(join(userData, 'window-state.json'), windowStateSchema, () => DEFAULT_WINDOW);

  const handlers = createHandlers({
    dialogs: dialogs(),
    files: { readText: readTextFile, writeAtomic: atomicWriteFile },
    recent,
    settings,
    printer: electronPrinter,
    onRecentChanged: () => void rebuildMenu(),
  });

  async function rebuildMenu(): Promise<void> {
    const template = buildMenuTemplate(
      { isMac: process.platform === 'darwin', recent: await recent.list(), liveMode },
      {
        command(id) {
          if (id === 'run.toggleLive') {
            liveMode = !liveMode;
            void rebuildMenu();
          }
          send({ id });
        },
        openRecent(path) {
          void handlers['recent:open'](path).then((file) => file && send({ id: 'file.openRecent', file }));
        },
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  // No permission (camera, notifications, …) is ever granted to the page.
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  for (const channel of Object.keys(ipcChannels) as IpcChannel[]) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!main || event.sender !== main.webContents) throw new Error(`IPC ${channel}: unknown sender`);
      return dispatch(handlers, channel, args);
    });
  }

  async function createWindow(): Promise<BrowserWindow> {
    const areas = screen.getAllDisplays().map((d) => d.workArea);
    const primary = screen.getPrimaryDisplay().workArea;
    const state = clampWindowState(await windowStore.read(), [
      primary,
      ...areas.filter((a) => a !== primary),
    ]);
    const win = new BrowserWindow({
      ...state,
      minWidth: 800,
      minHeight: 500,
      title: 'vmxlab',
      show: false,
      webPreferences: webPreferences(`${here}../preload/index.cjs`),
    });
    if (state.maximized) win.maximize();
    win.once('ready-to-show', () => win.show());
    hardenWebContents(win.webContents, devServerUrl);
    let saveTimer: NodeJS.Timeout | undefined;
    const remember = (): void => {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => {
        if (win.isDestroyed()) return;
        const b = win.getNormalBounds();
        const s: WindowState = { ...b, maximized: win.isMaximized() };
        void windowStore.write(s).catch(() => undefined);
      }, 500);
    };
    win.on('resize', remember);
    win.on('move', remember);
    win.on('close', () => {
      const b = win.getNormalBounds();
      void windowStore.write({ ...b, maximized: win.isMaximized() }).catch(() => undefined);
    });
    if (devServerUrl) await win.loadURL(devServerUrl);
    else await win.loadFile(`${here}../renderer/index.html`);
    return win;
  }

  await rebuildMenu();
  main = await createWindow();
  main.on('closed', () => (main = undefined));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) {
      void createWindow().then((w) => {
        main = w;
        w.on('closed', () => (main = undefined));
      });
    }
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
