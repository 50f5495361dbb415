/**
 * Seeded randomness for the demo data: the generator never calls Math.random, so a seed names one store,
 * ids included.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** splitmix32: spreads a small or sequential seed over all state bits before sfc32 starts. */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a, so that named streams (`Random.stream(seed, 'orders')`) get unrelated seeds. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    const mix = splitmix32(seed);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = 1;
    // sfc32's first outputs are correlated with the seed; burn them.
    for (let i = 0; i < 12; i++) this.next32();
  }

  /**
   * An independent generator per part of the store: adding a draw in one part (say, customers) must
   * not shift every order that comes after it.
   */
  static stream(seed: number, label: string): Random {
    return new Random((seed ^ hashLabel(label)) >>> 0);
  }

  /** sfc32: 128-bit state, passes PractRand far beyond the few million draws a store needs. */
  next32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform on [0, 1). */
  float(): number {
    return this.next32() / 4294967296;
  }

  /** Uniform on [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty array');
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** One item with probability proportional to its weight; linear, for the short lists of the catalog. */
  weightedPick<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    if (!(total > 0) || items.length !== weights.length)
      throw new RangeError('weightedPick needs positive weights');
    let target = this.float() * total;
    for (let i = 0; i < items.length; i++) {
      target -= weights[i]!;
      if (target < 0) return items[i]!;
    }
    // Rounding can leave a sliver of target; the last positive weight owns it.
    for (let i = items.length - 1; i >= 0; i--) if (weights[i]! > 0) return items[i]!;
    throw new RangeError('unreachable');
  }

  /** Normal draw (Box–Muller, both halves used). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.float()));
    const theta = 2 * Math.PI * this.float();
    this.spareNormal = r * Math.sin(theta);
    return mean + sd * r * Math.cos(theta);
  }

  /** Poisson draw: Knuth's product method for small means, a rounded normal above 30. */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k += 1;
      p *= this.float();
    }
    return k;
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** A version-4-shaped UUID from this generator, so that the same seed yields the same ids. */
  uuid(): string {
    const w0 = this.next32();
    const w1 = this.next32();
    const w2 = this.next32();
    const w3 = this.next32();
    const b6 = ((w1 >>> 8) & 0x0f) | 0x40;
    const b8 = ((w2 >>> 24) & 0x3f) | 0x80;
    return (
      HEX[w0 >>> 24]! +
      HEX[(w0 >>> 16) & 0xff]! +
      HEX[(w0 >>> 8) & 0xff]! +
      HEX[w0 & 0xff]! +
      '-' +
      HEX[w1 >>> 24]! +
      HEX[(w1 >>> 16) & 0xff]! +
      '-' +
      HEX[b6]! +
      HEX[w1 & 0xff]! +
      '-' +
      HEX[b8]! +
      HEX[(w2 >>> 16) & 0xff]! +
      '-' +
      HEX[(w2 >>> 8) & 0xff]! +
      HEX[w2 & 0xff]! +
      HEX[w3 >>> 24]! +
      HEX[(w3 >>> 16) & 0xff]! +
      HEX[(w3 >>> 8) & 0xff]! +
      HEX[w3 & 0xff]!
    );
  }
}

/**
 * Draws indices in proportion to fixed weights in O(log n) (prefix sums + binary search): the order
 * generator picks a product millions of times from catalogs of up to 100k items.
 */
export class WeightedSampler {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weight ${i} is not a finite number ≥ 0`);
      sum += w;
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }

  sample(rng: Random): number {
    if (!(this.total > 0)) throw new RangeError('cannot sample: all weights are zero');
    const target = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * Weighted sampling over a set whose members come and go (customers whose active window opens and
 * closes as the days pass): a Fenwick tree over integer weights, so sums never drift.
 */
export class DynamicWeightedSampler {
  private readonly tree: Float64Array;
  private readonly weights: Float64Array;
  private readonly topBit: number;
  total = 0;

  constructor(size: number) {
    this.tree = new Float64Array(size + 1);
    this.weights = new Float64Array(size);
    let bit = 1;
    while (bit * 2 <= size) bit *= 2;
    this.topBit = bit;
  }

  set(index: number, weight: number): void {
    if (!Number.isInteger(weight) || weight < 0) throw new RangeError('weights must be integers ≥ 0');
    const delta = weight - this.weights[index]!;
    if (delta === 0) return;
    this.weights[index] = weight;
    this.total += delta;
    for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i]! += delta;
  }

  /** An index with probability weight / total, or -1 when the set is empty. */
  sample(rng: Random): number {
    if (this.total <= 0) return -1;
    let target = Math.floor(rng.float() * this.total);
    let pos = 0;
    for (let bit = this.topBit; bit > 0; bit >>= 1) {
      const next = pos + bit;
      if (next < this.tree.length && this.tree[next]! <= target) {
        pos = next;
        target -= this.tree[next]!;
      }
    }
    return pos;
  }
}
