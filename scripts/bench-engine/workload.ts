// One named engine workload under kvm-current, timed in CPU time; run by scripts/bench-engine.ts from an
// esbuild bundle in a fresh `node` process (no tsx, no other work in the process).
import { createSimulation } from '../../core/run/runner';
import { mixedWorkload, missPathWorkload, tlbHitPathWorkload } from '../../core/run/bench-workloads';
import { builtInPolicies } from '../../cli/composition';

const which = process.argv[2] ?? 'mixed';
const n = Number(process.argv[3] ?? 10_000_000);
const program =
  which === 'mixed' ? mixedWorkload(n) : which === 'hit' ? tlbHitPathWorkload(n) : missPathWorkload(n);
const kvmCurrent = builtInPolicies.find((p) => p.folder === 'kvm-current')!.module;
const sim = createSimulation(program, {
  info: { id: 'kvm-current', version: '1', sha256: '', origin: 'built-in' },
  decide: kvmCurrent.decide,
});
const c0 = process.cpuUsage();
while (!sim.step(1 << 22));
const cpu = process.cpuUsage(c0);
const m = sim.result().metrics;
const count = which === 'mixed' ? m.events : m.accesses;
console.log(JSON.stringify({ which, perSec: Math.round((count / (cpu.user + cpu.system)) * 1e6) }));
