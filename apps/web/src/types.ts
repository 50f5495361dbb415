/** The API's JSON, as far as the dashboard reads it (README: API). */
export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface Enqueued {
  job_id: string;
  status_url: string;
  existing: boolean;
  message: string;
}

export type JobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed';

export interface JobStatus {
  job_id: string;
  name: string;
  state: JobState;
  progress: number;
  attempts: number;
  max_attempts: number;
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
}

export interface ModelRow {
  id: string;
  model_type: string;
  algorithm: string;
  version: number;
  is_active: boolean;
  trained_at: string;
  metrics: Record<string, unknown>;
  records_used?: number;
}

export interface TrainingLogRow {
  id: string;
  model_type: string;
  status: string;
  attempt: number;
  started_at: string;
  finished_at: string | null;
  duration_seconds: number | null;
  records_used: number | null;
  error: string | null;
  metrics: Record<string, unknown> | null;
}

export interface DashboardSummary {
  summary: {
    total_active_models: number;
    total_predictions: number;
    predictions_last_7days: number;
    active_inventory_alerts: number;
    critical_inventory_alerts: number;
  };
  recent_models: ModelRow[];
  recent_trainings: TrainingLogRow[];
  queues: { available: boolean } & Record<string, unknown>;
}

export interface ForecastDay {
  date: string;
  predicted_sales: number;
  predicted_quantity: number;
  confidence_lower: number;
  confidence_upper: number;
}

export interface SalesForecast {
  model_id: string;
  model_version: number;
  algorithm: string;
  as_of: string;
  predictions: ForecastDay[];
  summary: {
    total_predicted_sales: number;
    avg_daily_sales: number;
    total_predicted_quantity: number;
    days_ahead: number;
    confidence_level: number;
    start_date: string;
    end_date: string;
  };
}

export interface SalesHistory {
  as_of: string;
  from: string;
  to: string;
  history: { date: string; sales: number; quantity: number }[];
}

export interface InventoryAlert {
  id: string;
  product_id: string;
  product_name: string;
  sku: string;
  alert_type: string;
  urgency_level: number;
  current_stock: number;
  recommended_stock: number | null;
  predicted_demand_7days: number | null;
  predicted_demand_30days: number | null;
  estimated_stockout_date: string | null;
  is_resolved: boolean;
  resolved_at: string | null;
}

export interface InventoryAnalysis {
  analysis_id: string;
  as_of: string;
  created_at: string;
  total_products_analyzed: number;
  alerts: InventoryAlert[];
  summary: Record<string, unknown>;
}

export interface InventoryHealth {
  health_score: number;
  status: string;
  metrics: Record<string, number>;
  recommendations: string[];
}

export interface ReorderRecommendations {
  recommendations: { product_id: string; product_name: string; sku?: string; priority: string }[];
}

export interface Recommendation {
  product_id: string;
  product_name: string;
  sku: string;
  category: string;
  similarity_score: number;
  price: number;
  image_url: string | null;
  stock: number;
  rank: number;
}

export interface Recommendations {
  source_product_id: string;
  source_product_name: string;
  method: string;
  model_version: number;
  recommendations: Recommendation[];
}

export interface CustomerSegment {
  customer_id: string;
  customer_name: string;
  cluster: number;
  segment_type: string;
  confidence_score: number;
  characteristics: Record<string, number>;
  lifetime_value_prediction: number | null;
  recommendations: string[];
}

export interface CustomerSegmentRow {
  customer_id: string;
  customer_name: string;
  customer_email: string | null;
  cluster: number;
  segment_type: string;
  confidence_score: number;
  lifetime_value_prediction: number | null;
  characteristics: Record<string, number>;
}

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  category: string;
  price: number;
  stock: number;
  image_url: string | null;
  active: boolean;
}
