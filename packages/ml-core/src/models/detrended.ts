import type { DenseMatrix } from '../linalg/matrix';
import type { Regressor, RegressorJSON } from './regressor';

/**
 * A straight-line trend plus any regressor on what the line leaves: ŷ = a + b·x_trend + inner(x).
 *
 * Why: trees predict piecewise-constant values inside the range they saw, so a growing store would be
 * forecast flat at its training level. Fitting the line first (least squares on the trend column) lets
 * the trees learn the weekly and seasonal shape of the residuals while the line carries the growth
 * beyond the training days. The inner model sees the same features, including the raw lags.
 */
export interface DetrendedJSON {
  kind: 'detrended';
  trendColumn: number;
  /** Columns the inner model sees (all when absent). */
  innerColumns?: number[];
  intercept: number;
  slope: number;
  inner: RegressorJSON;
}

export class DetrendedRegressor implements Regressor {
  private line: { intercept: number; slope: number } | null = null;

  constructor(
    readonly trendColumn: number,
    readonly inner: Regressor,
    readonly innerColumns?: readonly number[],
  ) {
    if (!Number.isInteger(trendColumn) || trendColumn < 0) {
      throw new RangeError(`trend column must be a column index, got ${trendColumn}`);
    }
  }

  fit(X: DenseMatrix, y: ArrayLike<number>): this {
    if (this.trendColumn >= X.cols)
      throw new RangeError(`trend column ${this.trendColumn} ≥ ${X.cols} columns`);
    const n = X.rows;
    if (n === 0 || y.length !== n) throw new RangeError(`X has ${n} rows but y has ${y.length} values`);
    let meanX = 0;
    let meanY = 0;
    for (let i = 0; i < n; i += 1) {
      meanX += X.data[i * X.cols + this.trendColumn]!;
      meanY += y[i]!;
    }
    meanX /= n;
    meanY /= n;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i += 1) {
      const dx = X.data[i * X.cols + this.trendColumn]! - meanX;
      sxy += dx * (y[i]! - meanY);
      sxx += dx * dx;
    }
    const slope = sxx > 0 ? sxy / sxx : 0;
    this.line = { intercept: meanY - slope * meanX, slope };
    const residual = new Float64Array(n);
    for (let i = 0; i < n; i += 1) residual[i] = y[i]! - this.trendAt(X, i);
    this.inner.fit(this.innerView(X), residual);
    return this;
  }

  predict(X: DenseMatrix): Float64Array {
    const out = this.inner.predict(this.innerView(X));
    for (let i = 0; i < X.rows; i += 1) out[i]! += this.trendAt(X, i);
    return out;
  }

  toJSON(): DetrendedJSON {
    const line = this.fitted();
    return {
      kind: 'detrended',
      trendColumn: this.trendColumn,
      ...(this.innerColumns ? { innerColumns: [...this.innerColumns] } : {}),
      intercept: line.intercept,
      slope: line.slope,
      inner: this.inner.toJSON(),
    };
  }

  static fromJSON(json: DetrendedJSON, inner: Regressor): DetrendedRegressor {
    const model = new DetrendedRegressor(json.trendColumn, inner, json.innerColumns);
    if (!Number.isFinite(json.intercept) || !Number.isFinite(json.slope)) {
      throw new TypeError('detrended model has a non-finite trend line');
    }
    model.line = { intercept: json.intercept, slope: json.slope };
    return model;
  }

  private innerView(X: DenseMatrix): DenseMatrix {
    const columns = this.innerColumns;
    if (!columns) return X;
    const data = new Float64Array(X.rows * columns.length);
    for (let i = 0; i < X.rows; i += 1) {
      for (let j = 0; j < columns.length; j += 1)
        data[i * columns.length + j] = X.data[i * X.cols + columns[j]!]!;
    }
    return { rows: X.rows, cols: columns.length, data };
  }

  private trendAt(X: DenseMatrix, row: number): number {
    const line = this.fitted();
    return line.intercept + line.slope * X.data[row * X.cols + this.trendColumn]!;
  }

  private fitted(): { intercept: number; slope: number } {
    if (!this.line) throw new Error('the detrended model is not fitted');
    return this.line;
  }
}
