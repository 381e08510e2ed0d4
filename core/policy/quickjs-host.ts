// The sandbox host for user and custom policies (policy-api.md "Isolation"): one QuickJS runtime and
// context per policy, with a memory limit, a small stack and an interrupt deadline reset before every
// call, and no host capability at all. The engine gets a PolicyBinding whose decide is synchronous.
//
// Speed: a decision costs one JS->Wasm call plus freeing its result box. The Transition's numbers are
// written straight into a Float64Array that lives in the Wasm heap and backs an ArrayBuffer inside the
// context; the bootstrap (sandbox-source.ts) builds the Transition, calls decide, validates the
// answer with intrinsics captured before the policy ran and writes back an integer code the host decodes.
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSSyncVariant,
  type QuickJSWASMModule,
} from 'quickjs-emscripten-core';
import type { Decision, Transition } from './api';
import { DECISIONS, decisionProblem } from './decision';
import type { LoadedPlugin } from './loader';
import { joinPath } from './loader';
import { PolicyError, type PluginProblem } from './problems';
import {
  CHANGED,
  FLAG,
  RESULT_SENTINEL,
  SANDBOX_BOOTSTRAP,
  SANDBOX_VMXLAB_MODULE,
  SLOT,
  SLOT_COUNT,
} from './sandbox-source';
import { transpilePolicy } from './transpile';
import type { PolicyBinding } from '../run/simulation';

export interface SandboxLimits {
  /** Per-decision deadline (policy-api.md: 5 ms by default). */
  deadlineMs: number;
  /** Deadline for evaluating the module and binding it (first Wasm runs are slow in browsers). */
  setupDeadlineMs: number;
  /** QuickJS heap limit; near it GC can thrash, which the deadline then bounds. */
  memoryLimitBytes: number;
  /** QuickJS stack; above 256 KiB deep recursion can overflow the host's own stack instead. */
  stackSizeBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  deadlineMs: 5,
  setupDeadlineMs: 1000,
  memoryLimitBytes: 32 * 1024 * 1024,
  stackSizeBytes: 256 * 1024,
});

export const MAX_SANDBOX_STACK_BYTES = 256 * 1024;

/** A sandboxed policy: a PolicyBinding plus what its module declared, and disposal of its runtime. */
export interface SandboxedPolicy extends PolicyBinding {
  /** `name` and `description` of the module's default export (its `id` must equal the manifest's). */
  readonly name: string | null;
  readonly description: string | null;
  readonly disposed: boolean;
  dispose(): void;
}

export type SandboxBindResult = { ok: true; policy: SandboxedPolicy } | { ok: false; problem: PluginProblem };

export interface PolicySandboxOptions {
  /** A ready module (tests share one), or the sync release variant to instantiate. */
  module?: QuickJSWASMModule;
  variant?: QuickJSSyncVariant;
  /** Browser: URL of the variant's .wasm (`'@jitl/quickjs-wasmfile-release-sync/wasm?url'`). */
  wasmLocation?: string;
  /** Clock for deadlines, in ms; Date.now by default (performance.now where the host has it). */
  now?: () => number;
}

// quickjs-emscripten-core 0.32's context internals used by the fast path (pinned version; checked when
// a policy is bound). The public API allocates argument arrays and handles per call: 10-15 crossings.
interface FastFfi {
  QTS_Call(ctx: number, fn: number, thisVal: number, argc: number, argv: number): number;
  QTS_ResolveException(ctx: number, maybeException: number): number;
  QTS_FreeValuePointer(ctx: number, value: number): void;
  QTS_NewArrayBuffer(ctx: number, buffer: number, length: number): number;
}
interface ContextInternals {
  ffi: FastFfi;
  module: { HEAPU8: Uint8Array; _malloc(size: number): number };
  ctx: { value: number };
  memory: { heapValueHandle(ptr: number): QuickJSHandle };
}

function internalsOf(ctx: QuickJSContext): ContextInternals {
  const i = ctx as unknown as Partial<ContextInternals>;
  if (
    typeof i.ffi?.QTS_Call !== 'function' ||
    typeof i.ffi.QTS_NewArrayBuffer !== 'function' ||
    typeof i.module?._malloc !== 'function' ||
    !(i.module.HEAPU8 instanceof Uint8Array) ||
    typeof i.ctx?.value !== 'number' ||
    typeof i.memory?.heapValueHandle !== 'function'
  ) {
    throw new Error('unsupported quickjs-emscripten-core build: the policy sandbox needs version 0.32');
  }
  return i as ContextInternals;
}

/** The interrupt deadline, shared by a runtime's handler and the calls that reset it. */
interface Gate {
  deadline: number;
  fired: boolean;
  polls: number;
}

