import { daysBetween, toEpochDay } from '../time/days';

/**
 * # Per-product demand for the next 7 and 30 days
 *
 * A boutique sells most products a few times a month, so a per-product time-series model would fit
 * noise. Instead, each product's recent sales rate is pooled with its category (empirical Bayes,
 * Gamma–Poisson style), and the store-level forecast supplies the season:
 *
 * 1. **Recent rate**: units per day over the history window with exponentially decaying day weights
 *    (half-life `halfLifeDays`), so last month counts more than three months ago.
 * 2. **Pooling**: rate = (weighted units + k · category rate) / (weighted days + k). A bestseller keeps
 *    its own rate; a product with two sales in three months is pulled toward its category, and one
 *    that never sold gets a small positive rate instead of zero. The prior strength k (in days) is
 *    estimated per category by the method of moments: k = mean rate ÷ the variance of the true rates
 *    between products (observed variance minus the Poisson part), so a category of similar products
 *    pools strongly and a category of bestsellers and sleepers hardly at all.
 * 3. **Season**: the rate is scaled by the store forecast's units per day over the horizon divided by
 *    the store's own recent rate (the sum of the products' rates), so a December ramp lifts every
 *    product. Without a forecast the multiplier is 1.
 * 4. **Deviation**: daily units are over-dispersed counts, Var = μ + φ·μ², with φ estimated per
 *    category by the method of moments; the deviation over h days is √h times the daily one.
 */

export interface DemandProduct {
  id: string;
  category: string;
}

export interface ProductSalesDay {
  productId: string;
  date: string;
  quantity: number;
}

export interface ProductDemandOptions {
  /** History window, inclusive (e.g. the 90 days before "today"). */
  window: { from: string; to: string };
  /** Day weight halves every this many days back (default 28). */
  halfLifeDays?: number;
  /** Strength of the pull toward the category rate in (weighted) days; default: estimated per category. */
  priorDays?: number;
  /** Store forecast: mean units per day over the next 7 and next 30 days. */
  storeForecast?: { dailyUnits7: number; dailyUnits30: number };
}

export type DemandSource = 'product_history' | 'category_pooled';

export interface ProductDemand {
  productId: string;
  /** Expected units per day and its standard deviation, over the next 7 and 30 days. */
  dailyMean7: number;
  dailyStd7: number;
  dailyMean30: number;
  dailyStd30: number;
  /** Expected units over the whole horizon and their standard deviation. */
  demand7: number;
  std7: number;
  demand30: number;
  std30: number;
  /** `product_history` when the product's own sales dominate the estimate, else `category_pooled`. */
  source: DemandSource;
  unitsInWindow: number;
  daysWithSales: number;
}

export const PRODUCT_DEMAND_DEFAULTS = { halfLifeDays: 28 } as const;

/** Season multipliers are kept within this range: a forecast glitch must not zero or explode stock plans. */
const MULTIPLIER_RANGE = [0.25, 4] as const;

interface ProductStats {
  weightedUnits: number;
  weightedDays: number;
  rate: number;
  variance: number;
  units: number;
  daysWithSales: number;
}

