import type { DenseMatrix } from '../linalg/matrix';
import type { BinnedMatrix } from './binning';

/**
 * A fitted regression tree as flat arrays indexed by node (root 0, children after their parent): no
 * objects per node, so prediction is a tight loop and the tree serializes as five number arrays.
 */
export interface RegressionTree {
  /** Split feature, −1 at leaves. */
  readonly feature: Int32Array;
  /** A row goes left when x[feature] ≤ threshold (raw units); 0 at leaves. */
  readonly threshold: Float64Array;
  /** Child node ids, −1 at leaves. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** The prediction of a leaf (internal nodes keep their own mean, handy for inspection). */
  readonly value: Float64Array;
}

/** JSON form of a tree: the same arrays as plain numbers. */
export interface TreeJSON {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** Throws RangeError unless X has `cols` columns of finite values (NaN would silently go right). */
export function checkPredictInput(X: DenseMatrix, cols: number): void {
  if (X.cols !== cols) throw new RangeError(`model was fitted on ${cols} features, X has ${X.cols}`);
  const data = X.data;
  for (let k = 0; k < data.length; k += 1) {
    if (!Number.isFinite(data[k])) {
      throw new RangeError(`X holds a non-finite value at row ${Math.floor(k / cols)}, column ${k % cols}`);
    }
  }
}

/** Adds the tree's prediction for every row of X to `out`. */
export function addTreePredictions(tree: RegressionTree, X: DenseMatrix, out: Float64Array): void {
  const { feature, threshold, left, right, value } = tree;
  const { rows, cols, data } = X;
  for (let i = 0; i < rows; i += 1) {
    const base = i * cols;
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      node = data[base + f]! <= threshold[node]! ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    out[i]! += value[node]!;
  }
}

/**
 * Adds the tree's prediction for rows[k] of the binned matrix it was grown on to out[k], routing by bin
 * codes: the same answer as on raw values, without a second copy of the data.
 */
export function addTreePredictionsBinned(
  tree: RegressionTree & { readonly bin: Int32Array },
  binned: BinnedMatrix,
  rows: Uint32Array,
  out: Float64Array,
): void {
  const { feature, bin, left, right, value } = tree;
  const { codes, rows: n } = binned;
  for (let k = 0; k < rows.length; k += 1) {
    const r = rows[k]!;
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      node = codes[f * n + r]! <= bin[node]! ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    out[k]! += value[node]!;
  }
}

export function treeToJSON(tree: RegressionTree): TreeJSON {
  return {
    feature: Array.from(tree.feature),
    threshold: Array.from(tree.threshold),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    value: Array.from(tree.value),
  };
}

/**
 * Rebuilds a tree from JSON, checking it is well formed: children come after their parent (so walking
 * it always ends at a leaf), features exist, numbers are finite.
 */
export function treeFromJSON(json: TreeJSON, nFeatures: number): RegressionTree {
  const size = json?.feature?.length;
  if (!size) throw new TypeError('tree JSON has no nodes');
  for (const key of ['threshold', 'left', 'right', 'value'] as const) {
    if (json[key]?.length !== size) throw new TypeError(`tree JSON ${key} does not have ${size} entries`);
  }
  for (let id = 0; id < size; id += 1) {
    const f = json.feature[id]!;
    const l = json.left[id]!;
    const r = json.right[id]!;
    if (!Number.isFinite(json.value[id]) || !Number.isFinite(json.threshold[id])) {
      throw new TypeError(`tree JSON node ${id} holds a non-finite number`);
    }
    if (f === -1) {
      if (l !== -1 || r !== -1) throw new TypeError(`tree JSON leaf ${id} has children`);
      continue;
    }
    if (!Number.isInteger(f) || f < 0 || f >= nFeatures) {
      throw new TypeError(`tree JSON node ${id} splits on feature ${f}, the model has ${nFeatures}`);
    }
    for (const child of [l, r]) {
      if (!Number.isInteger(child) || child <= id || child >= size) {
        throw new TypeError(`tree JSON node ${id} has an invalid child ${child}`);
      }
    }
  }
  return {
    feature: Int32Array.from(json.feature),
    threshold: Float64Array.from(json.threshold),
    left: Int32Array.from(json.left),
    right: Int32Array.from(json.right),
    value: Float64Array.from(json.value),
  };
}
