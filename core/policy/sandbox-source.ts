// The trusted JavaScript that runs inside each QuickJS policy context (policy-api.md "Isolation"): the
// 'vmxlab' module a sandboxed policy may import, and the bootstrap that builds each Transition from a
// shared Float64Array, calls decide and encodes the Decision as a small integer. The bootstrap runs
// before any policy code, so the intrinsics it captures cannot be replaced underneath it.
import { DECISION_CODE_SOURCE } from './decision';

/**
 * 'vmxlab' inside the sandbox: the runtime exports of core/policy/api.ts, nothing else. Types are erased
 * by the transpiler, so `import { definePolicy, type Transition } from 'vmxlab'` works unchanged.
 */
export const SANDBOX_VMXLAB_MODULE = `export function definePolicy(policy) { return policy; }
export function hasGuestTlbTag(t) { return t.host.ept || t.vpid02 !== null; }
export const SYNC_DECISIONS = Object.freeze(['none', 'target', 'all-roots']);
export const FLUSH_DECISIONS = Object.freeze(['none', 'current', 'all']);
`;

/** Layout of the Float64Array shared by the host and the bootstrap (one per context). */
export const SLOT = {
  /** Bit field, see FLAG. */
  flags: 0,
  vpid12: 1,
  vpid02: 2,
  targetUnsync: 3,
  prevCount: 4,
  prevUnsync: 5,
  index: 6,
  /** Which cached sub-objects to rebuild, see CHANGED. */
  changed: 7,
  /** Out: the Decision code (0..8) or a negative reason; SENTINEL when decide did not return. */
  result: 8,
} as const;
export const SLOT_COUNT = 9;
export const RESULT_SENTINEL = -100;

export const FLAG = {
  vmexit: 1,
  hostEpt: 2,
  hostVpid: 4,
  vmcs12Ept: 8,
  vmcs12Vpid: 16,
  hasVpid02: 32,
  vpid12Changed: 64,
  targetCached: 128,
} as const;

export const CHANGED = { vmcs12: 1, target: 2, prevRoots: 4, all: 7 } as const;

/** Entries of the bootstrap's caches of frozen target/prevRoots objects (small counts only). */
const CACHE_SIZE = 1024;

/** Frozen Decision objects a policy returned that are checked once (constants); more are checked each time. */
const FROZEN_CACHE = 16;

/**
 * A strict-mode script evaluating to `(arrayBuffer) => bindPolicy`. `bindPolicy(namespace)` returns
 * `[step, describe, id, name, description]`: `step()` decides the Transition in the buffer and writes
 * the code to the result slot (no arguments cross the Wasm boundary, only the call itself); `describe()`
 * renders the last invalid answer for the error message. Sub-objects (host, vmcs12, target, prevRoots)
 * are frozen and rebuilt only when the host marks them changed, so a policy can keep what it was given but
 * never alter what a later call sees. The top-level Transition is a fresh object per call, not frozen:
 * nobody else ever sees it, and freezing it would cost a fifth of a decision (docs/benchmarks.md).
 */
