import { roundTo } from '../numbers';
import { daysBetween, toEpochDay } from '../time/days';
import {
  ceilUnits,
  economicOrderQuantity,
  orderQuantity,
  reorderPoint,
  safetyStock,
  stockoutDate,
  zForServiceLevel,
} from './formulas';
import { inventoryHealth } from './health';
import { type HighDemandTest, highDemandTest } from './high-demand';
import {
  ALERT_TYPES,
  type AlertType,
  type InventoryAlert,
  type InventoryAnalysis,
  type InventoryOptions,
  type InventoryProduct,
  type ProductInventoryAnalysis,
} from './types';

/**
 * # Inventory analysis
 *
 * Per active product, with d = the expected daily units over the next 30 days and σ its daily deviation
 * (the order covers lead time + a 30-day review, so the 30-day figures are the relevant ones; the 7-day
 * figures are reported as predicted_demand_7days), L = lead time, R = review period, z = Φ⁻¹(service level):
 *
 * - safety_stock  = ⌈z·σ·√L⌉, reorder_point = ⌈d·L + z·σ·√L⌉ (whole units, rounded up so the service level
 *   holds; stock is compared with these integers, so "stock exactly at the reorder point" is well defined);
 * - recommended_stock (order-up-to level S) = ⌈d·(L + R) + z·σ·√L⌉, and at least reorder_point + 1 so that
 *   a fulfilled order always clears the alert that asked for it;
 * - recommended_order_quantity = S − stock for products that need a reorder (else 0); when ordering and
 *   holding costs are both configured, max(that, ⌈EOQ⌉) with EOQ = √(2·365d·orderingCost / (rate·cost)):
 *   EOQ alone ignores the stock that must be topped up, the top-up alone ignores economies of order size;
 * - days_of_cover = stock / d, estimated_stockout_date = asOf + ⌊stock / d⌋ (none when d = 0).
 *
 * ## Alert rules (one alert per product and type at most)
 * - `reorder_now`: stock ≤ safety_stock, or stock / d < L (it runs out before a reorder placed today
 *   arrives). Urgency 5 when it runs out before arrival, else 4.
 * - `low_stock`: stock ≤ reorder_point and not reorder_now. The two never fire together: reorder_now is
 *   the more urgent state of the same condition (both imply stock ≤ reorder point). Urgency 3 when the
 *   stock lasts less than 7 days beyond the lead time or demand is spiking (high_demand), else 2.
 * - Both reorder alerts need a product that is expected to sell: d > 0 and d·(L + R) ≥ 1 unit
 *   (`minReorderDemandUnits`). With zero or negligible demand there is no reorder and no order quantity.
 * - `slow_moving` (stock > 0): never sold (urgency 3), or no sale for ≥ 2 × slowMovingDays (urgency 3) or
 *   ≥ slowMovingDays (urgency 2), or annualised turnover (units sold in 90 days × 365/90 ÷ stock) below
 *   0.25 × the median turnover of its category's stocked active products, when the category has ≥ 3 of
 *   them (urgency 1).
 * - `overstock`: stock above the overstock level max(d × overstockCoverDays, recommended_stock, and with
 *   EOQ reorder_point + ⌈EOQ⌉), i.e. more than 90 days of cover, but never for stock the plan itself
 *   recommends. With d = 0 any stock above the (then zero) recommended stock is overstock. Urgency 3 when
 *   d = 0 or cover > 2 × overstockCoverDays, else 2.
 * - `high_demand`: see high-demand.ts (z-score of the last 7 days against the 21+ days before, ≥ highDemandZ,
 *   and ≥ 3 units). Urgency 4 when, at last week's pace, the stock runs out within the lead time, else 3.
 *
 * ## Value at risk (at cost)
 * Per product, the cost value of stock that may not sell: the whole stock when slow_moving, otherwise the
 * units above the overstock level when overstock, otherwise 0 (never counted twice). The alert carries the
 * value of its own rule; the summary's total_stock_value_at_risk sums the products.
 *
 * Products keep their input order; alerts are sorted by urgency (desc), alert type, sku, product id. The
 * result depends only on the input: no clock, no randomness.
 */

