/**
 * Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite n × n matrix (row-major), and the
 * solve of A·x = b by forward then back substitution. Enough for ridge normal equations (n ≈ 20–40).
 */

/** The lower-triangular factor L of A (row-major, upper part zero); throws when A is not positive definite. */
export function choleskyFactor(a: Float64Array, n: number): Float64Array {
  if (a.length !== n * n) throw new RangeError(`expected a ${n} × ${n} matrix, got ${a.length} values`);
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j += 1) {
    let diag = a[j * n + j]!;
    for (let k = 0; k < j; k += 1) diag -= l[j * n + k]! ** 2;
    if (!(diag > 0) || !Number.isFinite(diag)) {
      throw new RangeError(`matrix is not positive definite (pivot ${diag} at column ${j})`);
    }
    const ljj = Math.sqrt(diag);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i += 1) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k += 1) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Solves L·Lᵀ·x = b for x, given the factor from `choleskyFactor`. */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  if (b.length !== n) throw new RangeError(`right-hand side has ${b.length} values, expected ${n}`);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    let s = b[i]!;
    for (let k = 0; k < i; k += 1) s -= l[i * n + k]! * z[k]!;
    z[i] = s / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i -= 1) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k += 1) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}
