import type { DenseMatrix } from '../linalg/matrix';
import type { Regressor } from '../models/regressor';
import { createRng } from '../random/prng';
import { binMatrix, checkMaxBins, DEFAULT_MAX_BINS } from './binning';
import { checkFraction, checkInteger, checkTargets, childSeed, MAX_TREE_DEPTH } from './checks';
import { TreeGrower } from './tree';
import {
  addTreePredictions,
  addTreePredictionsBinned,
  checkPredictInput,
  type RegressionTree,
  type TreeJSON,
  treeFromJSON,
  treeToJSON,
} from './tree-model';

/** Random forest hyper-parameters (names after scikit-learn's RandomForestRegressor). */
export interface RandomForestOptions {
  nEstimators: number;
  maxDepth: number;
  /** Nodes with fewer distinct rows become leaves. */
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Share of the features drawn at every node, in (0, 1]; 1 (scikit-learn's regressor default) uses all. */
  maxFeatures: number;
  /** Each tree sees n rows drawn with replacement (as per-row counts); else every tree sees all rows. */
  bootstrap: boolean;
  /** Histogram bins per feature, 2 to 256. */
  maxBins: number;
  seed: number;
}

/** The guide's settings: 100 trees, depth 10, min samples split 5. */
export const RANDOM_FOREST_DEFAULTS: Readonly<RandomForestOptions> = {
  nEstimators: 100,
  maxDepth: 10,
  minSamplesSplit: 5,
  minSamplesLeaf: 1,
  maxFeatures: 1,
  bootstrap: true,
  maxBins: DEFAULT_MAX_BINS,
  seed: 42,
};

/** Serialized random forest: the prediction is the mean of the trees' leaf values. */
export interface RandomForestJSON {
  kind: 'random_forest';
  options: RandomForestOptions;
  nFeatures: number;
  trees: TreeJSON[];
}

interface ForestFit {
  nFeatures: number;
  trees: RegressionTree[];
}

function checkOptions(o: RandomForestOptions): void {
  const m = 'random forest';
  checkInteger(m, 'nEstimators', o.nEstimators, 1);
  checkInteger(m, 'maxDepth', o.maxDepth, 1, MAX_TREE_DEPTH);
  checkInteger(m, 'minSamplesSplit', o.minSamplesSplit, 2);
  checkInteger(m, 'minSamplesLeaf', o.minSamplesLeaf, 1);
  checkFraction(m, 'maxFeatures', o.maxFeatures);
  if (typeof o.bootstrap !== 'boolean') throw new RangeError(`${m} bootstrap must be a boolean`);
  checkMaxBins(o.maxBins);
  checkInteger(m, 'seed', o.seed, 0, 4294967295);
}

/**
 * Bagged regression trees grown on histograms (one binning of X shared by all trees). Bootstrap samples
 * are per-row counts used as weights, so no rows are copied. Single-threaded and deterministic for a seed.
 */
export class RandomForestRegressor implements Regressor {
  readonly options: Readonly<RandomForestOptions>;
  private fitted: ForestFit | null = null;
  private oob: Float64Array | null = null;

  constructor(options: Partial<RandomForestOptions> = {}) {
    const resolved = { ...RANDOM_FOREST_DEFAULTS, ...options };
    checkOptions(resolved);
    this.options = resolved;
  }

