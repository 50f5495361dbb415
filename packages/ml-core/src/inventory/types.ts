/** The guide's inventory alert types, most urgent kind first. */
export const ALERT_TYPES = ['reorder_now', 'low_stock', 'slow_moving', 'overstock', 'high_demand'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export interface InventoryProduct {
  id: string;
  sku: string;
  name: string;
  category: string;
  /** Units on hand (whole units; a negative backlog is accepted and treated as "none on hand"). */
  stock: number;
  /** Unit cost and price (money, ≥ 0). */
  cost: number;
  price: number;
  leadTimeDays: number;
  /** Inactive products are skipped entirely (no figures, no alerts, not in category medians). */
  active: boolean;
  /** Expected units per day and std for the next 7 and 30 days (from ProductDemand, or the recent-history fallback). */
  demand: { dailyMean7: number; dailyStd7: number; dailyMean30: number; dailyStd30: number; source: string };
  /** Units sold in each of the last 28+ days (oldest first), for high_demand. */
  recentDailyUnits: number[];
  /** The last day with a sale (`YYYY-MM-DD`), null when the product never sold. */
  lastSaleDate: string | null;
  /** Units sold in the 90 days before asOf (for the turnover). */
  unitsSold90d: number;
}

export interface InventoryOptions {
  /** "Today": the first day of the planning horizon (`YYYY-MM-DD`). */
  asOf: string;
  /** Probability of not running out during a lead time, in [0.5, 1); default 0.95. */
  serviceLevel?: number;
  /** Days an order must last beyond the lead time; default 30. */
  reviewPeriodDays?: number;
  /** Fixed cost per purchase order. EOQ is used only when this and holdingCostRate are both set. */
  orderingCost?: number;
  /** Annual holding cost as a fraction of unit cost (e.g. 0.25). */
  holdingCostRate?: number;
  /** No sale for this many days (with stock) → slow_moving; default 60. */
  slowMovingDays?: number;
  /** More than this many days of cover → overstock; default 90. */
  overstockCoverDays?: number;
  /** z-score of the last 7 days against the baseline for high_demand; default 3. */
  highDemandZ?: number;
  /** Fewest units in the last 7 days for high_demand; default 3. */
  highDemandMinUnits?: number;
  /** A reorder (reorder_now / low_stock) needs at least this many units of demand over lead time + review; default 1. */
  minReorderDemandUnits?: number;
  /** slow_moving when annualised turnover < this × its category's median; default 0.25. */
  slowTurnoverFactor?: number;
  /** The turnover rule needs at least this many stocked products in the category; default 3. */
  minCategoryProducts?: number;
}

export interface InventoryAlert {
  product_id: string;
  sku: string;
  product_name: string;
  alert_type: AlertType;
  /** 1 (informational) … 5 (act today); ≥ 4 counts as critical. */
  urgency_level: number;
  /** Plain English for the store admin. */
  message: string;
  /** The rule that fired, with its numbers. */
  reason: string;
  current_stock: number;
  recommended_stock: number;
  predicted_demand_7days: number;
  predicted_demand_30days: number;
  estimated_stockout_date: string | null;
  /** Cost value of stock that may not sell: all of it when slow_moving, the excess when overstock, else 0. */
  stock_value_at_risk: number;
}

export interface ProductInventoryAnalysis {
  product_id: string;
  sku: string;
  product_name: string;
  category: string;
  current_stock: number;
  unit_cost: number;
  /** Expected units per day (the 30-day mean) and its daily standard deviation. */
  daily_demand: number;
  demand_std: number;
  predicted_demand_7days: number;
  predicted_demand_30days: number;
  lead_time_days: number;
  /** Whole units, rounded up. */
  safety_stock: number;
  reorder_point: number;
  /** Units to order now: > 0 only for reorder_now / low_stock products. */
  recommended_order_quantity: number;
  /** √(2DS/H) when ordering and holding costs are configured, else null. */
  eoq: number | null;
  /** The order-up-to level: lead time + review period demand + safety stock, whole units. */
  recommended_stock: number;
  /** Stock ÷ daily demand; null when demand is 0. */
  days_of_cover: number | null;
  estimated_stockout_date: string | null;
  /** Stock at cost. */
  stock_value: number;
  stock_value_at_risk: number;
  /** Units sold in 90 days, annualised, ÷ stock; null without stock. */
  turnover: number | null;
  last_sale_date: string | null;
  days_since_last_sale: number | null;
  demand_source: string;
  alerts: InventoryAlert[];
}

export interface InventoryHealth {
  /** 0..100, one decimal. */
  health_score: number;
  status: 'good' | 'warning' | 'critical';
  metrics: {
    total_products: number;
    /** Products without any alert. */
    optimal: number;
    reorder_now: number;
    /** reorder_now products expected to run out before a reorder placed today could arrive. */
    stockout_before_reorder: number;
    low_stock: number;
    slow_moving: number;
    overstock: number;
    high_demand: number;
    stock_value_at_risk: number;
  };
  advice: { en: string[]; es: string[] };
}

export interface InventorySummary {
  total_alerts: number;
  by_type: Record<AlertType, number>;
  /** Alerts with urgency ≥ 4. */
  critical_alerts: number;
  total_stock_value: number;
  total_stock_value_at_risk: number;
  /** Products to reorder (reorder_now or low_stock) and the cost of their recommended orders. */
  reorder_count: number;
  estimated_reorder_cost: number;
}

export interface InventoryAnalysis {
  as_of: string;
  /** The options actually used, defaults filled in, plus the z of the service level. */
  params: {
    service_level: number;
    z: number;
    review_period_days: number;
    ordering_cost: number | null;
    holding_cost_rate: number | null;
    slow_moving_days: number;
    overstock_cover_days: number;
    high_demand_z: number;
    high_demand_min_units: number;
    min_reorder_demand_units: number;
    slow_turnover_factor: number;
    min_category_products: number;
  };
  total_products_analyzed: number;
  products: ProductInventoryAnalysis[];
  /** All alerts, most urgent first. */
  alerts: InventoryAlert[];
  summary: InventorySummary;
  health: InventoryHealth;
}
