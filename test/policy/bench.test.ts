// The sandbox benchmark's workload is honest: both user re-implementations of kvm-2020 it measures
// decide exactly like the built-in on its Transition stream (no speed is asserted here).
import { describe, expect, it } from 'vitest';
import {
  benchPlugin,
  benchTransitions,
  bindNativePolicy,
  loadPlugins,
  measureSandboxedPolicy,
} from '../../core/index';
import { builtInPolicies } from '../../cli/composition';
import { BUILT_IN_PLUGINS_DIR, readPluginFolder } from '../../cli/plugins-fs';
import { testSandbox } from './helpers';

describe('sandboxed policy benchmark', () => {
  it('measures policies that agree with the built-in kvm-2020 on every benchmark transition', async () => {
    const scan = readPluginFolder(BUILT_IN_PLUGINS_DIR, 'built-in');
    const plugin = loadPlugins(scan.sources).plugins.find((p) => p.manifest.id === 'kvm-2020')!;
    const native = bindNativePolicy(plugin, builtInPolicies.find((b) => b.module.id === 'kvm-2020')!.module);
    if (!native.ok) throw new Error(native.problem.message);
    const sandbox = await testSandbox();
    const stream = benchTransitions(8192);
    // The stream covers every combination of host.ept/vpid, vmcs12.vpid and vpid02, in blocks.
    const configs = new Set(stream.map((t) => `${t.host.ept}${t.host.vpid}${t.vmcs12.vpid}${t.vpid02}`));
    expect(configs.size).toBe(16);
    for (const style of ['literals', 'constants'] as const) {
      const r = sandbox.bind(benchPlugin(style));
      if (!r.ok) throw new Error(r.problem.message);
      for (const t of stream) expect(r.policy.decide(t)).toEqual(native.policy.decide(t));
      r.policy.dispose();
    }
  });

  it('reports the best of its repetitions', async () => {
    const r = measureSandboxedPolicy(await testSandbox(), { decisions: 2000, repetitions: 3 });
    expect(r.runs).toHaveLength(3);
    expect(r.decisionsPerSec).toBe(Math.max(...r.runs));
    expect(r.decisions).toBe(2000);
  });
});
