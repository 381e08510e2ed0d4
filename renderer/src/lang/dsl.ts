// The renderer's one door to the scenario language (core/dsl): compileScenario for the worker, the
// language service and DSL_KEYWORDS for the editor. The names are the DSL issue's; this adapter reads
// them off core's entry by name so the app builds before that issue lands, and degrades to "no
// diagnostics, keyword completion only" until it does. Switch to direct imports once it is in.
import * as core from '../../../core';
import type { Program } from '../../../core';
import type { DiagnosticDto } from '../../../core/run/protocol';

export type Diagnostic = DiagnosticDto;

export interface CompileResult {
  program: Program | null;
  diagnostics: Diagnostic[];
}

export interface CompletionItem {
  label: string;
  detail?: string;
  documentation?: string;
  insertText?: string;
  kind?: string;
}

export interface Hover {
  contents: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

/** The subset of core/dsl's language service the editor uses; every method optional until it lands. */
export interface LanguageService {
  diagnostics(text: string): Diagnostic[];
  completions(text: string, line: number, column: number): CompletionItem[];
  hover(text: string, line: number, column: number): Hover | null;
  format(text: string): string | null;
}

type Fn = (...args: unknown[]) => unknown;
const exported = core as unknown as Record<string, unknown>;
const fn = (name: string): Fn | undefined =>
  typeof exported[name] === 'function' ? (exported[name] as Fn) : undefined;

/** Statement and option words of dsl.md, for colouring and completion until DSL_KEYWORDS lands. */
const FALLBACK_KEYWORDS = [
  'scenario',
  'seed',
  'host',
  'l1',
  'l2',
  'ept',
  'vpid',
  'unsync',
  'pcid',
  'vpid02',
  'auto',
  'none',
  'tlb',
  'entries',
  'ways',
  'roots',
  'cost',
  'vmexit',
  'vmenter',
  'walk_ref',
  'sync_page',
  'flush',
  'tlb_hit',
  'vpid12',
  'cr3',
  'pgd',
  'map',
  'eptmap',
  'global',
  'ro',
  'read',
  'write',
  'fetch',
  'step',
  'random',
  'zipf',
  'count',
  's',
  'pte',
  'eptpte',
  'invlpg',
  'invpcid',
  'addr',
  'single',
  'all',
  'all-nonglobal',
  'invvpid',
  'single-globals',
  'invept',
  'zap',
  'mark',
  'repeat',
  'noflush',
  'on',
  'off',
];

export function dslKeywords(): readonly string[] {
  const k = exported['DSL_KEYWORDS'];
  if (Array.isArray(k) && k.every((w) => typeof w === 'string')) return k as string[];
  return FALLBACK_KEYWORDS;
}

export function dslAvailable(): boolean {
  return fn('compileScenario') !== undefined;
}

function normalizeDiagnostics(raw: unknown): Diagnostic[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((d: unknown) => {
    if (!d || typeof d !== 'object') return [];
    const o = d as Record<string, unknown>;
    const line = Number(o['line']);
    const column = Number(o['column']);
    if (!Number.isFinite(line) || !Number.isFinite(column)) return [];
    const sev = o['severity'];
    return [
      {
        severity: sev === 'warning' || sev === 'info' ? sev : 'error',
        message: String(o['message'] ?? ''),
        line,
        column,
        endLine: Number(o['endLine'] ?? line),
        endColumn: Number(o['endColumn'] ?? column + 1),
      },
    ];
  });
}

/** compileScenario(source, { overrides }) of core/dsl; throws a clear error until it lands. */
export function compileScenario(source: string, overrides: Record<string, string> = {}): CompileResult {
  const compile = fn('compileScenario');
  if (!compile) throw new Error('the scenario language (core/dsl compileScenario) is not in this build yet');
  const r = compile(source, { overrides }) as { program?: Program | null; diagnostics?: unknown };
  const diagnostics = normalizeDiagnostics(r.diagnostics);
  const hasError = diagnostics.some((d) => d.severity === 'error');
  return { program: hasError ? null : (r.program ?? null), diagnostics };
}

function toCompletion(raw: unknown): CompletionItem | null {
  if (typeof raw === 'string') return { label: raw };
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as Record<string, unknown>;
  if (typeof o['label'] !== 'string') return null;
  const item: CompletionItem = { label: o['label'] };
  for (const k of ['detail', 'documentation', 'insertText', 'kind'] as const) {
    if (typeof o[k] === 'string') item[k] = o[k];
  }
  return item;
}

/** Calls a service method that may take (text, line, column) or (text, { line, column }). */
function callAt(
  service: Record<string, unknown>,
  names: string[],
  text: string,
  line: number,
  column: number,
) {
  for (const name of names) {
    const m = service[name];
    if (typeof m === 'function') return (m as Fn).call(service, text, { line, column }, column);
  }
  return undefined;
}

/** The language service of core/dsl, or a keyword-only stand-in until it lands. */
export function createLanguageService(): LanguageService {
  const create = fn('createLanguageService');
  const service = create ? (create() as Record<string, unknown>) : null;
  const keywords = dslKeywords();
  return {
    diagnostics(text) {
      const m = service?.['diagnostics'];
      if (typeof m === 'function') return normalizeDiagnostics((m as Fn).call(service, text));
      const compile = fn('compileScenario');
      return compile
        ? normalizeDiagnostics((compile(text, {}) as { diagnostics?: unknown }).diagnostics)
        : [];
    },
    completions(text, line, column) {
      const raw = service ? callAt(service, ['completions', 'complete'], text, line, column) : undefined;
      if (Array.isArray(raw)) return raw.map(toCompletion).filter((c): c is CompletionItem => c !== null);
      return keywords.map((label) => ({ label, kind: 'keyword' }));
    },
    hover(text, line, column) {
      const raw = service ? callAt(service, ['hover'], text, line, column) : undefined;
      if (!raw) return null;
      if (typeof raw === 'string') return { contents: raw };
      const o = raw as Record<string, unknown>;
      const contents = o['contents'] ?? o['markdown'] ?? o['text'];
      if (typeof contents !== 'string') return null;
      const h: Hover = { contents };
      const range = (o['range'] as Record<string, unknown> | undefined) ?? o;
      for (const k of ['line', 'column', 'endLine', 'endColumn'] as const) {
        if (typeof range[k] === 'number') h[k] = range[k] as number;
      }
      return h;
    },
    format(text) {
      const m = service?.['format'];
      if (typeof m !== 'function') return null;
      const r = (m as Fn).call(service, text);
      return typeof r === 'string' ? r : null;
    },
  };
}
