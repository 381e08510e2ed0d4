// Electron main process: composition only (windows, menus, dialogs, IPC). Logic lives in small
// modules beside it that are unit-tested in plain Node.
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { fileURLToPath } from 'node:url';
import { basename } from 'node:path';
import { dispatch, ipcChannels, type IpcChannel, type IpcHandlers } from './ipc-channels';
import { atomicWriteFile, readTextFile } from './files';
import { hardenWebContents, webPreferences } from './security';

const here = fileURLToPath(new URL('.', import.meta.url));
const devServerUrl = process.env['ELECTRON_RENDERER_URL'];

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'vmxlab',
    webPreferences: webPreferences(`${here}../preload/index.cjs`),
  });
  hardenWebContents(win.webContents, devServerUrl);
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(`${here}../renderer/index.html`);
  return win;
}

function handlers(win: () => BrowserWindow | undefined): IpcHandlers {
  return {
    async 'scenario:open'() {
      const w = win();
      const res = w
        ? await dialog.showOpenDialog(w, { filters: [{ name: 'vmxlab scenario', extensions: ['vmx'] }] })
        : await dialog.showOpenDialog({ filters: [{ name: 'vmxlab scenario', extensions: ['vmx'] }] });
      const path = res.filePaths[0];
      if (res.canceled || !path) return null;
      return { path, name: basename(path), text: await readTextFile(path) };
    },
    async 'scenario:save'(file) {
      let path = file.path;
      if (!path) {
        const res = await dialog.showSaveDialog({ defaultPath: file.name });
        if (res.canceled || !res.filePath) return null;
        path = res.filePath;
      }
      await atomicWriteFile(path, file.text);
      return { path, name: basename(path) };
    },
  };
}

void app.whenReady().then(() => {
  let main: BrowserWindow | undefined = createWindow();
  main.on('closed', () => (main = undefined));
  const table = handlers(() => main);
  for (const channel of Object.keys(ipcChannels) as IpcChannel[]) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!main || event.sender !== main.webContents) throw new Error(`IPC ${channel}: unknown sender`);
      return dispatch(table, channel, args);
    });
  }
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) main = createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
