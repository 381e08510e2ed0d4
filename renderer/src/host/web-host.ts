// The browser stand-in for the Electron preload bridge: files come from an <input type=file> and
// leave as downloads, since a web page has no file system.
import type { HostApi, ScenarioFile } from '../../../core/host/api';

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

export function createWebHost(): HostApi {
  return {
    kind: 'web',
    async openScenarioFile(): Promise<ScenarioFile | null> {
      const file = await pickFile('.vmx,text/plain');
      return file ? { path: null, name: file.name, text: await file.text() } : null;
    },
    async saveScenarioFile(file: ScenarioFile) {
      download(file.name, file.text, 'text/plain');
      return { path: null, name: file.name };
    },
  };
}
