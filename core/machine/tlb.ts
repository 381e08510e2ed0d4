// The hardware TLB of L0's CPU (model.md "Hardware TLB"): set-associative, LRU within a set, any
// geometry with entries % ways == 0 (1536 x 12 on current Intel parts). Entries are tagged with the
// hardware VPID, the PCID, the page and, with host EPT, the EPT root (L1's EPT01, L2's own root or an
// EPT02), plus the global bit. Entries are records in one typed buffer, so no access allocates.
//
// A (VPID, EPT root) pair is a hardware *context* with a generation number: flushing a whole context
// (INVVPID single-context, a VM entry without VPID, KVM_REQ_TLB_FLUSH_CURRENT) bumps it in O(1), and
// entries of an older generation are dead. Flushes that filter by PCID, page or global bit scan.

const INVALID = -1;
/** LRU ticks are renumbered when they reach this (they stay small int32s). */
const TICK_LIMIT = 0x40000000;
/** Entry tag = context * PCID_SPAN + PCID (PCIDs are 12 bits). */
const PCID_SPAN = 4096;
/** log2(PCID_SPAN): an entry's context id is `tag >> PCID_BITS`. */
const PCID_BITS = 12;

/**
 * Entry layout: one 64-byte record per entry (a cache line), read through a float64 and an int32 view
 * of the same buffer. A fill writes one line instead of one per field (nine struct-of-arrays fields
 * cost nine lines, and on the miss-bound workloads those writes evicted the guest and shadow tables the
 * next walk reads); a hit reads one line. Float64 slots: key, value, verified; int32 slots: the rest.
 */
const F64_STRIDE = 8;
const I32_STRIDE = 16;
/** Page key: 2 * vpn for a 4 KiB entry, 2 * region + 1 for a 2 MiB one; INVALID when empty. */
const KEY = 0;
/** Encoded translation (guest/pte.ts); for a 2 MiB entry the frame of its first 4 KiB page. */
const VALUE = 1;
/** Oracle fast path: the verify epoch at which this entry's value was checked equal to the guest's. */
const VERIFIED = 2;
/** Int32 slots (after the three float64s): tag, generation, fill source, flags. */
const TAG = 6;
const GEN = 7;
const SRC = 8;
const FLAGS = 9;
const FLAG_GLOBAL = 1;
const FLAG_LARGE = 2;