export const INVENTORY_DEFAULTS = {
  serviceLevel: 0.95,
  reviewPeriodDays: 30,
  slowMovingDays: 60,
  overstockCoverDays: 90,
  highDemandZ: 3,
  highDemandMinUnits: 3,
  minReorderDemandUnits: 1,
  slowTurnoverFactor: 0.25,
  minCategoryProducts: 3,
} as const;

/** low_stock is more urgent when the stock lasts fewer than this many days beyond the lead time. */
export const LOW_STOCK_SLACK_DAYS = 7;

const EPSILON = 1e-9;

type Resolved = Required<Omit<InventoryOptions, 'orderingCost' | 'holdingCostRate'>> & {
  orderingCost: number | null;
  holdingCostRate: number | null;
  z: number;
};

function resolveOptions(options: InventoryOptions): Resolved {
  toEpochDay(options.asOf);
  const o = {
    asOf: options.asOf,
    serviceLevel: options.serviceLevel ?? INVENTORY_DEFAULTS.serviceLevel,
    reviewPeriodDays: options.reviewPeriodDays ?? INVENTORY_DEFAULTS.reviewPeriodDays,
    slowMovingDays: options.slowMovingDays ?? INVENTORY_DEFAULTS.slowMovingDays,
    overstockCoverDays: options.overstockCoverDays ?? INVENTORY_DEFAULTS.overstockCoverDays,
    highDemandZ: options.highDemandZ ?? INVENTORY_DEFAULTS.highDemandZ,
    highDemandMinUnits: options.highDemandMinUnits ?? INVENTORY_DEFAULTS.highDemandMinUnits,
    minReorderDemandUnits: options.minReorderDemandUnits ?? INVENTORY_DEFAULTS.minReorderDemandUnits,
    slowTurnoverFactor: options.slowTurnoverFactor ?? INVENTORY_DEFAULTS.slowTurnoverFactor,
    minCategoryProducts: options.minCategoryProducts ?? INVENTORY_DEFAULTS.minCategoryProducts,
    orderingCost: options.orderingCost ?? null,
    holdingCostRate: options.holdingCostRate ?? null,
  };
  if (!(o.serviceLevel >= 0.5 && o.serviceLevel < 1)) {
    throw new RangeError(`serviceLevel must be in [0.5, 1), got ${o.serviceLevel}`);
  }
  const nonNegative = {
    reviewPeriodDays: o.reviewPeriodDays,
    highDemandZ: o.highDemandZ,
    highDemandMinUnits: o.highDemandMinUnits,
    minReorderDemandUnits: o.minReorderDemandUnits,
    slowTurnoverFactor: o.slowTurnoverFactor,
    minCategoryProducts: o.minCategoryProducts,
    orderingCost: o.orderingCost ?? 0,
  };
  for (const [name, value] of Object.entries(nonNegative)) {
    if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`${name} must be ≥ 0, got ${value}`);
  }
  for (const [name, value] of Object.entries({
    slowMovingDays: o.slowMovingDays,
    overstockCoverDays: o.overstockCoverDays,
    holdingCostRate: o.holdingCostRate ?? 1,
  })) {
    if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be > 0, got ${value}`);
  }
  return { ...o, z: zForServiceLevel(o.serviceLevel) };
}

function validateProduct(p: InventoryProduct): void {
  const finite = { stock: p.stock };
  const nonNegative = {
    cost: p.cost,
    price: p.price,
    leadTimeDays: p.leadTimeDays,
    unitsSold90d: p.unitsSold90d,
    dailyMean7: p.demand.dailyMean7,
    dailyStd7: p.demand.dailyStd7,
    dailyMean30: p.demand.dailyMean30,
    dailyStd30: p.demand.dailyStd30,
  };
  for (const [name, value] of Object.entries(finite)) {
    if (!Number.isFinite(value))
      throw new RangeError(`${name} of product ${p.id} must be finite, got ${value}`);
  }
  for (const [name, value] of Object.entries(nonNegative)) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`${name} of product ${p.id} must be a finite number ≥ 0, got ${value}`);
    }
  }
  if (p.lastSaleDate !== null) toEpochDay(p.lastSaleDate);
}

/** Figures of one product before the rules run. */
interface Figures {
  product: InventoryProduct;
  d: number;
  sigma: number;
  safetyExact: number;
  safety: number;
  reorderPoint: number;
  recommendedStock: number;
  eoq: number | null;
  reorderEligible: boolean;
  cover: number | null;
  stockout: string | null;
  stockValue: number;
  turnover: number | null;
  daysSinceLastSale: number | null;
}

function figures(p: InventoryProduct, o: Resolved): Figures {
  const d = p.demand.dailyMean30;
  const sigma = p.demand.dailyStd30;
  const L = p.leadTimeDays;
  const R = o.reviewPeriodDays;
  const safetyExact = safetyStock(o.z, sigma, L);
  const rop = ceilUnits(reorderPoint(d, L, safetyExact));
  const reorderEligible = d > 0 && d * (L + R) >= o.minReorderDemandUnits - EPSILON;
  const upTo = ceilUnits(d * (L + R) + safetyExact);
  const holding = o.holdingCostRate === null ? 0 : o.holdingCostRate * p.cost;
  const eoq =
    o.orderingCost !== null && o.holdingCostRate !== null && holding > 0
      ? economicOrderQuantity(365 * d, o.orderingCost, holding)
      : null;
  const onHand = Math.max(0, p.stock);
  return {
    product: p,
    d,
    sigma,
    safetyExact,
    safety: ceilUnits(safetyExact),
    reorderPoint: rop,
    recommendedStock: reorderEligible ? Math.max(upTo, rop + 1) : upTo,
    eoq,
    reorderEligible,
    cover: d > 0 ? onHand / d : null,
    stockout: stockoutDate(o.asOf, p.stock, d),
    stockValue: onHand * p.cost,
    turnover: p.stock > 0 ? (p.unitsSold90d * (365 / 90)) / p.stock : null,
    daysSinceLastSale: p.lastSaleDate === null ? null : daysBetween(p.lastSaleDate, o.asOf),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median annualised turnover of each category's stocked products, null when there are too few. */
function categoryMedians(all: readonly Figures[], minProducts: number): Map<string, number | null> {
  const byCategory = new Map<string, number[]>();
  for (const f of all) {
    const list = byCategory.get(f.product.category) ?? [];
    if (f.turnover !== null) list.push(f.turnover);
    byCategory.set(f.product.category, list);
  }
  const medians = new Map<string, number | null>();
  for (const [category, list] of byCategory) {
    medians.set(category, list.length >= Math.max(1, minProducts) ? median(list) : null);
  }
  return medians;
}

const fmt = (value: number, decimals = 2) => String(roundTo(value, decimals));
const units = (n: number) => `${fmt(n)} unit${n === 1 ? '' : 's'}`;

interface Evaluation {
  figures: Figures;
  orderQuantity: number;
  valueAtRisk: number;
  alerts: InventoryAlert[];
}

function evaluate(f: Figures, o: Resolved, categoryMedian: number | null): Evaluation {
  const p = f.product;
  const { d, cover } = f;
  const L = p.leadTimeDays;
  const stock = p.stock;
  const name = p.name;
  const base = {
    product_id: p.id,
    sku: p.sku,
    product_name: p.name,
    current_stock: p.stock,
    recommended_stock: f.recommendedStock,
    predicted_demand_7days: roundTo(7 * p.demand.dailyMean7, 2),
    predicted_demand_30days: roundTo(30 * d, 2),
    estimated_stockout_date: f.stockout,
  };
  const fired: InventoryAlert[] = [];
  const raise = (
    alert_type: AlertType,
    urgency_level: number,
    message: string,
    reason: string,
    valueAtRisk = 0,
  ) => {
    fired.push({
      ...base,
      alert_type,
      urgency_level,
      message,
      reason,
      stock_value_at_risk: roundTo(valueAtRisk, 2),
    });
  };

  const spike: HighDemandTest = highDemandTest(p.recentDailyUnits, o.highDemandZ, o.highDemandMinUnits);

  // Reorder rules.
  const belowSafety = stock <= f.safety;
  const runsOutBeforeArrival = d > 0 && stock / d < L;
  const reorderNow = f.reorderEligible && (belowSafety || runsOutBeforeArrival);
  const lowStock = f.reorderEligible && !reorderNow && stock <= f.reorderPoint;
  let quantity = 0;
  if (reorderNow || lowStock) {
    quantity = Math.max(
      orderQuantity(d, L, o.reviewPeriodDays, f.safetyExact, stock),
      ceilUnits(f.reorderPoint + 1 - stock),
      f.eoq === null ? 0 : ceilUnits(f.eoq),
    );
  }
  const coverText = cover === null ? 'no demand' : `${fmt(cover, 1)} days of cover`;
  const sizing =
    `order ${units(quantity)} = max(top-up to recommended stock ${f.recommendedStock} − stock ${stock}` +
    `${f.eoq === null ? '' : `, ⌈EOQ ${fmt(f.eoq)}⌉`}); recommended stock = max(⌈d ${fmt(d, 3)}/day × ` +
    `(L ${L} + R ${o.reviewPeriodDays}) + safety ${fmt(f.safetyExact)}⌉, reorder point + 1)`;
  if (reorderNow) {
    const conditions = [
      belowSafety
        ? `stock ${stock} ≤ safety stock ${f.safety} (z ${fmt(o.z, 3)} × σ ${fmt(f.sigma, 3)} × √${L})`
        : '',
      runsOutBeforeArrival ? `${coverText} < lead time ${L} days` : '',
    ].filter((c) => c !== '');
    const message = runsOutBeforeArrival
      ? stock <= 0
        ? `${name} is out of stock and a reorder takes ${L} days: order ${units(quantity)} today.`
        : `${name} will run out around ${f.stockout}, before a reorder placed today could arrive (${L} days): order ${units(quantity)} today.`
      : `${name} is at or below its safety stock (${stock} of ${f.safety}): order ${units(quantity)} today.`;
    raise(
      'reorder_now',
      runsOutBeforeArrival ? 5 : 4,
      message,
      `reorder_now: ${conditions.join('; ')}; ${sizing}`,
    );
  }
  if (lowStock) {
    const slack = (cover ?? 0) - L;
    const urgent = slack < LOW_STOCK_SLACK_DAYS || spike.fires;
    raise(
      'low_stock',
      urgent ? 3 : 2,
      `${name} is at or below its reorder point (${stock} of ${f.reorderPoint}): order ${units(quantity)} soon.`,
      `low_stock: stock ${stock} ≤ reorder point ${f.reorderPoint} = ⌈d ${fmt(d, 3)} × L ${L} + safety ${fmt(f.safetyExact)}⌉; ` +
        `${coverText}, ${fmt(slack, 1)} days beyond the lead time` +
        `${urgent ? (spike.fires ? ' and demand is spiking' : ` (< ${LOW_STOCK_SLACK_DAYS})`) : ''}; ${sizing}`,
    );
  }

  // Stock that may not sell.
  let slowValue = 0;
  if (stock > 0) {
    const never = p.lastSaleDate === null;
    const days = f.daysSinceLastSale;
    const stale = days !== null && days >= o.slowMovingDays;
    const lowTurnover =
      categoryMedian !== null &&
      categoryMedian > 0 &&
      f.turnover !== null &&
      f.turnover < o.slowTurnoverFactor * categoryMedian;
    if (never || stale || lowTurnover) {
      slowValue = f.stockValue;
      const veryStale = never || (days !== null && days >= 2 * o.slowMovingDays);
      const why = never
        ? 'never sold'
        : stale
          ? `no sale for ${days} days (≥ ${o.slowMovingDays}, last on ${p.lastSaleDate})`
          : `annualised turnover ${fmt(f.turnover ?? 0)} < ${o.slowTurnoverFactor} × category median ${fmt(categoryMedian ?? 0)}`;
      const message = never
        ? `${name} has never sold and holds ${units(stock)} (${fmt(slowValue)} at cost): consider a promotion or clearance.`
        : stale
          ? `${name} has not sold for ${days} days and holds ${units(stock)} (${fmt(slowValue)} at cost): consider a promotion or clearance.`
          : `${name} turns over far more slowly than its category (${fmt(f.turnover ?? 0)} vs ${fmt(categoryMedian ?? 0)} a year): consider a promotion.`;
      raise(
        'slow_moving',
        veryStale ? 3 : stale ? 2 : 1,
        message,
        `slow_moving: ${why}; stock ${stock}`,
        slowValue,
      );
    }
  }

  const overstockLevel = Math.max(
    d * o.overstockCoverDays,
    f.recommendedStock,
    f.eoq === null ? 0 : f.reorderPoint + ceilUnits(f.eoq),
  );
  let overValue = 0;
  if (stock > overstockLevel + EPSILON) {
    const excess = stock - overstockLevel;
    overValue = excess * p.cost;
    const extreme = d === 0 || (cover ?? 0) > 2 * o.overstockCoverDays;
    const message =
      d === 0
        ? `${name} holds ${units(stock)} but no sales are expected: ${units(excess)} (${fmt(overValue)} at cost) are surplus.`
        : `${name} holds ${fmt(cover ?? 0, 0)} days of stock (${units(stock)} at ${fmt(d, 2)}/day): ${units(excess)} (${fmt(overValue)} at cost) exceed ${o.overstockCoverDays} days of cover.`;
    raise(
      'overstock',
      extreme ? 3 : 2,
      message,
      `overstock: stock ${stock} > overstock level ${fmt(overstockLevel)} = max(d ${fmt(d, 3)} × ${o.overstockCoverDays} days, ` +
        `recommended stock ${f.recommendedStock}${f.eoq === null ? '' : `, reorder point + EOQ ${f.reorderPoint + ceilUnits(f.eoq)}`}); ${coverText}`,
      overValue,
    );
  }

  if (spike.fires) {
    const pace = spike.last7Units / 7;
    const urgent = stock < pace * L;
    raise(
      'high_demand',
      urgent ? 4 : 3,
      `${name} sold ${units(spike.last7Units)} in the last 7 days against about ${fmt(spike.expected7Units, 1)} usually` +
        (urgent
          ? `: at this pace the stock runs out within the ${L}-day lead time.`
          : ': check stock and reorder early.'),
      `high_demand: z = (${fmt(spike.last7Units)} − 7 × ${fmt(spike.baselineDailyMean, 3)}) / ${fmt(spike.sd7Units, 3)} = ` +
        `${fmt(spike.z)} ≥ ${o.highDemandZ} over a ${spike.baselineDays}-day baseline (daily variance ${fmt(spike.baselineDailyVariance, 3)}), ` +
        `${fmt(spike.last7Units)} ≥ ${o.highDemandMinUnits} units`,
    );
  }

  return {
    figures: f,
    orderQuantity: quantity,
    valueAtRisk: slowValue > 0 ? slowValue : overValue,
    alerts: fired,
  };
}

function toProductAnalysis(e: Evaluation): ProductInventoryAnalysis {
  const f = e.figures;
  const p = f.product;
  return {
    product_id: p.id,
    sku: p.sku,
    product_name: p.name,
    category: p.category,
    current_stock: p.stock,
    unit_cost: p.cost,
    daily_demand: roundTo(f.d, 4),
    demand_std: roundTo(f.sigma, 4),
    predicted_demand_7days: roundTo(7 * p.demand.dailyMean7, 2),
    predicted_demand_30days: roundTo(30 * f.d, 2),
    lead_time_days: p.leadTimeDays,
    safety_stock: f.safety,
    reorder_point: f.reorderPoint,
    recommended_order_quantity: e.orderQuantity,
    eoq: f.eoq === null ? null : roundTo(f.eoq, 2),
    recommended_stock: f.recommendedStock,
    days_of_cover: f.cover === null ? null : roundTo(f.cover, 2),
    estimated_stockout_date: f.stockout,
    stock_value: roundTo(f.stockValue, 2),
    stock_value_at_risk: roundTo(e.valueAtRisk, 2),
    turnover: f.turnover === null ? null : roundTo(f.turnover, 2),
    last_sale_date: p.lastSaleDate,
    days_since_last_sale: f.daysSinceLastSale,
    demand_source: p.demand.source,
    alerts: e.alerts,
  };
}

const typeRank = (t: AlertType) => ALERT_TYPES.indexOf(t);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Analyses every active product (see the rules above). Throws RangeError on invalid options or figures. */
export function analyzeInventory(
  products: readonly InventoryProduct[],
  options: InventoryOptions,
): InventoryAnalysis {
  const o = resolveOptions(options);
  const active = products.filter((p) => p.active);
  const ids = new Set<string>();
  for (const p of active) {
    if (ids.has(p.id)) throw new RangeError(`product ids must be unique, ${p.id} repeats`);
    ids.add(p.id);
    validateProduct(p);
  }
  const all = active.map((p) => figures(p, o));
  const medians = categoryMedians(all, o.minCategoryProducts);
  const evaluations = all.map((f) => evaluate(f, o, medians.get(f.product.category) ?? null));
  const analyses = evaluations.map(toProductAnalysis);

  const alerts = analyses
    .flatMap((a) => a.alerts)
    .sort(
      (a, b) =>
        b.urgency_level - a.urgency_level ||
        typeRank(a.alert_type) - typeRank(b.alert_type) ||
        compareText(a.sku, b.sku) ||
        compareText(a.product_id, b.product_id),
    );
  const byType = Object.fromEntries(ALERT_TYPES.map((t) => [t, 0])) as Record<AlertType, number>;
  for (const a of alerts) byType[a.alert_type] += 1;
  const toReorder = analyses.filter((a) => a.recommended_order_quantity > 0);

  return {
    as_of: o.asOf,
    params: {
      service_level: o.serviceLevel,
      z: roundTo(o.z, 6),
      review_period_days: o.reviewPeriodDays,
      ordering_cost: o.orderingCost,
      holding_cost_rate: o.holdingCostRate,
      slow_moving_days: o.slowMovingDays,
      overstock_cover_days: o.overstockCoverDays,
      high_demand_z: o.highDemandZ,
      high_demand_min_units: o.highDemandMinUnits,
      min_reorder_demand_units: o.minReorderDemandUnits,
      slow_turnover_factor: o.slowTurnoverFactor,
      min_category_products: o.minCategoryProducts,
    },
    total_products_analyzed: analyses.length,
    products: analyses,
    alerts,
    summary: {
      total_alerts: alerts.length,
      by_type: byType,
      critical_alerts: alerts.filter((a) => a.urgency_level >= 4).length,
      total_stock_value: roundTo(
        analyses.reduce((s, a) => s + a.stock_value, 0),
        2,
      ),
      total_stock_value_at_risk: roundTo(
        analyses.reduce((s, a) => s + a.stock_value_at_risk, 0),
        2,
      ),
      reorder_count: toReorder.length,
      estimated_reorder_cost: roundTo(
        toReorder.reduce((s, a) => s + roundTo(a.recommended_order_quantity * a.unit_cost, 2), 0),
        2,
      ),
    },
    health: inventoryHealth(analyses, {
      slowMovingDays: o.slowMovingDays,
      overstockCoverDays: o.overstockCoverDays,
    }),
  };
}
