// Proves `npm run typecheck` checks something: each project of TS_PROJECTS really includes its
// sources, is strict, and rejects a deliberate error; core and plugins also reject DOM and Node globals.
import { describe, expect, test } from 'vitest';
import ts from 'typescript';
import { join } from 'node:path';
import { TS_PROJECTS } from '../../scripts/lib/typecheck-projects';
import { repoRoot } from '../../scripts/lib/web-build';

const fixture = (name: string): string => join(repoRoot, 'test/architecture/fixtures', name);

function load(config: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(repoRoot, config),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot parse ${config}`);
  return parsed;
}

function diagnosticsFor(parsed: ts.ParsedCommandLine, file: string): number[] {
  const program = ts.createProgram({ rootNames: [file], options: parsed.options });
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => d.code);
}

const expectedSource: Record<string, string> = {
  'core/tsconfig.json': 'core/index.ts',
  'plugins/tsconfig.json': 'plugins/kvm-2020/index.ts',
  'tsconfig.node.json': 'cli/main.ts',
  'tsconfig.e2e.json': 'test/e2e/smoke.test.ts',
  'tsconfig.web.json': 'renderer/src/main.ts',
};

describe.each(TS_PROJECTS.map((p) => [p.name, p] as const))('type-check project %s', (_name, project) => {
  const parsed = load(project.config);

  test('includes its own sources and runs strict', () => {
    expect(parsed.fileNames).toContain(join(repoRoot, expectedSource[project.config] ?? '?'));
    expect(parsed.options.strict).toBe(true);
    expect(parsed.options.noUncheckedIndexedAccess).toBe(true);
  });

  test('rejects a deliberate type error', () => {
    expect(diagnosticsFor(parsed, fixture('type-error.ts'))).toContain(2322);
  });
});

test.each(['core/tsconfig.json', 'plugins/tsconfig.json'])('%s has no DOM or Node globals', (config) => {
  const codes = diagnosticsFor(load(config), fixture('uses-dom.ts'));
  // 2584: cannot find 'document' (no DOM lib); 2580/2591: cannot find 'process' (no @types/node).
  expect(codes).toContain(2584);
  expect(codes.some((c) => c === 2580 || c === 2591)).toBe(true);
});
