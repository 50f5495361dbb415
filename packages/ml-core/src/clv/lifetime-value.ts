/**
 * # Customer lifetime value: BG/NBD × Gamma-Gamma, a heuristic fallback, and a hold-out check
 *
 * **Value over a horizon** (no discounting): expected purchase occasions in the next `horizonWeeks`
 * (BG/NBD, conditional on the customer's own history) × expected value of a purchase (Gamma-Gamma,
 * shrunk towards the population mean). Purchases on one day are one occasion whose value is the day's
 * total, so BG/NBD and Gamma-Gamma count the same events.
 *
 * **When the models are used.** Both fits must converge (see fitBgNbd / fitGammaGamma) on at least
 * MIN_CLV_CUSTOMERS customers of whom MIN_CLV_REPEATERS bought again; otherwise `method: 'heuristic'`:
 * - rate = purchase occasions ÷ max(age, 13 weeks) (the floor keeps one-day-old customers from a
 *   52-purchases-a-year rate),
 * - alive = exp(−recency ÷ (2 · gap)), gap = age ÷ occasions floored at 30 days (a customer silent for
 *   twice their usual gap is at e⁻¹),
 * - expected purchases = rate × horizon × alive, value = the customer's mean occasion value.
 *
 * **Hold-out validation** (`validateClv`): the last quarter of the history, between 8 and 26 weeks, is
 * held out; the models are fitted on the customers known before the cut-off with their purchases before
 * it, then each one's purchases in the hold-out are predicted and compared with what happened. The
 * naive baseline assumes each customer keeps their calibration repeat rate: x ÷ T × hold-out weeks.
 * Customers whose first purchase falls in the hold-out are not part of it (nothing to predict them from).
 */
import { roundTo } from '../numbers';
import { fromEpochDay } from '../time/days';
import {
  type BgNbdParams,
  expectedPurchases,
  fitBgNbd,
  probabilityAlive,
  type RepeatSummary,
} from './bg-nbd';
import { expectedAverageValue, fitGammaGamma, type GammaGammaParams } from './gamma-gamma';

/** One customer's purchase occasions: distinct epoch days, ascending, and the amount spent on each. */
export interface PurchaseHistory {
  days: ArrayLike<number>;
  amounts: ArrayLike<number>;
}

export const CLV_METHODS = ['bg_nbd+gamma_gamma', 'heuristic'] as const;
export type ClvMethod = (typeof CLV_METHODS)[number];

/** Fewer customers, or fewer of them with a repeat purchase, and the heuristic is used instead. */
export const MIN_CLV_CUSTOMERS = 20;
export const MIN_CLV_REPEATERS = 10;

const DAYS_PER_WEEK = 7;
const HEURISTIC_MIN_AGE_WEEKS = 13;
const HEURISTIC_MIN_GAP_DAYS = 30;

/** A fitted CLV model, JSON-safe (it goes into the segmentation artifact). */
export interface ClvModel {
  method: ClvMethod;
  /** Both probabilistic fits converged (false means the heuristic is in use). */
  converged: boolean;
  /** Why the heuristic is in use, when it is. */
  fallback_reason: string | null;
  bg_nbd: (BgNbdParams & { log_likelihood: number; converged: boolean }) | null;
  gamma_gamma: (GammaGammaParams & { converged: boolean }) | null;
  n_customers: number;
  n_repeat_customers: number;
}

export interface ClvPrediction {
  expected_purchases: number;
  probability_alive: number;
  expected_value: number;
  lifetime_value: number;
}

/** The repeat summary (weeks; see bg-nbd.ts) of the purchase days before `endDay`. */
export function repeatSummary(history: PurchaseHistory, endDay: number): RepeatSummary {
  let count = 0;
  while (count < history.days.length && history.days[count]! < endDay) count++;
  if (count === 0) throw new RangeError('a repeat summary needs a purchase before the end day');
  const first = history.days[0]!;
  let repeatTotal = 0;
  for (let i = 1; i < count; i++) repeatTotal += history.amounts[i]!;
  const x = count - 1;
  return {
    x,
    t_x: (history.days[count - 1]! - first) / DAYS_PER_WEEK,
    T: (endDay - first) / DAYS_PER_WEEK,
    monetary: x > 0 ? repeatTotal / x : 0,
  };
}