export class HardwareTlb {
  readonly sets: number;
  /** sets - 1 when sets is a power of two (the common case), else -1. */
  private readonly setMask: number;
  /** The entries, F64_STRIDE float64s each (see the layout above). */
  private readonly f64: Float64Array;
  /** The same buffer as int32s, I32_STRIDE per entry. */
  private readonly i32: Int32Array;
  /**
   * Lookup hint: hash(page, tag) -> the slot that last held it. A hit on the hint is checked against
   * the entry itself (key, tag, generation), so a stale hint only costs the normal set scan; it turns
   * the common hit into one probe instead of a scan of `ways` entries.
   */
  private readonly hint: Int32Array;
  private readonly hintShift: number;
  private tick = 0;
  private largeEntries = 0;
  /** Global entries filled and not yet overwritten (an upper bound on live ones): 0 skips their scan. */
  private globalEntries = 0;
  /**
   * Fills so far, and per set the fill count at its last fill; per context, the fill count when its
   * current generation began. A set not filled since then holds no live entry of the context, so a
   * lookup skips it without a scan — after a context flush (every VPID-less nested transition) most
   * misses are decided by this one compare.
   */
  private fills = 0;
  private readonly setLastFill: Float64Array;
  /**
   * Per set, 16 bits per way: a fingerprint of the page key stored there (1..65535; 0 = empty or
   * dropped), packed two to an int32 word. A lookup whose fingerprint no way of the set carries
   * cannot hit (a way whose entry died with its generation keeps its fingerprint: that costs a scan),
   * so most misses in a set filled since the flush are decided by a few word compares, not a scan.
   */
  private readonly fpLanes: Uint16Array;
  private readonly fpWords: Int32Array;
  private readonly fpWordsPerSet: number;
  private readonly ctxGenStart: number[] = [];
  /**
   * Per way, beside the records: the fill number of its entry (-1 when empty or dropped), the entry's
   * context id and its LRU tick. A way is live iff filledAt >= ctxGenStart[ctxOf] (filled since its
   * context's generation began), so choosing a fill's victim — the first dead way, else the least
   * recently used — reads three small arrays (a set's worth is ~3 cache lines) instead of `ways`
   * 64-byte records: with VPID, when nothing flushes and sets stay full, every fill scanned its whole
   * set's records, a quarter of such runs' time.
   */
  private readonly filledAt: Float64Array;
  private readonly ctxOf: Int32Array;
  private readonly lru: Int32Array;
  /** Context id -> current generation; context id -> its VPID and EPT root. */
  private readonly ctxGen: number[] = [];
  private readonly ctxVpid: number[] = [];
  private readonly ctxEpt: number[] = [];
  private readonly ctxIds = new Map<number, number>();

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
    this.setMask = (this.sets & (this.sets - 1)) === 0 ? this.sets - 1 : -1;
    const buffer = new ArrayBuffer(entries * F64_STRIDE * 8);
    this.f64 = new Float64Array(buffer);
    this.i32 = new Int32Array(buffer);
    for (let i = 0; i < entries; i++) {
      this.f64[i * F64_STRIDE + KEY] = INVALID;
      this.f64[i * F64_STRIDE + VERIFIED] = -1;
    }
    this.setLastFill = new Float64Array(this.sets).fill(-1);
    this.filledAt = new Float64Array(entries).fill(-1);
    this.ctxOf = new Int32Array(entries);
    this.lru = new Int32Array(entries);
    const bits = Math.max(4, Math.ceil(Math.log2(entries * 4)));
    this.hint = new Int32Array(1 << bits).fill(-1);
    this.hintShift = 32 - bits;
    this.fpWordsPerSet = Math.ceil(ways / 2);
    this.fpWords = new Int32Array(this.sets * this.fpWordsPerSet);
    this.fpLanes = new Uint16Array(this.fpWords.buffer);
  }

  /** The translation cached in `slot` (for a 2 MiB entry, the frame of its first 4 KiB page). */
  entryValue(slot: number): number {
    return this.f64[slot * F64_STRIDE + VALUE]!;
  }

  /** The oracle's verify epoch stamped on `slot` (-1: never, or refilled since). */
  verifiedAt(slot: number): number {
    return this.f64[slot * F64_STRIDE + VERIFIED]!;
  }

  /** Stamps `slot` as checked equal to the guest's translation at verify epoch `epoch`. */
  markVerified(slot: number, epoch: number): void {
    this.f64[slot * F64_STRIDE + VERIFIED] = epoch;
  }

  private key(i: number): number {
    return this.f64[i * F64_STRIDE + KEY]!;
  }

  private tagOf(i: number): number {
    return this.i32[i * I32_STRIDE + TAG]!;
  }

  private isGlobalEntry(i: number): boolean {
    return (this.i32[i * I32_STRIDE + FLAGS]! & FLAG_GLOBAL) !== 0;
  }

  /**
   * The next LRU tick. At 2^30 each set's ages are replaced by their ranks (1..ways), which keeps every
   * set's order exactly (ages are only ever compared within a set) and keeps ticks small int32s.
   */
  private nextTick(): number {
    const t = ++this.tick;
    return t < TICK_LIMIT ? t : this.renumberTicks(); // small enough to inline into every lookup and fill
  }

  private renumberTicks(): number {
    const lru = this.lru;
    const order = Array.from({ length: this.ways }, (_, w) => w);
    for (let base = 0; base < this.entries; base += this.ways) {
      order.sort((a, b) => lru[base + a]! - lru[base + b]!);
      order.forEach((w, rank) => (lru[base + w] = rank + 1));
    }
    this.tick = this.ways + 1;
    return this.tick;
  }

  /** Hash of (page key, tag) into the hint table; only the low 32 bits of the key take part. */
  private hash(key: number, tag: number): number {
    return Math.imul((key >>> 0) ^ Math.imul(tag, 0x45d9f3b), 0x9e3779b1) >>> this.hintShift;
  }

  /**
   * The fingerprint of a page key (1..65535), from all the bits of its low 32. Sixteen bits, not eight:
   * ways whose entries died with their generation keep their fingerprints, and with a byte a set's
   * dozen of them sent about one in twenty of these misses to the full path.
   */
  private static fingerprint(key: number): number {
    return Math.imul(key >>> 0, 0x9e3779b1) >>> 16 || 1;
  }

  /** Lane index of the fingerprint of way `way` of `set`. */
  private fpLane(set: number, way: number): number {
    return set * this.fpWordsPerSet * 2 + way;
  }

  /** Whether some way of `set` carries the fingerprint of `key` (SWAR: a zero lane of word ^ pattern). */
  private mayHold(set: number, key: number): boolean {
    const pattern = Math.imul(HardwareTlb.fingerprint(key), 0x00010001);
    const words = this.fpWords;
    for (let w = set * this.fpWordsPerSet, end = w + this.fpWordsPerSet; w < end; w++) {
      const y = words[w]! ^ pattern;
      if ((((y - 0x00010001) | 0) & ~y & 0x80008000) !== 0) return true;
    }
    return false;
  }

  /** The context id of (vpid, eptRoot), created on first use. Hosts cache it per running level. */
  context(vpid: number, eptRoot: number): number {
    const k = eptRoot * 65536 + vpid;
    let id = this.ctxIds.get(k);
    if (id === undefined) {
      id = this.ctxGen.length;
      this.ctxIds.set(k, id);
      this.ctxGen.push(0);
      this.ctxGenStart.push(this.fills);
      this.ctxVpid.push(vpid);
      this.ctxEpt.push(eptRoot);
    }
    return id;
  }

  /**
   * Set index of a page number. Page numbers reach 2^40, so `%` would be a floating-point remainder;
   * with a power-of-two set count the low bits decide, and `page >>> 0` is exactly page mod 2^32 for
   * any integer below 2^53 (no bits above 31 are needed for the mask).
   */
  setOf(page: number): number {
    return this.setMask >= 0 ? (page >>> 0) & this.setMask : page % this.sets;
  }

  private live(i: number): boolean {
    return this.filledAt[i]! >= this.ctxGenStart[this.ctxOf[i]!]!;
  }

  /** Whether entry `i` holds `key` under tag `want` in generation `g`. */
  private holds(i: number, key: number, want: number, g: number): boolean {
    const b = i * I32_STRIDE;
    return this.f64[i * F64_STRIDE + KEY] === key && this.i32[b + TAG] === want && this.i32[b + GEN] === g;
  }

  /**
   * The slot translating `vpn` in context `ctx` under `pcid`, or -1. The current PCID's entry wins
   * over a global one; a 2 MiB entry is looked up only when one may exist.
   */
  lookup(vpn: number, ctx: number, pcid: number): number {
    const set = this.setOf(vpn);
    const genStart = this.ctxGenStart[ctx]!;
    if (this.setLastFill[set]! < genStart && this.largeEntries === 0) return -1;
    const key = vpn * 2;
    if (this.largeEntries === 0 && !this.mayHold(set, key)) return -1;
    const want = ctx * PCID_SPAN + pcid;
    const g = this.ctxGen[ctx]!;
    const h = this.hash(key, want);
    const hinted = this.hint[h]!;
    if (hinted >= 0 && this.holds(hinted, key, want, g)) {
      this.lru[hinted] = this.nextTick();
      return hinted;
    }
    const base = set * this.ways;
    let slot = -1;
    if (this.setLastFill[set]! >= genStart) {
      for (let i = base, end = base + this.ways; i < end; i++) {
        if (this.holds(i, key, want, g)) {
          this.lru[i] = this.nextTick();
          this.hint[h] = i;
          return i;
        }
      }
      if (this.globalEntries > 0) slot = this.findGlobal(key, base, ctx, g);
    }
    if (slot < 0 && this.largeEntries > 0) {
      const region = Math.floor(vpn / 512);
      const lkey = region * 2 + 1;
      const lset = this.setOf(region);
      if (this.setLastFill[lset]! < genStart) return -1;
      const lbase = lset * this.ways;
      for (let i = lbase, lend = lbase + this.ways; i < lend; i++) {
        if (this.holds(i, lkey, want, g)) {
          slot = i;
          break;
        }
      }
      if (slot < 0 && this.globalEntries > 0) slot = this.findGlobal(lkey, lbase, ctx, g);
    }
    if (slot >= 0) this.lru[slot] = this.nextTick();
    return slot;
  }

  /**
   * Whether lookup() of the 4 KiB page `vpn` in context `ctx` is a miss decided without a scan: no
   * 2 MiB entries anywhere, and the page's set either not filled since the context's generation began
   * or carrying no way with the page's fingerprint.
   */
  isQuickMiss(vpn: number, ctx: number): boolean {
    return this.isQuickMissSince(vpn, this.quickMissStart(ctx));
  }

  /**
   * isQuickMiss() in two halves, for a loop of lookups in one context with no flush between them:
   * this part once (the fill count at which the context's generation began; -Infinity, i.e. never a
   * quick miss, while 2 MiB entries exist — 4 KiB fills cannot add any), isQuickMissSince() per page.
   */
  quickMissStart(ctx: number): number {
    return this.largeEntries === 0 ? this.ctxGenStart[ctx]! : -Infinity;
  }

  isQuickMissSince(vpn: number, genStart: number): boolean {
    const set = this.setOf(vpn);
    return this.setLastFill[set]! < genStart || (genStart !== -Infinity && !this.mayHold(set, vpn * 2));
  }

  /**
   * The batched hit path: serves `vpns[from..to)` in order while each one is what lookup() finds
   * through its hint (a 4 KiB entry of this context and PCID, same LRU update) and its value was
   * verified by the oracle at `epoch` (so the oracle has nothing to check) — and, for a write or
   * fetch, is writable. Returns the index of the first page it did not serve: the caller takes that
   * one through lookup() and the full access path. Everything else lookup() does on a miss or a
   * global/2 MiB hit is left to that path, so the two agree entry for entry.
   */
  hitRun(
    vpns: Float64Array,
    from: number,
    to: number,
    ctx: number,
    pcid: number,
    epoch: number,
    writeOrFetch: boolean,
  ): number {
    const want = ctx * PCID_SPAN + pcid;
    const g = this.ctxGen[ctx]!;
    const wantMix = Math.imul(want, 0x45d9f3b); // hash(), with the tag's half hoisted
    const shift = this.hintShift;
    const hint = this.hint;
    const f64 = this.f64;
    const i32 = this.i32;
    const lru = this.lru;
    let tick = this.tick;
    // Ticks must not reach the renumbering point here: nextTick() (on the full path) does that.
    const end = Math.min(to, from + (TICK_LIMIT - 1 - tick));
    let i = from;
    for (; i < end; i++) {
      const key = vpns[i]! * 2;
      const slot = hint[Math.imul((key >>> 0) ^ wantMix, 0x9e3779b1) >>> shift]!;
      if (slot < 0) break;
      const f = slot * F64_STRIDE;
      const b = slot * I32_STRIDE;
      if (f64[f + KEY] !== key || i32[b + TAG] !== want || i32[b + GEN] !== g || f64[f + VERIFIED] !== epoch)
        break;
      if (writeOrFetch) {
        const v = f64[f + VALUE]!;
        if (((v - Math.floor(v * 0.125) * 8) & 1) !== 0) break; // read-only: faults on the full path
      }
      lru[slot] = ++tick;
    }
    this.tick = tick;
    return i;
  }

  /** A global entry of the context for `key` (any PCID). */
  private findGlobal(key: number, base: number, ctx: number, g: number): number {
    for (let i = base, end = base + this.ways; i < end; i++) {
      if (
        this.key(i) === key &&
        this.isGlobalEntry(i) &&
        this.i32[i * I32_STRIDE + GEN] === g &&
        this.tagOf(i) >> PCID_BITS === ctx
      )
        return i;
    }
    return -1;
  }

  /** True when `slot` holds a 2 MiB entry. */
  isLarge(slot: number): boolean {
    return (this.i32[slot * I32_STRIDE + FLAGS]! & FLAG_LARGE) !== 0;
  }

  /**
   * Caches a translation; evicts the set's LRU entry when it is full. Returns the slot. `verified` is
   * the entry's verify stamp (the batched miss path fills entries it already checked).
   */
  fill(
    vpn: number,
    large: boolean,
    ctx: number,
    pcid: number,
    global: boolean,
    value: number,
    src: number,
    verified = -1,
  ): number {
    const page = large ? Math.floor(vpn / 512) : vpn;
    const key = page * 2 + (large ? 1 : 0);
    const tag = ctx * PCID_SPAN + pcid;
    const set = this.setOf(page);
    const base = set * this.ways;
    const filledAt = this.filledAt;
    const ctxOf = this.ctxOf;
    const lru = this.lru;
    const genStart = this.ctxGenStart;
    // The victim: the first dead way (empty, dropped, or of an older generation of its context), else
    // the least recently used. Fills follow a lookup miss, so no live way holds (key, tag): a way that
    // held it is dead and reused like any other.
    let victim = base;
    let oldest = 0x7fffffff;
    for (let i = base, end = base + this.ways; i < end; i++) {
      if (filledAt[i]! < genStart[ctxOf[i]!]!) {
        victim = i;
        break;
      }
      // Branch-free minimum (the ages are random: a branch would mispredict half the time). Ages and
      // the running minimum are below 2^31, so the sign of their difference is the comparison.
      const age = lru[i]!;
      const older = (age - oldest) >> 31;
      victim = (i & older) | (victim & ~older);
      oldest = (age & older) | (oldest & ~older);
    }
    const f64 = this.f64;
    const i32 = this.i32;
    const f = victim * F64_STRIDE;
    const b = victim * I32_STRIDE;
    if (filledAt[victim]! >= 0) {
      const old = i32[b + FLAGS]!;
      if ((old & FLAG_LARGE) !== 0) this.largeEntries--;
      if ((old & FLAG_GLOBAL) !== 0) this.globalEntries--;
    }
    if (large) this.largeEntries++;
    if (global) this.globalEntries++;
    f64[f + KEY] = key;
    f64[f + VALUE] = value;
    f64[f + VERIFIED] = verified;
    i32[b + TAG] = tag;
    i32[b + GEN] = this.ctxGen[ctx]!;
    i32[b + FLAGS] = (global ? FLAG_GLOBAL : 0) | (large ? FLAG_LARGE : 0);
    i32[b + SRC] = src;
    const n = this.fills++;
    filledAt[victim] = n;
    ctxOf[victim] = ctx;
    lru[victim] = this.nextTick();
    this.hint[this.hash(key, tag)] = victim;
    this.setLastFill[set] = n;
    this.fpLanes[this.fpLane(set, victim - base)] = HardwareTlb.fingerprint(key);
    return victim;
  }

  private drop(i: number): void {
    const flags = this.i32[i * I32_STRIDE + FLAGS]!;
    if ((flags & FLAG_LARGE) !== 0) this.largeEntries--;
    if ((flags & FLAG_GLOBAL) !== 0) this.globalEntries--;
    this.f64[i * F64_STRIDE + KEY] = INVALID;
    this.filledAt[i] = -1;
    this.f64[i * F64_STRIDE + VERIFIED] = -1;
    const set = Math.floor(i / this.ways);
    this.fpLanes[this.fpLane(set, i - set * this.ways)] = 0;
  }

  flushAll(): void {
    for (let c = 0; c < this.ctxGen.length; c++) this.newGeneration(c);
  }

  /** Drops every entry of context `c` at once: its entries of older generations are dead. */
  private newGeneration(c: number): void {
    this.ctxGen[c]!++;
    this.ctxGenStart[c] = this.fills;
  }

  /** Whether context `ctx` has VPID `vpid` and EPT root `eptRoot` (-1: any). */
  private contextIn(ctx: number, vpid: number, eptRoot: number): boolean {
    return (vpid < 0 || this.ctxVpid[ctx] === vpid) && (eptRoot < 0 || this.ctxEpt[ctx] === eptRoot);
  }

  /**
   * Whether live entry `i` passes a flush filter: `vpid`/`eptRoot` of -1 match any; a global entry
   * matches when `globals` allows it, a non-global one when `pcid` is -1 or its own.
   */
  private matches(
    i: number,
    vpid: number,
    eptRoot: number,
    pcid: number,
    globals: 'keep' | 'also' | 'only',
  ): boolean {
    const tag = this.tagOf(i);
    const ctx = tag >> PCID_BITS;
    if (!this.contextIn(ctx, vpid, eptRoot)) return false;
    const g = this.isGlobalEntry(i);
    if (globals === 'keep' && g) return false;
    if (globals === 'only' && !g) return false;
    return pcid < 0 || tag - ctx * PCID_SPAN === pcid || (globals !== 'keep' && g);
  }

  /**
   * Drops the entries matching a filter. `vpid`/`eptRoot`/`pcid` of -1 match any; `globals` says
   * whether global entries go too ('keep', 'also', 'only'). Whole contexts go in O(1).
   */
  flushWhere(vpid: number, eptRoot: number, pcid: number, globals: 'keep' | 'also' | 'only'): void {
    if (pcid < 0 && globals === 'also') {
      for (let c = 0; c < this.ctxGen.length; c++)
        if (this.contextIn(c, vpid, eptRoot)) this.newGeneration(c);
      return;
    }
    for (let i = 0; i < this.entries; i++) {
      if (this.live(i) && this.matches(i, vpid, eptRoot, pcid, globals)) this.drop(i);
    }
  }

  /**
   * Drops the entries for the page of `vpn` (its 4 KiB and its 2 MiB entry) matching vpid (-1 any),
   * eptRoot (-1 any) and, unless pcid is -1, that PCID or (with `globals`) a global entry.
   */
  flushPage(vpn: number, vpid: number, eptRoot: number, pcid: number, globals: boolean): void {
    this.flushPageKey(vpn * 2, this.setOf(vpn), vpid, eptRoot, pcid, globals);
    if (this.largeEntries > 0) {
      const region = Math.floor(vpn / 512);
      this.flushPageKey(region * 2 + 1, this.setOf(region), vpid, eptRoot, pcid, globals);
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
      if (this.key(i) !== key || !this.live(i)) continue;
      const tag = this.tagOf(i);
      const ctx = tag >> PCID_BITS;
      if (!this.contextIn(ctx, vpid, eptRoot)) continue;
      const g = this.isGlobalEntry(i);
      if (pcid >= 0 && tag - ctx * PCID_SPAN !== pcid && !(globals && g)) continue;
      if (pcid < 0 && !globals && g) continue;
      this.drop(i);
    }
  }

  /** Drops the entries of page `vpn` (4 KiB or its 2 MiB region) that were filled from `src`. */
  flushSrcPage(vpn: number, src: number, large: boolean): void {
    const page = large ? Math.floor(vpn / 512) : vpn;
    const key = page * 2 + (large ? 1 : 0);
    for (let i = this.setOf(page) * this.ways, end = i + this.ways; i < end; i++) {
      if (this.key(i) === key && this.i32[i * I32_STRIDE + SRC] === src) this.drop(i);
    }
  }

  /** Drops every entry filled through EPT root `eptRoot` (INVEPT: the combined mappings derived from it). */
  flushEptRoot(eptRoot: number): void {
    this.flushWhere(-1, eptRoot, -1, 'also');
  }

  /** Number of live entries (tests and the state inspector). */
  validEntries(): number {
    let n = 0;
    for (let i = 0; i < this.entries; i++) if (this.live(i)) n++;
    return n;
  }
}
