// `npx tsx scripts/bench-policy.ts [--decisions N] [--json]`: sandboxedPolicy.decisionsPerSec of
// results-cli.md "bench" — a user re-implementation of kvm-2020 in the QuickJS sandbox, full
// Transition in, validated Decision out, best of 3 runs of >= 1M decisions.
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
const r = measureSandboxedPolicy(sandbox, { decisions, repetitions: 3, now: () => performance.now() });
if (args.includes('--json')) {
  process.stdout.write(
    `${JSON.stringify({ 'sandboxedPolicy.decisionsPerSec': r.decisionsPerSec, runs: r.runs, decisions })}\n`,
  );
} else {
  process.stdout.write(
    `sandboxedPolicy.decisionsPerSec ${r.decisionsPerSec}  (runs: ${r.runs.join(', ')}; ${decisions} decisions each)\n`,
  );
}
