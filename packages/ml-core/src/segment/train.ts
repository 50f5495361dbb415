/**
 * # Customer segmentation: features → k-means → names, confidence and lifetime value
 *
 * 1. Features per customer from the paid orders dated before `asOf` (features.ts), log1p + standardised.
 * 2. k-means++ / Lloyd with `nInit` seeded restarts (kmeans.ts). Clusters are then numbered by their
 *    centroid's total_spent in original units, highest first, so cluster 0 is the most valuable one
 *    whatever order the restarts found them in.
 * 3. Silhouette: exact up to `silhouetteSampleSize` customers, on a seeded sample of that size above.
 * 4. Names from centroid scores (names.ts): each of the six types exactly once when k = 6.
 * 5. confidence_score = 1 − d₁/d₂, d₁ the distance (standardised space) to the customer's centroid and
 *    d₂ to the next nearest one: 0 on the boundary between two clusters, 1 on the centroid itself.
 * 6. Lifetime value over `clvHorizonMonths` (BG/NBD × Gamma-Gamma or the heuristic, clv/), with the
 *    hold-out check in `metrics.clv.validation`.
 *
 * A customer with one order is featured and clustered like everyone else (recency = tenure, frequency
 * over the 90-day tenure floor); the centroids they sit near are usually `new` (recent) or
 * `inactive` (long ago). For CLV they have x = 0 repeat purchases: BG/NBD predicts from the population
 * parameters and their age, Gamma-Gamma values their purchases at the population mean.
 *
 * Deterministic: the same orders, asOf and options give the same model, segments and metrics.
 */
import {
  type ClvHoldout,
  type ClvModel,
  fitClv,
  predictClv,
  repeatSummary,
  validateClv,
} from '../clv/lifetime-value';
import { InsufficientDataError } from '../errors';
import { denseMatrix } from '../linalg/matrix';
import { roundTo } from '../numbers';
import { toEpochDay } from '../time/days';
import {
  type CustomerFeatures,
  type CustomerHistory,
  type CustomerOrder,
  customerHistories,
  DAYS_PER_MONTH,
  type FeatureScaler,
  featuresOf,
  fitScaler,
  SEGMENT_FEATURES,
  type SegmentFeature,
  scaleFeatures,
  unscale,
} from './features';
import { kMeans, nearestCentroids } from './kmeans';
import { nameClusters } from './names';
import { silhouetteScore } from './silhouette';

export interface SegmentationOptions {
  /** Number of clusters, 2 … 12 (default 6). */
  nClusters: number;
  seed: number;
  /** k-means restarts (default 10, as scikit-learn). */
  nInit: number;
  /** Lloyd iterations per restart (default 300). */
  maxIterations: number;
  /** Exact silhouette up to this many customers, sampled above (default 5000). */
  silhouetteSampleSize: number;
  /** Lifetime value horizon in months (default 12). */
  clvHorizonMonths: number;
}

export const SEGMENTATION_DEFAULTS: SegmentationOptions = {
  nClusters: 6,
  seed: 42,
  nInit: 10,
  maxIterations: 300,
  silhouetteSampleSize: 5000,
  clvHorizonMonths: 12,
};

/** Inclusive integer bounds of each option. */
export const SEGMENTATION_LIMITS = {
  nClusters: [2, 12],
  seed: [0, 4_294_967_295],
  nInit: [1, 100],
  maxIterations: [1, 10_000],
  silhouetteSampleSize: [100, 50_000],
  clvHorizonMonths: [1, 120],
} as const satisfies Record<keyof SegmentationOptions, readonly [number, number]>;

/** Customers needed per cluster (and at least 10 in all) to train. */
export const MIN_CUSTOMERS_PER_CLUSTER = 2;
const MIN_CUSTOMERS = 10;

/** A customer's features in original units, rounded for display (days and counts whole, money to cents). */
export type SegmentCharacteristics = Record<SegmentFeature, number>;

export interface CustomerSegment {
  customerId: string;
  cluster: number;
  /** A SegmentType, or one with a suffix (`frequent_2`) when k > 6. */
  segment_type: string;
  /** 1 − d₁/d₂ in [0, 1] (module comment). */
  confidence_score: number;
  characteristics: SegmentCharacteristics;
  /** Expected value of the purchases in the next clvHorizonMonths (no discounting). */
  lifetime_value_prediction: number;
  expected_purchases: number;
  probability_alive: number;
}

/** The CLV model in use and how it did on the hold-out (metrics.clv). */
export interface ClvValidation extends ClvModel {
  horizon_months: number;
  time_unit: 'weeks';
  /** Σ lifetime_value_prediction over the customers. */
  total_predicted_value: number;
  validation: ClvHoldout | null;
  validation_skipped_reason: string | null;
}