function errorText(value: unknown): string {
  if (value && typeof value === 'object') {
    const { name, message } = value as { name?: unknown; message?: unknown };
    if (typeof message === 'string')
      return typeof name === 'string' && name ? `${name}: ${message}` : message;
  }
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Instantiates the QuickJS Wasm module once; bind() then gives each policy its own runtime. */
export async function createPolicySandbox(options: PolicySandboxOptions): Promise<PolicySandbox> {
  let module = options.module;
  if (!module) {
    if (!options.variant) throw new Error('createPolicySandbox needs a QuickJS module or variant');
    const variant = options.wasmLocation
      ? newVariant(options.variant, { wasmLocation: options.wasmLocation })
      : options.variant;
    module = await newQuickJSWASMModuleFromVariant(variant);
  }
  return new PolicySandbox(module, options.now ?? Date.now);
}

export class PolicySandbox {
  constructor(
    readonly module: QuickJSWASMModule,
    private readonly now: () => number,
  ) {}

  /** Transpiles (for .ts entries), evaluates and binds a loaded plugin; problems come back as data. */
  bind(plugin: LoadedPlugin, limits: Partial<SandboxLimits> = {}): SandboxBindResult {
    const file = joinPath(plugin.folder, plugin.manifest.entry);
    const js = transpilePolicy(file, plugin.source);
    if (!js.ok) return { ok: false, problem: { file, field: 'entry', message: js.message } };
    return this.bindSource(plugin, file, js.code, limits);
  }

  /** Evaluates already-JavaScript module source for `plugin` (named `file` in stacks and problems). */
  bindSource(
    plugin: Pick<LoadedPlugin, 'manifest' | 'provenance'>,
    file: string,
    code: string,
    limits: Partial<SandboxLimits> = {},
  ): SandboxBindResult {
    const lim: SandboxLimits = { ...DEFAULT_SANDBOX_LIMITS, ...limits };
    if (lim.stackSizeBytes > MAX_SANDBOX_STACK_BYTES || lim.stackSizeBytes <= 0) {
      lim.stackSizeBytes = MAX_SANDBOX_STACK_BYTES;
    }
    const problem = (message: string): SandboxBindResult => ({
      ok: false,
      problem: { file, field: 'entry', message },
    });
    const runtime = this.module.newRuntime();
    let ctx: QuickJSContext | null = null;
    let handedOver = false;
    const now = this.now;
    const gate: Gate = { deadline: now() + lim.setupDeadlineMs, fired: false, polls: 0 };
    try {
      runtime.setMemoryLimit(lim.memoryLimitBytes);
      runtime.setMaxStackSize(lim.stackSizeBytes);
      // QuickJS polls this every ~10k operations. A call is stopped only at its second poll or later, so
      // a process descheduled for longer than the deadline during a 1 us call is not blamed on the policy.
      runtime.setInterruptHandler(() => {
        if (++gate.polls < 2 || now() <= gate.deadline) return false;
        gate.fired = true;
        return true;
      });
      runtime.setModuleLoader((name) =>
        name === 'vmxlab'
          ? SANDBOX_VMXLAB_MODULE
          : { error: new Error(`cannot import '${name}': a sandboxed policy may import only 'vmxlab'`) },
      );
      ctx = runtime.newContext();
      const int = internalsOf(ctx);
      const ctxPtr = int.ctx.value;

      // The shared buffer: malloc'd in the Wasm heap and handed to QuickJS, which owns and frees it.
      const bytes = SLOT_COUNT * 8;
      const ptr = int.module._malloc(bytes);
      if (!ptr) return problem('the sandbox could not allocate its transition buffer');
      const abHandle = int.memory.heapValueHandle(int.ffi.QTS_NewArrayBuffer(ctxPtr, ptr, bytes));

      const boot = ctx.evalCode(SANDBOX_BOOTSTRAP, 'vmxlab:bootstrap', { type: 'global', strict: true });
      if (boot.error) {
        const msg = errorText(ctx.dump(boot.error));
        boot.error.dispose();
        abHandle.dispose();
        throw new Error(`sandbox bootstrap failed: ${msg}`);
      }
      const makeBinder = ctx.callFunction(boot.value, ctx.undefined, abHandle);
      boot.value.dispose();
      abHandle.dispose();
      if (makeBinder.error) {
        const msg = errorText(ctx.dump(makeBinder.error));
        makeBinder.error.dispose();
        throw new Error(`sandbox bootstrap failed: ${msg}`);
      }
      const binder = makeBinder.value;

      // The policy's own code runs from here on: module body first, then its default export is bound.
      const evaluated = ctx.evalCode(code, file, { type: 'module' });
      if (evaluated.error) {
        const msg = gate.fired
          ? `module evaluation ran past its ${lim.setupDeadlineMs} ms setup deadline`
          : errorText(ctx.dump(evaluated.error));
        evaluated.error.dispose();
        binder.dispose();
        return problem(msg);
      }
      let ns = evaluated.value;
      const state = ctx.getPromiseState(ns);
      if (state.type === 'pending') {
        ns.dispose();
        binder.dispose();
        return problem('top-level await is not supported in a policy module');
      }
      if (state.type === 'rejected') {
        const msg = errorText(ctx.dump(state.error));
        state.error.dispose();
        ns.dispose();
        binder.dispose();
        return problem(msg);
      }
      if (!state.notAPromise) {
        ns.dispose();
        ns = state.value;
      }
      const bound = ctx.callFunction(binder, ctx.undefined, ns);
      ns.dispose();
      binder.dispose();
      if (bound.error) {
        const msg = gate.fired ? 'binding ran past its setup deadline' : errorText(ctx.dump(bound.error));
        bound.error.dispose();
        return problem(msg);
      }
      const parts = bound.value;
      const step = ctx.getProp(parts, 0);
      const describe = ctx.getProp(parts, 1);
      const str = (i: number): string | null => {
        const h = ctx!.getProp(parts, i);
        const v: unknown = ctx!.dump(h);
        h.dispose();
        return typeof v === 'string' ? v : null;
      };
      const moduleId = str(2);
      const name = str(3);
      const description = str(4);
      parts.dispose();
      const manifestId = plugin.manifest.id;
      if (moduleId !== null && moduleId !== manifestId) {
        step.dispose();
        describe.dispose();
        return problem(`the module's id '${moduleId}' differs from the manifest's id '${manifestId}'`);
      }
      const policy = new QuickJsPolicy(
        runtime,
        ctx,
        int,
        ptr,
        step,
        describe,
        plugin.provenance,
        name,
        description,
        lim.deadlineMs,
        gate,
        now,
      );
      handedOver = true; // the policy owns the runtime and context now
      return { ok: true, policy };
    } catch (err) {
      return problem(err instanceof Error ? err.message : String(err));
    } finally {
      if (!handedOver) {
        ctx?.dispose();
        runtime.dispose();
      }
    }
  }
}

class QuickJsPolicy implements SandboxedPolicy {
  private f64: Float64Array;
  private readonly base: number;
  private readonly ctxPtr: number;
  private readonly stepPtr: number;
  private readonly undefinedPtr: number;
  private alive = true;
  // Last values written, so only changed sub-objects are rebuilt inside the sandbox (NaN = unknown).
  private lastVmcs12 = NaN;
  private lastTarget = NaN;
  private lastPrev = NaN;

  constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly ctx: QuickJSContext,
    private readonly int: ContextInternals,
    bufferPtr: number,
    private readonly step: QuickJSHandle,
    private readonly describeFn: QuickJSHandle,
    readonly info: PolicyBinding['info'],
    readonly name: string | null,
    readonly description: string | null,
    private readonly deadlineMs: number,
    private readonly gate: Gate,
    private readonly now: () => number,
  ) {
    this.f64 = new Float64Array(int.module.HEAPU8.buffer);
    this.base = bufferPtr >> 3;
    this.ctxPtr = int.ctx.value;
    this.stepPtr = (step as unknown as { value: number }).value;
    this.undefinedPtr = (ctx.undefined as unknown as { value: number }).value;
    // Bound, so the engine may call decide detached from the object.
    this.decide = this.decide.bind(this);
  }

  get disposed(): boolean {
    return !this.alive;
  }

  decide(t: Transition): Decision {
    if (!this.alive) throw new PolicyError(`policy '${this.info.id}' was disposed`, this.info.id, t.index);
    // The Wasm memory may have grown (and detached the old view) since the last call.
    let f64 = this.f64;
    if (f64.buffer !== this.int.module.HEAPU8.buffer)
      f64 = this.f64 = new Float64Array(this.int.module.HEAPU8.buffer);
    const b = this.base;
    const v = t.vmcs12;
    const vpid02 = t.vpid02;
    f64[b + SLOT.flags] =
      (t.kind === 'vmexit' ? FLAG.vmexit : 0) |
      (t.host.ept ? FLAG.hostEpt : 0) |
      (t.host.vpid ? FLAG.hostVpid : 0) |
      (v.ept ? FLAG.vmcs12Ept : 0) |
      (v.vpid ? FLAG.vmcs12Vpid : 0) |
      (vpid02 !== null ? FLAG.hasVpid02 : 0) |
      (t.vpid12Changed ? FLAG.vpid12Changed : 0) |
      (t.target.cachedRoot ? FLAG.targetCached : 0);
    // Each group is keyed by one number: its fields fit easily (VPIDs are 16-bit, counts are small).
    const kVmcs12 = v.vpid12 * 4 + (v.ept ? 1 : 0) + (v.vpid ? 2 : 0);
    const kTarget = t.target.unsyncPages * 2 + (t.target.cachedRoot ? 1 : 0);
    const kPrev = t.prevRoots.count * 4294967296 + t.prevRoots.unsyncPages;
    let changed = 0;
    if (kVmcs12 !== this.lastVmcs12) {
      changed |= CHANGED.vmcs12;
      f64[b + SLOT.vpid12] = v.vpid12;
      this.lastVmcs12 = kVmcs12;
    }
    if (kTarget !== this.lastTarget) {
      changed |= CHANGED.target;
      f64[b + SLOT.targetUnsync] = t.target.unsyncPages;
      this.lastTarget = kTarget;
    }
    if (kPrev !== this.lastPrev) {
      changed |= CHANGED.prevRoots;
      f64[b + SLOT.prevCount] = t.prevRoots.count;
      f64[b + SLOT.prevUnsync] = t.prevRoots.unsyncPages;
      this.lastPrev = kPrev;
    }
    f64[b + SLOT.changed] = changed;
    f64[b + SLOT.vpid02] = vpid02 ?? 0;
    f64[b + SLOT.index] = t.index;
    f64[b + SLOT.result] = RESULT_SENTINEL;

    const gate = this.gate;
    gate.deadline = this.now() + this.deadlineMs;
    gate.fired = false;
    gate.polls = 0;
    const ffi = this.int.ffi;
    const res = ffi.QTS_Call(this.ctxPtr, this.stepPtr, this.undefinedPtr, 0, 0);
    const code = f64.buffer === this.int.module.HEAPU8.buffer ? f64[b + SLOT.result]! : this.readResult();
    if (code >= 0) {
      ffi.QTS_FreeValuePointer(this.ctxPtr, res);
      return DECISIONS[code]!;
    }
    return this.fail(res, code, t.index);
  }

  private readResult(): number {
    this.f64 = new Float64Array(this.int.module.HEAPU8.buffer);
    return this.f64[this.base + SLOT.result]!;
  }

  /** The slow path: the call threw, was interrupted, ran out of memory, or returned a bad Decision. */
  private fail(res: number, code: number, index: number): never {
    const id = this.info.id;
    const ffi = this.int.ffi;
    const errPtr = ffi.QTS_ResolveException(this.ctxPtr, res);
    ffi.QTS_FreeValuePointer(this.ctxPtr, res);
    // A failed call may have stopped before the cached sub-objects were rebuilt: resend them all.
    this.lastVmcs12 = this.lastTarget = this.lastPrev = NaN;
    const fired = this.gate.fired;
    // Rendering the thrown value or the bad answer may run policy code (toJSON, getters): give it a deadline.
    this.gate.deadline = this.now() + Math.max(this.deadlineMs, 50);
    this.gate.fired = false;
    this.gate.polls = 0;
    if (errPtr) {
      const errHandle = this.int.memory.heapValueHandle(errPtr);
      let text: string;
      try {
        text = errorText(this.ctx.dump(errHandle));
      } catch {
        text = 'an exception';
      } finally {
        errHandle.dispose();
      }
      let message: string;
      if (fired) message = `policy '${id}' ran past its ${this.deadlineMs} ms deadline (event ${index})`;
      else if (/out of memory/i.test(text))
        message = `policy '${id}' ran out of memory (event ${index}): ${text}`;
      else if (/stack overflow/i.test(text))
        message = `policy '${id}' overflowed its stack (event ${index}): ${text}`;
      else message = `policy '${id}' threw (event ${index}): ${text}`;
      throw new PolicyError(message, id, index);
    }
    let shown = 'a value that is not a Decision';
    if (code !== RESULT_SENTINEL) {
      const r = this.ctx.callFunction(this.describeFn, this.ctx.undefined);
      if (!r.error) {
        const v: unknown = this.ctx.dump(r.value);
        if (typeof v === 'string') shown = v;
        r.value.dispose();
      } else {
        r.error.dispose();
      }
    }
    throw new PolicyError(`policy '${id}' ${decisionProblem(code, shown)} (event ${index})`, id, index);
  }

  dispose(): void {
    if (!this.alive) return;
    this.alive = false;
    this.step.dispose();
    this.describeFn.dispose();
    this.ctx.dispose();
    this.runtime.dispose();
  }
}
