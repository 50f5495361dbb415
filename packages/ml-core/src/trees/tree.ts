import { type BinnedMatrix, MAX_BINS_LIMIT } from './binning';
import {
  addRows1,
  addRows4,
  addRows8Unweighted,
  COUNT,
  type NodeRows,
  type NodeTotals,
  type SplitSearch,
  STRIDE,
  scanHistogram,
  scanRows,
  subtractHistogram,
  WEIGHT,
} from './histogram';
import type { RegressionTree } from './tree-model';

export type { RegressionTree } from './tree-model';

/** Hyper-parameters of one regression tree; the ensembles validate them before growing. */
export interface TreeParams {
  /** The root is depth 0; nodes at maxDepth are leaves. */
  maxDepth: number;
  /** Nodes with fewer rows (distinct rows, not bootstrap weight, as scikit-learn) become leaves. */
  minSamplesSplit: number;
  /** Each child of a split keeps at least this many rows. */
  minSamplesLeaf: number;
  /** How many features, drawn afresh at every node, compete for its split (1 to all columns). */
  maxFeatures: number;
  /** A split must reduce the (penalized) squared error by more than this. */
  minGain: number;
  /** L2 penalty λ on leaf values: value = Σ w·t / (Σ w + λ), the Newton step of squared loss. */
  l2: number;
}

/** A tree as grown on binned data: also keeps each split's bin, to route rows of the binned matrix. */
export interface GrownTree extends RegressionTree {
  /** A row goes left when its code for `feature` is ≤ `bin`. */
  readonly bin: Int32Array;
}

/**
 * Float noise guard: a node whose squared error is this small a share of Σ w·t² is pure, and a split
 * must gain more than that share, so identical targets never get split on rounding error.
 */
const RELATIVE_TOLERANCE = 1e-12;

/**
 * Nodes with more rows than this many times the mean bins per feature get full histograms (and pass
 * them on by subtraction); smaller ones scan their rows directly, because clearing, subtracting and
 * scanning mostly empty bins would cost more than the rows. Tuned on 20,000 and 100,000 rows × 20
 * features with 255 bins: 0.25 to 1 were alike, 2 clearly slower.
 */
const DENSE_ROWS_PER_BIN = 0.5;

/**
 * Grows regression trees on one binned matrix. Histogram based: a node's split comes from per-bin sums
 * of its rows; large nodes keep full histograms, and the larger child's is the parent's minus the smaller
 * child's, so each level reads about half its rows once per feature. Buffers live as long as the grower,
 * so growing many trees (a forest, boosting rounds) allocates little more than the finished trees.
 */
export class TreeGrower {
  private readonly params: TreeParams;
  private readonly p: number;
  private readonly nBins: Int32Array;
  private readonly thresholds: readonly Float64Array[];
  /** Where feature j's bins start in a histogram, in doubles. */
  private readonly offsets: Int32Array;
  private readonly histSize: number;
  private readonly pool: Float64Array[] = [];
  /**
   * Rows of the sample, each node a contiguous range kept ascending (so codes and targets are read in
   * order); weighted targets and weights (w = 1 when unweighted) by row id.
   */
  private readonly data: NodeRows;
  private readonly spareRows: Uint32Array;
  /** The features drawn for the current node come first. */
  private readonly features: Int32Array;
  private readonly allFeatures: Int32Array;
  /** Nodes with more rows use full histograms; Infinity when few features are drawn per node. */
  private readonly denseMinRows: number;
  private readonly scratch = new Float64Array(MAX_BINS_LIMIT * STRIDE);
  private readonly used = new Int32Array(MAX_BINS_LIMIT / 32);
  private readonly best: SplitSearch = { score: 0, feature: -1, bin: -1 };
  private readonly totals: NodeTotals;

  private rng: () => number = () => 0;
  private leafOfRow: Int32Array | undefined;
  private size = 0;
  private nodeFeature = new Int32Array(0);
  private nodeBin = new Int32Array(0);
  private nodeLeft = new Int32Array(0);
  private nodeRight = new Int32Array(0);
  private nodeValue = new Float64Array(0);
  // Results of partition and childHistograms, in fields to avoid allocating per node.
  private leftSum = 0;
  private leftWeight = 0;
  private leftSquares = 0;
  private rightSum = 0;
  private rightWeight = 0;
  private rightSquares = 0;
  private leftHist: Float64Array | null = null;
  private rightHist: Float64Array | null = null;

