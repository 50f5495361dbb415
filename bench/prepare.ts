/**
 * Generates a synthetic store in memory (`generateStore`, no database) and writes what the training job
 * would load from Postgres to bench/data:
 *
 * - store-<name>.json: paid sales per UTC day (Σ quantity · unitPrice and Σ quantity over the lines of
 *   paid orders, by the UTC day of createdAt), the active products and their paid units per day over the
 *   90-day demand window, as the worker's queries return them;
 * - forecast-<name>.csv: the forecast feature matrix of the amount series (all feature columns of
 *   `buildFeatureMatrix`, rows = days after the 28-day lookback, raw amount as the last column), for the
 *   side-by-side with scikit-learn.
 *
 *   node --import tsx bench/prepare.ts <demo|large>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { generateStore } from '../packages/db/src/seed/generate';
import {
  buildFeatureMatrix,
  FEATURE_DEFAULTS,
  featureNames,
  featureSpec,
  lookbackDays,
} from '../packages/ml-core/src/forecast/features';
import { firstSaleIndex, seriesLength } from '../packages/ml-core/src/forecast/series';
import {
  addDays,
  buildDailySeries,
  type DailySalesRow,
  type ProductSalesDay,
  sliceSeries,
} from '../packages/ml-core/src/index';
import { toEpochDay } from '../packages/ml-core/src/time/days';
import {
  DATA_DIR,
  emit,
  inputsPath,
  isStoreName,
  matrixPath,
  STORES,
  type StoreInputs,
  timed,
  writeJson,
} from './lib';

/** Days of per-product sales the worker's demand estimate looks back on. */
const DEMAND_WINDOW_DAYS = 90;

function main(): void {
  const store = process.argv[2];
  if (!isStoreName(store)) throw new Error('usage: prepare.ts <demo|large>');
  mkdirSync(DATA_DIR, { recursive: true });
  const generated = timed(() => generateStore({ ...STORES[store].options }));
  const { orders, orderItems, products } = generated.value;

  const paidDay = new Map<string, string>();
  for (const order of orders) {
    if (order.status === 'paid') paidDay.set(order.id, order.createdAt.toISOString().slice(0, 10));
  }
  const byDay = new Map<string, DailySalesRow>();
  for (const line of orderItems) {
    const date = paidDay.get(line.orderId);
    if (date === undefined) continue;
    const row = byDay.get(date) ?? { date, amount: 0, quantity: 0 };
    row.amount += line.quantity * line.unitPrice;
    row.quantity += line.quantity;
    byDay.set(date, row);
  }
  const daily = [...byDay.values()].sort((a, b) => a.date.localeCompare(b.date));
  const from = daily[0]!.date;
  const to = daily[daily.length - 1]!.date;

  // The worker: asOf = the day after the last sale, window = the 90 days before asOf.
  const demandWindow = { from: addDays(to, 1 - DEMAND_WINDOW_DAYS), to };
  const units = new Map<string, ProductSalesDay>();
  for (const line of orderItems) {
    const date = paidDay.get(line.orderId);
    if (date === undefined || date < demandWindow.from || date > demandWindow.to) continue;
    const key = `${line.productId}/${date}`;
    const row = units.get(key) ?? { productId: line.productId, date, quantity: 0 };
    row.quantity += line.quantity;
    units.set(key, row);
  }

  const inputs: StoreInputs = {
    store,
    daily,
    from,
    to,
    products: products.filter((p) => p.active).map((p) => ({ id: p.id, category: p.category })),
    productSales: [...units.values()],
    demandWindow,
    orders: orders.length,
    orderLines: orderItems.length,
    generateSeconds: generated.seconds,
  };
  writeJson(inputsPath(store), inputs);

  // The matrix the training job builds for the amount target (series from the first sale on).
  const full = buildDailySeries(daily, { from, to });
  const data = sliceSeries(full, firstSaleIndex(full), seriesLength(full));
  const spec = featureSpec(data.start, FEATURE_DEFAULTS);
  const names = featureNames(spec);
  const days = seriesLength(data);
  const { X, y } = buildFeatureMatrix(data.amount, toEpochDay(data.start), spec, lookbackDays(spec), days);
  const lines = [`# ${[...names, 'amount'].join(',')}`];
  for (let i = 0; i < X.rows; i += 1) {
    const row = Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols), String);
    lines.push([...row, String(y[i])].join(','));
  }
  writeFileSync(matrixPath(store), `${lines.join('\n')}\n`);

  emit({
    store,
    generateSeconds: generated.seconds,
    orders: orders.length,
    orderLines: orderItems.length,
    products: inputs.products.length,
    days,
    from,
    to,
    matrixRows: X.rows,
    matrixCols: X.cols,
  });
}

main();
