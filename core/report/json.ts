// The result and sweep documents as JSON files (results-cli.md): keys in the spec's order whatever order
// the producer built them in (the zod schemas parse into schema order; fields a producer added come
// after the known ones), pretty-printed with two spaces and a final newline, so two runs diff cleanly.

import type { z } from 'zod';
import { formatIssues, resultDocSchema, sweepDocSchema } from '../run/result-schema';
import type { ResultDoc } from '../run/result';
import type { SweepDoc } from '../run/sweep-grid';

function ordered(schema: z.ZodType, doc: unknown, what: string): string {
  const r = schema.safeParse(doc);
  // Writing a document that its own schema rejects is a producer bug: say where, rather than write it.
  if (!r.success)
    throw new Error(`not a valid ${what} document: ${formatIssues(r.error).slice(0, 5).join('; ')}`);
  return JSON.stringify(r.data, null, 2) + '\n';
}

export function resultJson(doc: ResultDoc): string {
  return ordered(resultDocSchema, doc, 'vmxlab.result/1');
}

export function sweepJson(doc: SweepDoc): string {
  return ordered(sweepDocSchema, doc, 'vmxlab.sweep/1');
}
