// The QuickJS sandbox host: Transitions arrive intact, hostile policies are contained with an error that
// names the policy and the event index, nothing of the host is reachable, and after every failure the
// failing policy, the other policies and the host keep working.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PolicyError, type PolicySandbox, type SandboxedPolicy, type Transition } from '../../core/index';
import { jsPolicy, testSandbox, transition, userPlugin } from './helpers';

let sandbox: PolicySandbox;
let healthy: SandboxedPolicy;

beforeAll(async () => {
  sandbox = await testSandbox();
  const r = sandbox.bind(
    jsPolicy('healthy', "return { sync: t.host.ept ? 'none' : 'target', flush: 'current' };"),
  );
  if (!r.ok) throw new Error(r.problem.message);
  healthy = r.policy;
});

function bind(id: string, body: string, prelude = '', limits = {}): SandboxedPolicy {
  const r = sandbox.bind(jsPolicy(id, body, prelude), limits);
  if (!r.ok) throw new Error(`${id}: ${r.problem.message}`);
  return r.policy;
}

function failure(policy: SandboxedPolicy, t: Transition): PolicyError {
  try {
    policy.decide(t);
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return err as PolicyError;
  }
  throw new Error('expected the policy to fail');
}

/** After a failure: the same policy decides again, and so does an unrelated one. */
function stillWorks(policy: SandboxedPolicy): void {
  expect(policy.decide(transition({ index: 1 }))).toEqual({ sync: 'none', flush: 'none' });
  expect(healthy.decide(transition({ index: 2 }))).toEqual({ sync: 'target', flush: 'current' });
  expect(healthy.decide(transition({ host: { ept: true, vpid: true }, index: 3 }))).toEqual({
    sync: 'none',
    flush: 'current',
  });
}

const OK = "return { sync: 'none', flush: 'none' };";

