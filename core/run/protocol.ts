// The messages between the renderer and its engine Web Worker (style.md habit 9): plain DTOs defined
// once here with zod schemas, so both sides validate what crosses. Progress is batched by the worker
// (at most ~20 updates/s, never one message per simulated event); a result crosses once, whole.

import { z } from 'zod';
import type { ResultDoc } from './result';
import { resultDocSchema } from './result-schema';

/** A policy the run should use: a built-in by id, or a user plugin by its sources (host-read). */
export const policyRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('built-in'), id: z.string().min(1) }),
  z.object({
    kind: z.literal('user'),
    id: z.string().min(1),
    folder: z.string().min(1),
    manifestText: z.string(),
    entryName: z.string().min(1),
    entryText: z.string().nullable(),
  }),
]);
export type PolicyRef = z.infer<typeof policyRefSchema>;

/** A compiler diagnostic as dsl.md describes it: 1-based, end exclusive. */
export const diagnosticSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int(),
  endColumn: z.number().int(),
});
export type DiagnosticDto = z.infer<typeof diagnosticSchema>;

export const runRequestSchema = z.object({
  type: z.literal('run'),
  runId: z.number().int().nonnegative(),
  source: z.string(),
  file: z.string(),
  policies: z.array(policyRefSchema).min(1),
  /** Header overrides, as `--set key=value` gives them. */
  overrides: z.record(z.string(), z.string()).default({}),
});

export const toWorkerSchema = z.discriminatedUnion('type', [
  runRequestSchema,
  z.object({ type: z.literal('cancel'), runId: z.number().int().nonnegative() }),
]);
export type ToWorker = z.input<typeof toWorkerSchema>;
export type RunRequestMessage = z.infer<typeof runRequestSchema>;

export const builtInInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.string(),
  sha256: z.string(),
});
export type BuiltInInfo = z.infer<typeof builtInInfoSchema>;

/** A policy that could not be loaded or that failed mid-run: shown in the UI, never fatal. */
export const policyProblemSchema = z.object({ policy: z.string(), message: z.string() });
export type PolicyProblem = z.infer<typeof policyProblemSchema>;

/**
 * What the UI thread checks of a result on arrival: its envelope. The worker checks the whole
 * document against resultDocSchema before posting it (checkResultDoc), because a deep parse of a
 * few thousand bins per policy costs tens of milliseconds: on the UI thread that is a long task,
 * in the worker it is noise next to the run.
 */
export const resultEnvelopeSchema = z.looseObject({
  schema: z.literal('vmxlab.result/1'),
  runs: z.array(z.looseObject({ policy: z.looseObject({ id: z.string() }) })),
});

/** The worker's check of a result before it leaves (throws with the path of the first bad field). */
export function checkResultDoc(doc: ResultDoc): ResultDoc {
  const r = resultDocSchema.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(
      `the engine produced an invalid result: ${issue ? `${issue.path.join('.')}: ${issue.message}` : ''}`,
    );
  }
  return doc;
}

export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    builtIns: z.array(builtInInfoSchema),
    problems: z.array(policyProblemSchema),
  }),
  z.object({
    type: z.literal('progress'),
    runId: z.number(),
    policyIndex: z.number().int(),
    policyCount: z.number().int(),
    eventsDone: z.number(),
    eventsTotal: z.number().nullable(),
  }),
  z.object({
    type: z.literal('done'),
    runId: z.number(),
    result: resultEnvelopeSchema,
    problems: z.array(policyProblemSchema),
    elapsedMs: z.number(),
  }),
  z.object({ type: z.literal('cancelled'), runId: z.number() }),
  z.object({
    type: z.literal('failed'),
    runId: z.number(),
    message: z.string(),
    diagnostics: z.array(diagnosticSchema),
    problems: z.array(policyProblemSchema),
  }),
]);
type FromWorkerParsed = z.infer<typeof fromWorkerSchema>;

/** The done message with the result typed as core's ResultDoc (the schema checks its shape loosely). */
export type RunDone = Omit<Extract<FromWorkerParsed, { type: 'done' }>, 'result'> & { result: ResultDoc };

export type FromWorker = Exclude<FromWorkerParsed, { type: 'done' }> | RunDone;

/**
 * Validates a message from the worker. A done message keeps the sender's result object, checked in
 * full by the worker (checkResultDoc) and by its envelope here; unknown fields pass through as
 * results-cli.md asks.
 */
export function parseFromWorker(
  data: unknown,
): { ok: true; message: FromWorker } | { ok: false; error: string } {
  const parsed = fromWorkerSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid message' };
  }
  if (parsed.data.type !== 'done') return { ok: true, message: parsed.data };
  return { ok: true, message: { ...parsed.data, result: (data as { result: ResultDoc }).result } };
}

/** Minimum spacing of progress messages: 50 ms = at most 20 updates per second. */
export const PROGRESS_INTERVAL_MS = 50;

/**
 * Lets through at most one progress update per interval (the first always passes), so a worker
 * stepping through millions of events sends a bounded number of messages. `now` is injected so
 * the rule is testable without timers.
 */
export function progressThrottle(intervalMs: number = PROGRESS_INTERVAL_MS): (now: number) => boolean {
  let last = -Infinity;
  return (now) => {
    if (now - last < intervalMs) return false;
    last = now;
    return true;
  };
}
