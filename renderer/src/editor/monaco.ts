// The only module that loads Monaco (style.md: editor/ is the only Monaco-aware code). Uses the
// monaco-editor >= 0.56 import paths; workers come from MonacoEnvironment.getWorker (the TypeScript
// worker for the policy editor, the generic one for everything else).
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/languages/definitions/typescript/register';
import * as typescript from 'monaco-editor/languages/features/typescript/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    return new EditorWorker();
  },
};

/** Options both editors (scenario and policy) share, so they look and behave alike. */
export const EDITOR_OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 13,
  scrollBeyondLastLine: false,
  tabSize: 2,
};

export { monaco, typescript };