export interface SegmentationMetrics {
  n_clusters: number;
  n_customers: number;
  silhouette_score: number;
  /** Customers the silhouette was computed on (all of them up to silhouetteSampleSize). */
  silhouette_sample_size: number;
  /** Sum of squared distances to the centroids, standardised space. */
  inertia: number;
  kmeans_iterations: number;
  kmeans_converged: boolean;
  cluster_sizes: number[];
  cluster_names: string[];
  /** Centroids back in original units (expm1 of the un-standardised log centroid), rounded. */
  centroids: Record<SegmentFeature, number>[];
  clv: ClvValidation;
  as_of: string;
}

export const SEGMENTATION_ARTIFACT_FORMAT = 'boutique-ml/customer-segmentation';
export const SEGMENTATION_ARTIFACT_VERSION = 1;

/** Everything needed to segment a customer again and to explain the clusters; JSON-safe. */
export interface SegmentationModel {
  format: typeof SEGMENTATION_ARTIFACT_FORMAT;
  version: typeof SEGMENTATION_ARTIFACT_VERSION;
  as_of: string;
  scaler: FeatureScaler;
  /** k × 6 centroids in the standardised space, cluster order. */
  centroids: number[][];
  cluster_names: string[];
  clv: ClvModel & { horizon_months: number };
  options: SegmentationOptions;
}

/**
 * Defaults applied (also for options given as `undefined`) and every option checked: RangeError for a
 * non-integer or out-of-range value.
 */
export function segmentationOptions(options: Partial<SegmentationOptions> = {}): SegmentationOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const o: SegmentationOptions = { ...SEGMENTATION_DEFAULTS, ...given };
  for (const key of Object.keys(SEGMENTATION_LIMITS) as (keyof SegmentationOptions)[]) {
    const [lo, hi] = SEGMENTATION_LIMITS[key];
    const value = o[key];
    if (!Number.isInteger(value) || value < lo || value > hi) {
      throw new RangeError(`${key} must be an integer between ${lo} and ${hi} (got ${value})`);
    }
  }
  return o;
}

function characteristics(f: CustomerFeatures): SegmentCharacteristics {
  return {
    recency_days: f.recency_days,
    total_orders: f.total_orders,
    total_spent: roundTo(f.total_spent, 2),
    avg_order_value: roundTo(f.avg_order_value, 2),
    purchase_frequency_monthly: roundTo(f.purchase_frequency_monthly, 2),
    tenure_days: f.tenure_days,
  };
}

/** The clustering step: k-means, clusters renumbered by centroid total_spent (descending), and names. */
export function clusterCustomers(
  scaled: Float64Array,
  scaler: FeatureScaler,
  o: SegmentationOptions,
): {
  labels: Int32Array;
  centroids: Float64Array;
  names: string[];
  inertia: number;
  iterations: number;
  converged: boolean;
} {
  const d = SEGMENT_FEATURES.length;
  const n = scaled.length / d;
  const k = o.nClusters;
  const fit = kMeans(denseMatrix(n, d, scaled), {
    k,
    seed: o.seed,
    nInit: o.nInit,
    maxIterations: o.maxIterations,
  });
  const spent = Array.from(
    { length: k },
    (_, c) => unscale(scaler, fit.centroids.subarray(c * d, c * d + d)).total_spent,
  );
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => spent[b]! - spent[a]! || a - b);
  const rank = new Int32Array(k);
  order.forEach((c, r) => {
    rank[c] = r;
  });
  const centroids = new Float64Array(k * d);
  order.forEach((c, r) => {
    centroids.set(fit.centroids.subarray(c * d, c * d + d), r * d);
  });
  const labels = fit.labels.map((c) => rank[c]!);
  return {
    labels,
    centroids,
    names: nameClusters(centroids, k),
    inertia: fit.inertia,
    iterations: fit.iterations,
    converged: fit.converged,
  };
}

/** CLV of every customer as of `asOfDay`, the fitted model, and the hold-out validation. */
export function customerLifetimeValues(
  histories: readonly CustomerHistory[],
  asOfDay: number,
  horizonMonths: number,
): {
  model: ClvModel;
  predictions: ReturnType<typeof predictClv>[];
  validation: ReturnType<typeof validateClv>;
} {
  const summaries = histories.map((h) => repeatSummary(h, asOfDay));
  const model = fitClv(summaries);
  const weeks = (horizonMonths * DAYS_PER_MONTH) / 7;
  const predictions = histories.map((h, i) =>
    predictClv(model, summaries[i]!, weeks, h.spent / h.days.length),
  );
  return { model, predictions, validation: validateClv(histories, asOfDay) };
}

