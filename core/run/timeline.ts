// Bounded timeline bins (results-cli.md): bins of `binEvents` events each; when their number reaches
// the cap, neighbours merge pairwise and the bin width doubles, so a result holds at most a few
// thousand bins whatever the run length, and the bins depend only on the event sequence.

import type { Counters } from '../model/counters';
import type { Timeline, TimelineBin, TimelineMark } from './result';

/** The bin counters at one moment; a bin is the difference of two snapshots. */
type Snapshot = Omit<TimelineBin, 'firstEvent' | 'firstLine'>;

function snap(c: Counters): Snapshot {
  return {
    accesses: c.accesses,
    tlbHits: c.tlbHits,
    syncs: c.syncs,
    flushes: c.flushTotal,
    vmExits: c.vmExits,
    violations: c.violations,
    cycles: c.totalCycles,
  };
}

export class TimelineBuilder {
  binEvents = 1;
  private readonly bins: TimelineBin[] = [];
  readonly marks: TimelineMark[] = [];
  private open: { firstEvent: number; firstLine: number; at: Snapshot } | null = null;
  /** The event index at which the next bin opens. */
  nextBoundary = 0;

  constructor(
    private readonly counters: Counters,
    private readonly maxBins: number,
  ) {}

  /** Called before event `event` (at `line`) runs, whenever event >= nextBoundary. */
  boundary(event: number, line: number): void {
    this.close();
    if (this.bins.length >= this.maxBins) this.merge();
    this.open = { firstEvent: event, firstLine: line, at: snap(this.counters) };
    this.nextBoundary = (Math.floor(event / this.binEvents) + 1) * this.binEvents;
  }

  private close(): void {
    if (!this.open) return;
    this.bins.push(this.binOf(this.open));
    this.open = null;
  }

  private binOf(o: { firstEvent: number; firstLine: number; at: Snapshot }): TimelineBin {
    const now = snap(this.counters);
    return {
      firstEvent: o.firstEvent,
      firstLine: o.firstLine,
      accesses: now.accesses - o.at.accesses,
      tlbHits: now.tlbHits - o.at.tlbHits,
      syncs: now.syncs - o.at.syncs,
      flushes: now.flushes - o.at.flushes,
      vmExits: now.vmExits - o.at.vmExits,
      violations: now.violations - o.at.violations,
      cycles: now.cycles - o.at.cycles,
    };
  }

  private merge(): void {
    const merged: TimelineBin[] = [];
    for (let i = 0; i < this.bins.length; i += 2) {
      const a = this.bins[i]!;
      const b = this.bins[i + 1];
      merged.push(
        b
          ? {
              firstEvent: a.firstEvent,
              firstLine: a.firstLine,
              accesses: a.accesses + b.accesses,
              tlbHits: a.tlbHits + b.tlbHits,
              syncs: a.syncs + b.syncs,
              flushes: a.flushes + b.flushes,
              vmExits: a.vmExits + b.vmExits,
              violations: a.violations + b.violations,
              cycles: a.cycles + b.cycles,
            }
          : a,
      );
    }
    this.bins.length = 0;
    this.bins.push(...merged);
    this.binEvents *= 2;
  }

  mark(event: number, label: string, line: number): void {
    this.marks.push({ event, label, line });
  }

  /** The timeline so far, with the open bin closed into a copy (the builder can go on). */
  snapshot(): Timeline {
    const bins = this.open ? [...this.bins, this.binOf(this.open)] : [...this.bins];
    return { binEvents: this.binEvents, bins, marks: [...this.marks] };
  }
}
