/**
 * Histogram random forest and gradient boosting against the reference engines
 * (/work/shared/reference/README.md), on the same synthetic CSVs and the same split: first 80% of rows
 * train, last 20% test. Each (data set, model) runs in its own child process so peak RSS is its own.
 *
 *   cd /tmp/ref && /usr/bin/python3 /work/shared/reference/gen.py      # writes small/medium/large.csv here
 *   npx tsx bench/trees/compare.ts [data dir, default /tmp/ref] [small,medium,large]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { denseMatrix } from '../../packages/ml-core/src/linalg/matrix';
import { r2 } from '../../packages/ml-core/src/metrics/regression';
import type { Regressor } from '../../packages/ml-core/src/models/regressor';
import { GradientBoostingRegressor, RandomForestRegressor } from '../../packages/ml-core/src/trees/index';

type ModelName = 'rf' | 'gbm' | 'gbm-xgb' | 'gbm-sk';

/** Only what the benchmark calls: the tree models before they join the RegressorJSON union. */
type Model = Pick<Regressor, 'predict'> & {
  fit(X: ReturnType<typeof denseMatrix>, y: Float64Array): unknown;
};

const MODELS: Record<ModelName, { label: string; make: () => Model }> = {
  rf: {
    label: 'random forest (100 trees, depth 10, min split 5)',
    make: () => new RandomForestRegressor({ nEstimators: 100, maxDepth: 10, minSamplesSplit: 5 }),
  },
  gbm: { label: 'gradient boosting (defaults, early stopping)', make: () => new GradientBoostingRegressor() },
  'gbm-xgb': {
    label: "gradient boosting (XGBRegressor's settings: 100 × depth 6, lr 0.1, no early stop)",
    make: () =>
      new GradientBoostingRegressor({
        nEstimators: 100,
        maxDepth: 6,
        learningRate: 0.1,
        minSamplesLeaf: 1,
        l2: 1,
        validationFraction: 0,
      }),
  },
  'gbm-sk': {
    label: "gradient boosting (GradientBoostingRegressor's defaults: 100 × depth 3, lr 0.1, λ 0)",
    make: () =>
      new GradientBoostingRegressor({
        nEstimators: 100,
        maxDepth: 3,
        learningRate: 0.1,
        minSamplesLeaf: 1,
        l2: 0,
        validationFraction: 0,
      }),
  },
};

/** Published reference numbers (README, 2026-11-24): fit seconds and test R². */
const REFERENCE: Record<string, Record<ModelName, string>> = {
  small: {
    rf: 'sk 0.46 s R² 0.725 · xgb-rf 1.77 s R² 0.719',
    gbm: 'sk 0.32 s R² 0.793 · xgb 0.38 s R² 0.769',
    'gbm-xgb': 'xgb 0.38 s R² 0.769',
    'gbm-sk': 'sk 0.32 s R² 0.793',
  },
  medium: {
    rf: 'sk 17.9 s R² 0.815 · xgb-rf 6.2 s R² 0.812',
    gbm: 'sk 11.5 s R² 0.826 · xgb 0.63 s R² 0.840',
    'gbm-xgb': 'xgb 0.63 s R² 0.840',
    'gbm-sk': 'sk 11.5 s R² 0.826',
  },
  large: {
    rf: 'sk 130.8 s R² 0.822 · xgb-rf 9.9 s R² 0.818',
    gbm: 'xgb 1.46 s R² 0.852',
    'gbm-xgb': 'xgb 1.46 s R² 0.852',
    'gbm-sk': '—',
  },
};

function readCsv(path: string) {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const cols = lines[0]!.split(',').length - 1;
  const X = denseMatrix(lines.length, cols);
  const y = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const values = line.split(',');
    for (let j = 0; j < cols; j += 1) X.data[i * cols + j] = Number(values[j]);
    y[i] = Number(values[cols]);
  });
  return { X, y };
}

/** Rows [from, to) of X and y. */
function slice(X: ReturnType<typeof denseMatrix>, y: Float64Array, from: number, to: number) {
  return {
    X: denseMatrix(to - from, X.cols, X.data.slice(from * X.cols, to * X.cols)),
    y: y.slice(from, to),
  };
}

/** Child process: fits one model on one data set and prints one JSON line. */
function runOne(dir: string, dataset: string, name: ModelName): void {
  const { X, y } = readCsv(join(dir, `${dataset}.csv`));
  const k = Math.floor(X.rows * 0.8); // sk.py / js.mjs: int(n * 0.8), first k rows train
  const train = slice(X, y, 0, k);
  const test = slice(X, y, k, X.rows);
  const model = MODELS[name].make();
  const t0 = performance.now();
  model.fit(train.X, train.y);
  const fitS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const predicted = model.predict(test.X);
  const predictS = (performance.now() - t1) / 1000;
  const extra =
    model instanceof GradientBoostingRegressor ? ` rounds ${model.bestIteration}/${model.roundsTrained}` : '';
  const result = {
    fitS,
    predictS,
    r2: r2(test.y, predicted),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    extra,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function main(): void {
  const [first, second, third, fourth] = process.argv.slice(2);
  if (first === '--one') {
    runOne(second!, third!, fourth as ModelName);
    return;
  }
  const dir = first ?? '/tmp/ref';
  const datasets = (second ?? 'small,medium,large').split(',');
  const script = fileURLToPath(import.meta.url);
  process.stdout.write(`Node ${process.version}, one thread, data from ${dir}\n\n`);
  process.stdout.write('| data | model | fit s | predict s | test R² | peak RSS MB | reference (README) |\n');
  process.stdout.write('|---|---|---|---|---|---|---|\n');
  for (const dataset of datasets) {
    for (const name of Object.keys(MODELS) as ModelName[]) {
      const child = spawnSync(process.execPath, [...process.execArgv, script, '--one', dir, dataset, name], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      });
      if (child.status !== 0) {
        console.error(`${dataset} ${name} failed:\n${child.stderr}`);
        continue;
      }
      const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
        fitS: number;
        predictS: number;
        r2: number;
        peakRssMb: number;
        extra: string;
      };
      const cells = [
        dataset,
        MODELS[name].label + r.extra,
        r.fitS.toFixed(2),
        r.predictS.toFixed(3),
        r.r2.toFixed(4),
        r.peakRssMb.toFixed(0),
        REFERENCE[dataset]?.[name] ?? '',
      ];
      process.stdout.write(`| ${cells.join(' | ')} |\n`);
    }
  }
}

main();
