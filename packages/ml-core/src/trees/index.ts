// Histogram tree learning and the tree ensembles built on it.

export { type BinnedMatrix, binMatrix, DEFAULT_MAX_BINS, MAX_BINS_LIMIT } from './binning';
export {
  GRADIENT_BOOSTING_DEFAULTS,
  type GradientBoostingJSON,
  type GradientBoostingOptions,
  GradientBoostingRegressor,
} from './gradient-boosting';
export {
  RANDOM_FOREST_DEFAULTS,
  type RandomForestJSON,
  type RandomForestOptions,
  RandomForestRegressor,
} from './random-forest';
export { type GrownTree, TreeGrower, type TreeParams } from './tree';
export {
  addTreePredictions,
  type RegressionTree,
  type TreeJSON,
  treeFromJSON,
  treeToJSON,
} from './tree-model';
