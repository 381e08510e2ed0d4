// The only module that loads Monaco (style.md: editor/ is the only Monaco-aware code). Uses the
// monaco-editor >= 0.56 import paths; workers come from MonacoEnvironment.getWorker.
import * as monaco from 'monaco-editor/editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

self.MonacoEnvironment = {
  getWorker(): Worker {
    return new EditorWorker();
  },
};

export { monaco };
