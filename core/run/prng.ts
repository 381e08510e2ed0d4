// The scenario's one seeded PRNG (dsl.md "Randomness"): sfc32 seeded through splitmix32, drawn in
// the order events execute. 32-bit integer arithmetic is used only on the generator's own state,
// never on addresses; doubles get 53 random bits from two draws.

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = (Math.floor(seed) >>> 0) ^ 0x9e3779b9;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next() | 0;
    this.b = next() | 0;
    this.c = next() | 0;
    this.d = next() | 0;
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** One sfc32 step; returns the output as a signed int32 (a small integer V8 never boxes). */
  private step(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t;
  }

  nextU32(): number {
    return this.step() >>> 0;
  }

  /**
   * `out[j] = base + below(n)` for j < count: the same draws as `count` calls of below(), with the
   * generator's state in locals (the batched access loop draws a block of pages at a time).
   */
  fillBelow(out: Float64Array, count: number, n: number, base: number): void {
    if (n > 2097152) {
      for (let j = 0; j < count; j++) out[j] = base + this.below(n);
      return;
    }
    const scale = n * 2.3283064365386963e-10;
    // `| 0` on the loads: the fields are tagged values, and without it V8 keeps the loop's state
    // tagged too (measured: 190 vs 450 M draws/s).
    let a = this.a | 0;
    let b = this.b | 0;
    let c = this.c | 0;
    let d = this.d | 0;
    for (let j = 0; j < count; j++) {
      // step(), inlined
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      out[j] = base + Math.floor((t >>> 0) * scale);
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.step() >>> 5; // 27 bits
    const lo = this.step() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n): one 32-bit draw while n * 2^32 stays exact in a double, else 53 bits. */
  below(n: number): number {
    // * 2^-32 is exact (a power of two), and cheaper than the division.
    if (n <= 2097152) return Math.floor((this.step() >>> 0) * n * 2.3283064365386963e-10);
    return Math.floor(this.random() * n);
  }
}

/**
 * Zipf-distributed ranks in [1, n] with exponent s > 0, O(1) per draw: rejection-inversion sampling
 * (Hörmann & Derflinger 1996, as in Apache Commons RNG), so a hot set over 2^40 pages needs no table.
 */
export class ZipfSampler {
  private readonly hX1: number;
  private readonly hN: number;
  private readonly sParam: number;

  constructor(
    private readonly n: number,
    private readonly s: number,
  ) {
    this.hX1 = this.hIntegral(1.5) - 1;
    this.hN = this.hIntegral(n + 0.5);
    this.sParam = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }

  sample(rng: Prng): number {
    for (;;) {
      const u = this.hN + rng.random() * (this.hX1 - this.hN);
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.n) k = this.n;
      if (k - x <= this.sParam || u >= this.hIntegral(k + 0.5) - this.h(k)) return k;
    }
  }

  private h(x: number): number {
    return Math.exp(-this.s * Math.log(x));
  }

  private hIntegral(x: number): number {
    const logX = Math.log(x);
    return helper2((1 - this.s) * logX) * logX;
  }

  private hIntegralInverse(x: number): number {
    let t = x * (1 - this.s);
    if (t < -1) t = -1;
    return Math.exp(helper1(t) * x);
  }
}

/** log1p(x) / x, accurate near 0. */
function helper1(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** expm1(x) / x, accurate near 0. */
function helper2(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}
