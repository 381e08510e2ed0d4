// The run's counters as flat numeric fields (results-cli.md "Which counter each event moves"): the L0
// model and the runner bump them in the hot path; core/run turns them into the Metrics document.
export class Counters {
  events = 0;
  tlbHits = 0;
  tlbMisses = 0;
  /** Guest-table references of L0's fills (4 per shadow/EPT02 fault); a miss's own walk is costed from tlbMisses. */
  fillWalkRefs = 0;
  pageFaults = 0;
  vmEntries = 0;
  vmExits = 0;
  syncs = 0;
  syncedPages = 0;
  flushTotal = 0;
  flushAll = 0;
  flushVpid = 0;
  flushAddr = 0;
  flushEpt = 0;
  syncNone = 0;
  syncTarget = 0;
  syncAllRoots = 0;
  flushDecNone = 0;
  flushDecCurrent = 0;
  flushDecAll = 0;
  violations = 0;
  staleSpte = 0;
  staleTlb = 0;
  /**
   * Cycles of everything but TLB hits and misses' walks, which are costed from `tlbHits` and
   * `tlbMisses` when read (fewer adds on the two hottest paths).
   */
  cycles = 0;
  /** What every miss's hardware walk costs: references and cycles (set by the L0 model, which knows the walk). */
  private missWalkRefs = 0;
  private missWalkCycles = 0;

  constructor(private readonly tlbHitCost: number) {}

  setMissWalk(refs: number, cycles: number): void {
    this.missWalkRefs = refs;
    this.missWalkCycles = cycles;
  }

  /** Every miss walks once. */
  get walks(): number {
    return this.tlbMisses;
  }

  get walkRefs(): number {
    return this.tlbMisses * this.missWalkRefs + this.fillWalkRefs;
  }

  /** Every access looks the TLB up once. */
  get accesses(): number {
    return this.tlbHits + this.tlbMisses;
  }

  get totalCycles(): number {
    return this.cycles + this.tlbHits * this.tlbHitCost + this.tlbMisses * this.missWalkCycles;
  }
}
