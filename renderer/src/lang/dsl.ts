// The renderer's one door to the scenario language (core/dsl): compileScenario for the worker, the
// language service and DSL_KEYWORDS for the editor. Kept as a seam so the editor and the worker see
// one small, Monaco-free surface.
import {
  compileScenario as compile,
  createLanguageService as createService,
  DSL_KEYWORDS,
  type CompletionItem,
  type Diagnostic,
  type Hover,
  type ScenarioLanguageService,
} from '../../../core/dsl';
import type { Program } from '../../../core';

export type { CompletionItem, Diagnostic, Hover };
export type LanguageService = ScenarioLanguageService;

export interface CompileResult {
  program: Program | null;
  diagnostics: Diagnostic[];
}

export function dslKeywords(): readonly string[] {
  return DSL_KEYWORDS;
}

export function compileScenario(source: string, overrides: Record<string, string> = {}): CompileResult {
  return compile(source, { overrides });
}

export function createLanguageService(): LanguageService {
  return createService();
}
