// Compiling one sweep cell (the scenario under the cell's `--grid` overrides) on the main thread: it
// sorts valid cells from invalid ones, and the valid cells' programs go to the workers as data, so the
// workers never load the DSL compiler (Chevrotain alone is ~0.23 s of a worker's ~0.35 s start).
import { compileScenario } from '../core/dsl/compile';
import type { CellSet } from '../core/run/sweep-grid';

/** The cell's program, or the first error of its compile as `FILE:LINE:COL: error: message` (the CLI's diagnostic form). */
export function compileCell(source: string, file: string, set: CellSet) {
  const compiled = compileScenario(source, { overrides: { ...set } as Record<string, string> });
  const error = compiled.diagnostics.find((d) => d.severity === 'error');
  return {
    program: error ? null : compiled.program,
    reason: error ? `${file}:${error.line}:${error.column}: error: ${error.message}` : null,
  };
}
