export { analyzeInventory, INVENTORY_DEFAULTS, LOW_STOCK_SLACK_DAYS } from './analyze';
export {
  ceilUnits,
  economicOrderQuantity,
  orderQuantity,
  reorderPoint,
  STOCKOUT_HORIZON_DAYS,
  safetyStock,
  stockoutDate,
  zForServiceLevel,
} from './formulas';
export { HEALTH_THRESHOLDS, HEALTH_WEIGHTS, type HealthInput, healthStatus, inventoryHealth } from './health';
export {
  HIGH_DEMAND_MIN_BASELINE_DAYS,
  HIGH_DEMAND_WINDOW_DAYS,
  type HighDemandTest,
  highDemandTest,
} from './high-demand';
export {
  REORDER_PRIORITIES,
  type ReorderPriority,
  type ReorderRecommendation,
  type ReorderRecommendations,
  reorderRecommendations,
} from './reorder';
export {
  ALERT_TYPES,
  type AlertType,
  type InventoryAlert,
  type InventoryAnalysis,
  type InventoryHealth,
  type InventoryOptions,
  type InventoryProduct,
  type InventorySummary,
  type ProductInventoryAnalysis,
} from './types';