/** Trains the segmentation on the paid orders before `asOf` (module comment). */
export function trainSegmentation(
  orders: CustomerOrder[],
  asOf: string,
  options: Partial<SegmentationOptions> = {},
): { model: SegmentationModel; segments: CustomerSegment[]; metrics: SegmentationMetrics } {
  const o = segmentationOptions(options);
  const asOfDay = toEpochDay(asOf);
  const histories = customerHistories(orders, asOfDay);
  const needed = Math.max(MIN_CUSTOMERS, MIN_CUSTOMERS_PER_CLUSTER * o.nClusters);
  if (histories.length < needed) {
    throw new InsufficientDataError('customers with paid orders', histories.length, needed);
  }
  const features = histories.map((h) => featuresOf(h, asOfDay));
  const { scaler, scaled } = fitScaler(features);
  const d = SEGMENT_FEATURES.length;
  const n = features.length;
  const k = o.nClusters;

  const clusters = clusterCustomers(scaled, scaler, o);
  const silhouette = silhouetteScore(denseMatrix(n, d, scaled), clusters.labels, k, {
    sampleSize: o.silhouetteSampleSize,
    seed: o.seed,
  });
  const clv = customerLifetimeValues(histories, asOfDay, o.clvHorizonMonths);

  const sizes = new Array<number>(k).fill(0);
  let totalValue = 0;
  const segments = features.map((f, i): CustomerSegment => {
    const cluster = clusters.labels[i]!;
    sizes[cluster]! += 1;
    const { d1, d2 } = ownAndNext(clusters.centroids, k, scaled.subarray(i * d, i * d + d), cluster);
    const prediction = clv.predictions[i]!;
    totalValue += prediction.lifetime_value;
    return {
      customerId: f.customerId,
      cluster,
      segment_type: clusters.names[cluster]!,
      confidence_score: confidence(d1, d2),
      characteristics: characteristics(f),
      lifetime_value_prediction: roundTo(prediction.lifetime_value, 2),
      expected_purchases: roundTo(prediction.expected_purchases, 3),
      probability_alive: roundTo(prediction.probability_alive, 4),
    };
  });

  const centroidRows = Array.from({ length: k }, (_, c) =>
    Array.from(clusters.centroids.subarray(c * d, c * d + d)),
  );
  const originalCentroids = centroidRows.map((row) => {
    const u = unscale(scaler, row);
    const out = {} as Record<SegmentFeature, number>;
    for (const name of SEGMENT_FEATURES) out[name] = roundTo(u[name], 2);
    return out;
  });
  const clvModel = { ...clv.model, horizon_months: o.clvHorizonMonths };
  const metrics: SegmentationMetrics = {
    n_clusters: k,
    n_customers: n,
    silhouette_score: roundTo(silhouette.score, 4),
    silhouette_sample_size: silhouette.sampleSize,
    inertia: roundTo(clusters.inertia, 4),
    kmeans_iterations: clusters.iterations,
    kmeans_converged: clusters.converged,
    cluster_sizes: sizes,
    cluster_names: clusters.names,
    centroids: originalCentroids,
    clv: {
      ...clvModel,
      time_unit: 'weeks',
      total_predicted_value: roundTo(totalValue, 2),
      validation: clv.validation.holdout,
      validation_skipped_reason: clv.validation.reason,
    },
    as_of: asOf,
  };
  const model: SegmentationModel = {
    format: SEGMENTATION_ARTIFACT_FORMAT,
    version: SEGMENTATION_ARTIFACT_VERSION,
    as_of: asOf,
    scaler,
    centroids: centroidRows,
    cluster_names: clusters.names,
    clv: clvModel,
    options: o,
  };
  return { model, segments, metrics };
}

/** Distance to centroid `own` and to the nearest other centroid. */
function ownAndNext(
  centroids: Float64Array,
  k: number,
  point: ArrayLike<number>,
  own: number,
): { d1: number; d2: number } {
  const d = point.length;
  let d1 = 0;
  let d2 = Number.POSITIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (point[j]! - centroids[c * d + j]!) ** 2;
    if (c === own) d1 = Math.sqrt(s);
    else d2 = Math.min(d2, Math.sqrt(s));
  }
  return { d1, d2 };
}

function confidence(d1: number, d2: number): number {
  return d2 > 0 ? roundTo(Math.min(1, Math.max(0, 1 - d1 / d2)), 4) : 0;
}

/** Segments one customer with a trained model (features as `customerFeatures` computes them). */
export function assignSegment(
  model: SegmentationModel,
  features: Record<SegmentFeature, number>,
): { cluster: number; segment_type: string; confidence_score: number } {
  const k = model.centroids.length;
  const { label, d1, d2 } = nearestCentroids(
    model.centroids.flat(),
    k,
    scaleFeatures(model.scaler, features),
  );
  return { cluster: label, segment_type: model.cluster_names[label]!, confidence_score: confidence(d1, d2) };
}
