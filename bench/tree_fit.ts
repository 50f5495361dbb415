/**
 * One model on one forecast feature matrix (bench/prepare.ts): first 80% of rows train, last 20% test,
 * one-step predictions (the lags are actual values), raw amount target — the same split and settings as
 * bench/sklearn_forecast.py. Fits `repeats` times with seed 42 in the same process and reports every fit
 * time; with `seeds` > 0 it then fits seeds 1..seeds and reports their test R² (on a test window of a few
 * hundred days, the seed alone moves a forest's R² by several hundredths).
 *
 *   node --import tsx bench/tree_fit.ts <csv> <rf|gbm|gbm-sk|gbm-xgb|ml-rf> [repeats] [seeds]
 */
import { RandomForestRegression } from 'ml-random-forest';
import type { DenseMatrix } from '../packages/ml-core/src/linalg/matrix';
import { r2 } from '../packages/ml-core/src/metrics/regression';
import { GradientBoostingRegressor, RandomForestRegressor } from '../packages/ml-core/src/trees/index';
import { emit, readCsv, timed, trainTestSplit } from './lib';

interface Fitted {
  predict(X: DenseMatrix): ArrayLike<number>;
  note?: string;
}

type Fit = (X: DenseMatrix, y: Float64Array, seed: number) => Fitted;

function rows(X: DenseMatrix): number[][] {
  return Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
}

function boosting(options: ConstructorParameters<typeof GradientBoostingRegressor>[0]): Fit {
  return (X, y, seed) => {
    const model = new GradientBoostingRegressor({ ...options, seed }).fit(X, y);
    return {
      predict: (T) => model.predict(T),
      note: `${model.bestIteration} rounds`,
    };
  };
}

export const TREE_MODELS = {
  rf: (X, y, seed) => {
    const model = new RandomForestRegressor({
      nEstimators: 100,
      maxDepth: 10,
      minSamplesSplit: 5,
      maxFeatures: 1,
      seed,
    }).fit(X, y);
    return { predict: (T) => model.predict(T) };
  },
  gbm: boosting({}),
  'gbm-sk': boosting({
    nEstimators: 100,
    learningRate: 0.1,
    maxDepth: 3,
    minSamplesLeaf: 1,
    l2: 0,
    subsample: 1,
    validationFraction: 0,
  }),
  'gbm-xgb': boosting({
    nEstimators: 100,
    learningRate: 0.1,
    maxDepth: 6,
    minSamplesLeaf: 1,
    l2: 1,
    subsample: 1,
    validationFraction: 0,
  }),
  // The reference settings of /work/shared/reference/js.mjs (bagging over rows, and over features with
  // replacement, which is the package's default).
  'ml-rf': (X, y, seed) => {
    const model = new RandomForestRegression({
      nEstimators: 100,
      maxFeatures: 1.0,
      replacement: true,
      useSampleBagging: true,
      seed,
      treeOptions: { maxDepth: 10, minNumSamples: 5 },
    });
    model.train(rows(X), Array.from(y));
    return { predict: (T) => model.predict(rows(T)) };
  },
} satisfies Record<string, Fit>;

export type TreeModelName = keyof typeof TREE_MODELS;

function main(): void {
  const [csv, name, repeatsArg, seedsArg] = process.argv.slice(2);
  if (!csv || !name || !(name in TREE_MODELS)) {
    throw new Error(`usage: tree_fit.ts <csv> <${Object.keys(TREE_MODELS).join('|')}> [repeats]`);
  }
  const repeats = Math.max(1, Number(repeatsArg ?? 3));
  const seeds = Math.max(0, Number(seedsArg ?? 0));
  const { X, y } = readCsv(csv);
  const { train, test } = trainTestSplit(X, y);
  const fitModel = TREE_MODELS[name as TreeModelName];
  const fitSeconds: number[] = [];
  let model: Fitted | undefined;
  for (let r = 0; r < repeats; r += 1) {
    const run = timed(() => fitModel(train.X, train.y, 42));
    fitSeconds.push(run.seconds);
    model ??= run.value;
  }
  const predicted = timed(() => model!.predict(test.X));
  const seedR2 = Array.from({ length: seeds }, (_, i) =>
    r2(test.y, fitModel(train.X, train.y, i + 1).predict(test.X)),
  );
  emit({
    model: name,
    rows: X.rows,
    trainRows: train.X.rows,
    cols: X.cols,
    fitSeconds,
    predictS: predicted.seconds,
    r2: r2(test.y, predicted.value),
    note: model!.note ?? '',
    seedR2,
  });
}

main();
