import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../linalg/matrix';
import { createRng, normal } from '../random/prng';
import { silhouetteExact, silhouetteScore } from './silhouette';

/** The textbook definition, one point at a time. */
function bruteForce(rows: number[][], labels: number[]): number {
  const dist = (a: number[], b: number[]) => Math.hypot(...a.map((v, j) => v - b[j]!));
  const clusters = [...new Set(labels)];
  const s = rows.map((row, i) => {
    const mean = (c: number) => {
      const others = rows.filter((_, j) => labels[j] === c && j !== i);
      return others.reduce((sum, o) => sum + dist(row, o), 0) / others.length;
    };
    if (labels.filter((l) => l === labels[i]).length === 1) return 0;
    const a = mean(labels[i]!);
    const b = Math.min(...clusters.filter((c) => c !== labels[i]).map(mean));
    return (b - a) / Math.max(a, b);
  });
  return s.reduce((x, y) => x + y, 0) / s.length;
}

describe('silhouette', () => {
  it('matches the brute-force definition on a tiny set (with a singleton cluster)', () => {
    const rows = [
      [0, 0],
      [0, 1],
      [1, 0],
      [5, 5],
      [5, 6],
      [6, 5],
      [6, 6],
      [10, 0],
    ];
    const labels = [0, 0, 0, 1, 1, 1, 1, 2];
    expect(silhouetteExact(matrixFromRows(rows), labels, 3)).toBeCloseTo(bruteForce(rows, labels), 12);
    // A mislabelled point pulls the score down.
    const worse = [0, 0, 1, 1, 1, 1, 1, 2];
    expect(silhouetteExact(matrixFromRows(rows), worse, 3)).toBeCloseTo(bruteForce(rows, worse), 12);
    expect(silhouetteExact(matrixFromRows(rows), worse, 3)).toBeLessThan(
      silhouetteExact(matrixFromRows(rows), labels, 3),
    );
    expect(silhouetteExact(matrixFromRows(rows), new Array(8).fill(0), 1)).toBe(0);
  });

  it('is exact up to the sample size and close to exact on a seeded sample above it', () => {
    const rng = createRng(4);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const c = i % 4;
      rows.push([c * 2 + normal(rng), (c % 2) * 3 + normal(rng), normal(rng)]);
      labels.push(c);
    }
    const X = matrixFromRows(rows);
    const exact = silhouetteExact(X, labels, 4);
    expect(silhouetteScore(X, labels, 4, { sampleSize: 5000, seed: 1 })).toEqual({
      score: exact,
      sampleSize: 3000,
    });
    const sampled = silhouetteScore(X, labels, 4, { sampleSize: 1000, seed: 1 });
    expect(sampled.sampleSize).toBe(1000);
    expect(Math.abs(sampled.score - exact)).toBeLessThan(0.02);
    expect(silhouetteScore(X, labels, 4, { sampleSize: 1000, seed: 1 })).toEqual(sampled);
  });
});