export const SANDBOX_BOOTSTRAP = `'use strict';
(function (ab) {
  const isArray = Array.isArray;
  const keys = Object.keys;
  const freeze = Object.freeze;
  const apply = Reflect.apply;
  const bindFn = Function.prototype.bind;
  const stringify = JSON.stringify;
  const toStr = String;
  const TypeError_ = TypeError;
  const isFrozen = Object.isFrozen;
  const gopd = Object.getOwnPropertyDescriptor;
  const buf = new Float64Array(ab);
  ${DECISION_CODE_SOURCE}
  const HOSTS = freeze([
    freeze({ ept: false, vpid: false }),
    freeze({ ept: true, vpid: false }),
    freeze({ ept: false, vpid: true }),
    freeze({ ept: true, vpid: true }),
  ]);
  let vmcs12 = null, target = null, prevRoots = null, lastBad;
  // Dense arrays (QuickJS keeps them fast), filled lazily.
  const targets = new Array(${CACHE_SIZE}).fill(undefined), prevs = new Array(${CACHE_SIZE}).fill(undefined);
  const frozenObjs = new Array(${FROZEN_CACHE}).fill(undefined), frozenCodes = new Array(${FROZEN_CACHE}).fill(0);
  let nFrozen = 0;
  function describe() {
    const v = lastBad;
    if (v === undefined) return 'undefined';
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return toStr(v);
    if (typeof v === 'function') return 'a function';
    if (typeof v === 'symbol') return 'a symbol';
    try {
      const s = stringify(v, (k, x) => (typeof x === 'number' && (x !== x || x === Infinity || x === -Infinity)) ? toStr(x) : x);
      if (typeof s !== 'string') return isArray(v) ? 'an array' : 'an object';
      return s.length > 200 ? s.slice(0, 197) + '...' : s;
    } catch (e) {
      return isArray(v) ? 'an array' : 'an object';
    }
  }
  return function bindPolicy(ns) {
    const pol = ns.default;
    if (pol === null || (typeof pol !== 'object' && typeof pol !== 'function')) {
      throw new TypeError_('the module has no default export: export default definePolicy({ id, name, description, decide })');
    }
    const decide = pol.decide;
    if (typeof decide !== 'function') throw new TypeError_('the default export has no decide(t) function');
    const call = apply(bindFn, decide, [pol]);
    const id = pol.id, name = pol.name, description = pol.description;
    function step() {
      const f = buf[${SLOT.flags}];
      const m = buf[${SLOT.changed}];
      if (m !== 0) {
        if (m & ${CHANGED.vmcs12}) vmcs12 = freeze({ ept: (f & ${FLAG.vmcs12Ept}) !== 0, vpid: (f & ${FLAG.vmcs12Vpid}) !== 0, vpid12: buf[${SLOT.vpid12}] });
        if (m & ${CHANGED.target}) {
          // Frozen objects are shared by value: small counts come from a cache instead of a new object.
          const u = buf[${SLOT.targetUnsync}];
          const k = u * 2 + ((f & ${FLAG.targetCached}) !== 0 ? 1 : 0);
          target = k < ${CACHE_SIZE} ? targets[k] : undefined;
          if (target === undefined) {
            target = freeze({ cachedRoot: (f & ${FLAG.targetCached}) !== 0, unsyncPages: u });
            if (k < ${CACHE_SIZE}) targets[k] = target;
          }
        }
        if (m & ${CHANGED.prevRoots}) {
          const n = buf[${SLOT.prevCount}], u = buf[${SLOT.prevUnsync}];
          const k = n < 8 ? u * 8 + n : ${CACHE_SIZE};
          prevRoots = k < ${CACHE_SIZE} ? prevs[k] : undefined;
          if (prevRoots === undefined) {
            prevRoots = freeze({ count: n, unsyncPages: u });
            if (k < ${CACHE_SIZE}) prevs[k] = prevRoots;
          }
        }
      }
      const d = call({
        kind: (f & ${FLAG.vmexit}) !== 0 ? 'vmexit' : 'vmenter',
        host: HOSTS[(f >> 1) & 3],
        vmcs12: vmcs12,
        vpid02: (f & ${FLAG.hasVpid02}) !== 0 ? buf[${SLOT.vpid02}] : null,
        vpid12Changed: (f & ${FLAG.vpid12Changed}) !== 0,
        target: target,
        prevRoots: prevRoots,
        index: buf[${SLOT.index}],
      });
      // Frozen decisions with own data fields can never change: check each once (policies that return
      // constants skip the Object.keys allocation). Own array elements are read without the prototype.
      let code = -1000;
      for (let i = 0; i < nFrozen; i++) {
        if (frozenObjs[i] === d) {
          code = frozenCodes[i];
          break;
        }
      }
      if (code === -1000) {
        code = decisionCode(d);
        if (code < 0) lastBad = d;
        else if (nFrozen < ${FROZEN_CACHE} && isFrozen(d)) {
          const ds = gopd(d, 'sync'), df = gopd(d, 'flush');
          // A data descriptor has no own 'get'; an inherited one only makes us skip the cache.
          if (ds !== undefined && df !== undefined && ds.get === undefined && df.get === undefined) {
            frozenObjs[nFrozen] = d;
            frozenCodes[nFrozen++] = code;
          }
        }
      }
      buf[${SLOT.result}] = code;
    }
    return [step, describe,
      typeof id === 'string' ? id : null,
      typeof name === 'string' ? name : null,
      typeof description === 'string' ? description : null];
  };
})`;
