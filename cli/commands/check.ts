// `vmxlab check FILE...` (results-cli.md): parse and validate scenarios only. Diagnostics go to stderr
// as `FILE:LINE:COL: error|warning: message`; exit 2 on any error or unreadable file, else 0.
import { CommanderError, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { compileScenario } from '../../core/index';

export interface CheckOutput {
  exitCode: 0 | 2;
  lines: string[];
}

/** Checks each file; pure apart from reading the files, so tests call it directly. */
export function checkFiles(
  files: string[],
  overrides: Record<string, string> = {},
  read: (f: string) => string = (f) => readFileSync(f, 'utf8'),
): CheckOutput {
  const lines: string[] = [];
  let failed = false;
  for (const file of files) {
    let text: string;
    try {
      text = read(file);
    } catch (e) {
      failed = true;
      const why =
        e instanceof Error && 'code' in e ? String(e.code) : e instanceof Error ? e.message : String(e);
      lines.push(`${file}: error: cannot read file (${why})`);
      continue;
    }
    const { diagnostics } = compileScenario(text, { overrides });
    for (const d of diagnostics) {
      if (d.severity === 'error') failed = true;
      lines.push(`${file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
    }
  }
  return { exitCode: failed ? 2 : 0, lines };
}

function collectSet(value: string, acc: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new CommanderError(2, 'vmxlab.set', `--set expects key=value, found '${value}'`);
  return { ...acc, [value.slice(0, eq)]: value.slice(eq + 1) };
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('parse and validate scenario files (diagnostics on stderr; exit 2 on any error)')
    .argument('<files...>', '.vmx scenario files')
    .option('--set <key=value>', 'override a header value (repeatable)', collectSet, {})
    .action((files: string[], opts: { set: Record<string, string> }) => {
      const out = checkFiles(files, opts.set);
      for (const l of out.lines) process.stderr.write(l + '\n');
      if (out.exitCode !== 0) throw new CommanderError(out.exitCode, 'vmxlab.check', '');
    });
}