  constructor(binned: BinnedMatrix, params: TreeParams) {
    const n = binned.rows;
    this.p = binned.cols;
    this.nBins = binned.nBins;
    this.thresholds = binned.thresholds;
    this.params = params;
    this.offsets = new Int32Array(this.p);
    let size = 0;
    for (let j = 0; j < this.p; j += 1) {
      this.offsets[j] = size;
      size += binned.nBins[j]! * STRIDE;
    }
    this.histSize = size;
    this.data = {
      codes: binned.codes,
      n,
      rows: new Uint32Array(n),
      wt: new Float64Array(n),
      w: new Float64Array(n),
      weighted: false,
    };
    this.spareRows = new Uint32Array(n);
    this.features = new Int32Array(this.p);
    for (let j = 0; j < this.p; j += 1) this.features[j] = j;
    this.allFeatures = this.features.slice();
    // Subtraction needs every feature's histogram: building the smaller child's for all features (several
    // per pass) still beats scanning both children's drawn features one by one unless under ~¼ are drawn.
    this.denseMinRows =
      params.maxFeatures * 4 > this.p ? (DENSE_ROWS_PER_BIN * size) / STRIDE / Math.max(1, this.p) : Infinity;
    this.totals = {
      count: 0,
      sum: 0,
      weight: 0,
      l2: params.l2,
      minSamplesLeaf: params.minSamplesLeaf,
      weightSlot: COUNT,
    };
  }

  /**
   * Grows one tree on the rows listed in `sample` (ascending order reads codes sequentially) fitting
   * `targets`, optionally weighted (weights must be > 0 on the sampled rows; bootstrap counts, hessians).
   * When given, `leafOfRow[row]` receives the leaf of every sampled row, so boosting can update its
   * training predictions without walking the tree again.
   */
  grow(
    sample: Uint32Array,
    targets: Float64Array,
    weights: Float64Array | undefined,
    rng: () => number,
    leafOfRow?: Int32Array,
  ): GrownTree {
    const { rows, wt, w, n } = this.data;
    const m = sample.length;
    if (m === 0) throw new RangeError('cannot grow a tree on zero rows');
    if (m > n) throw new RangeError(`sample has ${m} rows, the binned matrix ${n}`);
    this.rng = rng;
    this.leafOfRow = leafOfRow;
    this.data.weighted = weights !== undefined;
    this.totals.weightSlot = weights === undefined ? COUNT : WEIGHT;
    this.features.set(this.allFeatures); // each tree's draws depend only on its own generator
    this.size = 0;
    let sum = 0;
    let weight = 0;
    let squares = 0;
    for (let k = 0; k < m; k += 1) {
      const r = sample[k]!;
      if (r >= n) throw new RangeError(`sample row ${r} is outside the ${n} binned rows`);
      const t = targets[r]!;
      const ww = weights === undefined ? 1 : weights[r]!;
      rows[k] = r;
      wt[r] = ww * t;
      w[r] = ww;
      sum += ww * t;
      weight += ww;
      squares += ww * t * t;
    }
    let hist: Float64Array | null = null;
    if (m > this.denseMinRows && this.canSplit(m, 0, sum, weight, squares)) {
      hist = this.acquire();
      this.build(hist, 0, m);
    }
    this.node(0, m, 0, sum, weight, squares, hist);
    return {
      feature: this.nodeFeature.slice(0, this.size),
      threshold: this.thresholdsOfNodes(),
      left: this.nodeLeft.slice(0, this.size),
      right: this.nodeRight.slice(0, this.size),
      value: this.nodeValue.slice(0, this.size),
      bin: this.nodeBin.slice(0, this.size),
    };
  }

  private canSplit(count: number, depth: number, sum: number, weight: number, squares: number): boolean {
    const { maxDepth, minSamplesSplit, minSamplesLeaf } = this.params;
    if (depth >= maxDepth || count < minSamplesSplit || count < 2 * minSamplesLeaf) return false;
    return squares - (sum * sum) / weight > RELATIVE_TOLERANCE * squares;
  }

