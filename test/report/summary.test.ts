import { describe, expect, test } from 'vitest';
import {
  binText,
  configEntries,
  deltaPercent,
  formatDelta,
  leadingComment,
  timelineMarks,
} from '../../core/report/index';
import { defaultConfig } from '../../core/index';
import { fixtureResultDoc } from './fixtures/result-doc';

describe('report summaries', () => {
  test('take the opening comment as paragraphs, leaving out # expect: lines', () => {
    const src =
      '# Title line\n# goes on.\n#\n# Second paragraph.\n#\n# expect: never-sync >= 1\n\nscenario "x" {}\n# not the intro\n';
    expect(leadingComment(src)).toEqual(['Title line goes on.', 'Second paragraph.']);
    expect(leadingComment('scenario "x" {}\n# later')).toEqual([]);
  });

  test('compute Δ% against the baseline, with n/a for a zero baseline', () => {
    expect(deltaPercent(150, 100)).toBe(50);
    expect(deltaPercent(0, 0)).toBe(0);
    expect(deltaPercent(3, 0)).toBeNull();
    expect(formatDelta(-12.345)).toBe('-12.3%');
    expect(formatDelta(0.01)).toBe('±0%');
    expect(formatDelta(null)).toBe('n/a');
  });

  test('merge marks of all runs once each, by event', () => {
    const doc = fixtureResultDoc({ bins: 10 });
    // The failing run stops at event 6007 and misses "cool-down" (8000); the union still has it.
    expect(timelineMarks(doc.runs).map((m) => [m.event, m.label])).toEqual([
      [0, 'warm-up'],
      [2500, 'phase 2: <remap> & "switch"'],
      [8000, 'cool-down'],
    ]);
    expect(timelineMarks([doc.runs[3]!]).map((m) => m.label)).not.toContain('cool-down');
  });

  test('print the header in dsl.md spelling and the bin width with its plural', () => {
    const c = defaultConfig();
    const entries = Object.fromEntries(configEntries(c));
    expect(entries['host.ept']).toBe('on');
    expect(entries['l1.ept']).toBe('off');
    expect(entries['cr3.l1']).toBe('(empty table) pcid 0');
    expect(entries['cost']).toBe(
      'vmexit 1200  vmenter 800  walk_ref 30  sync_page 600  flush 400  tlb_hit 1',
    );
    const doc = fixtureResultDoc({ bins: 1, binEvents: 1 });
    expect(binText(doc)).toBe('Bins of 1 event');
    expect(binText(fixtureResultDoc({ bins: 1, binEvents: 4096 }))).toBe('Bins of 4,096 events');
  });
});
