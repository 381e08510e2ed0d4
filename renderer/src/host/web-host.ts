// The browser stand-in for the Electron preload bridge: files come from an <input type=file> and
// leave as downloads, since a web page has no file system; user plugins live in localStorage (the
// "user plugin folder" is that store); there are no native menus and no recent files.
import type { ExportFormat, HostApi, ReportAttachment, ScenarioFile } from '../../../core/host/api';
import type { KeyValueStore } from '../util/drafts';
import { webPluginStore } from './web-plugin-store';

const WEB_FOLDER = 'browser storage';

/** Opens `html` in a new window and asks for its print dialog; false when a popup blocker refused it. */
function printHtml(html: string): boolean {
  const w = window.open('', '_blank');
  if (!w) return false;
  w.document.open();
  w.document.write(html);
  w.document.close();
  w.focus();
  w.print();
  return true;
}

const MIME: Record<ExportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv',
  html: 'text/html',
  md: 'text/markdown',
  pdf: 'application/pdf',
};

function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => resolve(null), { once: true });
    input.click();
  });
}

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function createWebHost(store: KeyValueStore): HostApi {
  const plugins = webPluginStore(store);
  const saveAsDownload = async (file: ScenarioFile) => {
    download(file.name, file.text, 'text/plain');
    return { path: null, name: file.name };
  };
  return {
    kind: 'web',
    async openScenarioFile(): Promise<ScenarioFile | null> {
      const file = await pickFile('.vmx,text/plain');
      return file ? { path: null, name: file.name, text: await file.text() } : null;
    },
    saveScenarioFile: saveAsDownload,
    saveScenarioFileAs: saveAsDownload,
    recentFiles: async () => [],
    openRecentFile: async () => null,
    userPluginFolder: async () => WEB_FOLDER,
    chooseUserPluginFolder: async () => WEB_FOLDER,
    listUserPlugins: async () => plugins.list(),
    saveUserPlugin: async (p) => plugins.save(p),
    async exportReport(name: string, text: string, format: ExportFormat, attachments: ReportAttachment[]) {
      // The browser cannot write a PDF itself: open the HTML report and its print dialog ("Save as PDF").
      if (format === 'pdf') return printHtml(text);
      for (const a of attachments)
        download(a.name, a.content, a.name.endsWith('.svg') ? 'image/svg+xml' : 'text/plain');
      download(name, text, MIME[format]);
      return true;
    },
    onMenuCommand: () => () => {},
  };
}
