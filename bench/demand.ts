/**
 * Per-product demand (`productDemand`) over the 90-day window of a prepared store, as the worker calls
 * it after training (the store forecast's units per day stand in as a fixed season multiplier: the cost
 * does not depend on its value).
 *
 *   node --import tsx bench/demand.ts <demo|large> [repeats]
 */
import { productDemand } from '../packages/ml-core/src/index';
import { emit, isStoreName, median, readInputs, timed } from './lib';

function main(): void {
  const [store, repeatsArg] = process.argv.slice(2);
  if (!isStoreName(store)) throw new Error('usage: demand.ts <demo|large> [repeats]');
  const repeats = Math.max(2, Number(repeatsArg ?? 10));
  const inputs = readInputs(store);
  const recent = inputs.daily.filter((d) => d.date >= inputs.demandWindow.from);
  const dailyUnits = recent.reduce((s, d) => s + d.quantity, 0) / 90;
  const options = {
    window: inputs.demandWindow,
    storeForecast: { dailyUnits7: dailyUnits * 1.1, dailyUnits30: dailyUnits * 1.2 },
  };
  const seconds: number[] = [];
  let rows = 0;
  let pooled = 0;
  for (let r = 0; r < repeats; r += 1) {
    const run = timed(() => productDemand(inputs.products, inputs.productSales, options));
    seconds.push(run.seconds);
    rows = run.value.length;
    pooled = run.value.filter((p) => p.source === 'category_pooled').length;
  }
  emit({
    store,
    products: rows,
    categoryPooled: pooled,
    salesRows: inputs.productSales.length,
    firstS: seconds[0],
    medianS: median(seconds.slice(1)),
  });
}

main();