describe('sandboxed decide', () => {
  it('sees every field of the Transition exactly as the engine passed it (property)', () => {
    const echo = bind('echo', 'if (t.index % 2 === 1) throw new Error(JSON.stringify(t)); ' + OK);
    const arb = fc.record({
      kind: fc.constantFrom('vmenter' as const, 'vmexit' as const),
      host: fc.record({ ept: fc.boolean(), vpid: fc.boolean() }),
      vmcs12: fc.record({
        ept: fc.boolean(),
        vpid: fc.boolean(),
        vpid12: fc.integer({ min: 0, max: 0xffff }),
      }),
      vpid02: fc.option(fc.integer({ min: 1, max: 0xffff }), { nil: null }),
      vpid12Changed: fc.boolean(),
      target: fc.record({ cachedRoot: fc.boolean(), unsyncPages: fc.nat({ max: 5000 }) }),
      prevRoots: fc.record({ count: fc.nat({ max: 3 }), unsyncPages: fc.nat({ max: 1e6 }) }),
      index: fc.nat({ max: 1e9 }),
    });
    fc.assert(
      fc.property(fc.array(arb, { minLength: 1, maxLength: 6 }), (ts) => {
        for (const t of ts) {
          // Even indices decide normally (and leave cached sub-objects behind); odd ones echo.
          echo.decide({ ...t, index: t.index * 2 });
          const err = failure(echo, { ...t, index: t.index * 2 + 1 });
          const seen: unknown = JSON.parse(err.message.slice(err.message.indexOf('{')));
          expect(seen).toEqual({ ...t, index: t.index * 2 + 1 });
        }
      }),
      { numRuns: 150 },
    );
    echo.dispose();
  });

  it('hands the policy frozen nested objects, and a fresh Transition per call', () => {
    const p = bind(
      'mutator',
      `if (t.index === 1) { t.host.ept = true; }
       if (t.index === 2) { if (prev && prev.index !== 0) throw new Error('kept transition changed'); t.index = 99; }
       prev = prev || t; return { sync: 'none', flush: 'none' };`,
      'let prev = null;',
    );
    expect(p.decide(transition({ index: 0 }))).toEqual({ sync: 'none', flush: 'none' });
    expect(failure(p, transition({ index: 1 })).message).toMatch(
      /policy 'mutator' threw \(event 1\): TypeError/,
    );
    expect(p.decide(transition({ index: 2 }))).toEqual({ sync: 'none', flush: 'none' });
    expect(p.decide(transition({ index: 3 }))).toEqual({ sync: 'none', flush: 'none' });
    p.dispose();
  });

  it('keeps reading the shared buffer correctly after the Wasm memory grows', () => {
    const p = bind(
      'grower',
      "if (t.index === 0) hoard.push(new Uint8Array(24 << 20).fill(1)); return { sync: t.target.unsyncPages > 0 ? 'target' : 'none', flush: t.vpid02 === 7 ? 'all' : 'none' };",
      'const hoard = [];',
    );
    // White-box: the Emscripten heap the host's Float64Array view was made on.
    const heapBytes = (): number =>
      (p as unknown as { int: { module: { HEAPU8: Uint8Array } } }).int.module.HEAPU8.buffer.byteLength;
    const before = heapBytes();
    expect(p.decide(transition({ index: 0 }))).toEqual({ sync: 'none', flush: 'none' });
    expect(heapBytes()).toBeGreaterThan(before);
    expect(
      p.decide(transition({ index: 1, target: { cachedRoot: true, unsyncPages: 3 }, vpid02: 7 })),
    ).toEqual({
      sync: 'target',
      flush: 'all',
    });
    expect(p.decide(transition({ index: 2 }))).toEqual({ sync: 'none', flush: 'none' });
    expect(healthy.decide(transition({ index: 3 }))).toEqual({ sync: 'target', flush: 'current' });
    p.dispose();
  });

  it('checks a frozen constant once but never caches what could still change', () => {
    const p = bind(
      'constants',
      `if (t.index < 40) return ALL[t.index % ALL.length];
       if (t.index === 40 || t.index === 41) return SLY;
       if (t.index === 42 || t.index === 43) return EXTRA;
       if (t.index === 45) proto.sync = 'target';
       return INHERITS;`,
      `const S = ['none', 'target', 'all-roots'], F = ['none', 'current', 'all'];
       // 18 distinct frozen decisions: more than the sandbox caches.
       const ALL = [];
       for (const s of S) for (const f of F) { ALL.push(Object.freeze({ sync: s, flush: f })); ALL.push(Object.freeze({ flush: f, sync: s })); }
       let n = 0;
       const SLY = Object.freeze({ get sync() { return n++ === 0 ? 'target' : 'bogus'; }, flush: 'none' });
       const EXTRA = Object.freeze({ sync: 'none', flush: 'none', extra: 1 });
       const proto = { sync: 'none' };
       const INHERITS = Object.freeze(Object.assign(Object.create(proto), { flush: 'none' }));`,
    );
    const order = ['none', 'target', 'all-roots'].flatMap((sync) =>
      ['none', 'current', 'all'].flatMap((flush) => [
        { sync, flush },
        { sync, flush },
      ]),
    );
    for (let i = 0; i < 40; i++) expect(p.decide(transition({ index: i }))).toEqual(order[i % order.length]);
    expect(p.decide(transition({ index: 40 }))).toEqual({ sync: 'target', flush: 'none' });
    expect(failure(p, transition({ index: 41 })).message).toMatch(/sync must be one of/);
    expect(failure(p, transition({ index: 42 })).message).toMatch(/only the fields sync and flush/);
    expect(failure(p, transition({ index: 43 })).message).toMatch(/only the fields sync and flush/);
    // A value inherited through the prototype counts (as in zod), but is re-read on every call.
    expect(p.decide(transition({ index: 44 }))).toEqual({ sync: 'none', flush: 'none' });
    expect(p.decide(transition({ index: 45 }))).toEqual({ sync: 'target', flush: 'none' });
    p.dispose();
  });

  it('keeps module state between calls (adaptive policies)', () => {
    const counter = bind(
      'counter',
      "n++; return { sync: n > 2 ? 'all-roots' : 'none', flush: 'none' };",
      'let n = 0;',
    );
    const got = [0, 1, 2, 3].map((i) => counter.decide(transition({ index: i })).sync);
    expect(got).toEqual(['none', 'none', 'all-roots', 'all-roots']);
    counter.dispose();
  });
});

