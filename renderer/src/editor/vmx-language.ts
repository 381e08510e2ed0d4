// The `vmx` language in Monaco: a Monarch grammar coloured from the DSL's keyword list, and
// completion, hover and format-document answered by core/dsl's language service (through lang/dsl).
// Markers are set by the scenario editor from the same service's diagnostics.
import { monaco } from './monaco';
import { dslKeywords, type Diagnostic, type LanguageService } from '../lang/dsl';

export const VMX = 'vmx';
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
          kind:
            i.kind === 'keyword'
              ? monaco.languages.CompletionItemKind.Keyword
              : monaco.languages.CompletionItemKind.Value,
          insertText: i.insertText ?? i.label,
          detail: i.detail,
          documentation: i.documentation,
          range,
        })),
      };
    },
  });
  monaco.languages.registerHoverProvider(VMX, {
    provideHover(model, position) {
      const h = service.hover(model.getValue(), position.lineNumber, position.column);
      if (!h) return null;
      const range =
        h.line !== undefined && h.column !== undefined
          ? new monaco.Range(h.line, h.column, h.endLine ?? h.line, h.endColumn ?? h.column + 1)
          : undefined;
      return { contents: [{ value: h.contents }], range };
    },
  });
  monaco.languages.registerDocumentFormattingEditProvider(VMX, {
    provideDocumentFormattingEdits(model) {
      const formatted = service.format(model.getValue());
      if (formatted === null || formatted === model.getValue()) return [];
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
