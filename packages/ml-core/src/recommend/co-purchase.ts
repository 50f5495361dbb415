/**
 * # Co-purchase counts, sparse
 *
 * A **transaction** is one basket B plus, when `windowDays` > 0, the extension E(B): the distinct
 * products the same customer bought in earlier baskets of the previous `windowDays` days (at most
 * MAX_EXTENSION of them, most recent first), minus B's own. The co-purchase count c_ij is the number of
 * transactions holding both i and j with at least one of them in B itself — so a pair spread over two
 * baskets is counted once, when the later basket is the anchor — and the support n_i is the number of
 * transactions holding i. Hence c_ij ≤ min(n_i, n_j), which keeps cosine and Jaccard in [0, 1]. With
 * `windowDays` = 0 this is plain same-basket co-occurrence.
 *
 * No n×n matrix is ever built: transactions are stored once (CSR), with an inverted index product →
 * transactions, and `CoPurchaseRows.row(i)` computes row i of the count matrix on demand (a dense
 * accumulator of length n plus the list of touched columns, reset after each row). Memory is
 * O(order lines + n); time is Σ_T |T|², a few million steps for a million order lines.
 */
import { basketsByCustomer, type IndexedBaskets } from './catalog';
import type { CoPurchaseNormalization } from './options';

/** Earlier products a basket pairs with, at most (a customer buying daily does not blow up the count). */
export const MAX_EXTENSION = 64;

