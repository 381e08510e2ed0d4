// The three example policies of docs/policies.md, loaded from examples/policies/ exactly as
// `--plugins examples/policies` loads them, deciding in the sandbox (expectations worked by hand).
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlugins, type SandboxedPolicy, type Transition } from '../../core/index';
import { readPluginFolder } from '../../cli/plugins-fs';
import { testSandbox, transition } from './helpers';

const EXAMPLES = fileURLToPath(new URL('../../examples/policies', import.meta.url));
const policies = new Map<string, SandboxedPolicy>();

beforeAll(async () => {
  const scan = readPluginFolder(EXAMPLES, 'user');
  expect(scan.problems).toEqual([]);
  const { plugins, problems } = loadPlugins(scan.sources);
  expect(problems).toEqual([]);
  const sandbox = await testSandbox();
  for (const p of plugins) {
    const r = sandbox.bind(p);
    if (!r.ok) throw new Error(`${r.problem.file}: ${r.problem.message}`);
    policies.set(p.manifest.id, r.policy);
  }
});

const shadow = (over: Partial<Transition>): Transition =>
  transition({ host: { ept: false, vpid: true }, vmcs12: { ept: false, vpid: false, vpid12: 0 }, ...over });
const show = (p: string, t: Transition): string => {
  const d = policies.get(p)!.decide(t);
  return `${d.sync}/${d.flush}`;
};

describe('example policies', () => {
  it('load from examples/policies with their manifests and user provenance', () => {
    expect([...policies.keys()].sort()).toEqual(['adaptive-sync', 'lazy-flush', 'unsync-aware']);
    const info = policies.get('lazy-flush')!.info;
    expect(info).toMatchObject({ id: 'lazy-flush', version: '1.0.0', origin: 'user' });
    expect(info.path).toMatch(/examples\/policies\/lazy-flush$/);
  });

  it('unsync-aware syncs only the roots that have unsync pages', () => {
    expect(show('unsync-aware', shadow({}))).toBe('none/current');
    expect(show('unsync-aware', shadow({ target: { cachedRoot: true, unsyncPages: 2 } }))).toBe(
      'target/current',
    );
    expect(show('unsync-aware', shadow({ prevRoots: { count: 2, unsyncPages: 1 } }))).toBe(
      'all-roots/current',
    );
    expect(show('unsync-aware', shadow({ host: { ept: true, vpid: true } }))).toBe('none/current');
    const vpidOn = { ept: false, vpid: true, vpid12: 3 };
    expect(show('unsync-aware', shadow({ vmcs12: vpidOn, vpid02: null }))).toBe('none/current');
    expect(show('unsync-aware', shadow({ vmcs12: vpidOn, vpid02: 1 }))).toBe('none/none');
    expect(
      show(
        'unsync-aware',
        shadow({ vmcs12: vpidOn, vpid12Changed: true, prevRoots: { count: 1, unsyncPages: 3 } }),
      ),
    ).toBe('all-roots/current');
  });

  it('lazy-flush (plain JavaScript) drops flushes the CPU does anyway', () => {
    expect(show('lazy-flush', shadow({ host: { ept: false, vpid: false } }))).toBe('all-roots/none');
    expect(show('lazy-flush', shadow({}))).toBe('all-roots/current');
    expect(show('lazy-flush', shadow({ host: { ept: true, vpid: true } }))).toBe('none/current');
    const vpidOn = { ept: false, vpid: true, vpid12: 3 };
    expect(show('lazy-flush', shadow({ vmcs12: vpidOn, vpid02: null }))).toBe('none/current');
    expect(
      show('lazy-flush', shadow({ vmcs12: vpidOn, vpid02: null, host: { ept: false, vpid: false } })),
    ).toBe('none/none');
    expect(show('lazy-flush', shadow({ vmcs12: vpidOn, vpid02: 1 }))).toBe('none/none');
  });

  it('adaptive-sync escalates to all roots under pressure and decays back', () => {
    const prev = (unsyncPages: number): Transition['prevRoots'] => ({ count: 2, unsyncPages });
    expect(show('adaptive-sync', shadow({ index: 0, prevRoots: prev(0) }))).toBe('target/current');
    expect(show('adaptive-sync', shadow({ index: 1, prevRoots: prev(2) }))).toBe('all-roots/current');
    expect(show('adaptive-sync', shadow({ index: 2, prevRoots: prev(0) }))).toBe('all-roots/current');
    // One window later the pressure has halved to 0.5, under the threshold of 1.
    expect(show('adaptive-sync', shadow({ index: 1000, prevRoots: prev(0) }))).toBe('target/current');
    expect(show('adaptive-sync', shadow({ index: 1001, prevRoots: prev(1) }))).toBe('all-roots/current');
    // 1.5 halved twice (at 2000 and 3000) is 0.375.
    expect(show('adaptive-sync', shadow({ index: 3500, prevRoots: prev(0) }))).toBe('target/current');
  });
});
