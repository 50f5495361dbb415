import { describe, expect, it } from 'vitest';
import { mae, mape, r2, rmse, smape } from './regression';

describe('regression metrics', () => {
  const actual = [3, -0.5, 2, 7];
  const predicted = [2.5, 0, 2, 8];

  it('match scikit-learn on its documented example', () => {
    expect(r2(actual, predicted)).toBeCloseTo(0.9486081370449679, 12);
    expect(mae(actual, predicted)).toBeCloseTo(0.5, 12);
    expect(rmse(actual, predicted)).toBeCloseTo(Math.sqrt(0.375), 12);
  });

  it('accept typed arrays', () => {
    expect(r2(Float64Array.from(actual), Float64Array.from(predicted))).toBeCloseTo(
      r2(actual, predicted),
      15,
    );
  });

  it('stay finite when the actuals are constant or zero', () => {
    expect(r2([5, 5, 5], [5, 5, 5])).toBe(1);
    expect(r2([5, 5, 5], [4, 5, 6])).toBe(0);
    expect(mape([0, 0], [1, 2])).toBe(0);
    expect(smape([0, 0], [0, 0])).toBe(0);
  });

  it('compute percentage errors as fractions, skipping zero actuals in MAPE', () => {
    expect(mape([100, 0, 200], [110, 5, 180])).toBeCloseTo(0.1, 12);
    expect(smape([100, 0], [100, 5])).toBeCloseTo(1, 12);
  });

  it('refuse arrays of different lengths or no values at all', () => {
    expect(() => mae([1, 2], [1])).toThrow(RangeError);
    expect(() => rmse([], [])).toThrow(RangeError);
  });
});
