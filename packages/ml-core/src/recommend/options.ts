/** Public types and defaults of the product recommender (see `train.ts` for how the lists are built). */

export const RECOMMENDATION_METHODS = ['bought_together', 'similar', 'hybrid'] as const;
export type RecommendationMethod = (typeof RECOMMENDATION_METHODS)[number];

export const OUT_OF_STOCK_POLICIES = ['rank_down', 'filter', 'keep'] as const;
export type OutOfStockPolicy = (typeof OUT_OF_STOCK_POLICIES)[number];

export const CO_PURCHASE_NORMALIZATIONS = ['cosine', 'jaccard', 'lift'] as const;
export type CoPurchaseNormalization = (typeof CO_PURCHASE_NORMALIZATIONS)[number];

export interface RecProduct {
  id: string;
  category: string;
  brand: string | null;
  color: string | null;
  size: string | null;
  material: string | null;
  price: number;
  active: boolean;
  stock: number;
}

/** One paid order: its day (YYYY-MM-DD), customer (null for guests) and distinct product ids. */
export interface Basket {
  orderId: string;
  customerId: string | null;
  date: string;
  productIds: string[];
}

export interface RecommendOptions {
  /** Recommendations stored per product and method (default 20). */
  topN: number;
  /** Hybrid blend of the two scores; divided by their sum, so only the ratio matters (default 0.7 / 0.3). */
  weights: { boughtTogether: number; similar: number };
  /**
   * Products with stock ≤ 0 as recommendations: 'rank_down' multiplies their score by
   * OUT_OF_STOCK_FACTOR (0.5), so a strong out-of-stock match can still outrank a weak in-stock one and
   * the score stays in [0, 1]; 'filter' drops them; 'keep' ignores stock. Default 'rank_down'.
   */
  outOfStock: OutOfStockPolicy;
  /**
   * Also count co-purchases across one customer's baskets: a basket's products pair with those the same
   * customer bought in the previous `customerWindowDays` days (default 30; 0 = same basket only).
   * Offline hit-rate@10 of hybrid (cosine), 30 vs 0 days: demo store 0.291 vs 0.132, synthetic outfit
   * store (1,000 products, 20k baskets) 0.203 vs 0.158.
   */
  customerWindowDays: number;
  /**
   * How co-purchase counts become bought-together scores. Default 'cosine', the best overall in the
   * offline evaluation (hit-rate@10, customerWindowDays 30, bench/issue4/recommend.ts):
   *
   * | store                                   | cosine bt / hybrid | jaccard bt / hybrid | lift bt / hybrid |
   * |-----------------------------------------|--------------------|---------------------|------------------|
   * | demo (generateStore, 150 products)      | 0.295 / 0.291      | 0.278 / 0.269       | 0.057 / 0.084    |
   * | large (generateStore, 10k products)     | 0.006 / 0.004      | 0.010 / 0.005       | 0.002 / 0.002    |
   * | synthetic outfits (1,000 products)      | 0.203 / 0.203      | 0.204 / 0.200       | 0.190 / 0.210    |
   *
   * (Popularity: 0.330, 0.106, 0.042. The generated stores draw each order independently of the
   * customer's earlier ones, so next-order prediction from earlier products is near chance there.)
   */
  normalization: CoPurchaseNormalization;
}

/** Score multiplier of out-of-stock products under the 'rank_down' policy. */
export const OUT_OF_STOCK_FACTOR = 0.5;

export const RECOMMEND_DEFAULTS: RecommendOptions = {
  topN: 20,
  weights: { boughtTogether: 0.7, similar: 0.3 },
  outOfStock: 'rank_down',
  customerWindowDays: 30,
  normalization: 'cosine',
};

/** Top-k of the offline evaluation when not given. */
export const EVALUATION_K = 10;

export interface Recommendation {
  productId: string;
  recommendedProductId: string;
  method: RecommendationMethod;
  /** In [0, 1], rounded to 6 decimals; higher is a better match. */
  score: number;
  /** 1 … topN within (productId, method). */
  rank: number;
}

export interface OfflineEvaluation {
  customers_evaluated: number;
  k: number;
  hit_rate_at_k: Record<RecommendationMethod | 'popularity', number>;
  precision_at_k: Record<RecommendationMethod | 'popularity', number>;
}

export interface RecommendationMetrics {
  /** Products given (active and inactive). */
  total_products: number;
  /** Logical shape of the (sparse) item–item matrices. */
  matrix_shape: [number, number];
  /** Mean score of the stored hybrid recommendations. */
  avg_similarity: number;
  method: 'hybrid';
  /** Share of active products with ≥ 1 bought_together recommendation. */
  coverage: number;
  /** Non-zeros of the co-purchase matrix off the diagonal (both triangles: 2 × distinct pairs). */
  co_purchase_pairs: number;
  /** Active products with no co-purchase with another active product: their hybrid list is content only. */
  cold_start_products: number;
  evaluation: OfflineEvaluation;
}

/**
 * Defaults merged with the caller's options. `undefined` values keep the default (a job may pass
 * `{ topN: undefined }`); anything else out of range throws a RangeError.
 */
export function resolveRecommendOptions(options: Partial<RecommendOptions> = {}): RecommendOptions {
  const d = RECOMMEND_DEFAULTS;
  const w = options.weights;
  const resolved: RecommendOptions = {
    topN: options.topN ?? d.topN,
    weights: {
      boughtTogether: w?.boughtTogether ?? d.weights.boughtTogether,
      similar: w?.similar ?? d.weights.similar,
    },
    outOfStock: options.outOfStock ?? d.outOfStock,
    customerWindowDays: options.customerWindowDays ?? d.customerWindowDays,
    normalization: options.normalization ?? d.normalization,
  };
  const m = 'recommendations:';
  if (!Number.isInteger(resolved.topN) || resolved.topN < 1) {
    throw new RangeError(`${m} topN must be a positive integer (got ${resolved.topN})`);
  }
  const { boughtTogether, similar } = resolved.weights;
  if (!(boughtTogether >= 0 && similar >= 0 && Number.isFinite(boughtTogether + similar))) {
    throw new RangeError(`${m} weights must be finite and ≥ 0 (got ${boughtTogether} / ${similar})`);
  }
  if (!(boughtTogether + similar > 0)) throw new RangeError(`${m} weights must not both be 0`);
  if (!OUT_OF_STOCK_POLICIES.includes(resolved.outOfStock)) {
    throw new RangeError(`${m} outOfStock must be one of ${OUT_OF_STOCK_POLICIES.join(', ')}`);
  }
  if (!Number.isInteger(resolved.customerWindowDays) || resolved.customerWindowDays < 0) {
    throw new RangeError(
      `${m} customerWindowDays must be an integer ≥ 0 (got ${resolved.customerWindowDays})`,
    );
  }
  if (!CO_PURCHASE_NORMALIZATIONS.includes(resolved.normalization)) {
    throw new RangeError(`${m} normalization must be one of ${CO_PURCHASE_NORMALIZATIONS.join(', ')}`);
  }
  return resolved;
}
