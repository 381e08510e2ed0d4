// `vmxlab rerun RESULT.json [--plugins DIR] [--force] [--json OUT]`: re-runs a result from what it
// recorded (results-cli.md "Result JSON": scenario source and hash, resolved configuration, policies by
// id/path and source hash) and says whether the metrics match: exit 0 match, 1 mismatch, 2 bad input
// or a refused re-run (a hash differs and --force was not given).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  ENGINE_VERSION,
  METRIC_NAMES,
  metricValue,
  parseResultDoc,
  runScenario,
  SETTABLE_KEYS,
  sha256Hex,
  type PolicyRun,
  type Program,
  type ResultDoc,
  type ScenarioConfig,
  type SettableKey,
} from '../../core/index';
import { compileScenario } from '../../core/dsl/compile';
import { writeReports } from '../report-output';
import { pluginCatalog, PolicyRequestError, resolvePolicies } from '../sweep-worker-policies';
import { exitWith } from './sweep';

export interface RerunOptions {
  plugins?: string;
  force?: boolean;
  json?: string;
}

export class RerunInputError extends Error {}

/** A header value as `--set` spells it. */
function settableText(c: ScenarioConfig, key: SettableKey): string {
  let v: unknown = c;
  for (const part of key.split('.')) v = (v as Record<string, unknown>)[part];
  return typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v);
}

/** JSON with object keys sorted, so equality does not depend on the order a producer built keys in. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/**
 * Recompiles the recorded source to the recorded configuration. The result keeps the resolved header,
 * not the `--set` flags that made it, so the overrides are rebuilt as the settable keys whose value
 * differs from the file's own header; anything else differing means the source is not the one run.
 */
export function recompile(doc: ResultDoc): { program: Program; overrides: Record<string, string> } {
  const { source, config } = doc.scenario;
  const plain = compileScenario(source);
  const overrides: Record<string, string> = {};
  const base = plain.program?.config;
  for (const key of Object.keys(SETTABLE_KEYS) as SettableKey[]) {
    const want = settableText(config, key);
    if (!base || settableText(base, key) !== want) overrides[key] = want;
  }
  const compiled = Object.keys(overrides).length ? compileScenario(source, { overrides }) : plain;
  const error = compiled.diagnostics.find((d) => d.severity === 'error');
  if (!compiled.program) {
    throw new RerunInputError(
      `the recorded scenario does not compile${error ? `: ${doc.scenario.file}:${error.line}:${error.column}: ${error.message}` : ''}`,
    );
  }
  if (!sameJson(compiled.program.config, config)) {
    throw new RerunInputError('the recorded configuration cannot be reproduced from the recorded source');
  }
  return { program: compiled.program, overrides };
}

export interface RunComparison {
  policy: string;
  match: boolean;
  /** `metric: recorded → now` for each difference (status and error included). */
  differences: string[];
}

export function compareRuns(recorded: readonly PolicyRun[], now: readonly PolicyRun[]): RunComparison[] {
  return recorded.map((r, i) => {
    const n = now[i];
    const differences: string[] = [];
    if (!n) return { policy: r.policy.id, match: false, differences: ['no run'] };
    if (r.status !== n.status) differences.push(`status: ${r.status} → ${n.status}`);
    if (!sameJson(r.error, n.error))
      differences.push(`error: ${JSON.stringify(r.error)} → ${JSON.stringify(n.error)}`);
    for (const m of METRIC_NAMES) {
      const a = metricValue(r.metrics, m);
      const b = metricValue(n.metrics, m);
      if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) differences.push(`${m}: ${a} → ${b}`);
    }
    return { policy: r.policy.id, match: differences.length === 0, differences };
  });
}

export interface RerunOutcome {
  doc: ResultDoc;
  comparisons: RunComparison[];
  /** Hash and version notes printed before the verdict. */
  notes: string[];
  exitCode: 0 | 1;
}