/** Expected demand of every product for the next 7 and 30 days (see the method above). */
export function productDemand(
  products: readonly DemandProduct[],
  sales: readonly ProductSalesDay[],
  options: ProductDemandOptions,
): ProductDemand[] {
  const halfLife = options.halfLifeDays ?? PRODUCT_DEMAND_DEFAULTS.halfLifeDays;
  if (!(halfLife > 0)) throw new RangeError(`halfLifeDays must be > 0, got ${halfLife}`);
  if (options.priorDays !== undefined && !(options.priorDays >= 0)) {
    throw new RangeError(`priorDays must be ≥ 0, got ${options.priorDays}`);
  }
  const days = daysBetween(options.window.from, options.window.to) + 1;
  if (!(days >= 1)) throw new RangeError(`empty window ${options.window.from}..${options.window.to}`);

  const daily = dailyUnitsByProduct(products, sales, options.window.from, days);
  const weights = Float64Array.from({ length: days }, (_, t) => 0.5 ** ((days - 1 - t) / halfLife));
  const stats = daily.map((units) => productStats(units, weights));

  const byCategory = new Map<string, number[]>();
  products.forEach((p, i) => {
    const members = byCategory.get(p.category) ?? [];
    members.push(i);
    byCategory.set(p.category, members);
  });
  const categoryRate = new Map<string, number>();
  const categoryPrior = new Map<string, number>();
  const categoryDispersion = new Map<string, number>();
  for (const [category, members] of byCategory) {
    const rates = members.map((i) => stats[i]!.rate);
    const mean = rates.reduce((s, r) => s + r, 0) / rates.length;
    categoryRate.set(category, mean);
    categoryPrior.set(
      category,
      options.priorDays ?? priorStrength(rates, mean, stats[members[0]!]!.weightedDays),
    );
    // Method of moments for Var = μ + φμ²: φ = Σ(var − μ) / Σμ², never negative.
    let excess = 0;
    let squares = 0;
    for (const i of members) {
      excess += stats[i]!.variance - stats[i]!.rate;
      squares += stats[i]!.rate ** 2;
    }
    categoryDispersion.set(category, squares > 0 ? Math.max(0, excess / squares) : 0);
  }

  const storeRate = stats.reduce((s, p) => s + p.rate, 0);
  const multiplier = (forecastDaily: number | undefined) => {
    if (forecastDaily === undefined || !(storeRate > 0)) return 1;
    return Math.min(MULTIPLIER_RANGE[1], Math.max(MULTIPLIER_RANGE[0], forecastDaily / storeRate));
  };
  const m7 = multiplier(options.storeForecast?.dailyUnits7);
  const m30 = multiplier(options.storeForecast?.dailyUnits30);

  return products.map((product, i) => {
    const s = stats[i]!;
    const prior = categoryPrior.get(product.category)!;
    const pooled = (s.weightedUnits + prior * categoryRate.get(product.category)!) / (s.weightedDays + prior);
    const phi = categoryDispersion.get(product.category)!;
    const dailyStd = (mean: number) => Math.sqrt(mean + phi * mean * mean);
    const mean7 = pooled * m7;
    const mean30 = pooled * m30;
    return {
      productId: product.id,
      dailyMean7: mean7,
      dailyStd7: dailyStd(mean7),
      dailyMean30: mean30,
      dailyStd30: dailyStd(mean30),
      demand7: 7 * mean7,
      std7: Math.sqrt(7) * dailyStd(mean7),
      demand30: 30 * mean30,
      std30: Math.sqrt(30) * dailyStd(mean30),
      // The product's own evidence outweighs the prior once its weighted units exceed what the prior adds.
      source:
        s.weightedUnits >= prior * categoryRate.get(product.category)! && s.daysWithSales >= 3
          ? 'product_history'
          : 'category_pooled',
      unitsInWindow: s.units,
      daysWithSales: s.daysWithSales,
    };
  });
}

/**
 * k = m / τ², with τ² = observed variance of the rates − m / D (the Poisson noise of a rate measured over
 * D weighted days). No spread left between products → pool fully (k = 10·D); one product → no pooling.
 */
function priorStrength(rates: number[], mean: number, days: number): number {
  if (rates.length < 2 || !(mean > 0)) return 0;
  const variance = rates.reduce((s, r) => s + (r - mean) ** 2, 0) / (rates.length - 1);
  const between = variance - mean / days;
  return between > 0 ? Math.min(10 * days, mean / between) : 10 * days;
}

function dailyUnitsByProduct(
  products: readonly DemandProduct[],
  sales: readonly ProductSalesDay[],
  from: string,
  days: number,
): Float64Array[] {
  const index = new Map(products.map((p, i) => [p.id, i]));
  if (index.size !== products.length) throw new RangeError('product ids must be unique');
  const daily = products.map(() => new Float64Array(days));
  const first = toEpochDay(from);
  for (const sale of sales) {
    const i = index.get(sale.productId);
    const t = toEpochDay(sale.date) - first;
    if (i === undefined || t < 0 || t >= days) continue;
    if (!(Number.isFinite(sale.quantity) && sale.quantity >= 0)) {
      throw new RangeError(`units of ${sale.productId} on ${sale.date} must be ≥ 0, got ${sale.quantity}`);
    }
    daily[i]![t]! += sale.quantity;
  }
  return daily;
}

function productStats(units: Float64Array, weights: Float64Array): ProductStats {
  let weightedUnits = 0;
  let weightedDays = 0;
  let total = 0;
  let daysWithSales = 0;
  for (let t = 0; t < units.length; t += 1) {
    weightedUnits += weights[t]! * units[t]!;
    weightedDays += weights[t]!;
    total += units[t]!;
    if (units[t]! > 0) daysWithSales += 1;
  }
  const rate = weightedUnits / weightedDays;
  let variance = 0;
  for (let t = 0; t < units.length; t += 1) variance += weights[t]! * (units[t]! - rate) ** 2;
  return {
    weightedUnits,
    weightedDays,
    rate,
    variance: variance / weightedDays,
    units: total,
    daysWithSales,
  };
}
