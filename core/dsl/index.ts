// The scenario language (dsl.md) as one module for the CLI, the desktop editor, the browser build and
// tests: compiler, formatter, language service, keyword list for syntax colouring, `# expect:` parser.
export type { Diagnostic } from './diagnostics';
export type { Range } from './ast';
export { compileScenario, type CompileResult, type CompileOptions } from './compile';
export { formatScenario } from './format';
export { implicitTableName } from './lower';
export {
  createLanguageService,
  DSL_KEYWORDS,
  type ScenarioLanguageService,
  type CompletionItem,
  type Hover,
  type DocumentSymbol,
} from './services/language-service';
export {
  parseExpectations,
  satisfies,
  expectMetricValue,
  describeConstraint,
  type Expectation,
  type ExpectConstraint,
  type ExpectMetric,
  type ExpectOp,
  type ParsedExpectations,
} from './expect';
