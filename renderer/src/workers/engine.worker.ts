// The engine's Web Worker: compiles the scenario, binds the selected policies and runs them in
// bounded steps (core's runScenarioChunked), so the UI thread never runs the engine. Between steps it
// yields to its message queue to see cancels; progress leaves at most every 50 ms; the result leaves
// once, whole. Policy load failures are reported per policy and the others still run.
import { runScenarioChunked, type PolicyBinding } from '../../../core';
import {
  checkResultDoc,
  progressThrottle,
  toWorkerSchema,
  type DiagnosticDto,
  type FromWorker,
  type PolicyProblem,
  type RunRequestMessage,
} from '../../../core/run/protocol';
import { builtInProblems, builtIns } from './composition';
import { compileScenario } from '../lang/dsl';
import { loadUserPolicy } from './user-policies';

const post = (m: FromWorker): void => postMessage(m);

/** The run that should be going; a newer run or a cancel makes older ones stop at their next step. */
let currentRunId = -1;
const cancelled = new Set<number>();

// A macrotask yield through a MessageChannel: lets queued 'cancel' messages in without the ≥ 4 ms
// clamp nested setTimeout(0) gets.
const channel = new MessageChannel();
const pending: (() => void)[] = [];
channel.port1.onmessage = () => pending.shift()?.();
const yieldToQueue = (): Promise<void> =>
  new Promise((resolve) => {
    pending.push(resolve);
    channel.port2.postMessage(null);
  });

const builtInIds = new Set(builtIns.map((b) => b.info.id));

/** Binds the requested policies in order; sandboxed ones are returned for disposal after the run. */
async function bind(
  req: RunRequestMessage,
  problems: PolicyProblem[],
  sandboxed: { dispose(): void }[],
): Promise<PolicyBinding[]> {
  const out: PolicyBinding[] = [];
  for (const ref of req.policies) {
    try {
      if (ref.kind === 'built-in') {
        const b = builtIns.find((x) => x.info.id === ref.id);
        if (!b) throw new Error(`unknown built-in policy '${ref.id}'`);
        out.push(b.binding);
      } else {
        const policy = await loadUserPolicy(ref, builtInIds);
        sandboxed.push(policy);
        out.push(policy);
      }
    } catch (err) {
      problems.push({ policy: ref.id, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}

async function run(req: RunRequestMessage): Promise<void> {
  const { runId } = req;
  const started = performance.now();
  const problems: PolicyProblem[] = [];
  // Each run binds user policies afresh (their module state starts clean) and frees them after.
  const sandboxed: { dispose(): void }[] = [];
  const fail = (message: string, diagnostics: DiagnosticDto[] = []) =>
    post({ type: 'failed', runId, message, diagnostics, problems });
  try {
    const compiled = compileScenario(req.source, req.overrides);
    if (!compiled.program) {
      fail('the scenario has errors', compiled.diagnostics);
      return;
    }
    const policies = await bind(req, problems, sandboxed);
    if (policies.length === 0) {
      fail('no policy could be loaded');
      return;
    }
    const allow = progressThrottle();
    const result = await runScenarioChunked(
      { source: req.source, file: req.file, program: compiled.program, policies },
      {
        chunk: 50_000,
        onProgress: (p) => {
          if (allow(performance.now())) {
            post({ type: 'progress', runId, policyCount: policies.length, ...p });
          }
        },
        isCancelled: () => cancelled.has(runId) || currentRunId !== runId,
        yieldToHost: yieldToQueue,
      },
    );
    if (!result) {
      post({ type: 'cancelled', runId });
      return;
    }
    for (const r of result.runs) {
      if (r.status === 'policy-error' && r.error) {
        problems.push({
          policy: r.policy.id,
          message: `${r.error.message} (event ${r.error.event}, line ${r.error.line})`,
        });
      }
    }
    post({
      type: 'done',
      runId,
      result: checkResultDoc(result),
      problems,
      elapsedMs: performance.now() - started,
    });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  } finally {
    cancelled.delete(runId);
    for (const p of sandboxed) p.dispose();
  }
}

self.onmessage = (e: MessageEvent<unknown>) => {
  const parsed = toWorkerSchema.safeParse(e.data);
  if (!parsed.success) return;
  const msg = parsed.data;
  if (msg.type === 'cancel') cancelled.add(msg.runId);
  else {
    currentRunId = msg.runId;
    void run(msg);
  }
};

post({ type: 'ready', builtIns: builtIns.map((b) => b.info), problems: [...builtInProblems] });
