// `npx tsx scripts/bench-policy.ts [--decisions N] [--json] [--cpu]`: sandboxedPolicy.decisionsPerSec of
// results-cli.md "bench" — a user re-implementation of kvm-2020 in the QuickJS sandbox, full
// Transition in, validated Decision out, best of 3 runs of >= 1M decisions. `--cpu` divides by the
// process's CPU time instead of wall time: steadier on a shared machine, not the spec's figure.
import { measureSandboxedPolicy } from '../core/index';
import { nodePolicySandbox } from '../cli/plugins-fs';

const args = process.argv.slice(2);
const at = args.indexOf('--decisions');
const decisions = at >= 0 ? Number(args[at + 1]) : 1_000_000;
if (!Number.isInteger(decisions) || decisions < 1) {
  process.stderr.write('bench-policy: --decisions expects a positive integer\n');
  process.exit(2);
}
const sandbox = await nodePolicySandbox();
const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const now = args.includes('--cpu') ? cpuMs : () => performance.now();
const r = measureSandboxedPolicy(sandbox, { decisions, repetitions: 3, now });
// Not the spec's figure: the same rule written with frozen constants (docs/policies.md's advice).
const c = measureSandboxedPolicy(sandbox, { decisions, repetitions: 3, now, style: 'constants' });
if (args.includes('--json')) {
  const out = {
    'sandboxedPolicy.decisionsPerSec': r.decisionsPerSec,
    runs: r.runs,
    decisions,
    constantsStyle: { decisionsPerSec: c.decisionsPerSec, runs: c.runs },
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
} else {
  process.stdout.write(
    `sandboxedPolicy.decisionsPerSec ${r.decisionsPerSec}  (runs: ${r.runs.join(', ')}; ${decisions} decisions each)\n` +
      `  same rule, frozen constants: ${c.decisionsPerSec}  (runs: ${c.runs.join(', ')})\n`,
  );
}
