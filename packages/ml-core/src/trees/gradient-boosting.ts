import type { DenseMatrix } from '../linalg/matrix';
import type { Regressor } from '../models/regressor';
import { createRng } from '../random/prng';
import { binMatrix, checkMaxBins, DEFAULT_MAX_BINS } from './binning';
import { checkFraction, checkInteger, checkTargets, MAX_TREE_DEPTH } from './checks';
import { type GrownTree, TreeGrower } from './tree';
import {
  addTreePredictions,
  addTreePredictionsBinned,
  checkPredictInput,
  type RegressionTree,
  type TreeJSON,
  treeFromJSON,
  treeToJSON,
} from './tree-model';

/** Gradient boosting hyper-parameters (squared loss; names after XGBoost where they differ from scikit-learn). */
export interface GradientBoostingOptions {
  /** Most boosting rounds; early stopping usually ends sooner. */
  nEstimators: number;
  learningRate: number;
  maxDepth: number;
  /** Rows per leaf at least (with squared loss this is XGBoost's min_child_weight). */
  minSamplesLeaf: number;
  /** Share of the training rows each round fits on, drawn without replacement, in (0, 1]. */
  subsample: number;
  /** L2 penalty λ on leaf values (XGBoost's reg_lambda). */
  l2: number;
  maxBins: number;
  /**
   * Share of rows held out for early stopping, in [0, 1): the LAST rows, because rows are days in time
   * order and a random hold-out would leak the future into training. 0 trains all nEstimators rounds.
   */
  validationFraction: number;
  /** Stop after this many rounds without a lower validation loss and keep the best; 0 turns it off. */
  earlyStoppingRounds: number;
  seed: number;
}

export const GRADIENT_BOOSTING_DEFAULTS: Readonly<GradientBoostingOptions> = {
  nEstimators: 300,
  learningRate: 0.05,
  maxDepth: 4,
  minSamplesLeaf: 10,
  subsample: 1,
  l2: 1,
  maxBins: DEFAULT_MAX_BINS,
  validationFraction: 0.15,
  earlyStoppingRounds: 20,
  seed: 42,
};

/** Serialized gradient boosting model: prediction = baseScore + Σ tree values (learning rate included). */
export interface GradientBoostingJSON {
  kind: 'gradient_boosting';
  options: GradientBoostingOptions;
  nFeatures: number;
  baseScore: number;
  /** Rounds kept: the number of trees at the lowest validation loss (all rounds without validation). */
  bestIteration: number;
  /** Rounds trained before stopping (≥ bestIteration). */
  roundsTrained: number;
  trees: TreeJSON[];
}

interface BoostingFit {
  nFeatures: number;
  baseScore: number;
  bestIteration: number;
  roundsTrained: number;
  trees: RegressionTree[];
}

function checkOptions(o: GradientBoostingOptions): void {
  const m = 'gradient boosting';
  checkInteger(m, 'nEstimators', o.nEstimators, 1);
  if (!(o.learningRate > 0 && o.learningRate <= 1)) {
    throw new RangeError(`${m} learningRate must be a number in (0, 1], got ${o.learningRate}`);
  }
  checkInteger(m, 'maxDepth', o.maxDepth, 1, MAX_TREE_DEPTH);
  checkInteger(m, 'minSamplesLeaf', o.minSamplesLeaf, 1);
  checkFraction(m, 'subsample', o.subsample);
  if (!(o.l2 >= 0) || !Number.isFinite(o.l2))
    throw new RangeError(`${m} l2 must be a finite number ≥ 0, got ${o.l2}`);
  checkMaxBins(o.maxBins);
  checkFraction(m, 'validationFraction', o.validationFraction, true);
  checkInteger(m, 'earlyStoppingRounds', o.earlyStoppingRounds, 0);
  checkInteger(m, 'seed', o.seed, 0, 4294967295);
}

/**
 * Gradient boosted regression trees with squared loss, grown on histograms like XGBoost's `hist`:
 * start from the training mean, then each round fits a tree to the residuals with Newton leaf values
 * −G/(H+λ) = Σ residual / (rows + λ), shrunk by the learning rate. Early stopping watches the last rows.
 */
export class GradientBoostingRegressor implements Regressor {
  readonly options: Readonly<GradientBoostingOptions>;
  private fitted: BoostingFit | null = null;

  constructor(options: Partial<GradientBoostingOptions> = {}) {
    const resolved = { ...GRADIENT_BOOSTING_DEFAULTS, ...options };
    checkOptions(resolved);
    this.options = resolved;
  }

