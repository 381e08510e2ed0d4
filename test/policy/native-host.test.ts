// The native host for built-ins: the same Decision validation and error messages as the sandbox, and
// the module's id must be its manifest's.
import { describe, expect, it } from 'vitest';
import {
  bindNativePolicy,
  definePolicy,
  loadPlugins,
  PolicyError,
  type LoadedPlugin,
} from '../../core/index';
import { transition } from './helpers';

function plugin(id: string): LoadedPlugin {
  const manifestText = JSON.stringify({
    id,
    name: id,
    version: '2.0.0',
    kind: 'policy',
    entry: 'index.ts',
    description: '',
  });
  return loadPlugins([
    { folder: `plugins/${id}`, origin: 'built-in', manifestText, entryText: '// built-in' },
  ]).plugins[0]!;
}

describe('native policy host', () => {
  it('passes valid decisions through as the canonical frozen objects', () => {
    const r = bindNativePolicy(
      plugin('n'),
      definePolicy({ id: 'n', name: 'n', description: '', decide: () => ({ sync: 'target', flush: 'all' }) }),
    );
    if (!r.ok) throw new Error(r.problem.message);
    const d = r.policy.decide(transition());
    expect(d).toEqual({ sync: 'target', flush: 'all' });
    expect(Object.isFrozen(d)).toBe(true);
    expect(r.policy.info).toMatchObject({ id: 'n', version: '2.0.0', origin: 'built-in' });
  });

  it('turns a throw or a wrong shape into a PolicyError naming the policy and the event', () => {
    let calls = 0;
    const r = bindNativePolicy(
      plugin('b'),
      definePolicy({
        id: 'b',
        name: 'b',
        description: '',
        decide: () => {
          calls++;
          if (calls === 1) throw new Error('kaboom');
          return { sync: 'none', flush: 'none', note: 1 } as never;
        },
      }),
    );
    if (!r.ok) throw new Error(r.problem.message);
    expect(() => r.policy.decide(transition({ index: 5 }))).toThrow(
      new PolicyError("policy 'b' threw (event 5): Error: kaboom", 'b', 5),
    );
    expect(() => r.policy.decide(transition({ index: 6 }))).toThrow(
      /policy 'b' returned .*only the fields sync and flush \(event 6\)/,
    );
  });

  it("refuses a module whose id is not the manifest's", () => {
    const r = bindNativePolicy(
      plugin('a'),
      definePolicy({ id: 'z', name: 'z', description: '', decide: () => ({ sync: 'none', flush: 'none' }) }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatchObject({ file: 'plugins/a/index.ts', field: 'entry' });
  });
});