/** Fits BG/NBD and Gamma-Gamma to the histories as of `endDay`, or settles for the heuristic. */
export function fitClv(summaries: readonly RepeatSummary[]): ClvModel {
  const repeaters = summaries.reduce((count, s) => count + (s.x > 0 ? 1 : 0), 0);
  const base = { n_customers: summaries.length, n_repeat_customers: repeaters };
  if (summaries.length < MIN_CLV_CUSTOMERS || repeaters < MIN_CLV_REPEATERS) {
    return {
      method: 'heuristic',
      converged: false,
      fallback_reason: `needs ${MIN_CLV_CUSTOMERS} customers and ${MIN_CLV_REPEATERS} repeat buyers, found ${summaries.length} and ${repeaters}`,
      bg_nbd: null,
      gamma_gamma: null,
      ...base,
    };
  }
  const bg = fitBgNbd(summaries);
  const gg = fitGammaGamma(summaries);
  const converged = bg.converged && gg.converged;
  const reasons = [
    ...(bg.converged ? [] : ['the BG/NBD fit did not converge']),
    ...(gg.converged ? [] : ['the Gamma-Gamma fit did not converge (or q ≤ 1)']),
  ];
  return {
    method: converged ? 'bg_nbd+gamma_gamma' : 'heuristic',
    converged,
    fallback_reason: converged ? null : reasons.join('; '),
    bg_nbd: {
      r: bg.r,
      alpha: bg.alpha,
      a: bg.a,
      b: bg.b,
      log_likelihood: bg.logLikelihood,
      converged: bg.converged,
    },
    gamma_gamma: { p: gg.p, q: gg.q, v: gg.v, converged: gg.converged },
    ...base,
  };
}

/** Heuristic expected purchases and alive-ness (module comment); also what the fallback serves. */
function heuristic(s: RepeatSummary, horizonWeeks: number): { purchases: number; alive: number } {
  const occasions = s.x + 1;
  const rate = occasions / Math.max(s.T, HEURISTIC_MIN_AGE_WEEKS);
  const gapWeeks = Math.max(s.T / occasions, HEURISTIC_MIN_GAP_DAYS / DAYS_PER_WEEK);
  const alive = Math.exp(-(s.T - s.t_x) / (2 * gapWeeks));
  return { purchases: rate * horizonWeeks * alive, alive };
}

/**
 * Expected purchases, P(alive), value per purchase and value over `horizonWeeks` of one customer.
 * `meanValue` is the customer's mean occasion value over all purchases (the heuristic's value).
 */
export function predictClv(
  model: ClvModel,
  s: RepeatSummary,
  horizonWeeks: number,
  meanValue: number,
): ClvPrediction {
  if (model.method === 'bg_nbd+gamma_gamma' && model.bg_nbd && model.gamma_gamma) {
    const purchases = expectedPurchases(model.bg_nbd, horizonWeeks, s.x, s.t_x, s.T);
    const value = expectedAverageValue(model.gamma_gamma, s.x, s.monetary);
    return {
      expected_purchases: purchases,
      probability_alive: probabilityAlive(model.bg_nbd, s.x, s.t_x, s.T),
      expected_value: value,
      lifetime_value: purchases * value,
    };
  }
  const { purchases, alive } = heuristic(s, horizonWeeks);
  return {
    expected_purchases: purchases,
    probability_alive: alive,
    expected_value: meanValue,
    lifetime_value: purchases * meanValue,
  };
}

/** How well the CLV model predicted a held-out stretch of purchases (metrics.clv.validation). */
export interface ClvHoldout {
  /** Method of the model fitted on the calibration period. */
  method: ClvMethod;
  converged: boolean;
  /** First and last day of the hold-out (the calibration period ends the day before `holdout_from`). */
  holdout_from: string;
  holdout_to: string;
  holdout_days: number;
  /** Customers known before the cut-off (the ones predicted). */
  n_customers: number;
  /** Purchase occasions per customer in the hold-out: model vs actual. */
  mae: number;
  rmse: number;
  /** The naive baseline: each customer's calibration repeat rate × hold-out length. */
  naive_mae: number;
  naive_rmse: number;
  beats_naive: boolean;
  predicted_purchases: number;
  naive_purchases: number;
  actual_purchases: number;
  /** Σ expected purchases × expected value vs the revenue these customers actually brought. */
  predicted_revenue: number;
  actual_revenue: number;
}

