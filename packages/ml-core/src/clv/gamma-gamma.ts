/**
 * # Gamma-Gamma: how much a customer spends per purchase
 *
 * Fader & Hardie (2013), "The Gamma-Gamma model of monetary value": each purchase of a customer is
 * Gamma(p, ν), ν ~ Gamma(q, v) across customers, independent of the purchase counts (BG/NBD). The mean
 * m̄ of a customer's x repeat purchases is then Gamma(px, νx), and integrating ν out gives
 * f(m̄ | p, q, v, x) = Γ(px+q) / (Γ(px) Γ(q)) · v^q · x^(px) · m̄^(px−1) / (v + x m̄)^(px+q).
 * Fitted on the customers with at least one repeat purchase (and a positive mean), on the log-parameters.
 */

import { bfgs } from './bfgs';
import type { RepeatSummary } from './bg-nbd';
import { nelderMead } from './nelder-mead';
import { digamma, lnGamma } from './special';

export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  /** Nelder–Mead met its tolerances, parameters finite, and q > 1 (else the mean spend is infinite). */
  converged: boolean;
}

/**
 * Maximum-likelihood Gamma-Gamma parameters from the customers with x ≥ 1 and monetary > 0: BFGS on the
 * log-parameters with the analytic gradient
 * ∂/∂p = x (ψ(px+q) − ψ(px) + ln m̄ + ln x − ln(v + x m̄)),  ∂/∂q = ψ(px+q) − ψ(q) + ln v − ln(v + x m̄),
 * ∂/∂v = q/v − (px+q)/(v + x m̄); Nelder–Mead (restarted once) if BFGS does not converge.
 */
export function fitGammaGamma(data: readonly RepeatSummary[]): GammaGammaFit {
  const used = data.filter((s) => s.x >= 1 && s.monetary > 0 && Number.isFinite(s.monetary));
  if (used.length === 0) return { p: Number.NaN, q: Number.NaN, v: Number.NaN, converged: false };
  const n = used.length;
  const x = Float64Array.from(used, (s) => s.x);
  const m = Float64Array.from(used, (s) => s.monetary);
  const lnX = x.map(Math.log);
  const lnM = m.map(Math.log);
  const distinct = [...new Set(used.map((s) => s.x))].sort((p, q) => p - q);
  const slotOf = new Map(distinct.map((value, i) => [value, i]));
  const slot = Int32Array.from(used, (s) => slotOf.get(s.x)!);
  const perX = new Float64Array(distinct.length);
  const psiSum = new Float64Array(distinct.length);
  const psiPx = new Float64Array(distinct.length);

  const evaluate = (z: readonly number[], withGradient: boolean): { f: number; g: number[] } => {
    if (z.some((value) => Math.abs(value) > 30)) return { f: Number.POSITIVE_INFINITY, g: [0, 0, 0] };
    const p = Math.exp(z[0]!);
    const q = Math.exp(z[1]!);
    const v = Math.exp(z[2]!);
    const lnV = Math.log(v);
    const base = -lnGamma(q) + q * lnV;
    const psiQ = withGradient ? digamma(q) : 0;
    distinct.forEach((value, k) => {
      perX[k] = base + lnGamma(p * value + q) - lnGamma(p * value);
      if (withGradient) {
        psiSum[k] = digamma(p * value + q);
        psiPx[k] = digamma(p * value);
      }
    });
    let total = 0;
    let gp = 0;
    let gq = 0;
    let gv = 0;
    for (let i = 0; i < n; i++) {
      const px = p * x[i]!;
      const k = slot[i]!;
      const lnDenominator = Math.log(v + x[i]! * m[i]!);
      total += perX[k]! + (px - 1) * lnM[i]! + px * lnX[i]! - (px + q) * lnDenominator;
      if (withGradient) {
        gp += x[i]! * (psiSum[k]! - psiPx[k]! + lnM[i]! + lnX[i]! - lnDenominator);
        gq += psiSum[k]! - psiQ + lnV - lnDenominator;
        gv += q / v - (px + q) / (v + x[i]! * m[i]!);
      }
    }
    return { f: -total / n, g: [(-p * gp) / n, (-q * gq) / n, (-v * gv) / n] };
  };
  // Start at p = 2, q = 3, v = mean spend: then the implied mean p·v/(q−1) equals the observed mean.
  let mean = 0;
  for (let i = 0; i < n; i++) mean += m[i]! / n;
  const start = [Math.log(2), Math.log(3), Math.log(mean)];
  const quasiNewton = bfgs((z) => evaluate(z, true), start);
  let z = quasiNewton.x;
  let converged = quasiNewton.converged;
  if (!converged) {
    const objective = (point: readonly number[]) => evaluate(point, false).f;
    const first = nelderMead(objective, start);
    const second = nelderMead(objective, first.x, { step: 0.1 });
    z = second.x;
    converged = first.converged && second.converged;
  }
  const [p, q, v] = z.map(Math.exp) as [number, number, number];
  const finite = [p, q, v].every((value) => Number.isFinite(value) && value > 0 && value < 1e12);
  return { p, q, v, converged: converged && finite && q > 1 };
}

/**
 * E[M | p, q, v, x, m̄] = p (v + x m̄) / (p x + q − 1): the expected value of a future purchase, a weighted
 * mean of the population mean p·v/(q−1) and the customer's own m̄ (x = 0: the population mean).
 */
export function expectedAverageValue(params: GammaGammaParams, x: number, monetary: number): number {
  const { p, q, v } = params;
  return (p * (v + x * monetary)) / (p * x + q - 1);
}
