import { roundTo } from '../numbers';
import { ALERT_TYPES, type AlertType, type InventoryHealth } from './types';

/**
 * # Inventory health score
 *
 * health_score = max(0, 100 × (1 − Σ_products w(product) / N)), one decimal, N = active products analysed,
 * where w(product) is the weight of its heaviest alert (0 without alerts), so a product counts once:
 *
 *   reorder_now 2 · low_stock 1 · slow_moving 0.75 · overstock 0.5 · high_demand 0.25
 *
 * A stockout risk weighs most: 10% of products at reorder_now costs 20 points, 10% overstocked 5. The
 * score is 100 with no products or no alerts and 0 when half the products or more must be reordered
 * now. status: good ≥ 80, warning ≥ 50, else critical (on the rounded score).
 */
export const HEALTH_WEIGHTS: Readonly<Record<AlertType, number>> = {
  reorder_now: 2,
  low_stock: 1,
  slow_moving: 0.75,
  overstock: 0.5,
  high_demand: 0.25,
};

export const HEALTH_THRESHOLDS = { good: 80, warning: 50 } as const;

/** What the health score needs of a product: its alerts and the value at risk. */
export interface HealthInput {
  alerts: readonly { alert_type: AlertType; urgency_level: number }[];
  stock_value_at_risk: number;
}

export function healthStatus(score: number): InventoryHealth['status'] {
  if (score >= HEALTH_THRESHOLDS.good) return 'good';
  if (score >= HEALTH_THRESHOLDS.warning) return 'warning';
  return 'critical';
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export function inventoryHealth(
  products: readonly HealthInput[],
  options: { slowMovingDays?: number; overstockCoverDays?: number } = {},
): InventoryHealth {
  const slowDays = options.slowMovingDays ?? 60;
  const coverDays = options.overstockCoverDays ?? 90;
  const counts = Object.fromEntries(ALERT_TYPES.map((t) => [t, 0])) as Record<AlertType, number>;
  let penalty = 0;
  let optimal = 0;
  let stockoutBeforeReorder = 0;
  let atRisk = 0;
  for (const product of products) {
    const types = new Set(product.alerts.map((a) => a.alert_type));
    for (const t of types) counts[t] += 1;
    if (types.size === 0) optimal += 1;
    penalty += Math.max(0, ...[...types].map((t) => HEALTH_WEIGHTS[t]));
    if (product.alerts.some((a) => a.alert_type === 'reorder_now' && a.urgency_level >= 5)) {
      stockoutBeforeReorder += 1;
    }
    atRisk += product.stock_value_at_risk;
  }
  const n = products.length;
  const score = n === 0 ? 100 : roundTo(Math.max(0, 100 * (1 - penalty / n)), 1);
  const valueAtRisk = roundTo(atRisk, 2);

  const en: string[] = [];
  const es: string[] = [];
  const atSafety = counts.reorder_now - stockoutBeforeReorder;
  if (n === 0) {
    en.push('No active products to analyse.');
    es.push('No hay productos activos que analizar.');
  }
  if (stockoutBeforeReorder > 0) {
    const k = stockoutBeforeReorder;
    en.push(
      `${k} ${plural(k, 'product will run out before a reorder could arrive: order it today.', 'products will run out before a reorder could arrive: order them today.')}`,
    );
    es.push(
      `${k} ${plural(k, 'producto se agotará antes de que pueda llegar un pedido: pedirlo hoy.', 'productos se agotarán antes de que pueda llegar un pedido: pedirlos hoy.')}`,
    );
  }
  if (atSafety > 0) {
    en.push(
      `${atSafety} ${plural(atSafety, 'product is at or below its safety stock: reorder it today.', 'products are at or below their safety stock: reorder them today.')}`,
    );
    es.push(
      `${atSafety} ${plural(atSafety, 'producto está en su stock de seguridad o por debajo: reponerlo hoy.', 'productos están en su stock de seguridad o por debajo: reponerlos hoy.')}`,
    );
  }
  if (counts.low_stock > 0) {
    const k = counts.low_stock;
    en.push(
      `Restock ${k} ${plural(k, 'product with low stock (at or below its reorder point).', 'products with low stock (at or below their reorder point).')}`,
    );
    es.push(
      `Reabastecer ${k} ${plural(k, 'producto', 'productos')} con stock bajo (en su punto de reorden o por debajo).`,
    );
  }
  if (counts.high_demand > 0) {
    const k = counts.high_demand;
    en.push(
      `${k} ${plural(k, 'product is selling far above its usual pace: check its stock', 'products are selling far above their usual pace: check their stock')} and reorder early.`,
    );
    es.push(
      `${k} ${plural(k, 'producto se vende', 'productos se venden')} muy por encima de su ritmo habitual: revisar su stock y adelantar el pedido.`,
    );
  }
  if (counts.overstock > 0) {
    const k = counts.overstock;
    en.push(
      `Consider promotions for ${k} overstocked ${plural(k, 'product', 'products')} (more than ${coverDays} days of stock).`,
    );
    es.push(
      `Considerar promociones para ${k} ${plural(k, 'producto', 'productos')} con sobrestock (más de ${coverDays} días de stock).`,
    );
  }
  if (counts.slow_moving > 0) {
    const k = counts.slow_moving;
    en.push(
      `Apply a clearance strategy to ${k} slow-moving ${plural(k, 'product', 'products')} (no sale in ${slowDays} days or turnover far below the category).`,
    );
    es.push(
      `Aplicar estrategia de liquidación para ${k} ${plural(k, 'producto', 'productos')} de baja rotación (sin ventas en ${slowDays} días o rotación muy inferior a su categoría).`,
    );
  }
  if (valueAtRisk > 0) {
    en.push(
      `Stock worth ${valueAtRisk.toFixed(2)} at cost is tied up in overstocked and slow-moving products.`,
    );
    es.push(
      `Hay ${valueAtRisk.toFixed(2).replace('.', ',')} (a coste) de stock inmovilizado en productos con sobrestock o baja rotación.`,
    );
  }
  if (n > 0 && optimal === n) {
    en.push('Inventory is in good shape: no alerts.');
    es.push('El inventario está en buen estado: no hay alertas.');
  }

  return {
    health_score: score,
    status: healthStatus(score),
    metrics: {
      total_products: n,
      optimal,
      reorder_now: counts.reorder_now,
      stockout_before_reorder: stockoutBeforeReorder,
      low_stock: counts.low_stock,
      slow_moving: counts.slow_moving,
      overstock: counts.overstock,
      high_demand: counts.high_demand,
      stock_value_at_risk: valueAtRisk,
    },
    advice: { en, es },
  };
}
