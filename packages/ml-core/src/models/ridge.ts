import { choleskyFactor, choleskySolve } from '../linalg/cholesky';
import type { DenseMatrix } from '../linalg/matrix';
import type { Regressor } from './regressor';

/** Ridge regression hyper-parameters. */
export interface RidgeOptions {
  /**
   * L2 penalty on the coefficients of the standardized features (scikit-learn's `alpha`: added to the
   * diagonal of ZᵀZ, whose diagonal is n). Must be > 0: one-hot groups are collinear with the intercept.
   */
  alpha: number;
}

export const RIDGE_DEFAULTS: Readonly<RidgeOptions> = { alpha: 1 };

/** Serialized ridge model. Coefficients are on the standardized scale: ŷ = yMean + Σ c_j (x_j − center_j) / scale_j. */
export interface RidgeJSON {
  kind: 'ridge';
  alpha: number;
  center: number[];
  scale: number[];
  coefficients: number[];
  yMean: number;
}

interface RidgeFit {
  center: Float64Array;
  scale: Float64Array;
  coefficients: Float64Array;
  yMean: number;
}

/**
 * Columns whose standard deviation is below this share of their magnitude count as constant: they get
 * scale 1 and coefficient 0, so standardizing never divides by zero.
 */
const CONSTANT_TOLERANCE = 1e-12;

/**
 * Least squares with an L2 penalty, solved in closed form: features are standardized, the intercept is
 * the (unpenalized) mean of y, and (ZᵀZ + αI)·c = Zᵀ(y − ȳ) is solved by Cholesky. Deterministic.
 */
export class RidgeRegression implements Regressor {
  readonly options: Readonly<RidgeOptions>;
  private fitted: RidgeFit | null = null;

  constructor(options: Partial<RidgeOptions> = {}) {
    const resolved = { ...RIDGE_DEFAULTS, ...options };
    if (!(resolved.alpha > 0) || !Number.isFinite(resolved.alpha)) {
      throw new RangeError(`ridge alpha must be a finite number > 0, got ${resolved.alpha}`);
    }
    this.options = resolved;
  }

  fit(X: DenseMatrix, y: ArrayLike<number>): this {
    const { rows: n, cols: p, data } = X;
    if (n === 0) throw new RangeError('cannot fit ridge regression on zero rows');
    if (y.length !== n) throw new RangeError(`X has ${n} rows but y has ${y.length} values`);
    for (let k = 0; k < data.length; k += 1) {
      if (!Number.isFinite(data[k]))
        throw new RangeError(`X holds a non-finite value at row ${Math.floor(k / p)}`);
    }

    let yMean = 0;
    for (let i = 0; i < n; i += 1) {
      const v = y[i]!;
      if (!Number.isFinite(v)) throw new RangeError(`y holds a non-finite value at row ${i}`);
      yMean += v;
    }
    yMean /= n;

    const center = new Float64Array(p);
    const scale = new Float64Array(p);
    for (let i = 0; i < n; i += 1) for (let j = 0; j < p; j += 1) center[j]! += data[i * p + j]!;
    for (let j = 0; j < p; j += 1) center[j]! /= n;
    for (let i = 0; i < n; i += 1)
      for (let j = 0; j < p; j += 1) scale[j]! += (data[i * p + j]! - center[j]!) ** 2;
    const active: number[] = [];
    for (let j = 0; j < p; j += 1) {
      const sd = Math.sqrt(scale[j]! / n);
      if (sd > CONSTANT_TOLERANCE * Math.max(1, Math.abs(center[j]!))) {
        scale[j] = sd;
        active.push(j);
      } else {
        scale[j] = 1;
      }
    }

    // Normal equations over the non-constant columns only.
    const m = active.length;
    const gram = new Float64Array(m * m);
    const rhs = new Float64Array(m);
    const z = new Float64Array(m);
    for (let i = 0; i < n; i += 1) {
      for (let a = 0; a < m; a += 1) {
        const j = active[a]!;
        z[a] = (data[i * p + j]! - center[j]!) / scale[j]!;
      }
      const r = y[i]! - yMean;
      for (let a = 0; a < m; a += 1) {
        const za = z[a]!;
        rhs[a]! += za * r;
        for (let b = 0; b <= a; b += 1) gram[a * m + b]! += za * z[b]!;
      }
    }
    for (let a = 0; a < m; a += 1) {
      for (let b = 0; b < a; b += 1) gram[b * m + a] = gram[a * m + b]!;
      gram[a * m + a]! += this.options.alpha;
    }

    const coefficients = new Float64Array(p);
    if (m > 0) {
      const solved = choleskySolve(choleskyFactor(gram, m), m, rhs);
      for (let a = 0; a < m; a += 1) coefficients[active[a]!] = solved[a]!;
    }
    this.fitted = { center, scale, coefficients, yMean };
    return this;
  }

  predict(X: DenseMatrix): Float64Array {
    const fit = this.requireFitted();
    const p = fit.coefficients.length;
    if (X.cols !== p) throw new RangeError(`model was fitted on ${p} features, X has ${X.cols}`);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i += 1) {
      let s = fit.yMean;
      for (let j = 0; j < p; j += 1) {
        s += (fit.coefficients[j]! * (X.data[i * p + j]! - fit.center[j]!)) / fit.scale[j]!;
      }
      out[i] = s;
    }
    return out;
  }

  /** Coefficients in the units of the original features (for inspection; predict uses the standardized form). */
  get coefficients(): Float64Array {
    const fit = this.requireFitted();
    return fit.coefficients.map((c, j) => c / fit.scale[j]!);
  }

  /** Intercept in the units of the original features. */
  get intercept(): number {
    const fit = this.requireFitted();
    const w = this.coefficients;
    let b = fit.yMean;
    for (let j = 0; j < w.length; j += 1) b -= w[j]! * fit.center[j]!;
    return b;
  }

  toJSON(): RidgeJSON {
    const fit = this.requireFitted();
    return {
      kind: 'ridge',
      alpha: this.options.alpha,
      center: Array.from(fit.center),
      scale: Array.from(fit.scale),
      coefficients: Array.from(fit.coefficients),
      yMean: fit.yMean,
    };
  }

  /** Rebuilds a fitted model from `toJSON()` output; it predicts exactly as the original. */
  static fromJSON(json: RidgeJSON): RidgeRegression {
    if (json?.kind !== 'ridge') throw new TypeError(`not a ridge model: kind ${JSON.stringify(json?.kind)}`);
    const p = json.coefficients.length;
    if (json.center.length !== p || json.scale.length !== p) {
      throw new TypeError('ridge model JSON has coefficient, center and scale arrays of different lengths');
    }
    const all = [...json.center, ...json.scale, ...json.coefficients, json.yMean];
    if (!all.every(Number.isFinite) || !json.scale.every((s) => s > 0)) {
      throw new TypeError('ridge model JSON holds non-finite numbers or non-positive scales');
    }
    const model = new RidgeRegression({ alpha: json.alpha });
    model.fitted = {
      center: Float64Array.from(json.center),
      scale: Float64Array.from(json.scale),
      coefficients: Float64Array.from(json.coefficients),
      yMean: json.yMean,
    };
    return model;
  }

  private requireFitted(): RidgeFit {
    if (!this.fitted) throw new Error('ridge regression is not fitted yet: call fit(X, y) first');
    return this.fitted;
  }
}
