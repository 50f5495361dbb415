import type { Regressor, RegressorJSON } from './regressor';
import { RidgeRegression } from './ridge';

export type { Regressor, RegressorClass, RegressorJSON } from './regressor';
export { RIDGE_DEFAULTS, type RidgeJSON, type RidgeOptions, RidgeRegression } from './ridge';

/** Rebuilds any fitted regressor from its JSON, dispatching on `kind`. */
export function regressorFromJSON(json: RegressorJSON): Regressor {
  switch (json.kind) {
    case 'ridge':
      return RidgeRegression.fromJSON(json);
    default:
      throw new TypeError(`unknown model kind ${JSON.stringify((json as { kind?: unknown }).kind)}`);
  }
}