export const CLV_HOLDOUT = { fraction: 0.25, minDays: 56, maxDays: 182, minCalibrationDays: 56 } as const;

/**
 * Fits on the purchases before the cut-off (module comment) and scores the hold-out predictions;
 * null when the history is too short for both a calibration and a hold-out period (with the reason).
 */
export function validateClv(
  histories: readonly PurchaseHistory[],
  endDay: number,
): { holdout: ClvHoldout | null; reason: string | null } {
  let firstDay = Number.POSITIVE_INFINITY;
  for (const h of histories) if (h.days.length > 0) firstDay = Math.min(firstDay, h.days[0]!);
  const span = endDay - firstDay;
  const holdoutDays = Math.min(
    CLV_HOLDOUT.maxDays,
    Math.max(CLV_HOLDOUT.minDays, Math.round(span * CLV_HOLDOUT.fraction)),
  );
  if (!(span - holdoutDays >= CLV_HOLDOUT.minCalibrationDays)) {
    return {
      holdout: null,
      reason: `needs ${CLV_HOLDOUT.minDays + CLV_HOLDOUT.minCalibrationDays} days of history for a hold-out check, found ${Number.isFinite(span) ? span : 0}`,
    };
  }
  const cutoff = endDay - holdoutDays;
  const known = histories.filter((h) => h.days.length > 0 && h.days[0]! < cutoff);
  const summaries = known.map((h) => repeatSummary(h, cutoff));
  const model = fitClv(summaries);
  const weeks = holdoutDays / DAYS_PER_WEEK;

  let absError = 0;
  let sqError = 0;
  let naiveAbs = 0;
  let naiveSq = 0;
  let predicted = 0;
  let naiveTotal = 0;
  let actualTotal = 0;
  let predictedRevenue = 0;
  let actualRevenue = 0;
  known.forEach((h, i) => {
    const s = summaries[i]!;
    let actual = 0;
    let revenue = 0;
    let calibrationTotal = 0;
    for (let d = 0; d < h.days.length; d++) {
      const day = h.days[d]!;
      if (day < cutoff) calibrationTotal += h.amounts[d]!;
      else if (day < endDay) {
        actual += 1;
        revenue += h.amounts[d]!;
      }
    }
    const prediction = predictClv(model, s, weeks, calibrationTotal / (s.x + 1));
    const naive = (s.x / s.T) * weeks;
    absError += Math.abs(prediction.expected_purchases - actual);
    sqError += (prediction.expected_purchases - actual) ** 2;
    naiveAbs += Math.abs(naive - actual);
    naiveSq += (naive - actual) ** 2;
    predicted += prediction.expected_purchases;
    naiveTotal += naive;
    actualTotal += actual;
    predictedRevenue += prediction.lifetime_value;
    actualRevenue += revenue;
  });
  const n = Math.max(known.length, 1);
  const mae = absError / n;
  const naiveMae = naiveAbs / n;
  return {
    holdout: {
      method: model.method,
      converged: model.converged,
      holdout_from: fromEpochDay(cutoff),
      holdout_to: fromEpochDay(endDay - 1),
      holdout_days: holdoutDays,
      n_customers: known.length,
      mae: roundTo(mae, 4),
      rmse: roundTo(Math.sqrt(sqError / n), 4),
      naive_mae: roundTo(naiveMae, 4),
      naive_rmse: roundTo(Math.sqrt(naiveSq / n), 4),
      beats_naive: mae < naiveMae,
      predicted_purchases: roundTo(predicted, 2),
      naive_purchases: roundTo(naiveTotal, 2),
      actual_purchases: actualTotal,
      predicted_revenue: roundTo(predictedRevenue, 2),
      actual_revenue: roundTo(actualRevenue, 2),
    },
    reason: null,
  };
}
