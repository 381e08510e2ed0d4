// PDF export (issue #8: "in the desktop app, PDF via printing the HTML"): the HTML report, loaded in a
// hidden, script-less window from a temporary file, printed with Chromium's printToPDF — the report's
// own print stylesheet (core/report/page.ts: A4, margins, no page-broken charts) lays it out.
import { BrowserWindow } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Printer } from './handlers';

export const electronPrinter: Printer = {
  async htmlToPdf(html) {
    const dir = await mkdtemp(join(tmpdir(), 'vmxlab-pdf-'));
    const file = join(dir, 'report.html');
    const win = new BrowserWindow({
      show: false,
      // A report is inline CSS and SVG: it needs no script, no node, no preload.
      webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    try {
      await writeFile(file, html, 'utf8');
      await win.loadFile(file);
      const pdf = await win.webContents.printToPDF({
        printBackground: true,
        pageSize: 'A4',
        preferCSSPageSize: true,
      });
      return new Uint8Array(pdf);
    } finally {
      win.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
