import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../linalg/matrix';
import { createRng, normal } from '../random/prng';
import { kMeans, nearestCentroids } from './kmeans';
import { adjustedRandIndex } from './rand-index';

/** `perCluster` points around each of `centres`, standard deviation `spread`. */
function blobs(centres: number[][], perCluster: number, spread: number, seed: number) {
  const rng = createRng(seed);
  const rows: number[][] = [];
  const truth: number[] = [];
  centres.forEach((centre, c) => {
    for (let i = 0; i < perCluster; i++) {
      rows.push(centre.map((v) => v + spread * normal(rng)));
      truth.push(c);
    }
  });
  return { X: matrixFromRows(rows), truth };
}

const CENTRES = [
  [0, 0, 0, 0, 0, 0],
  [6, 0, 0, 0, 0, 0],
  [0, 6, 0, 0, 0, 0],
  [0, 0, 6, 0, 0, 0],
  [0, 0, 0, 6, 0, 0],
  [6, 6, 6, 6, 6, 6],
];

describe('kMeans', () => {
  it('finds well-separated planted clusters', () => {
    const { X, truth } = blobs(CENTRES, 200, 0.7, 1);
    const fit = kMeans(X, { k: 6, seed: 42 });
    expect(adjustedRandIndex(fit.labels, truth)).toBeGreaterThan(0.99);
    expect(fit.converged).toBe(true);
    // Each fitted centroid lies near one planted centre.
    for (let c = 0; c < 6; c++) {
      const centroid = Array.from(fit.centroids.subarray(c * 6, c * 6 + 6));
      const nearest = Math.min(...CENTRES.map((p) => Math.hypot(...p.map((v, j) => v - centroid[j]!))));
      expect(nearest).toBeLessThan(0.3);
    }
  });

  it('is deterministic for a seed, and the labels match the final centroids', () => {
    const { X } = blobs(CENTRES, 100, 2.5, 2); // overlapping: many iterations, ties broken the same way
    const a = kMeans(X, { k: 6, seed: 9 });
    const b = kMeans(X, { k: 6, seed: 9 });
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(Array.from(b.centroids)).toEqual(Array.from(a.centroids));
    expect(b.inertia).toBe(a.inertia);
    let inertia = 0;
    for (let i = 0; i < X.rows; i++) {
      const point = X.data.subarray(i * 6, i * 6 + 6);
      const { label, d1 } = nearestCentroids(a.centroids, 6, point);
      expect(label).toBe(a.labels[i]);
      inertia += d1 * d1;
    }
    expect(inertia).toBeCloseTo(a.inertia, 8);
  });

  it('keeps the best of its restarts', () => {
    const { X } = blobs(CENTRES, 100, 2.5, 3);
    const one = kMeans(X, { k: 6, seed: 5, nInit: 1 });
    const ten = kMeans(X, { k: 6, seed: 5, nInit: 10 });
    expect(ten.inertia).toBeLessThanOrEqual(one.inertia);
  });

  it('copes with duplicate points and clusters that empty out', () => {
    const rows = [...Array(30).fill([0, 0]), ...Array(30).fill([1, 1]), [5, 5]];
    const fit = kMeans(matrixFromRows(rows), { k: 3, seed: 1 });
    expect(fit.inertia).toBeCloseTo(0, 12);
    expect(new Set(fit.labels).size).toBe(3);
    const fewer = kMeans(matrixFromRows([...Array(10).fill([2, 2])]), { k: 3, seed: 1 });
    expect(fewer.inertia).toBe(0);
  });

  it('rejects impossible options', () => {
    const X = matrixFromRows([
      [0, 0],
      [1, 1],
    ]);
    expect(() => kMeans(X, { k: 3 })).toThrow(RangeError);
    expect(() => kMeans(X, { k: 0 })).toThrow(RangeError);
    expect(() => kMeans(X, { k: 2, nInit: 0 })).toThrow(RangeError);
  });
});