/** A growable Int32Array. */
export class IntBuffer {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  /** The filled part (a view: no copy, so no extra external memory for the GC to account for). */
  toArray(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

export interface CoPurchaseIndex {
  n: number;
  /** Number of transactions (N in the lift). */
  transactions: number;
  /** n_i: transactions holding product i. */
  support: Int32Array;
  /** Transactions of ≥ 2 products: items from offsets[t] (core products first, `coreLength[t]` of them). */
  offsets: Int32Array;
  items: Int32Array;
  coreLength: Int32Array;
  /** Product i's entries `t·2 + (i in the core ? 1 : 0)`, from invOffsets[i] to invOffsets[i + 1]. */
  invOffsets: Int32Array;
  inv: Int32Array;
}

/** Transactions of the baskets not excluded (`exclude[b]` = 1 leaves basket b out entirely). */
export function buildCoPurchaseIndex(
  n: number,
  baskets: IndexedBaskets,
  windowDays: number,
  exclude?: Uint8Array,
): CoPurchaseIndex {
  const support = new Int32Array(n);
  const offsets = new IntBuffer(baskets.count + 1);
  const items = new IntBuffer(baskets.items.length * (windowDays > 0 ? 2 : 1));
  const coreLength = new IntBuffer(baskets.count);
  offsets.push(0);
  const stamp = new Int32Array(n).fill(-1);
  let transactions = 0;

  /** Emits basket b's transaction: its products, then its extension. */
  const emit = (b: number, ext: number[]) => {
    transactions++;
    const core = baskets.offsets[b + 1]! - baskets.offsets[b]!;
    for (let k = baskets.offsets[b]!; k < baskets.offsets[b + 1]!; k++) support[baskets.items[k]!]! += 1;
    for (const j of ext) support[j]! += 1;
    if (core + ext.length < 2) return;
    for (let k = baskets.offsets[b]!; k < baskets.offsets[b + 1]!; k++) items.push(baskets.items[k]!);
    for (const j of ext) items.push(j);
    coreLength.push(core);
    offsets.push(items.length);
  };

  const none: number[] = [];
  const ext: number[] = [];
  if (windowDays > 0) {
    const groups = basketsByCustomer(baskets);
    for (let c = 0; c < baskets.customers; c++) {
      const from = groups.starts[c]!;
      for (let t = from; t < groups.starts[c + 1]!; t++) {
        const b = groups.baskets[t]!;
        if (exclude?.[b]) continue;
        for (let k = baskets.offsets[b]!; k < baskets.offsets[b + 1]!; k++) stamp[baskets.items[k]!] = b;
        ext.length = 0;
        for (let s = t - 1; s >= from && ext.length < MAX_EXTENSION; s--) {
          const prev = groups.baskets[s]!;
          if (baskets.day[b]! - baskets.day[prev]! > windowDays) break;
          if (exclude?.[prev]) continue;
          for (let k = baskets.offsets[prev]!; k < baskets.offsets[prev + 1]!; k++) {
            const j = baskets.items[k]!;
            if (stamp[j] === b || ext.length >= MAX_EXTENSION) continue;
            stamp[j] = b;
            ext.push(j);
          }
        }
        emit(b, ext);
      }
    }
  }
  for (let b = 0; b < baskets.count; b++) {
    if (exclude?.[b] || (windowDays > 0 && baskets.customer[b]! >= 0)) continue;
    emit(b, none);
  }

  const off = offsets.toArray();
  const its = items.toArray();
  const core = coreLength.toArray();
  // Inverted index by counting sort.
  const invOffsets = new Int32Array(n + 1);
  for (const i of its) invOffsets[i + 1]! += 1;
  for (let i = 0; i < n; i++) invOffsets[i + 1]! += invOffsets[i]!;
  const fill = invOffsets.slice(0, n);
  const inv = new Int32Array(its.length);
  for (let t = 0; t < core.length; t++) {
    const start = off[t]!;
    const coreEnd = start + core[t]!;
    for (let k = start; k < off[t + 1]!; k++) {
      const i = its[k]!;
      inv[fill[i]!++] = t * 2 + (k < coreEnd ? 1 : 0);
    }
  }
  return {
    n,
    transactions,
    support,
    offsets: off,
    items: its,
    coreLength: core,
    invOffsets,
    inv,
  };
}

/** Rows of the co-purchase matrix one at a time, with a reusable dense accumulator. */
export class CoPurchaseRows {
  /** counts[j] = c_ij of the current row (0 elsewhere). */
  readonly counts: Int32Array;
  /** Columns with counts[j] > 0, in the first `size` entries (unordered). */
  readonly touched: Int32Array;
  size = 0;

  constructor(private readonly index: CoPurchaseIndex) {
    this.counts = new Int32Array(index.n);
    this.touched = new Int32Array(index.n);
  }

  /** Fills `counts` and `touched` with row i (clearing the previous row first); returns its non-zeros. */
  row(i: number): number {
    const { counts, touched } = this;
    for (let k = 0; k < this.size; k++) counts[touched[k]!] = 0;
    this.size = 0;
    const { offsets, items, coreLength, invOffsets, inv } = this.index;
    for (let e = invOffsets[i]!; e < invOffsets[i + 1]!; e++) {
      const entry = inv[e]!;
      const t = entry >> 1;
      const start = offsets[t]!;
      // i in the core pairs with the whole transaction; i in the extension only with the core.
      const end = entry & 1 ? offsets[t + 1]! : start + coreLength[t]!;
      for (let k = start; k < end; k++) {
        const j = items[k]!;
        if (j === i) continue;
        if (counts[j] === 0) touched[this.size++] = j;
        counts[j]! += 1;
      }
    }
    return this.size;
  }
}

/**
 * Bought-together score in [0, 1] of a co-purchase count: cosine c/√(n_i n_j); Jaccard c/(n_i + n_j − c);
 * lift L = c·N/(n_i n_j) mapped to 1 − 1/L (0 at independence, → 1 as L grows; ≤ 0 kept as 0).
 */
export function coPurchaseScore(
  normalization: CoPurchaseNormalization,
  c: number,
  ni: number,
  nj: number,
  transactions: number,
): number {
  switch (normalization) {
    case 'cosine':
      return Math.min(1, c / Math.sqrt(ni * nj));
    case 'jaccard':
      return Math.min(1, c / (ni + nj - c));
    case 'lift': {
      const lift = (c * transactions) / (ni * nj);
      return lift > 1 ? 1 - 1 / lift : 0;
    }
  }
}
