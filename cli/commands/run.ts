// `vmxlab run FILE.vmx` (results-cli.md): compile, run every selected policy (all built-ins by
// default), print a comparison, write outputs atomically. Exit 0 ok, 1 violations with
// --fail-on-violation, 2 bad input, 3 a policy failed. Ctrl-C stops between steps and writes nothing.
import { CommanderError, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { ScenarioRuntimeError, compileScenario, runScenarioChunked, type ResultDoc } from '../../core/index';
import { loadPolicyCatalog, type PolicyInstance } from '../composition';
import { writeReports } from '../report-output';
import { checkReportTargets } from '../report-targets';

export interface RunOptions {
  policy: string[];
  plugins?: string;
  set: Record<string, string>;
  json?: string;
  csv?: string;
  report?: string;
  failOnViolation?: boolean;
  quiet?: boolean;
}

function fail(code: number, message: string): never {
  if (message) process.stderr.write(message.endsWith('\n') ? message : `${message}\n`);
  throw new CommanderError(code, code === 2 ? 'vmxlab.input' : 'vmxlab.run', '');
}

function collect(value: string, acc: string[]): string[] {
  return [...acc, value];
}

function collectSet(value: string, acc: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) fail(2, `vmxlab: --set expects key=value, found '${value}'`);
  return { ...acc, [value.slice(0, eq)]: value.slice(eq + 1) };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** The comparison printed on stdout: one row per policy. */
export function summaryTable(doc: ResultDoc): string {
  const head = [
    'policy',
    'status',
    'violations',
    'stale-spte',
    'stale-tlb',
    'syncs',
    'synced-pages',
    'flushes',
    'tlb-hit',
    'cycles',
  ];
  const rows = doc.runs.map((r) => [
    r.policy.id,
    r.status,
    String(r.metrics.violations),
    String(r.metrics.violationsByCause['stale-spte']),
    String(r.metrics.violationsByCause['stale-tlb']),
    String(r.metrics.syncs),
    String(r.metrics.syncedPages),
    String(r.metrics.flushes.total),
    pct(r.metrics.tlbHitRate),
    String(r.metrics.cycles),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

export async function runCommand(file: string, opts: RunOptions): Promise<number> {
  try {
    checkReportTargets({ report: opts.report, csv: opts.csv, json: opts.json });
  } catch (err) {
    fail(2, `vmxlab: ${(err as Error).message}`);
  }
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    fail(2, `${file}: error: cannot read file (${code})`);
  }
  const compiled = compileScenario(source, { overrides: opts.set });
  for (const d of compiled.diagnostics)
    process.stderr.write(`${file}:${d.line}:${d.column}: ${d.severity}: ${d.message}\n`);
  if (!compiled.program) fail(2, '');

  const catalog = await loadPolicyCatalog({ pluginDirs: opts.plugins ? [opts.plugins] : [] });
  for (const p of catalog.problems) process.stderr.write(`${p.file}: ${p.field}: ${p.message}\n`);
  const ids = opts.policy.length
    ? opts.policy
    : catalog.entries.filter((e) => e.plugin.origin === 'built-in').map((e) => e.plugin.manifest.id);
  for (const id of ids) {
    if (!catalog.get(id))
      fail(
        2,
        `vmxlab: unknown policy '${id}' (available: ${catalog.entries.map((e) => e.plugin.manifest.id).join(', ')})`,
      );
  }
  // A fresh instance per run: a user policy's module state never carries over from another run.
  const policies: PolicyInstance[] = ids.map((id) => catalog.get(id)!.instantiate());

  let interrupted = false;
  const onSigint = (): void => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  const progress = !opts.quiet && process.stderr.isTTY;
  let lastDraw = 0;
  let doc: ResultDoc | null;
  try {
    doc = await runScenarioChunked(
      { source, file, program: compiled.program, policies },
      {
        chunk: 250_000,
        isCancelled: () => interrupted,
        yieldToHost: () => new Promise((resolve) => setImmediate(resolve)),
        onProgress: ({ policyIndex, eventsDone, eventsTotal }) => {
          if (!progress || Date.now() - lastDraw < 100) return;
          lastDraw = Date.now();
          const of = eventsTotal
            ? ` / ${eventsTotal.toLocaleString('en')} (${pct(eventsDone / eventsTotal)})`
            : '';
          process.stderr.write(
            `\r\x1b[K${policies[policyIndex]!.info.id}: ${eventsDone.toLocaleString('en')} events${of}`,
          );
        },
      },
    );
  } catch (err) {
    if (err instanceof ScenarioRuntimeError) fail(2, `${file}:${err.line}:1: error: ${err.message}`);
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
    if (progress) process.stderr.write('\r\x1b[K');
    for (const p of policies) p.dispose();
  }
  if (!doc || interrupted) {
    process.stderr.write('vmxlab: interrupted; nothing was written\n');
    return 130;
  }

  if (!opts.quiet) process.stdout.write(`${summaryTable(doc)}\n`);
  for (const r of doc.runs)
    if (r.error) process.stderr.write(`${file}:${r.error.line}:1: error: ${r.error.message}\n`);
  await writeReports(doc, { report: opts.report, csv: opts.csv, json: opts.json });
  if (doc.runs.some((r) => r.status === 'policy-error')) return 3;
  if (opts.failOnViolation && doc.runs.some((r) => r.metrics.violations > 0)) return 1;
  return 0;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a scenario under policies (all built-ins by default) and compare them')
    .argument('<file>', '.vmx scenario')
    .option('--policy <id>', 'policy to run (repeatable; default: every built-in)', collect, [])
    .option('--plugins <dir>', 'folder of user policy plugins')
    .option('--set <key=value>', 'override a header value (repeatable)', collectSet, {})
    .option('--json <out.json>', 'write the result JSON')
    .option('--csv <out.csv>', 'write the timeline bins as CSV')
    .option('--report <out.html|out.md>', 'write an HTML or Markdown report')
    .option('--fail-on-violation', 'exit 1 when any policy has a violation')
    .option('--quiet', 'no progress and no table')
    .action(async (file: string, opts: RunOptions) => {
      const code = await runCommand(file, opts);
      if (code !== 0) throw new CommanderError(code, 'vmxlab.run', '');
    });
}
