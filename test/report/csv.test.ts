import { describe, expect, test } from 'vitest';
import { CSV_COLUMNS, timelineCsv } from '../../core/report/index';
import { fixtureResultDoc } from './fixtures/result-doc';

describe('the timeline CSV', () => {
  const doc = fixtureResultDoc({ bins: 10, binEvents: 500 });
  const csv = timelineCsv(doc);
  const lines = csv.split('\r\n');

  test('has the documented header and one row per bin and policy', () => {
    expect(lines[0]).toBe(
      'policy,bin,firstEvent,lastEvent,firstLine,accesses,tlbHits,tlbHitRate,syncs,flushes,vmExits,violations,cycles,marks',
    );
    expect(CSV_COLUMNS).toHaveLength(14);
    // Three complete runs of 10 bins; my-adaptive stopped at event floor(5000 * 0.6) + 7 = 3007, in bin 6 (0-based).
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 10 + 10 + 10 + 7 + 1);
    expect(lines.filter((l) => l.startsWith('my-adaptive,'))).toHaveLength(7);
  });

  test('writes each row as the bin says, with its end event and the marks inside it', () => {
    const b = doc.runs[0]!.timeline.bins[2]!;
    const rate = String(Math.round((b.tlbHits / b.accesses) * 1e6) / 1e6);
    // Bin 2 of always-sync covers events 1000..1499; the "phase 2" mark sits at 5000 * 0.25 = 1250.
    expect(lines[3]).toBe(
      `always-sync,2,1000,1499,${b.firstLine},${b.accesses},${b.tlbHits},${rate},${b.syncs},${b.flushes},${b.vmExits},${b.violations},${b.cycles},"phase 2: <remap> & ""switch"""`,
    );
    // The last bin ends at the run's last event (4999).
    expect(lines[10]).toMatch(/^always-sync,9,4500,4999,/);
  });

  test('sums of a policy’s rows give its metrics', () => {
    const rows = lines.slice(1, -1).map((l) => l.split(','));
    const syncs = rows.filter((r) => r[0] === 'always-sync').reduce((a, r) => a + Number(r[8]), 0);
    expect(syncs).toBe(doc.runs[0]!.metrics.syncs);
  });

  test('leaves the hit rate empty for a bin with no access', () => {
    const d = fixtureResultDoc({ bins: 2, binEvents: 100 });
    d.runs = [d.runs[0]!];
    d.runs[0]!.timeline.bins[1]!.accesses = 0;
    d.runs[0]!.timeline.bins[1]!.tlbHits = 0;
    const row = timelineCsv(d).split('\r\n')[2]!.split(',');
    expect(row[7]).toBe('');
  });
});