  /** Grows the subtree of rows[start, end); `hist` is its full histogram if it is a dense node. */
  private node(
    start: number,
    end: number,
    depth: number,
    sum: number,
    weight: number,
    squares: number,
    hist: Float64Array | null,
  ): number {
    const id = this.allocate();
    const { l2, minGain } = this.params;
    this.nodeValue[id] = sum / (weight + l2);
    const count = end - start;
    if (!this.canSplit(count, depth, sum, weight, squares)) return this.leaf(id, start, end, hist);

    const drawn = this.drawFeatures();
    const { best, totals, features } = this;
    totals.count = count;
    totals.sum = sum;
    totals.weight = weight;
    best.score = (sum * sum) / (weight + l2) + Math.max(minGain, RELATIVE_TOLERANCE * squares);
    best.feature = -1;
    for (let q = 0; q < drawn; q += 1) {
      const f = features[q]!;
      if (hist !== null) scanHistogram(hist, this.offsets[f]!, this.nBins[f]!, f, totals, best);
      else scanRows(this.data, start, end, f, totals, this.scratch, this.used, best);
    }
    if (best.feature < 0) return this.leaf(id, start, end, hist);

    const feature = best.feature;
    const bin = best.bin;
    const mid = this.partition(start, end, feature, bin);
    const ls = this.leftSum;
    const lw = this.leftWeight;
    const lq = this.leftSquares;
    const rs = this.rightSum;
    const rw = this.rightWeight;
    const rq = this.rightSquares;
    let leftHist: Float64Array | null = null;
    let rightHist: Float64Array | null = null;
    if (hist !== null) {
      const denseLeft = mid - start > this.denseMinRows && this.canSplit(mid - start, depth + 1, ls, lw, lq);
      const denseRight = end - mid > this.denseMinRows && this.canSplit(end - mid, depth + 1, rs, rw, rq);
      this.childHistograms(hist, start, mid, end, denseLeft, denseRight);
      leftHist = this.leftHist;
      rightHist = this.rightHist;
    }
    this.nodeFeature[id] = feature;
    this.nodeBin[id] = bin;
    const left = this.node(start, mid, depth + 1, ls, lw, lq, leftHist);
    const right = this.node(mid, end, depth + 1, rs, rw, rq, rightHist);
    this.nodeLeft[id] = left;
    this.nodeRight[id] = right;
    return id;
  }

  private leaf(id: number, start: number, end: number, hist: Float64Array | null): number {
    if (hist !== null) this.release(hist);
    const leafOfRow = this.leafOfRow;
    const rows = this.data.rows;
    if (leafOfRow !== undefined) for (let k = start; k < end; k += 1) leafOfRow[rows[k]!] = id;
    return id;
  }

  /**
   * Full histograms for the children that want them (into leftHist/rightHist), reusing the parent's
   * buffer: the smaller side is built from its rows and the larger is parent − smaller, unless only one
   * side is wanted and building it directly reads fewer values.
   */
  private childHistograms(
    parent: Float64Array,
    start: number,
    mid: number,
    end: number,
    wantLeft: boolean,
    wantRight: boolean,
  ): void {
    this.leftHist = null;
    this.rightHist = null;
    if (!wantLeft && !wantRight) {
      this.release(parent);
      return;
    }
    const leftSmaller = mid - start <= end - mid;
    const smallStart = leftSmaller ? start : mid;
    const smallEnd = leftSmaller ? mid : end;
    const largeStart = leftSmaller ? mid : start;
    const largeEnd = leftSmaller ? end : mid;
    const wantSmall = leftSmaller ? wantLeft : wantRight;
    const wantLarge = leftSmaller ? wantRight : wantLeft;
    let small: Float64Array | null = null;
    let large: Float64Array | null = null;
    if (wantSmall && wantLarge) {
      small = this.acquire();
      this.build(small, smallStart, smallEnd);
      subtractHistogram(parent, small);
      large = parent;
    } else if (wantSmall) {
      this.build(parent, smallStart, smallEnd);
      small = parent;
    } else if ((largeEnd - largeStart - (smallEnd - smallStart)) * this.p < this.histSize) {
      this.build(parent, largeStart, largeEnd);
      large = parent;
    } else {
      const scratch = this.acquire();
      this.build(scratch, smallStart, smallEnd);
      subtractHistogram(parent, scratch);
      this.release(scratch);
      large = parent;
    }
    this.leftHist = leftSmaller ? small : large;
    this.rightHist = leftSmaller ? large : small;
  }

