// Validation of a policy's Decision (policy-api.md "The contract"): exactly { sync, flush } with the
// allowed strings and no other own enumerable field. The engine relies on it on every nested
// VM-Enter/VM-Exit, so the hot path is a hand check returning a small integer code; the zod schema says
// the same thing declaratively and a property test proves the two (and the sandbox's copy) agree.
import { z } from 'zod';
import { FLUSH_DECISIONS, SYNC_DECISIONS, type Decision } from './api';
import { PolicyError } from './problems';

export const DecisionSchema = z.strictObject({
  sync: z.enum(['none', 'target', 'all-roots']),
  flush: z.enum(['none', 'current', 'all']),
});

/** Negative codes: why a value is not a Decision. Codes 0..8 are valid decisions (sync * 3 + flush). */
export const DECISION_NOT_AN_OBJECT = -1;
export const DECISION_BAD_SYNC = -2;
export const DECISION_BAD_FLUSH = -3;
export const DECISION_UNKNOWN_FIELD = -4;

/** The nine valid decisions, frozen and shared: a decoded code never aliases policy-owned data. */
export const DECISIONS: readonly Decision[] = Object.freeze(
  SYNC_DECISIONS.flatMap((sync) => FLUSH_DECISIONS.map((flush) => Object.freeze({ sync, flush }))),
);

/**
 * The hot-path check: the Decision's code (0..8) or a negative reason. Reads `sync` and `flush` once
 * each, so a getter cannot show one value to the check and another to the engine.
 */
export function decisionCode(d: unknown): number {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return DECISION_NOT_AN_OBJECT;
  const rec = d as { sync?: unknown; flush?: unknown };
  const s = rec.sync;
  const si = s === 'none' ? 0 : s === 'target' ? 1 : s === 'all-roots' ? 2 : -1;
  if (si < 0) return DECISION_BAD_SYNC;
  const f = rec.flush;
  const fi = f === 'none' ? 0 : f === 'current' ? 1 : f === 'all' ? 2 : -1;
  if (fi < 0) return DECISION_BAD_FLUSH;
  const keys = Object.keys(d);
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== 'sync' && keys[i] !== 'flush') return DECISION_UNKNOWN_FIELD;
  }
  return si * 3 + fi;
}

/**
 * The same check as JavaScript source for the QuickJS sandbox, written against intrinsics captured
 * before any policy code runs (`isArray`, `keys`), so a policy that rewrites Array.isArray,
 * Object.keys or Object.prototype cannot change how its own answers are judged.
 */
export const DECISION_CODE_SOURCE = `function decisionCode(d) {
  if (typeof d !== 'object' || d === null || isArray(d)) return ${DECISION_NOT_AN_OBJECT};
  const s = d.sync;
  const si = s === 'none' ? 0 : s === 'target' ? 1 : s === 'all-roots' ? 2 : -1;
  if (si < 0) return ${DECISION_BAD_SYNC};
  const f = d.flush;
  const fi = f === 'none' ? 0 : f === 'current' ? 1 : f === 'all' ? 2 : -1;
  if (fi < 0) return ${DECISION_BAD_FLUSH};
  const ks = keys(d);
  for (let i = 0; i < ks.length; i++) {
    if (ks[i] !== 'sync' && ks[i] !== 'flush') return ${DECISION_UNKNOWN_FIELD};
  }
  return si * 3 + fi;
}`;

/** Why a negative code failed, as the tail of a PolicyError message. */
export function decisionProblem(code: number, shown: string): string {
  switch (code) {
    case DECISION_NOT_AN_OBJECT:
      return `returned ${shown}, not a Decision object { sync, flush }`;
    case DECISION_BAD_SYNC:
      return `returned ${shown}: sync must be one of ${SYNC_DECISIONS.map((s) => `'${s}'`).join(', ')}`;
    case DECISION_BAD_FLUSH:
      return `returned ${shown}: flush must be one of ${FLUSH_DECISIONS.map((s) => `'${s}'`).join(', ')}`;
    case DECISION_UNKNOWN_FIELD:
      return `returned ${shown}: a Decision has only the fields sync and flush`;
    default:
      return `returned ${shown}, not a Decision`;
  }
}

/** A short, never-throwing rendering of a returned value for error messages. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'symbol') return v.toString();
  try {
    const json = JSON.stringify(v, (_k, x: unknown) =>
      typeof x === 'number' && !Number.isFinite(x) ? String(x) : x,
    );
    if (json === undefined) return String(v);
    return json.length > 200 ? `${json.slice(0, 197)}...` : json;
  } catch {
    return Array.isArray(v) ? 'an array' : 'an object';
  }
}

/** Validates a returned value; the engine's Decision or a PolicyError naming the policy and the event. */
export function validateDecision(value: unknown, policyId: string, index: number): Decision {
  const code = decisionCode(value);
  if (code >= 0) return DECISIONS[code]!;
  throw new PolicyError(
    `policy '${policyId}' ${decisionProblem(code, showValue(value))} (event ${index})`,
    policyId,
    index,
  );
}