export async function rerun(resultFile: string, opts: RerunOptions): Promise<RerunOutcome> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resultFile, 'utf8'));
  } catch (err) {
    throw new RerunInputError(`cannot read ${resultFile}: ${(err as Error).message}`);
  }
  const parsed = parseResultDoc(raw);
  if (!parsed.ok)
    throw new RerunInputError(
      `${resultFile} is not a vmxlab.result/1 document:\n  ${parsed.errors.join('\n  ')}`,
    );
  const doc = parsed.value;
  const notes: string[] = [];
  const refusals: string[] = [];
  if (doc.engine.version !== ENGINE_VERSION) {
    notes.push(
      `recorded with engine ${doc.engine.version}, re-running with ${ENGINE_VERSION}: counts may differ by design`,
    );
  }
  if (sha256Hex(doc.scenario.source) !== doc.scenario.sha256) {
    refusals.push('the recorded scenario source does not match its recorded SHA-256');
  }
  const { program, overrides } = recompile(doc);
  if (Object.keys(overrides).length) {
    notes.push(
      `header overrides rebuilt from the recorded configuration: ${Object.entries(overrides)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  }

  // User policies are looked up in their recorded folders (and --plugins, for a moved folder).
  const userDirs = [
    ...(opts.plugins ? [opts.plugins] : []),
    ...doc.runs.flatMap((r) => (r.policy.origin === 'user' && r.policy.path ? [r.policy.path] : [])),
  ];
  const catalog = pluginCatalog([...new Set(userDirs)]);
  for (const r of doc.runs) {
    const found = catalog.plugins.find((p) => p.manifest.id === r.policy.id);
    if (!found) continue; // resolvePolicies reports it as unknown
    if (found.origin !== r.policy.origin) {
      refusals.push(
        `policy '${r.policy.id}' was ${r.policy.origin}, now found as ${found.origin} (${found.folder})`,
      );
    } else if (found.sha256 !== r.policy.sha256) {
      refusals.push(
        `policy '${r.policy.id}' source differs: recorded SHA-256 ${r.policy.sha256}, now ${found.sha256} (${found.folder})`,
      );
    } else if (found.manifest.version !== r.policy.version) {
      notes.push(
        `policy '${r.policy.id}' version ${r.policy.version} → ${found.manifest.version} with the same source`,
      );
    }
  }
  if (refusals.length && !opts.force) {
    throw new RerunInputError(`${refusals.join('\n')}\nrefusing to re-run (use --force to re-run anyway)`);
  }
  notes.push(...refusals.map((r) => `${r} (--force)`));

  const policies = await resolvePolicies(
    { ids: doc.runs.map((r) => r.policy.id), pluginsDir: null },
    catalog,
  );
  let now: ResultDoc;
  try {
    now = runScenario({
      source: doc.scenario.source,
      file: doc.scenario.file,
      program,
      policies: policies.bindings,
    });
  } finally {
    policies.dispose();
  }
  const comparisons = compareRuns(doc.runs, now.runs);
  return { doc: now, comparisons, notes, exitCode: comparisons.every((c) => c.match) ? 0 : 1 };
}

export function registerRerunCommand(program: Command): void {
  program
    .command('rerun')
    .description(
      're-run a result from its recorded scenario, configuration and policies; exit 0 if the metrics match, 1 if not',
    )
    .argument('<result>', 'a result JSON written by `vmxlab run --json`')
    .option('--plugins <dir>', 'also look for user policies here (a moved plugin folder)')
    .option('--force', 're-run even when a recorded hash differs')
    .option('--json <out>', 'write the new result document')
    .action(async (file: string, opts: RerunOptions) => {
      let outcome: RerunOutcome;
      try {
        outcome = await rerun(file, opts);
      } catch (err) {
        if (err instanceof RerunInputError || err instanceof PolicyRequestError) {
          process.stderr.write(`vmxlab rerun: ${err.message}\n`);
          exitWith(2);
        }
        throw err;
      }
      for (const n of outcome.notes) process.stderr.write(`vmxlab rerun: ${n}\n`);
      if (opts.json) await writeReports(outcome.doc, { json: opts.json });
      for (const c of outcome.comparisons) {
        process.stdout.write(`${c.policy}: ${c.match ? 'metrics match' : 'MISMATCH'}\n`);
        for (const d of c.differences) process.stdout.write(`  ${d}\n`);
      }
      process.stdout.write(outcome.exitCode === 0 ? 'all metrics match\n' : 'metrics differ\n');
      if (outcome.exitCode !== 0) exitWith(outcome.exitCode);
    });
}
