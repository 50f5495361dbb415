import { roundTo } from '../numbers';
import type { ProductInventoryAnalysis } from './types';

/**
 * # Reorder recommendations
 *
 * One line per product that needs a reorder (a `reorder_now` or `low_stock` alert, hence a positive
 * recommended_order_quantity), with estimated_cost = quantity × unit cost and a priority:
 * - `high`: reorder_now (at or below safety stock, or running out before a reorder could arrive);
 * - `medium`: low_stock with urgency 3 (less than 7 days of stock beyond the lead time, or spiking demand);
 * - `low`: the other low_stock products.
 * Sorted by priority, then the earliest stockout date (none last), then sku and product id.
 */

export const REORDER_PRIORITIES = ['high', 'medium', 'low'] as const;
export type ReorderPriority = (typeof REORDER_PRIORITIES)[number];

export interface ReorderRecommendation {
  product_id: string;
  sku: string;
  product_name: string;
  category: string;
  current_stock: number;
  safety_stock: number;
  reorder_point: number;
  recommended_stock: number;
  recommended_order_quantity: number;
  eoq: number | null;
  daily_demand: number;
  lead_time_days: number;
  estimated_stockout_date: string | null;
  unit_cost: number;
  estimated_cost: number;
  priority: ReorderPriority;
}

export interface ReorderRecommendations {
  recommendations: ReorderRecommendation[];
  total_recommendations: number;
  estimated_total_cost: number;
  by_priority: Record<ReorderPriority, number>;
}

function priorityOf(product: ProductInventoryAnalysis): ReorderPriority | null {
  if (product.alerts.some((a) => a.alert_type === 'reorder_now')) return 'high';
  const low = product.alerts.find((a) => a.alert_type === 'low_stock');
  if (!low) return null;
  return low.urgency_level >= 3 ? 'medium' : 'low';
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The products to reorder from an analysis (or its stored `products`), most pressing first. */
export function reorderRecommendations(analysis: {
  products: readonly ProductInventoryAnalysis[];
}): ReorderRecommendations {
  const recommendations: ReorderRecommendation[] = [];
  for (const p of analysis.products) {
    const priority = priorityOf(p);
    if (priority === null || !(p.recommended_order_quantity > 0)) continue;
    recommendations.push({
      product_id: p.product_id,
      sku: p.sku,
      product_name: p.product_name,
      category: p.category,
      current_stock: p.current_stock,
      safety_stock: p.safety_stock,
      reorder_point: p.reorder_point,
      recommended_stock: p.recommended_stock,
      recommended_order_quantity: p.recommended_order_quantity,
      eoq: p.eoq,
      daily_demand: p.daily_demand,
      lead_time_days: p.lead_time_days,
      estimated_stockout_date: p.estimated_stockout_date,
      unit_cost: p.unit_cost,
      estimated_cost: roundTo(p.recommended_order_quantity * p.unit_cost, 2),
      priority,
    });
  }
  const rank = (p: ReorderPriority) => REORDER_PRIORITIES.indexOf(p);
  recommendations.sort(
    (a, b) =>
      rank(a.priority) - rank(b.priority) ||
      compareText(a.estimated_stockout_date ?? '9999-12-31', b.estimated_stockout_date ?? '9999-12-31') ||
      compareText(a.sku, b.sku) ||
      compareText(a.product_id, b.product_id),
  );
  const byPriority = { high: 0, medium: 0, low: 0 };
  for (const r of recommendations) byPriority[r.priority] += 1;
  return {
    recommendations,
    total_recommendations: recommendations.length,
    estimated_total_cost: roundTo(
      recommendations.reduce((s, r) => s + r.estimated_cost, 0),
      2,
    ),
    by_priority: byPriority,
  };
}
