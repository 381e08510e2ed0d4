// The `sandboxedPolicy.decisionsPerSec` workload of results-cli.md "bench": a user re-implementation
// of kvm-2020 run in the QuickJS sandbox, a full Transition in and a validated Decision out per call.
// Shared by scripts/bench-policy.ts and `vmxlab bench`; the host supplies the sandbox and the clock.
import type { Transition } from './api';
import type { LoadedPlugin } from './loader';
import type { PolicySandbox } from './quickjs-host';
import { sha256Hex } from '../util/sha256';

/** kvm-2020 as a user would write it, in TypeScript against 'vmxlab' (same rule as plugins/kvm-2020). */
export const KVM_2020_USER_SOURCE = `import { definePolicy, hasGuestTlbTag, type Decision, type Transition } from 'vmxlab';

function flush(t: Transition): Decision['flush'] {
  if (!t.host.vpid) return 'none';
  if (!t.vmcs12.vpid) return 'all';
  if (!hasGuestTlbTag(t)) return 'current';
  if (t.kind === 'vmenter' && t.vpid12Changed) return 'current';
  return 'none';
}

export default definePolicy({
  id: 'user-kvm-2020',
  name: 'kvm-2020, user re-implementation',
  description: 'Sync the target root iff L0 shadows and vmcs12 has no VPID; Linux 5.8 flush rule.',
  decide(t: Transition): Decision {
    return { sync: !t.host.ept && !t.vmcs12.vpid ? 'target' : 'none', flush: flush(t) };
  },
});
`;

/**
 * The same rule returning frozen constants, as docs/policies.md recommends: the sandbox checks a frozen
 * Decision once, and the policy allocates nothing per call.
 */
export const KVM_2020_USER_SOURCE_CONSTANTS = `import { definePolicy, hasGuestTlbTag, type Decision, type Transition } from 'vmxlab';

const D = (sync: Decision['sync'], flush: Decision['flush']): Decision => Object.freeze({ sync, flush });
const TARGET = { none: D('target', 'none'), current: D('target', 'current'), all: D('target', 'all') };
const NONE = { none: D('none', 'none'), current: D('none', 'current'), all: D('none', 'all') };

function flush(t: Transition): Decision['flush'] {
  if (!t.host.vpid) return 'none';
  if (!t.vmcs12.vpid) return 'all';
  if (!hasGuestTlbTag(t)) return 'current';
  if (t.kind === 'vmenter' && t.vpid12Changed) return 'current';
  return 'none';
}

export default definePolicy({
  id: 'user-kvm-2020',
  name: 'kvm-2020, user re-implementation (frozen constants)',
  description: 'Sync the target root iff L0 shadows and vmcs12 has no VPID; Linux 5.8 flush rule.',
  decide(t: Transition): Decision {
    return (!t.host.ept && !t.vmcs12.vpid ? TARGET : NONE)[flush(t)];
  },
});
`;

export type BenchPolicyStyle = 'literals' | 'constants';

export function benchPlugin(style: BenchPolicyStyle = 'literals'): LoadedPlugin {
  const source = style === 'constants' ? KVM_2020_USER_SOURCE_CONSTANTS : KVM_2020_USER_SOURCE;
  const sha256 = sha256Hex(source);
  return {
    folder: 'bench/user-kvm-2020',
    origin: 'user',
    manifest: {
      id: 'user-kvm-2020',
      name: 'kvm-2020, user re-implementation',
      version: '1.0.0',
      kind: 'policy',
      entry: 'index.ts',
      description: 'benchmark policy',
    },
    source,
    sha256,
    provenance: {
      id: 'user-kvm-2020',
      version: '1.0.0',
      sha256,
      origin: 'user',
      path: 'bench/user-kvm-2020',
    },
  };
}

/**
 * A deterministic stream of legal Transitions (xorshift32) shaped like a run: the configuration (host,
 * vmcs12, vpid02) holds for blocks of 256 transitions and cycles through every legal one, vpid12 changes
 * now and then, kind alternates, and the unsync counts change on most calls, so the sandbox rebuilds the
 * target/prevRoots objects about as often as in the engine's mixed workload.
 */
export function benchTransitions(count: number, seed = 0x9e3779b9): Transition[] {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const out: Transition[] = [];
  let vpid12 = 1;
  for (let i = 0; i < count; i++) {
    const c = (i >>> 8) & 31; // configuration of this block
    const r = next();
    const hostEpt = (c & 1) !== 0;
    const kind = i % 2 === 0 ? 'vmenter' : 'vmexit';
    const vpid12Changed = kind === 'vmenter' && (r & 63) === 0;
    if (vpid12Changed) vpid12 = 1 + (vpid12 % 4);
    out.push({
      kind,
      host: { ept: hostEpt, vpid: (c & 2) !== 0 },
      vmcs12: { ept: hostEpt && (c & 4) !== 0, vpid: (c & 8) !== 0, vpid12 },
      vpid02: (c & 16) !== 0 ? 1 : null,
      vpid12Changed,
      target: { cachedRoot: (r & 64) !== 0, unsyncPages: (r >>> 8) & 3 },
      prevRoots: { count: (r >>> 10) & 3, unsyncPages: (r >>> 12) & 7 },
      index: i,
    });
  }
  return out;
}

export interface SandboxBenchResult {
  decisionsPerSec: number;
  /** Every repetition's rate, best first reported above. */
  runs: number[];
  decisions: number;
}

/**
 * Best of `repetitions` runs of `decisions` calls each (defaults: 3 x 1,000,000). The spec's figure is
 * the default style, `literals` (a new Decision object per call, like plugins/kvm-2020).
 */
export function measureSandboxedPolicy(
  sandbox: PolicySandbox,
  options: { decisions?: number; repetitions?: number; now?: () => number; style?: BenchPolicyStyle } = {},
): SandboxBenchResult {
  const decisions = options.decisions ?? 1_000_000;
  const repetitions = options.repetitions ?? 3;
  const now = options.now ?? Date.now;
  const bound = sandbox.bind(benchPlugin(options.style));
  if (!bound.ok) throw new Error(`benchmark policy failed to load: ${bound.problem.message}`);
  const policy = bound.policy;
  try {
    const stream = benchTransitions(8192);
    const mask = stream.length - 1;
    const runs: number[] = [];
    let sink = 0;
    for (let rep = 0; rep < repetitions; rep++) {
      const t0 = now();
      for (let i = 0; i < decisions; i++) {
        const t = stream[i & mask]!;
        t.index = i;
        const d = policy.decide(t);
        sink += d.sync.length;
      }
      const ms = Math.max(now() - t0, 1e-3);
      runs.push((decisions / ms) * 1000);
    }
    if (sink < 0) throw new Error('unreachable');
    return { decisionsPerSec: Math.round(Math.max(...runs)), runs: runs.map(Math.round), decisions };
  } finally {
    policy.dispose();
  }
}
