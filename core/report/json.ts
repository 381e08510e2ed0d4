// The result and sweep documents as JSON files (results-cli.md): keys in the spec's order whatever order
// the producer built them in (the zod schemas parse into schema order; fields a producer added come
// after the known ones), pretty-printed with two spaces and a final newline, so two runs diff cleanly.

import { resultDocSchema, sweepDocSchema } from '../run/result-schema';
import type { ResultDoc } from '../run/result';
import type { SweepDoc } from '../run/sweep-grid';

export function resultJson(doc: ResultDoc): string {
  return JSON.stringify(resultDocSchema.parse(doc), null, 2) + '\n';
}

export function sweepJson(doc: SweepDoc): string {
  return JSON.stringify(sweepDocSchema.parse(doc), null, 2) + '\n';
}