  fit(X: DenseMatrix, y: ArrayLike<number>): this {
    const o = this.options;
    const targets = checkTargets('gradient boosting', X, y);
    const n = X.rows;
    const validating = o.validationFraction > 0 && o.earlyStoppingRounds > 0;
    const nVal = validating ? Math.floor(n * o.validationFraction) : 0;
    const nTrain = n - nVal;
    if (nTrain < 2) throw new RangeError(`gradient boosting needs at least 2 training rows, got ${nTrain}`);
    // Binning all rows (no targets involved) lets validation rows be routed by their codes.
    const binned = binMatrix(X, o.maxBins);
    const grower = new TreeGrower(binned, {
      maxDepth: o.maxDepth,
      minSamplesSplit: 2 * o.minSamplesLeaf,
      minSamplesLeaf: o.minSamplesLeaf,
      maxFeatures: X.cols,
      minGain: 0,
      l2: o.l2,
    });
    let baseScore = 0;
    for (let i = 0; i < nTrain; i += 1) baseScore += targets[i]!;
    baseScore /= nTrain;

    const trainRows = new Uint32Array(nTrain);
    for (let i = 0; i < nTrain; i += 1) trainRows[i] = i;
    const valRows = new Uint32Array(nVal);
    for (let k = 0; k < nVal; k += 1) valRows[k] = nTrain + k;
    const trainPred = new Float64Array(nTrain).fill(baseScore);
    const valPred = new Float64Array(nVal).fill(baseScore);
    const residual = new Float64Array(nTrain);
    const leafOfRow = new Int32Array(n);
    const sampleSize = Math.max(1, Math.round(o.subsample * nTrain));
    const sample = new Uint32Array(sampleSize);
    const rng = createRng(o.seed);

    let bestLoss = validating ? squaredError(targets, nTrain, valPred) : Number.POSITIVE_INFINITY;
    let bestIteration = 0;
    const trees: RegressionTree[] = [];
    for (let round = 0; round < o.nEstimators; round += 1) {
      for (let i = 0; i < nTrain; i += 1) residual[i] = targets[i]! - trainPred[i]!;
      const subsampled = sampleSize < nTrain;
      if (subsampled) sampleSorted(rng, nTrain, sample);
      const tree = grower.grow(subsampled ? sample : trainRows, residual, undefined, rng, leafOfRow);
      shrink(tree, o.learningRate);
      if (subsampled) addTreePredictionsBinned(tree, binned, trainRows, trainPred);
      else for (let i = 0; i < nTrain; i += 1) trainPred[i]! += tree.value[leafOfRow[i]!]!;
      trees.push(strip(tree));
      if (!validating) {
        bestIteration = round + 1;
        continue;
      }
      addTreePredictionsBinned(tree, binned, valRows, valPred);
      const loss = squaredError(targets, nTrain, valPred);
      if (loss < bestLoss) {
        bestLoss = loss;
        bestIteration = round + 1;
      } else if (round + 1 - bestIteration >= o.earlyStoppingRounds) {
        break;
      }
    }
    this.fitted = {
      nFeatures: X.cols,
      baseScore,
      bestIteration,
      roundsTrained: trees.length,
      trees: trees.slice(0, bestIteration),
    };
    return this;
  }

  predict(X: DenseMatrix): Float64Array {
    const fit = this.requireFitted();
    checkPredictInput(X, fit.nFeatures);
    const out = new Float64Array(X.rows).fill(fit.baseScore);
    for (const tree of fit.trees) addTreePredictions(tree, X, out);
    return out;
  }

  /** Trees kept after early stopping. */
  get bestIteration(): number {
    return this.requireFitted().bestIteration;
  }

  /** Rounds trained before early stopping ended the fit. */
  get roundsTrained(): number {
    return this.requireFitted().roundsTrained;
  }

  toJSON(): GradientBoostingJSON {
    const fit = this.requireFitted();
    return {
      kind: 'gradient_boosting',
      options: { ...this.options },
      nFeatures: fit.nFeatures,
      baseScore: fit.baseScore,
      bestIteration: fit.bestIteration,
      roundsTrained: fit.roundsTrained,
      trees: fit.trees.map(treeToJSON),
    };
  }

  /** Rebuilds a fitted model from `toJSON()` output; it predicts exactly as the original. */
  static fromJSON(json: GradientBoostingJSON): GradientBoostingRegressor {
    if (json?.kind !== 'gradient_boosting') {
      throw new TypeError(`not a gradient boosting model: kind ${JSON.stringify(json?.kind)}`);
    }
    if (!Number.isInteger(json.nFeatures) || json.nFeatures < 1) {
      throw new TypeError(`gradient boosting JSON has an invalid nFeatures ${json.nFeatures}`);
    }
    if (!Number.isFinite(json.baseScore))
      throw new TypeError('gradient boosting JSON has a non-finite baseScore');
    if (!Array.isArray(json.trees) || json.trees.length !== json.bestIteration) {
      throw new TypeError('gradient boosting JSON does not hold bestIteration trees');
    }
    if (!Number.isInteger(json.roundsTrained) || json.roundsTrained < json.bestIteration) {
      throw new TypeError(`gradient boosting JSON has an invalid roundsTrained ${json.roundsTrained}`);
    }
    const model = new GradientBoostingRegressor(json.options);
    model.fitted = {
      nFeatures: json.nFeatures,
      baseScore: json.baseScore,
      bestIteration: json.bestIteration,
      roundsTrained: json.roundsTrained,
      trees: json.trees.map((t) => treeFromJSON(t, json.nFeatures)),
    };
    return model;
  }

  private requireFitted(): BoostingFit {
    if (!this.fitted) throw new Error('gradient boosting is not fitted yet: call fit(X, y) first');
    return this.fitted;
  }
}

/** Mean squared error of the validation predictions against targets[offset…]. */
function squaredError(targets: Float64Array, offset: number, predicted: Float64Array): number {
  let s = 0;
  for (let k = 0; k < predicted.length; k += 1) s += (targets[offset + k]! - predicted[k]!) ** 2;
  return s / predicted.length;
}

/** Fills `out` with a uniform random subset of 0…n−1 in ascending order (Knuth's selection sampling). */
function sampleSorted(rng: () => number, n: number, out: Uint32Array): void {
  let chosen = 0;
  for (let i = 0; i < n && chosen < out.length; i += 1) {
    if (rng() * (n - i) < out.length - chosen) out[chosen++] = i;
  }
}

function shrink(tree: GrownTree, rate: number): void {
  for (let k = 0; k < tree.value.length; k += 1) tree.value[k]! *= rate;
}

function strip(tree: RegressionTree): RegressionTree {
  const { feature, threshold, left, right, value } = tree;
  return { feature, threshold, left, right, value };
}
