import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../linalg/matrix';
import { createRng } from '../random/prng';
import { binMatrix } from './binning';
import { friedman1 } from './friedman';
import { TreeGrower, type TreeParams } from './tree';
import {
  addTreePredictions,
  addTreePredictionsBinned,
  type RegressionTree,
  treeFromJSON,
  treeToJSON,
} from './tree-model';

const PARAMS: TreeParams = {
  maxDepth: 10,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: Number.MAX_SAFE_INTEGER,
  minGain: 0,
  l2: 0,
};

function allRows(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}

function predict(tree: RegressionTree, X: ReturnType<typeof denseMatrix>): Float64Array {
  const out = new Float64Array(X.rows);
  addTreePredictions(tree, X, out);
  return out;
}

/** y is a step function of feature 1; feature 0 is noise. */
function stepProblem(n: number) {
  const rng = createRng(11);
  const X = denseMatrix(n, 2);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const x = i % 100;
    X.data[i * 2] = rng();
    X.data[i * 2 + 1] = x;
    y[i] = x < 30 ? 1.5 : x < 70 ? 5.25 : -2;
  }
  return { X, y };
}

describe('TreeGrower', () => {
  it('recovers a step function exactly, with raw thresholds halfway between the steps', () => {
    const { X, y } = stepProblem(1000);
    const binned = binMatrix(X);
    const tree = new TreeGrower(binned, PARAMS).grow(allRows(X.rows), y, undefined, createRng(1));
    const internal = Array.from(tree.feature.keys()).filter((id) => tree.feature[id]! >= 0);
    expect(internal).toHaveLength(2); // pure leaves are not split further
    expect(internal.map((id) => tree.feature[id])).toEqual([1, 1]);
    expect(internal.map((id) => tree.threshold[id]!).sort((a, b) => a - b)).toEqual([29.5, 69.5]);
    expect(Array.from(predict(tree, X))).toEqual(Array.from(y));
    const unseen = denseMatrix(3, 2, Float64Array.from([0.5, 29.4, 0.5, 29.6, 0.5, 1e6]));
    expect(Array.from(predict(tree, unseen))).toEqual([1.5, 5.25, -2]);
  });

  it('treats weights as repeated rows', () => {
    // 200 rows: every value gets its own bin, so binning the repeated rows gives the same cuts.
    const { X, y } = friedman1(200, 6, 1, 2);
    const counts = Float64Array.from({ length: X.rows }, (_, i) => 1 + (i % 3));
    const repeated: number[] = [];
    for (let i = 0; i < X.rows; i += 1) for (let c = 0; c < counts[i]!; c += 1) repeated.push(i);
    const Xr = denseMatrix(repeated.length, X.cols);
    repeated.forEach((i, k) => {
      Xr.data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), k * X.cols);
    });
    const yr = Float64Array.from(repeated, (i) => y[i]!);
    const params = { ...PARAMS, maxDepth: 4, minSamplesSplit: 2 };
    const weighted = new TreeGrower(binMatrix(X), params).grow(allRows(X.rows), y, counts, createRng(1));
    const copied = new TreeGrower(binMatrix(Xr), params).grow(allRows(Xr.rows), yr, undefined, createRng(1));
    // Structure may differ where two features cut the same rows (a tie broken by rounding); predictions on
    // the training rows may not.
    expect(weighted.feature.length).toBe(copied.feature.length);
    const a = predict(weighted, X);
    const b = predict(copied, X);
    for (let i = 0; i < X.rows; i += 1) expect(a[i]!).toBeCloseTo(b[i]!, 9);
  });

  it('respects maxDepth, minSamplesLeaf and minSamplesSplit', () => {
    const { X, y } = friedman1(2000, 8, 1, 3);
    const binned = binMatrix(X);
    const params = { ...PARAMS, maxDepth: 5, minSamplesLeaf: 40, minSamplesSplit: 100 };
    const leafOfRow = new Int32Array(X.rows).fill(-1);
    const tree = new TreeGrower(binned, params).grow(allRows(X.rows), y, undefined, createRng(1), leafOfRow);
    const depth = new Int32Array(tree.feature.length);
    const rowsPerNode = new Int32Array(tree.feature.length);
    for (const leaf of leafOfRow) rowsPerNode[leaf]! += 1;
    for (let id = tree.feature.length - 1; id >= 0; id -= 1) {
      if (tree.feature[id]! < 0) continue;
      rowsPerNode[id] = rowsPerNode[tree.left[id]!]! + rowsPerNode[tree.right[id]!]!;
      depth[tree.left[id]!] = depth[id]! + 1;
      depth[tree.right[id]!] = depth[id]! + 1;
    }
    for (let id = 0; id < tree.feature.length; id += 1) {
      expect(depth[id]).toBeLessThanOrEqual(5);
      if (tree.feature[id]! < 0) expect(rowsPerNode[id]).toBeGreaterThanOrEqual(40);
      else expect(rowsPerNode[id]).toBeGreaterThanOrEqual(100);
    }
    // depth is computed top-down in node order: children always come after their parent
    for (let id = 0; id < tree.feature.length; id += 1) {
      if (tree.feature[id]! >= 0) expect(Math.min(tree.left[id]!, tree.right[id]!)).toBeGreaterThan(id);
    }
  });

  it('reports each sampled row leaf, agreeing with routing by codes and by raw values', () => {
    const { X, y } = friedman1(1500, 10, 1, 4);
    const binned = binMatrix(X, 64);
    const leafOfRow = new Int32Array(X.rows);
    const rows = allRows(X.rows);
    const tree = new TreeGrower(binned, { ...PARAMS, maxDepth: 7 }).grow(
      rows,
      y,
      undefined,
      createRng(1),
      leafOfRow,
    );
    const byLeaf = Float64Array.from(leafOfRow, (leaf) => tree.value[leaf]!);
    const byCodes = new Float64Array(X.rows);
    addTreePredictionsBinned(tree, binned, rows, byCodes);
    expect(Array.from(byCodes)).toEqual(Array.from(byLeaf));
    expect(Array.from(predict(tree, X))).toEqual(Array.from(byLeaf));
  });

  it('draws features per node from the seed when maxFeatures is below the column count', () => {
    const { X, y } = friedman1(800, 10, 1, 5);
    const binned = binMatrix(X);
    const grower = new TreeGrower(binned, { ...PARAMS, maxDepth: 6, maxFeatures: 3 });
    const a = grower.grow(allRows(X.rows), y, undefined, createRng(7));
    const b = grower.grow(allRows(X.rows), y, undefined, createRng(7));
    const c = grower.grow(allRows(X.rows), y, undefined, createRng(8));
    expect(treeToJSON(a)).toEqual(treeToJSON(b));
    expect(treeToJSON(a)).not.toEqual(treeToJSON(c));
  });

  it('grows the same tree with full histograms and with row scans', () => {
    const { X, y } = friedman1(3000, 6, 1, 6);
    const binned = binMatrix(X);
    const rows = allRows(X.rows);
    const counts = Float64Array.from({ length: X.rows }, (_, i) => 1 + (i % 4));
    // Large nodes normally get full histograms (passed on by subtraction); forcing row scans everywhere
    // must pick the same splits, with and without weights and a per-node feature draw.
    for (const [maxFeatures, weights] of [
      [6, undefined],
      [4, counts],
    ] as const) {
      const params = { ...PARAMS, maxDepth: 8, maxFeatures };
      const viaHistograms = new TreeGrower(binned, params).grow(rows, y, weights, createRng(1));
      const scanning = new TreeGrower(binned, params);
      Object.defineProperty(scanning, 'denseMinRows', { value: Number.POSITIVE_INFINITY });
      const viaScans = scanning.grow(rows, y, weights, createRng(1));
      expect(viaHistograms.feature.length).toBeGreaterThan(100);
      expect(Array.from(viaScans.feature)).toEqual(Array.from(viaHistograms.feature));
      expect(Array.from(viaScans.threshold)).toEqual(Array.from(viaHistograms.threshold));
      for (let id = 0; id < viaHistograms.value.length; id += 1) {
        expect(viaScans.value[id]!).toBeCloseTo(viaHistograms.value[id]!, 9);
      }
    }
  });

  it('makes a single leaf holding the mean when nothing can be split', () => {
    const X = denseMatrix(4, 1, Float64Array.from([1, 1, 1, 1]));
    const y = Float64Array.from([1, 2, 3, 6]);
    const tree = new TreeGrower(binMatrix(X), PARAMS).grow(allRows(4), y, undefined, createRng(1));
    expect(Array.from(tree.feature)).toEqual([-1]);
    expect(tree.value[0]).toBe(3);
  });

  it('shrinks leaf values by the L2 penalty: Σt / (n + λ)', () => {
    const X = denseMatrix(4, 1, Float64Array.from([1, 1, 1, 1]));
    const y = Float64Array.from([1, 2, 3, 6]);
    const tree = new TreeGrower(binMatrix(X), { ...PARAMS, l2: 4 }).grow(
      allRows(4),
      y,
      undefined,
      createRng(1),
    );
    expect(tree.value[0]).toBe(12 / 8);
  });
});

describe('tree JSON', () => {
  it('round-trips and rejects malformed trees', () => {
    const { X, y } = stepProblem(200);
    const tree = new TreeGrower(binMatrix(X), PARAMS).grow(allRows(X.rows), y, undefined, createRng(1));
    const json = JSON.parse(JSON.stringify(treeToJSON(tree)));
    expect(Array.from(predict(treeFromJSON(json, 2), X))).toEqual(Array.from(predict(tree, X)));
    expect(() => treeFromJSON({ ...json, feature: json.feature.map(() => 5) }, 2)).toThrow(TypeError);
    const loop = json.left.slice();
    loop[0] = 0; // the root as its own child would never reach a leaf
    expect(() => treeFromJSON({ ...json, left: loop }, 2)).toThrow(TypeError);
    expect(() => treeFromJSON({ ...json, value: json.value.slice(1) }, 2)).toThrow(TypeError);
  });
});
