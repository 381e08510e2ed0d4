// The built-in policies against kvm-semantics.md, row by row: every combination of the inputs the
// rules read (kind with vpid12Changed, host.ept, host.vpid, vmcs12.vpid, vpid02 null or not). The
// expectations are written out by hand from the kernel logic quoted there, not computed by a rule.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bindNativePolicy,
  loadPlugins,
  type Decision,
  type PolicyBinding,
  type Transition,
} from '../../core/index';
import { builtInPolicies } from '../../cli/composition';
import { BUILT_IN_PLUGINS_DIR, readPluginFolder } from '../../cli/plugins-fs';
import { testSandbox, userPlugin } from './helpers';

type Kind = 'enter' | 'enter-new-vpid12' | 'exit';
/** kind, host.ept, host.vpid, vmcs12.vpid, vpid02 (0 = null), kvm-2020 sync/flush, kvm-current sync/flush */
type Row = [Kind, 0 | 1, 0 | 1, 0 | 1, 0 | 1, string, string];

// prettier-ignore
export const TRUTH_TABLE: Row[] = [
  // VM-Enter, vpid12 unchanged
  ['enter', 0, 0, 0, 0, 'target/none',  'all-roots/current'],
  ['enter', 0, 0, 0, 1, 'target/none',  'all-roots/current'],
  ['enter', 0, 0, 1, 0, 'none/none',    'none/current'],
  ['enter', 0, 0, 1, 1, 'none/none',    'none/none'],
  ['enter', 0, 1, 0, 0, 'target/all',   'all-roots/current'],
  ['enter', 0, 1, 0, 1, 'target/all',   'all-roots/current'],
  ['enter', 0, 1, 1, 0, 'none/current', 'none/current'],
  ['enter', 0, 1, 1, 1, 'none/none',    'none/none'],
  ['enter', 1, 0, 0, 0, 'none/none',    'none/current'],
  ['enter', 1, 0, 0, 1, 'none/none',    'none/current'],
  ['enter', 1, 0, 1, 0, 'none/none',    'none/none'],
  ['enter', 1, 0, 1, 1, 'none/none',    'none/none'],
  ['enter', 1, 1, 0, 0, 'none/all',     'none/current'],
  ['enter', 1, 1, 0, 1, 'none/all',     'none/current'],
  ['enter', 1, 1, 1, 0, 'none/none',    'none/none'],
  ['enter', 1, 1, 1, 1, 'none/none',    'none/none'],
  // VM-Enter with a vpid12 different from the previous VM-Enter's
  ['enter-new-vpid12', 0, 0, 0, 0, 'target/none',  'all-roots/current'],
  ['enter-new-vpid12', 0, 0, 0, 1, 'target/none',  'all-roots/current'],
  ['enter-new-vpid12', 0, 0, 1, 0, 'none/none',    'all-roots/current'],
  ['enter-new-vpid12', 0, 0, 1, 1, 'none/none',    'all-roots/current'],
  ['enter-new-vpid12', 0, 1, 0, 0, 'target/all',   'all-roots/current'],
  ['enter-new-vpid12', 0, 1, 0, 1, 'target/all',   'all-roots/current'],
  ['enter-new-vpid12', 0, 1, 1, 0, 'none/current', 'all-roots/current'],
  ['enter-new-vpid12', 0, 1, 1, 1, 'none/current', 'all-roots/current'],
  ['enter-new-vpid12', 1, 0, 0, 0, 'none/none',    'none/current'],
  ['enter-new-vpid12', 1, 0, 0, 1, 'none/none',    'none/current'],
  ['enter-new-vpid12', 1, 0, 1, 0, 'none/none',    'none/current'],
  ['enter-new-vpid12', 1, 0, 1, 1, 'none/none',    'none/current'],
  ['enter-new-vpid12', 1, 1, 0, 0, 'none/all',     'none/current'],
  ['enter-new-vpid12', 1, 1, 0, 1, 'none/all',     'none/current'],
  ['enter-new-vpid12', 1, 1, 1, 0, 'none/current', 'none/current'],
  ['enter-new-vpid12', 1, 1, 1, 1, 'none/current', 'none/current'],
  // VM-Exit (vpid12Changed is always false)
  ['exit', 0, 0, 0, 0, 'target/none',  'all-roots/current'],
  ['exit', 0, 0, 0, 1, 'target/none',  'all-roots/current'],
  ['exit', 0, 0, 1, 0, 'none/none',    'none/current'],
  ['exit', 0, 0, 1, 1, 'none/none',    'none/none'],
  ['exit', 0, 1, 0, 0, 'target/all',   'all-roots/current'],
  ['exit', 0, 1, 0, 1, 'target/all',   'all-roots/current'],
  ['exit', 0, 1, 1, 0, 'none/current', 'none/current'],
  ['exit', 0, 1, 1, 1, 'none/none',    'none/none'],
  ['exit', 1, 0, 0, 0, 'none/none',    'none/current'],
  ['exit', 1, 0, 0, 1, 'none/none',    'none/current'],
  ['exit', 1, 0, 1, 0, 'none/none',    'none/none'],
  ['exit', 1, 0, 1, 1, 'none/none',    'none/none'],
  ['exit', 1, 1, 0, 0, 'none/all',     'none/current'],
  ['exit', 1, 1, 0, 1, 'none/all',     'none/current'],
  ['exit', 1, 1, 1, 0, 'none/none',    'none/none'],
  ['exit', 1, 1, 1, 1, 'none/none',    'none/none'],
];