  fit(X: DenseMatrix, y: ArrayLike<number>): this {
    const o = this.options;
    const targets = checkTargets('random forest', X, y);
    const n = X.rows;
    const binned = binMatrix(X, o.maxBins);
    const grower = new TreeGrower(binned, {
      maxDepth: o.maxDepth,
      minSamplesSplit: o.minSamplesSplit,
      minSamplesLeaf: o.minSamplesLeaf,
      maxFeatures: Math.max(1, Math.floor(o.maxFeatures * X.cols)),
      minGain: 0,
      l2: 0,
    });
    const rng = createRng(o.seed);
    const counts = new Float64Array(n);
    const inBag = new Uint32Array(n);
    const outOfBag = new Uint32Array(n);
    const oobSum = new Float64Array(n);
    const oobTrees = new Float64Array(n);
    const oobOut = new Float64Array(n);
    const trees: RegressionTree[] = [];
    for (let t = 0; t < o.nEstimators; t += 1) {
      const treeRng = createRng(childSeed(rng));
      if (!o.bootstrap) {
        for (let i = 0; i < n; i += 1) inBag[i] = i;
        trees.push(strip(grower.grow(inBag, targets, undefined, treeRng)));
        continue;
      }
      counts.fill(0);
      for (let i = 0; i < n; i += 1) counts[Math.floor(treeRng() * n)]! += 1;
      let m = 0;
      let q = 0;
      for (let i = 0; i < n; i += 1) {
        if (counts[i]! > 0) inBag[m++] = i;
        else outOfBag[q++] = i;
      }
      const tree = grower.grow(inBag.subarray(0, m), targets, counts, treeRng);
      trees.push(strip(tree));
      const oobRows = outOfBag.subarray(0, q);
      oobOut.fill(0, 0, q);
      addTreePredictionsBinned(tree, binned, oobRows, oobOut);
      for (let k = 0; k < q; k += 1) {
        oobSum[oobRows[k]!]! += oobOut[k]!;
        oobTrees[oobRows[k]!]! += 1;
      }
    }
    this.fitted = { nFeatures: X.cols, trees };
    this.oob = o.bootstrap ? oobSum.map((s, i) => (oobTrees[i]! > 0 ? s / oobTrees[i]! : Number.NaN)) : null;
    return this;
  }

  predict(X: DenseMatrix): Float64Array {
    const fit = this.requireFitted();
    checkPredictInput(X, fit.nFeatures);
    const out = new Float64Array(X.rows);
    for (const tree of fit.trees) addTreePredictions(tree, X, out);
    const k = fit.trees.length;
    for (let i = 0; i < out.length; i += 1) out[i]! /= k;
    return out;
  }

  /**
   * Out-of-bag prediction per training row of the last fit: the mean over the trees whose bootstrap left
   * the row out (NaN if none did; null without bootstrap or after fromJSON). An honest error estimate
   * without a hold-out, but rows are drawn independently, so for time series prefer a later hold-out.
   */
  get oobPredictions(): Float64Array | null {
    return this.oob;
  }

  toJSON(): RandomForestJSON {
    const fit = this.requireFitted();
    return {
      kind: 'random_forest',
      options: { ...this.options },
      nFeatures: fit.nFeatures,
      trees: fit.trees.map(treeToJSON),
    };
  }

  /** Rebuilds a fitted forest from `toJSON()` output; it predicts exactly as the original. */
  static fromJSON(json: RandomForestJSON): RandomForestRegressor {
    if (json?.kind !== 'random_forest') {
      throw new TypeError(`not a random forest: kind ${JSON.stringify(json?.kind)}`);
    }
    if (!Number.isInteger(json.nFeatures) || json.nFeatures < 1) {
      throw new TypeError(`random forest JSON has an invalid nFeatures ${json.nFeatures}`);
    }
    if (!Array.isArray(json.trees) || json.trees.length === 0)
      throw new TypeError('random forest JSON has no trees');
    const model = new RandomForestRegressor(json.options);
    model.fitted = {
      nFeatures: json.nFeatures,
      trees: json.trees.map((t) => treeFromJSON(t, json.nFeatures)),
    };
    return model;
  }

  private requireFitted(): ForestFit {
    if (!this.fitted) throw new Error('random forest is not fitted yet: call fit(X, y) first');
    return this.fitted;
  }
}

/** Drops the grower's bin array: predictions on raw data only need the raw thresholds. */
function strip(tree: RegressionTree): RegressionTree {
  const { feature, threshold, left, right, value } = tree;
  return { feature, threshold, left, right, value };
}
