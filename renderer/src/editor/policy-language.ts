// TypeScript in Monaco for the policy editor: the public policy API (core/policy/api.ts, the module
// plugins import as 'vmxlab') is loaded as an extra lib, so completion and type errors work exactly
// against what the engine will call.
import apiSource from '../../../core/policy/api.ts?raw';
import { EDITOR_OPTIONS, monaco, typescript } from './monaco';

let configured = false;

export function configurePolicyTypeScript(): void {
  if (configured) return;
  configured = true;
  typescript.typescriptDefaults.setCompilerOptions({
    target: typescript.ScriptTarget.ES2020,
    module: typescript.ModuleKind.ESNext,
    moduleResolution: typescript.ModuleResolutionKind.NodeJs,
    strict: true,
    noEmit: true,
    allowNonTsExtensions: true,
  });
  // A package of its own under node_modules, so `import … from 'vmxlab'` resolves by name.
  typescript.typescriptDefaults.addExtraLib(apiSource, 'file:///node_modules/vmxlab/index.ts');
  typescript.typescriptDefaults.addExtraLib(
    '{"name":"vmxlab","types":"index.ts"}',
    'file:///node_modules/vmxlab/package.json',
  );
}

export interface PolicyEditorHandle {
  editor: monaco.editor.IStandaloneCodeEditor;
  /** TypeScript errors of the policy source (1-based lines), asked of the TS worker for the save check. */
  errors(): Promise<{ line: number; message: string }[]>;
  dispose(): void;
}

export function createPolicyEditor(
  el: HTMLElement,
  source: string,
  onChange: (text: string) => void,
): PolicyEditorHandle {
  configurePolicyTypeScript();
  const uri = monaco.Uri.parse(`file:///policy/${Date.now()}/index.ts`);
  const model = monaco.editor.createModel(source, 'typescript', uri);
  const editor = monaco.editor.create(el, {
    model,
    ...EDITOR_OPTIONS,
  });
  editor.onDidChangeModelContent(() => onChange(editor.getValue()));
  return {
    editor,
    async errors() {
      // Ask the worker rather than read markers: markers lag the last keystroke by a debounce.
      const worker = await (await typescript.getTypeScriptWorker())(uri);
      const file = uri.toString();
      const diags = [
        ...(await worker.getSyntacticDiagnostics(file)),
        ...(await worker.getSemanticDiagnostics(file)),
      ];
      return diags
        .filter((d) => d.category === 1) // ts.DiagnosticCategory.Error
        .map((d) => ({
          line: model.getPositionAt(d.start ?? 0).lineNumber,
          message: typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText,
        }));
    },
    dispose() {
      editor.dispose();
      model.dispose();
    },
  };
}
