import { describe, expect, it } from 'vitest';
import { choleskyFactor, choleskySolve } from './cholesky';

describe('Cholesky solve', () => {
  it('solves a symmetric positive-definite system exactly', () => {
    // A = Mᵀ·M + I for a fixed M, so A is SPD; x is known and b = A·x.
    const a = new Float64Array([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    const l = choleskyFactor(a, 3);
    expect(Array.from(l)).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
    const x = [1, -2, 0.5];
    const b = [0, 0, 0].map((_, i) => x.reduce((s, xj, j) => s + a[i * 3 + j]! * xj, 0));
    const solved = choleskySolve(l, 3, b);
    for (const [i, v] of solved.entries()) expect(v).toBeCloseTo(x[i]!, 12);
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => choleskyFactor(new Float64Array([1, 2, 2, 1]), 2)).toThrow(/not positive definite/);
    expect(() => choleskyFactor(new Float64Array([0, 0, 0, 0]), 2)).toThrow(RangeError);
  });
});