  /** Puts a fresh random choice of maxFeatures features first in `features`; returns how many. */
  private drawFeatures(): number {
    const k = this.params.maxFeatures;
    const p = this.p;
    if (k >= p) return p;
    const f = this.features;
    for (let q = 0; q < k; q += 1) {
      const r = q + Math.floor(this.rng() * (p - q));
      const tmp = f[q]!;
      f[q] = f[r]!;
      f[r] = tmp;
    }
    return k;
  }

  /** The full histogram of rows[start, end), eight (unweighted) or four features per pass over the rows. */
  private build(hist: Float64Array, start: number, end: number): void {
    hist.fill(0);
    const all = this.allFeatures;
    let q = 0;
    if (!this.data.weighted)
      for (; q + 8 <= this.p; q += 8) addRows8Unweighted(hist, this.data, start, end, all, q, this.offsets);
    for (; q + 4 <= this.p; q += 4) addRows4(hist, this.data, start, end, all, q, this.offsets);
    for (; q < this.p; q += 1) addRows1(hist, this.data, start, end, q, this.offsets[q]!);
  }

  /**
   * Stable in-place partition of rows[start, end) on code ≤ bin (the right side goes through a spare
   * buffer; stability keeps rows ascending), summing each side's targets exactly instead of differencing
   * the parent's; returns the first right position.
   */
  private partition(start: number, end: number, feature: number, bin: number): number {
    const { codes, rows, wt, w } = this.data;
    const spare = this.spareRows;
    const col = feature * this.data.n;
    let l = start;
    let s = 0;
    let ls = 0;
    let lw = 0;
    let lq = 0;
    let rs = 0;
    let rw = 0;
    let rq = 0;
    // Branch-free: which side a row goes is a coin flip the CPU cannot predict, so every row is written to
    // both sides and only the chosen side's cursor advances.
    for (let k = start; k < end; k += 1) {
      const r = rows[k]!;
      const a = wt[r]!;
      const ww = w[r]!;
      const right = (bin - codes[col + r]!) >>> 31; // 1 when code > bin
      const left = 1 - right;
      rows[l] = r;
      spare[s] = r;
      l += left;
      s += right;
      const al = left * a;
      const wl = left * ww;
      const sq = (a * a) / ww;
      const ql = left * sq;
      ls += al;
      rs += a - al;
      lw += wl;
      rw += ww - wl;
      lq += ql;
      rq += sq - ql;
    }
    rows.set(spare.subarray(0, s), l);
    this.leftSum = ls;
    this.leftWeight = lw;
    this.leftSquares = lq;
    this.rightSum = rs;
    this.rightWeight = rw;
    this.rightSquares = rq;
    return l;
  }

  private acquire(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.histSize);
  }

  private release(hist: Float64Array): void {
    this.pool.push(hist);
  }

  private allocate(): number {
    const id = this.size;
    if (id === this.nodeFeature.length) {
      const capacity = Math.max(64, id * 2);
      this.nodeFeature = enlarge(this.nodeFeature, capacity);
      this.nodeBin = enlarge(this.nodeBin, capacity);
      this.nodeLeft = enlarge(this.nodeLeft, capacity);
      this.nodeRight = enlarge(this.nodeRight, capacity);
      this.nodeValue = enlarge(this.nodeValue, capacity);
    }
    this.nodeFeature[id] = -1;
    this.nodeBin[id] = -1;
    this.nodeLeft[id] = -1;
    this.nodeRight[id] = -1;
    this.size = id + 1;
    return id;
  }

  private thresholdsOfNodes(): Float64Array {
    const out = new Float64Array(this.size);
    for (let id = 0; id < this.size; id += 1) {
      const f = this.nodeFeature[id]!;
      if (f >= 0) out[id] = this.thresholds[f]![this.nodeBin[id]!]!;
    }
    return out;
  }
}

function enlarge<T extends Int32Array | Float64Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}
