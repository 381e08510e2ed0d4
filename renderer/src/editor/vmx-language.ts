// The `vmx` language in Monaco: a Monarch grammar coloured from the DSL's keyword list, and
// completion, hover and format-document answered by core/dsl's language service (through lang/dsl).
// Markers are set by the scenario editor from the same service's diagnostics.
import { monaco } from './monaco';
import { dslKeywords, type CompletionItem, type Diagnostic, type LanguageService } from '../lang/dsl';

export const VMX = 'vmx';

const COMPLETION_KIND: Record<CompletionItem['kind'], monaco.languages.CompletionItemKind> = {
  keyword: monaco.languages.CompletionItemKind.Keyword,
  table: monaco.languages.CompletionItemKind.Variable,
  option: monaco.languages.CompletionItemKind.Property,
  value: monaco.languages.CompletionItemKind.Value,
  snippet: monaco.languages.CompletionItemKind.Snippet,
};
let registered = false;

export function registerVmxLanguage(service: LanguageService): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: VMX, extensions: ['.vmx'], aliases: ['vmxlab scenario'] });
  monaco.languages.setLanguageConfiguration(VMX, {
    comments: { lineComment: '#' },
    brackets: [['{', '}']],
    autoClosingPairs: [
      { open: '{', close: '}' },
      { open: '"', close: '"' },
    ],
  });
  monaco.languages.setMonarchTokensProvider(VMX, {
    keywords: [...dslKeywords()],
    tokenizer: {
      root: [
        [/#.*$/, 'comment'],
        [/"([^"\\]|\\.)*"/, 'string'],
        [/0x[0-9a-fA-F_]+[kMG]?\b/, 'number.hex'],
        [/\d[\d_]*(\.\d+)?[kMG]?\b/, 'number'],
        [/->|\.\.|\+/, 'operator'],
        [/[{}]/, '@brackets'],
        [/[A-Za-z_][\w-]*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
      ],
    },
  });
  monaco.languages.registerCompletionItemProvider(VMX, {
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(
        position.lineNumber,
        word.startColumn,
        position.lineNumber,
        word.endColumn,
      );
      const items = service.completions(model.getValue(), position.lineNumber, position.column);
      return {
        suggestions: items.map((i) => ({
          label: i.label,
          kind: COMPLETION_KIND[i.kind],
          insertText: i.insertText ?? i.label,
          ...(i.kind === 'snippet'
            ? { insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet }
            : {}),
          detail: i.detail,
          range,
        })),
      };
    },
  });
  monaco.languages.registerHoverProvider(VMX, {
    provideHover(model, position) {
      const h = service.hover(model.getValue(), position.lineNumber, position.column);
      if (!h) return null;
      const r = h.range;
      return {
        contents: [{ value: h.contents }],
        range: new monaco.Range(r.line, r.column, r.endLine, r.endColumn),
      };
    },
  });
  monaco.languages.registerDocumentFormattingEditProvider(VMX, {
    provideDocumentFormattingEdits(model) {
      const formatted = service.format(model.getValue());
      if (formatted === model.getValue()) return [];
      return [{ range: model.getFullModelRange(), text: formatted }];
    },
  });
}

export function toMarkers(diagnostics: readonly Diagnostic[]): monaco.editor.IMarkerData[] {
  return diagnostics.map((d) => ({
    severity:
      d.severity === 'error'
        ? monaco.MarkerSeverity.Error
        : d.severity === 'warning'
          ? monaco.MarkerSeverity.Warning
          : monaco.MarkerSeverity.Info,
    message: d.message,
    startLineNumber: d.line,
    startColumn: d.column,
    endLineNumber: d.endLine,
    endColumn: Math.max(d.endColumn, d.line === d.endLine ? d.column + 1 : d.endColumn),
  }));
}
