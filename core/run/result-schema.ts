// zod schemas of the result document (`vmxlab.result/1`) and the sweep document (`vmxlab.sweep/1`) of
// results-cli.md, used to validate files read back (`vmxlab rerun`, the app's import) and to give
// written JSON one stable key order (objects parse in schema order; unknown fields are kept after).

import { z } from 'zod';
import type { ResultDoc } from './result';
import type { SweepDoc } from './sweep-grid';

// Producers may add fields (results-cli.md), so every object keeps what it does not know: looseObject.
const count = z.number().int().nonnegative();

const costSchema = z.looseObject({
  vmexit: z.number(),
  vmenter: z.number(),
  walk_ref: z.number(),
  sync_page: z.number(),
  flush: z.number(),
  tlb_hit: z.number(),
});

const cr3SettingSchema = z.looseObject({ table: z.string().nullable(), pcid: z.number().int() });

export const scenarioConfigSchema = z.looseObject({
  name: z.string(),
  seed: z.number().int(),
  host: z.looseObject({ ept: z.boolean(), vpid: z.boolean(), unsync: z.boolean() }),
  l1: z.looseObject({ ept: z.boolean(), vpid: z.boolean(), pcid: z.boolean() }),
  vpid02: z.enum(['auto', 'none']),
  tlb: z.looseObject({ entries: count, ways: count }),
  roots: count,
  cost: costSchema,
  vpid12: z.number().int(),
  cr3: z.looseObject({ l1: cr3SettingSchema, l2: cr3SettingSchema }),
});

export const metricsSchema = z.looseObject({
  events: count,
  accesses: count,
  tlbHits: count,
  tlbMisses: count,
  tlbHitRate: z.number().min(0).max(1),
  walks: count,
  walkRefs: count,
  pageFaults: count,
  vmEntries: count,
  vmExits: count,
  syncs: count,
  syncedPages: count,
  flushes: z.looseObject({ total: count, all: count, vpid: count, addr: count, ept: count }),
  decisions: z.looseObject({
    sync: z.looseObject({ none: count, target: count, 'all-roots': count }),
    flush: z.looseObject({ none: count, current: count, all: count }),
  }),
  violations: count,
  violationsByCause: z.looseObject({ 'stale-spte': count, 'stale-tlb': count }),
  cycles: z.number().nonnegative(),
});

const causeSchema = z.enum(['stale-spte', 'stale-tlb']);

export const violationSchema = z.looseObject({
  event: count,
  line: count,
  actor: z.enum(['l1', 'l2']),
  gva: z.string(),
  used: z.string(),
  allowed: z.array(z.string()),
  cause: causeSchema,
  why: z.string(),
});

export const timelineBinSchema = z.looseObject({
  firstEvent: count,
  firstLine: count,
  accesses: count,
  tlbHits: count,
  syncs: count,
  flushes: count,
  vmExits: count,
  violations: count,
  cycles: z.number().nonnegative(),
});

export const timelineSchema = z.looseObject({
  binEvents: z.number().int().positive(),
  bins: z.array(timelineBinSchema),
  marks: z.array(z.looseObject({ event: count, label: z.string(), line: count.optional() })),
});

export const policyProvenanceSchema = z.looseObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'policy ids are [a-z0-9-]+'),
  version: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256'),
  origin: z.enum(['built-in', 'user']),
  path: z.string().optional(),
  name: z.string().optional(),
});

export const policyRunSchema = z.looseObject({
  policy: policyProvenanceSchema,
  status: z.enum(['ok', 'policy-error']),
  error: z.looseObject({ message: z.string(), event: count, line: count }).nullable(),
  metrics: metricsSchema,
  violations: z.array(violationSchema),
  timeline: timelineSchema,
});

const engineSchema = z.looseObject({ name: z.string(), version: z.string() });

export const scenarioProvenanceSchema = z.looseObject({
  name: z.string(),
  file: z.string(),
  source: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256'),
  seed: z.number().int(),
  config: scenarioConfigSchema,
});

export const resultDocSchema = z.looseObject({
  schema: z.literal('vmxlab.result/1'),
  engine: engineSchema,
  scenario: scenarioProvenanceSchema,
  createdAt: z.string(),
  runs: z.array(policyRunSchema),
});

/** A sweep cell's run omits its timeline under `--no-timeline`. */
export const sweepRunSchema = policyRunSchema.extend({ timeline: timelineSchema.optional() });

export const sweepCellSchema = z.looseObject({
  set: z.record(z.string(), z.string()),
  valid: z.boolean(),
  reason: z.string().nullable(),
  runs: z.array(sweepRunSchema),
});

export const sweepDocSchema = z.looseObject({
  schema: z.literal('vmxlab.sweep/1'),
  engine: engineSchema,
  scenario: scenarioProvenanceSchema
    .omit({ config: true })
    .extend({ config: scenarioConfigSchema.optional() }),
  createdAt: z.string().optional(),
  grid: z.record(z.string(), z.array(z.string())),
  cells: z.array(sweepCellSchema),
});

export type ResultDocInput = z.infer<typeof resultDocSchema>;

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Lists zod issues as `path: message` lines, the form the CLI prints. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}

/** Validates an untrusted value (a parsed RESULT.json) as a result document. */
export function parseResultDoc(value: unknown): ParseOutcome<ResultDoc> {
  const r = resultDocSchema.safeParse(value);
  // The schema mirrors result.ts field for field (the test keeps them in step), so the cast only
  // widens the loose extras the interface does not name.
  return r.success ? { ok: true, value: r.data as ResultDoc } : { ok: false, errors: formatIssues(r.error) };
}

/** Validates an untrusted value (a parsed sweep JSON) as a sweep document. */
export function parseSweepDoc(value: unknown): ParseOutcome<SweepDoc> {
  const r = sweepDocSchema.safeParse(value);
  return r.success ? { ok: true, value: r.data as SweepDoc } : { ok: false, errors: formatIssues(r.error) };
}
