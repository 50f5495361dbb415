import type { DenseMatrix } from '../linalg/matrix';

/** Deepest tree accepted: growth recurses once per level and keeps one histogram per open level. */
export const MAX_TREE_DEPTH = 100;

export function checkInteger(model: string, name: string, value: number, min: number, max = Infinity): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new RangeError(`${model} ${name} must be an integer ${range}, got ${value}`);
  }
}

/** A number in (0, 1], or [0, 1) when `zeroAllowed` names the exclusive upper end instead. */
export function checkFraction(model: string, name: string, value: number, zeroAllowed = false): void {
  const ok = zeroAllowed ? value >= 0 && value < 1 : value > 0 && value <= 1;
  if (!ok) {
    const range = zeroAllowed ? 'in [0, 1)' : 'in (0, 1]';
    throw new RangeError(`${model} ${name} must be a number ${range}, got ${value}`);
  }
}

/** Throws RangeError unless y matches X's rows and is finite; returns it as doubles. */
export function checkTargets(model: string, X: DenseMatrix, y: ArrayLike<number>): Float64Array {
  if (X.rows === 0) throw new RangeError(`cannot fit ${model} on zero rows`);
  if (y.length !== X.rows) throw new RangeError(`X has ${X.rows} rows but y has ${y.length} values`);
  const targets = Float64Array.from(y);
  for (let i = 0; i < targets.length; i += 1) {
    if (!Number.isFinite(targets[i])) throw new RangeError(`y holds a non-finite value at row ${i}`);
  }
  return targets;
}

/** A 32-bit seed for one tree, drawn from the model's generator so trees differ but runs repeat. */
export function childSeed(rng: () => number): number {
  return Math.floor(rng() * 4294967296) >>> 0;
}
