import type { DenseMatrix } from '../linalg/matrix';
import type { GradientBoostingJSON } from '../trees/gradient-boosting';
import type { RandomForestJSON } from '../trees/random-forest';
import type { DetrendedJSON } from './detrended';
import type { RidgeJSON } from './ridge';

/**
 * The one interface every regression model in ml-core implements (after scikit-learn's estimators):
 * hyper-parameters go to the constructor as one options object, `fit` learns, `predict` answers,
 * `toJSON` gives a plain JSON-safe object and the class's static `fromJSON` rebuilds an identical model.
 * Evaluation code only talks to this interface, so every model is judged the same way.
 */
export interface Regressor {
  /** Learns from X (one row per sample) and y; returns the model itself, fitted. */
  fit(X: DenseMatrix, y: ArrayLike<number>): this;
  /** One prediction per row of X. */
  predict(X: DenseMatrix): Float64Array;
  /** The fitted parameters as plain JSON (numbers and arrays only, no typed arrays). */
  toJSON(): RegressorJSON;
}

/** Serialized form of any regressor, tagged by `kind`. */
export type RegressorJSON = RidgeJSON | RandomForestJSON | GradientBoostingJSON | DetrendedJSON;

/** A model class: constructible from its options and restorable from its JSON. */
export interface RegressorClass<Options, Json extends RegressorJSON> {
  new (options?: Partial<Options>): Regressor;
  fromJSON(json: Json): Regressor;
}