describe('hostile policies are contained', () => {
  it('stops an infinite loop at the deadline, naming the policy and the event', () => {
    const p = bind('spin', `if (t.index === 13) for (;;) {} ${OK}`);
    const err = failure(p, transition({ index: 13 }));
    expect(err.message).toBe("policy 'spin' ran past its 5 ms deadline (event 13)");
    expect(err.event).toBe(13);
    expect(err.policyId).toBe('spin');
    stillWorks(p);
    p.dispose();
  });

  it('honours a configured deadline', () => {
    const p = bind('spin-20', `if (t.index === 5) for (;;) {} ${OK}`, '', { deadlineMs: 20 });
    expect(failure(p, transition({ index: 5 })).message).toMatch(/ran past its 20 ms deadline \(event 5\)/);
    stillWorks(p);
    p.dispose();
  });

  it('stops deep recursion with a stack overflow error', () => {
    const p = bind(
      'recurse',
      `if (t.index === 4) return deep(0); ${OK}`,
      'function deep(n) { return deep(n + 1) + 1; }',
    );
    expect(failure(p, transition({ index: 4 })).message).toMatch(
      /policy 'recurse' overflowed its stack \(event 4\)/,
    );
    stillWorks(p);
    p.dispose();
  });

  it('stops a 1 GB allocation at the memory limit', () => {
    const p = bind(
      'hog',
      `if (t.index === 9) { const a = new Array(1e9).fill(1); hoard.push(a); } ${OK}`,
      'const hoard = [];',
    );
    expect(failure(p, transition({ index: 9 })).message).toMatch(
      /policy 'hog' ran out of memory \(event 9\)/,
    );
    stillWorks(p);
    const q = bind('hog-buffer', `if (t.index === 9) { new Uint8Array(1 << 30); } ${OK}`);
    expect(failure(q, transition({ index: 9 })).message).toMatch(
      /policy 'hog-buffer' (ran out of memory|threw) \(event 9\)/,
    );
    stillWorks(q);
    q.dispose();
    p.dispose();
  });

  it('reports what a throwing policy threw', () => {
    const p = bind(
      'thrower',
      `if (t.index === 2) throw new RangeError('boom'); if (t.index === 3) throw 42; ${OK}`,
    );
    expect(failure(p, transition({ index: 2 })).message).toBe(
      "policy 'thrower' threw (event 2): RangeError: boom",
    );
    expect(failure(p, transition({ index: 3 })).message).toBe("policy 'thrower' threw (event 3): 42");
    stillWorks(p);
    p.dispose();
  });

  it('rejects null, NaN, extra fields and wrong strings, showing the value', () => {
    const p = bind(
      'liar',
      `switch (t.index) {
         case 10: return null;
         case 11: return NaN;
         case 12: return { sync: 'none', flush: 'none', because: 'reasons' };
         case 13: return { sync: 'everything', flush: 'none' };
         case 14: return { sync: 'none', flush: NaN };
         case 15: return ['none', 'none'];
         case 16: return undefined;
         case 17: return { sync: 'none' };
       }
       ${OK}`,
    );
    const msg = (i: number): string => failure(p, transition({ index: i })).message;
    expect(msg(10)).toBe("policy 'liar' returned null, not a Decision object { sync, flush } (event 10)");
    expect(msg(11)).toBe("policy 'liar' returned NaN, not a Decision object { sync, flush } (event 11)");
    expect(msg(12)).toBe(
      `policy 'liar' returned {"sync":"none","flush":"none","because":"reasons"}: a Decision has only the fields sync and flush (event 12)`,
    );
    expect(msg(13)).toBe(
      `policy 'liar' returned {"sync":"everything","flush":"none"}: sync must be one of 'none', 'target', 'all-roots' (event 13)`,
    );
    expect(msg(14)).toMatch(/returned \{"sync":"none","flush":"NaN"\}: flush must be one of/);
    expect(msg(15)).toMatch(/returned \["none","none"\], not a Decision object/);
    expect(msg(16)).toMatch(/returned undefined, not a Decision object/);
    expect(msg(17)).toMatch(/flush must be one of 'none', 'current', 'all' \(event 17\)/);
    stillWorks(p);
    p.dispose();
  });

  it('cannot change how its answers are judged by rewriting Object.prototype or intrinsics', () => {
    const p = bind(
      'tamper',
      `if (t.index === 1) return { sync: 'none', flush: 'none', extra: true };
       if (t.index === 2) return { sync: 'bogus', flush: 'none' };
       if (t.index === 3) return Object.defineProperties([], { sync: { value: 'none', enumerable: true }, flush: { value: 'none', enumerable: true } });
       return { sync: 'target', flush: 'all' };`,
      `Object.prototype.extra = 1;
       Object.prototype.polluted = 'yes';
       Object.keys = () => [];
       Object.freeze = (o) => o;
       Array.isArray = () => false;
       JSON.stringify = () => '"forged"';
       Reflect.apply = () => ({ sync: 'none', flush: 'none' });
       Function.prototype.bind = function () { return () => ({ sync: 'none', flush: 'none' }); };
       Object.defineProperty(Object.prototype, 'flush', { get() { return 'none'; }, configurable: true });`,
    );
    expect(p.decide(transition({ index: 0 }))).toEqual({ sync: 'target', flush: 'all' });
    expect(failure(p, transition({ index: 1 })).message).toMatch(
      /a Decision has only the fields sync and flush \(event 1\)/,
    );
    expect(failure(p, transition({ index: 2 })).message).toMatch(/sync must be one of/);
    expect(failure(p, transition({ index: 3 })).message).toMatch(/not a Decision object/);
    expect(p.decide(transition({ index: 4 }))).toEqual({ sync: 'target', flush: 'all' });
    // Nothing leaked into the host's realm.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys({ a: 1 })).toEqual(['a']);
    expect(healthy.decide(transition({ index: 5 }))).toEqual({ sync: 'target', flush: 'current' });
    p.dispose();
  });

  it('finds no host capability: require, process, fetch, timers, DOM, Node or WebAssembly', () => {
    const probe = bind(
      'probe',
      `const g = globalThis;
       const viaFunction = Function('return this')();
       const viaCtor = ({}).constructor.constructor('return this')();
       const names = ['require', 'process', 'fetch', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask',
         'XMLHttpRequest', 'WebSocket', 'window', 'document', 'navigator', 'self', 'importScripts', 'Buffer',
         'module', 'exports', '__dirname', 'global', 'std', 'os', 'print', 'console', 'WebAssembly', 'Deno', 'Bun'];
       const found = names.filter((n) => typeof g[n] !== 'undefined' || typeof viaFunction[n] !== 'undefined' || typeof viaCtor[n] !== 'undefined');
       let evalRequire = 'absent';
       try { eval('require'); evalRequire = 'present'; } catch (e) { evalRequire = e.name; }
       throw new Error(JSON.stringify({ found, same: viaFunction === g && viaCtor === g, evalRequire }));`,
    );
    const report: unknown = JSON.parse(failure(probe, transition()).message.replace(/^[^{]*/, ''));
    expect(report).toEqual({ found: [], same: true, evalRequire: 'ReferenceError' });
    probe.dispose();
  });

  it('never runs a dynamic import(): its promise stays pending and nothing loads', () => {
    const p = bind(
      'importer',
      `if (t.index === 0) { import('node:fs').then((m) => { leaked = m; }, (e) => { leaked = 'rejected'; });
                            import('vmxlab').then((m) => { leaked = m; }); }
       return { sync: leaked === undefined ? 'none' : 'all-roots', flush: 'none' };`,
      'let leaked;',
    );
    for (let i = 0; i < 5; i++) expect(p.decide(transition({ index: i })).sync).toBe('none');
    p.dispose();
  });

  it('refuses static imports of anything but vmxlab at load time', () => {
    for (const spec of ['node:fs', 'fs', 'std', 'os', './other.js', 'https://example.com/x.js']) {
      const r = sandbox.bind(
        userPlugin(
          'imp',
          `import * as m from '${spec}'; export default { id: 'imp', decide: () => m };`,
          'index.js',
        ),
      );
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.problem).toMatchObject({ file: 'user/imp/index.js', field: 'entry' });
        expect(r.problem.message).toMatch(/may import only 'vmxlab'/);
      }
    }
  });

  it('reports modules that fail while loading, with a setup deadline', () => {
    const cases: [string, RegExp][] = [
      ['for (;;) {}\nexport default { id: "x", decide: () => null };', /setup deadline/],
      ['throw new Error("no");\nexport default {};', /Error: no/],
      ['export const x = 1;', /no default export/],
      ['export default { id: "x" };', /no decide\(t\) function/],
      [
        'export default { id: "other-id", decide: () => null };',
        /module's id 'other-id' differs from the manifest's id 'x'/,
      ],
      ['await 1;\nexport default { id: "x", decide: () => null };', /top-level await/],
      ['export default { id: "x", decide( };', /SyntaxError|expecting/],
    ];
    for (const [src, re] of cases) {
      const r = sandbox.bind(userPlugin('x', src, 'index.js'), { setupDeadlineMs: 50 });
      expect(r.ok, src).toBe(false);
      if (!r.ok) expect(r.problem.message, src).toMatch(re);
    }
    expect(healthy.decide(transition({ index: 9 }))).toEqual({ sync: 'target', flush: 'current' });
  });

  it('reports TypeScript that does not transpile, by file', () => {
    const r = sandbox.bind(userPlugin('bad-ts', 'export default { id: "bad-ts", decide(t: ) { } };'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.file).toBe('user/bad-ts/index.ts');
  });

  it('caps the stack at 256 KiB whatever is asked', () => {
    const p = bind(
      'deep-ok',
      `return deep(200) ? { sync: 'none', flush: 'none' } : null;`,
      'function deep(n) { return n === 0 ? 1 : deep(n - 1); }',
      {
        stackSizeBytes: 64 * 1024 * 1024,
      },
    );
    expect(p.decide(transition())).toEqual({ sync: 'none', flush: 'none' });
    p.dispose();
  });

  it('refuses calls after dispose with a PolicyError', () => {
    const p = bind('gone', OK);
    p.dispose();
    expect(p.disposed).toBe(true);
    expect(() => p.decide(transition({ index: 3 }))).toThrow(PolicyError);
  });
});
