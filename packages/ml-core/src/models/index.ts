import { GradientBoostingRegressor } from '../trees/gradient-boosting';
import { RandomForestRegressor } from '../trees/random-forest';
import { DetrendedRegressor } from './detrended';
import type { Regressor, RegressorJSON } from './regressor';
import { RidgeRegression } from './ridge';

export { type DetrendedJSON, DetrendedRegressor } from './detrended';
export type { Regressor, RegressorClass, RegressorJSON } from './regressor';
export { RIDGE_DEFAULTS, type RidgeJSON, type RidgeOptions, RidgeRegression } from './ridge';

/** Rebuilds any fitted regressor from its JSON, dispatching on `kind`. */
export function regressorFromJSON(json: RegressorJSON): Regressor {
  switch (json.kind) {
    case 'ridge':
      return RidgeRegression.fromJSON(json);
    case 'random_forest':
      return RandomForestRegressor.fromJSON(json);
    case 'gradient_boosting':
      return GradientBoostingRegressor.fromJSON(json);
    case 'detrended':
      return DetrendedRegressor.fromJSON(json, regressorFromJSON(json.inner));
    default:
      throw new TypeError(`unknown model kind ${JSON.stringify((json as { kind?: unknown }).kind)}`);
  }
}
