// The hardware TLB of L0's CPU (model.md "Hardware TLB"): set-associative, LRU within a set, any
// geometry with entries % ways == 0 (1536 x 12 on current Intel parts). Entries are tagged with the
// hardware VPID, the PCID, the page and, with host EPT, the EPT root (L1's EPT01, L2's own root or an
// EPT02), plus the global bit. Struct-of-typed-arrays so the hit path allocates nothing.

/** Entry page keys: a 4 KiB page is keyed 2 * vpn, a 2 MiB page 2 * region + 1. */
const INVALID = -1;

export class HardwareTlb {
  readonly sets: number;
  private readonly key: Float64Array;
  private readonly vpid: Int32Array;
  private readonly eptRoot: Int32Array;
  private readonly pcid: Int32Array;
  private readonly global: Uint8Array;
  /** Encoded translation (guest/pte.ts); for a 2 MiB entry the frame of its first 4 KiB page. */
  readonly value: Float64Array;
  /** Where the fill came from: shadow tree id (shadow paging) or EPT02 root id; -1 otherwise. */
  readonly src: Int32Array;
  /** Oracle fast path: the verify epoch at which this entry's value was checked equal to the guest's. */
  readonly verified: Float64Array;
  private readonly lru: Float64Array;
  private tick = 0;
  private largeEntries = 0;

  constructor(
    readonly entries: number,
    readonly ways: number,
  ) {
    if (
      !Number.isInteger(entries) ||
      !Number.isInteger(ways) ||
      entries <= 0 ||
      ways <= 0 ||
      entries % ways !== 0
    ) {
      throw new RangeError(`TLB geometry ${entries}x${ways}: entries must be a positive multiple of ways`);
    }
    this.sets = entries / ways;
    this.key = new Float64Array(entries).fill(INVALID);
    this.vpid = new Int32Array(entries);
    this.eptRoot = new Int32Array(entries);
    this.pcid = new Int32Array(entries);
    this.global = new Uint8Array(entries);
    this.value = new Float64Array(entries);
    this.src = new Int32Array(entries);
    this.verified = new Float64Array(entries).fill(-1);
    this.lru = new Float64Array(entries);
  }

  /**
   * The slot translating `vpn` for (vpid, eptRoot, pcid), or -1. The current PCID's entry wins over a
   * global one; a 2 MiB entry is looked up only when one exists.
   */
  lookup(vpn: number, vpid: number, eptRoot: number, pcid: number): number {
    const key = vpn * 2;
    const base = (vpn % this.sets) * this.ways;
    let globalSlot = -1;
    for (let i = base, end = base + this.ways; i < end; i++) {
      if (this.key[i] === key && this.vpid[i] === vpid && this.eptRoot[i] === eptRoot) {
        if (this.pcid[i] === pcid) {
          this.lru[i] = ++this.tick;
          return i;
        }
        if (this.global[i] === 1) globalSlot = i;
      }
    }
    if (globalSlot < 0 && this.largeEntries > 0) return this.lookupLarge(vpn, vpid, eptRoot, pcid);
    if (globalSlot >= 0) this.lru[globalSlot] = ++this.tick;
    return globalSlot;
  }

  private lookupLarge(vpn: number, vpid: number, eptRoot: number, pcid: number): number {
    const region = Math.floor(vpn / 512);
    const key = region * 2 + 1;
    const base = (region % this.sets) * this.ways;
    let globalSlot = -1;
    for (let i = base, end = base + this.ways; i < end; i++) {
      if (this.key[i] === key && this.vpid[i] === vpid && this.eptRoot[i] === eptRoot) {
        if (this.pcid[i] === pcid) {
          this.lru[i] = ++this.tick;
          return i;
        }
        if (this.global[i] === 1) globalSlot = i;
      }
    }
    if (globalSlot >= 0) this.lru[globalSlot] = ++this.tick;
    return globalSlot;
  }

  /** True when `slot` holds a 2 MiB entry. */
  isLarge(slot: number): boolean {
    return this.key[slot]! % 2 === 1;
  }