/**
 * The row's Transitions: with host EPT both values of vmcs12.ept, and a few target/prevRoots values,
 * which no built-in rule reads, so the decision must not depend on them.
 */
export function rowTransitions(row: Row): Transition[] {
  const [kind, hostEpt, hostVpid, vmcs12Vpid, vpid02] = row;
  const out: Transition[] = [];
  for (const vmcs12Ept of hostEpt ? [false, true] : [false]) {
    for (const [cachedRoot, unsync, count, prevUnsync] of [
      [true, 0, 0, 0],
      [false, 3, 2, 5],
    ] as const) {
      out.push({
        kind: kind === 'exit' ? 'vmexit' : 'vmenter',
        host: { ept: hostEpt === 1, vpid: hostVpid === 1 },
        vmcs12: { ept: vmcs12Ept, vpid: vmcs12Vpid === 1, vpid12: vmcs12Vpid ? 7 : 0 },
        vpid02: vpid02 ? 1 : null,
        vpid12Changed: kind === 'enter-new-vpid12',
        target: { cachedRoot, unsyncPages: unsync },
        prevRoots: { count, unsyncPages: prevUnsync },
        index: out.length,
      });
    }
  }
  return out;
}

const show = (d: Decision): string => `${d.sync}/${d.flush}`;
const label = (r: Row): string =>
  `${r[0]}, host.ept=${r[1]}, host.vpid=${r[2]}, vmcs12.vpid=${r[3]}, vpid02=${r[4] ? 1 : 'null'}`;

function builtIns(): Map<string, PolicyBinding> {
  const scan = readPluginFolder(BUILT_IN_PLUGINS_DIR, 'built-in');
  const { plugins, problems } = loadPlugins(scan.sources);
  expect(problems).toEqual([]);
  const modules = new Map(builtInPolicies.map((b) => [b.module.id, b.module]));
  const out = new Map<string, PolicyBinding>();
  for (const p of plugins) {
    const r = bindNativePolicy(p, modules.get(p.manifest.id)!);
    if (!r.ok) throw new Error(r.problem.message);
    out.set(p.manifest.id, r.policy);
  }
  return out;
}

describe('built-in policies, full truth table of kvm-semantics.md', () => {
  const policies = builtIns();

  it('covers each of the 48 input combinations exactly once', () => {
    const keys = new Set(TRUTH_TABLE.map((r) => r.slice(0, 5).join()));
    expect(keys.size).toBe(48);
  });

  for (const row of TRUTH_TABLE) {
    it(`decides as the kernel does for ${label(row)}`, () => {
      for (const t of rowTransitions(row)) {
        expect(show(policies.get('kvm-2020')!.decide(t))).toBe(row[5]);
        expect(show(policies.get('kvm-current')!.decide(t))).toBe(row[6]);
        expect(show(policies.get('always-sync')!.decide(t))).toBe('all-roots/current');
        expect(show(policies.get('never-sync')!.decide(t))).toBe('none/none');
      }
    });
  }

  it("records each built-in's version and the SHA-256 of its committed entry file", () => {
    const kvm2020 = policies.get('kvm-2020')!.info;
    expect(kvm2020).toMatchObject({ id: 'kvm-2020', version: '1.0.0', origin: 'built-in' });
    expect(kvm2020.path).toBeUndefined();
    expect(kvm2020.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('a user re-implementation of kvm-2020 in the sandbox', () => {
  const source = readFileSync(new URL('./fixtures/user-kvm-2020.ts', import.meta.url), 'utf8');

  it('imports definePolicy from vmxlab in TypeScript and matches the built-in on every row', async () => {
    const sandbox = await testSandbox();
    const bound = sandbox.bind(userPlugin('user-kvm-2020', source));
    if (!bound.ok) throw new Error(bound.problem.message);
    const builtIn = builtIns().get('kvm-2020')!;
    let index = 0;
    for (const row of TRUTH_TABLE) {
      for (const t of rowTransitions(row)) {
        const tt = { ...t, index: index++ };
        expect(show(bound.policy.decide(tt)), label(row)).toBe(row[5]);
        expect(bound.policy.decide(tt)).toEqual(builtIn.decide(tt));
      }
    }
    bound.policy.dispose();
  });
});
