// CSV of the timeline bins (results-cli.md "Reports": one row per bin and policy), for spreadsheets and
// plotting scripts. Columns, in order (docs/reports.md lists them too):
//   policy      policy id                         bin          bin index in its run (0-based)
//   firstEvent  index of the bin's first event    lastEvent    index of its last event (inclusive)
//   firstLine   scenario line of the first event  accesses, tlbHits, syncs, flushes, vmExits,
//   tlbHitRate  tlbHits / accesses, empty when     violations, cycles  the bin's counters (results-cli.md)
//               the bin has no access             marks        labels of the marks inside the bin, `; `-joined
// Rows come policy by policy in run order, bins in order; lines end with CRLF as RFC 4180 asks.

import type { PolicyRun, ResultDoc } from '../run/result';
import { csvField } from './format';

export const CSV_COLUMNS = [
  'policy',
  'bin',
  'firstEvent',
  'lastEvent',
  'firstLine',
  'accesses',
  'tlbHits',
  'tlbHitRate',
  'syncs',
  'flushes',
  'vmExits',
  'violations',
  'cycles',
  'marks',
] as const;

function runRows(run: PolicyRun): string[] {
  const { bins, marks } = run.timeline;
  return bins.map((b, i) => {
    const next = bins[i + 1];
    // A bin ends where the next starts; the last one at the run's last event.
    const lastEvent = next ? next.firstEvent - 1 : Math.max(b.firstEvent, run.metrics.events - 1);
    const inside = marks.filter((m) => m.event >= b.firstEvent && m.event <= lastEvent).map((m) => m.label);
    const rate = b.accesses === 0 ? '' : String(Math.round((b.tlbHits / b.accesses) * 1e6) / 1e6);
    return [
      run.policy.id,
      i,
      b.firstEvent,
      lastEvent,
      b.firstLine,
      b.accesses,
      b.tlbHits,
      rate,
      b.syncs,
      b.flushes,
      b.vmExits,
      b.violations,
      b.cycles,
      inside.join('; '),
    ]
      .map(csvField)
      .join(',');
  });
}

export function timelineCsv(doc: ResultDoc): string {
  const lines = [CSV_COLUMNS.join(','), ...doc.runs.flatMap(runRows)];
  return lines.join('\r\n') + '\r\n';
}