  /** Caches a translation; evicts the set's LRU entry when it is full. Returns the slot. */
  fill(
    vpn: number,
    large: boolean,
    vpid: number,
    eptRoot: number,
    pcid: number,
    global: boolean,
    value: number,
    src: number,
  ): number {
    const page = large ? Math.floor(vpn / 512) : vpn;
    const key = page * 2 + (large ? 1 : 0);
    const base = (page % this.sets) * this.ways;
    let victim = base;
    for (let i = base, end = base + this.ways; i < end; i++) {
      const k = this.key[i]!;
      if (k === key && this.vpid[i] === vpid && this.eptRoot[i] === eptRoot && this.pcid[i] === pcid) {
        victim = i; // refresh the same tag in place
        break;
      }
      if (k === INVALID) {
        victim = i;
        break;
      }
      if (this.lru[i]! < this.lru[victim]!) victim = i;
    }
    if (this.key[victim] !== INVALID && this.key[victim]! % 2 === 1) this.largeEntries--;
    if (large) this.largeEntries++;
    this.key[victim] = key;
    this.vpid[victim] = vpid;
    this.eptRoot[victim] = eptRoot;
    this.pcid[victim] = pcid;
    this.global[victim] = global ? 1 : 0;
    this.value[victim] = value;
    this.src[victim] = src;
    this.verified[victim] = -1;
    this.lru[victim] = ++this.tick;
    return victim;
  }

  private drop(i: number): void {
    if (this.key[i]! % 2 === 1) this.largeEntries--;
    this.key[i] = INVALID;
    this.verified[i] = -1;
  }

  flushAll(): void {
    this.key.fill(INVALID);
    this.verified.fill(-1);
    this.largeEntries = 0;
  }

  /**
   * Drops the entries matching a filter over every slot. `vpid`/`eptRoot`/`pcid` of -1 match any;
   * `globals` says whether global entries go too ('keep', 'also', 'only').
   */
  flushWhere(vpid: number, eptRoot: number, pcid: number, globals: 'keep' | 'also' | 'only'): void {
    for (let i = 0; i < this.entries; i++) {
      if (this.key[i] === INVALID) continue;
      if (vpid >= 0 && this.vpid[i] !== vpid) continue;
      if (eptRoot >= 0 && this.eptRoot[i] !== eptRoot) continue;
      const g = this.global[i] === 1;
      if (globals === 'keep' && g) continue;
      if (globals === 'only' && !g) continue;
      if (pcid >= 0 && this.pcid[i] !== pcid && !(globals !== 'keep' && g)) continue;
      this.drop(i);
    }
  }

  /**
   * Drops the entries for the page of `vpn` (its 4 KiB and its 2 MiB entry) matching vpid (-1 any),
   * eptRoot (-1 any) and, unless pcid is -1, that PCID or (with `globals`) a global entry.
   */
  flushPage(vpn: number, vpid: number, eptRoot: number, pcid: number, globals: boolean): void {
    this.flushPageKey(vpn * 2, vpn % this.sets, vpid, eptRoot, pcid, globals);
    if (this.largeEntries > 0) {
      const region = Math.floor(vpn / 512);
      this.flushPageKey(region * 2 + 1, region % this.sets, vpid, eptRoot, pcid, globals);
    }
  }

  private flushPageKey(
    key: number,
    set: number,
    vpid: number,
    eptRoot: number,
    pcid: number,
    globals: boolean,
  ): void {
    for (let i = set * this.ways, end = i + this.ways; i < end; i++) {
      if (this.key[i] !== key) continue;
      if (vpid >= 0 && this.vpid[i] !== vpid) continue;
      if (eptRoot >= 0 && this.eptRoot[i] !== eptRoot) continue;
      if (pcid >= 0 && this.pcid[i] !== pcid && !(globals && this.global[i] === 1)) continue;
      if (pcid < 0 && !globals && this.global[i] === 1) continue;
      this.drop(i);
    }
  }

  /** Drops the entries of page `vpn` (4 KiB or its 2 MiB region) that were filled from `src`. */
  flushSrcPage(vpn: number, src: number, large: boolean): void {
    const page = large ? Math.floor(vpn / 512) : vpn;
    const key = page * 2 + (large ? 1 : 0);
    for (let i = (page % this.sets) * this.ways, end = i + this.ways; i < end; i++) {
      if (this.key[i] === key && this.src[i] === src) this.drop(i);
    }
  }

  /** Drops every entry filled through EPT root `eptRoot` (INVEPT: the combined mappings derived from it). */
  flushEptRoot(eptRoot: number): void {
    this.flushWhere(-1, eptRoot, -1, 'also');
  }

  /** Number of valid entries (tests and the state inspector). */
  validEntries(): number {
    let n = 0;
    for (let i = 0; i < this.entries; i++) if (this.key[i] !== INVALID) n++;
    return n;
  }
}
