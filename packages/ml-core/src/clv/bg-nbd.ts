/**
 * # BG/NBD: how many purchases a customer will make
 *
 * The beta-geometric / negative binomial distribution model of Fader, Hardie & Lee (2005), "Counting
 * your customers the easy way", Marketing Science 24(2): while alive, a customer buys as a Poisson
 * process of rate λ ~ Gamma(r, α); after each repeat purchase they drop out with probability
 * p ~ Beta(a, b). Only the repeat purchases are modelled: the first purchase starts the clock.
 *
 * **Time unit: weeks.** `t_x` (time of the last purchase) and `T` (age) are counted in weeks since the
 * customer's first purchase, as in the paper's CDNOW fit (r 0.24, α 4.41, a 0.79, b 2.43), so α is in
 * weeks too. Purchases on the same day count once (a "purchase occasion"), so x is distinct days − 1.
 *
 * The fit maximises the likelihood of eq. (6) of the paper, which needs no hypergeometric function, on
 * the log-parameters (positivity for free): BFGS with the analytic gradient, Nelder–Mead as a fallback.
 */
import { bfgs } from './bfgs';
import { nelderMead } from './nelder-mead';
import { digamma, hyp2f1, lnGamma, logAddExp } from './special';

/** One customer's purchase history as the CLV models see it (times in weeks; see the module comment). */
export interface RepeatSummary {
  /** Repeat purchases: distinct purchase days after the first one. */
  x: number;
  /** Weeks from the first purchase to the last one (0 when x = 0). */
  t_x: number;
  /** Weeks from the first purchase to the end of the observation ("today"). */
  T: number;
  /** Mean value of the repeat purchases (0 when x = 0): what Gamma-Gamma models. */
  monetary: number;
}

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit extends BgNbdParams {
  /** True when Nelder–Mead met its tolerances (possibly on the edge of the search box, BG_NBD_LOG_BOUND). */
  converged: boolean;
  /** Total log-likelihood at the optimum (over all customers). */
  logLikelihood: number;
}

/**
 * Parameters are searched within [e^−10, e^10] (4.5e-5 … 22,026). Without dropout in the data the
 * likelihood keeps rising as b → ∞ (p = a/(a+b) → 0); the box stops the search where the model is, to
 * within 1e-4 purchases, its no-dropout limit, and keeps the conditional expectation numerically sound.
 */
export const BG_NBD_LOG_BOUND = 10;

/** Throws RangeError unless every summary is a valid history (x integer ≥ 0, 0 ≤ t_x ≤ T, T > 0). */
export function checkRepeatSummaries(data: readonly RepeatSummary[]): void {
  data.forEach((s, i) => {
    const ok =
      Number.isInteger(s.x) &&
      s.x >= 0 &&
      Number.isFinite(s.T) &&
      s.T > 0 &&
      Number.isFinite(s.t_x) &&
      s.t_x >= 0 &&
      s.t_x <= s.T &&
      (s.x === 0 ? s.t_x === 0 : s.t_x > 0) &&
      Number.isFinite(s.monetary) &&
      s.monetary >= 0;
    if (!ok) throw new RangeError(`repeat summary ${i} is not a valid history: ${JSON.stringify(s)}`);
  });
}

/**
 * The summaries compressed for the likelihood: identical (x, t_x, T) histories merged with a weight, and
 * each customer's t_x and T replaced by an index into the distinct values (purchase days give a few
 * hundred), so ln(α + T) is computed once per distinct T rather than once per customer.
 */
interface Compiled {
  /** Number of customers (sum of the weights). */
  n: number;
  weight: Float64Array;
  xOf: Int32Array;
  /** Index into `distinctX` of each group's x. */
  xSlot: Int32Array;
  distinctX: Int32Array;
  txSlot: Int32Array;
  TSlot: Int32Array;
  /** Distinct values of t_x and T together. */
  times: Float64Array;
}

function compile(data: readonly RepeatSummary[]): Compiled {
  const groups = new Map<string, { s: RepeatSummary; weight: number }>();
  for (const s of data) {
    const key = `${s.x} ${s.t_x} ${s.T}`;
    const group = groups.get(key);
    if (group) group.weight += 1;
    else groups.set(key, { s, weight: 1 });
  }
  const list = [...groups.values()];
  const xs = [...new Set(list.map((g) => g.s.x))].sort((p, q) => p - q);
  const times = [...new Set(list.flatMap((g) => [g.s.t_x, g.s.T]))].sort((p, q) => p - q);
  const xIndex = new Map(xs.map((x, i) => [x, i]));
  const timeIndex = new Map(times.map((t, i) => [t, i]));
  return {
    n: data.length,
    weight: Float64Array.from(list, (g) => g.weight),
    xOf: Int32Array.from(list, (g) => g.s.x),
    xSlot: Int32Array.from(list, (g) => xIndex.get(g.s.x)!),
    distinctX: Int32Array.from(xs),
    txSlot: Int32Array.from(list, (g) => timeIndex.get(g.s.t_x)!),
    TSlot: Int32Array.from(list, (g) => timeIndex.get(g.s.T)!),
    times: Float64Array.from(times),
  };
}

/** Buffers reused across likelihood evaluations. */
interface Scratch {
  perX: Float64Array;
  dropX: Float64Array;
  logTime: Float64Array;
  invTime: Float64Array;
  /** ∂(per-x terms)/∂(r, a, b), per distinct x. */
  dR: Float64Array;
  dA: Float64Array;
  dB: Float64Array;
}

/**
 * Mean log-likelihood per customer, eq. (6) of Fader, Hardie & Lee (2005):
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
 *        + ln[(α+T)^−(r+x) + 1{x>0} · a/(b+x−1) · (α+t_x)^−(r+x)].
 * The terms that depend on x only are computed once per distinct x, the logs once per distinct time.
 */
function meanLogLikelihood(params: BgNbdParams, c: Compiled, w: Scratch): number {
  const { r, alpha, a, b } = params;
  const base = -lnGamma(r) + r * Math.log(alpha) + lnGamma(a + b) - lnGamma(b);
  for (let k = 0; k < c.distinctX.length; k++) {
    const x = c.distinctX[k]!;
    w.perX[k] = base + lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x);
    w.dropX[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY;
  }
  for (let k = 0; k < c.times.length; k++) w.logTime[k] = Math.log(alpha + c.times[k]!);
  let total = 0;
  for (let i = 0; i < c.weight.length; i++) {
    const x = c.xOf[i]!;
    const k = c.xSlot[i]!;
    const stayed = -(r + x) * w.logTime[c.TSlot[i]!]!;
    const term = x > 0 ? logAddExp(stayed, w.dropX[k]! - (r + x) * w.logTime[c.txSlot[i]!]!) : stayed;
    total += c.weight[i]! * (w.perX[k]! + term);
  }
  return total / c.n;
}

/**
 * The negative mean log-likelihood and its gradient with respect to the log-parameters (ln r, ln α, ln a,
 * ln b). With π the posterior probability that the customer dropped out after the last purchase
 * (the share of the second term inside the logarithm of eq. 6):
 * ∂/∂r = ψ(r+x) − ψ(r) + ln α − (1−π) ln(α+T) − π ln(α+t_x),  ∂/∂α = r/α − (r+x)((1−π)/(α+T) + π/(α+t_x)),
 * ∂/∂a = ψ(a+b) − ψ(a+b+x) + π/a,  ∂/∂b = ψ(a+b) + ψ(b+x) − ψ(b) − ψ(a+b+x) − π/(b+x−1).
 */
function objectiveWithGradient(params: BgNbdParams, c: Compiled, w: Scratch): { f: number; g: number[] } {
  const { r, alpha, a, b } = params;
  const base = -lnGamma(r) + r * Math.log(alpha) + lnGamma(a + b) - lnGamma(b);
  const psiR = digamma(r);
  const psiAB = digamma(a + b);
  const psiB = digamma(b);
  for (let k = 0; k < c.distinctX.length; k++) {
    const x = c.distinctX[k]!;
    w.perX[k] = base + lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x);
    w.dropX[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY;
    const psiABX = digamma(a + b + x);
    w.dR[k] = digamma(r + x) - psiR;
    w.dA[k] = psiAB - psiABX;
    w.dB[k] = psiAB + digamma(b + x) - psiB - psiABX;
  }
  for (let k = 0; k < c.times.length; k++) {
    w.logTime[k] = Math.log(alpha + c.times[k]!);
    w.invTime[k] = 1 / (alpha + c.times[k]!);
  }
  const lnAlpha = Math.log(alpha);
  let total = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  for (let i = 0; i < c.weight.length; i++) {
    const x = c.xOf[i]!;
    const k = c.xSlot[i]!;
    const weight = c.weight[i]!;
    const iT = c.TSlot[i]!;
    const stayed = -(r + x) * w.logTime[iT]!;
    let term = stayed;
    let dropped = 0;
    let it = iT;
    if (x > 0) {
      it = c.txSlot[i]!;
      const gone = w.dropX[k]! - (r + x) * w.logTime[it]!;
      term = logAddExp(stayed, gone);
      dropped = Math.exp(gone - term);
    }
    total += weight * (w.perX[k]! + term);
    const alive = 1 - dropped;
    gr += weight * (w.dR[k]! + lnAlpha - alive * w.logTime[iT]! - dropped * w.logTime[it]!);
    gAlpha += weight * (r / alpha - (r + x) * (alive * w.invTime[iT]! + dropped * w.invTime[it]!));
    ga += weight * (w.dA[k]! + dropped / a);
    gb += weight * (w.dB[k]! - (x > 0 ? dropped / (b + x - 1) : 0));
  }
  // d/d ln θ = θ · d/dθ; minimising the negative mean.
  const scale = -1 / c.n;
  return { f: scale * total, g: [scale * r * gr, scale * alpha * gAlpha, scale * a * ga, scale * b * gb] };
}

/**
 * Maximum-likelihood BG/NBD parameters (times in weeks): BFGS with the analytic gradient on the
 * log-parameters, falling back to Nelder–Mead (restarted once from its optimum) if BFGS does not
 * converge. Throws RangeError on an empty or invalid input.
 */
export function fitBgNbd(data: readonly RepeatSummary[]): BgNbdFit {
  if (data.length === 0) throw new RangeError('fitBgNbd needs at least one customer');
  checkRepeatSummaries(data);
  const c = compile(data);
  const scratch: Scratch = {
    perX: new Float64Array(c.distinctX.length),
    dropX: new Float64Array(c.distinctX.length),
    logTime: new Float64Array(c.times.length),
    invTime: new Float64Array(c.times.length),
    dR: new Float64Array(c.distinctX.length),
    dA: new Float64Array(c.distinctX.length),
    dB: new Float64Array(c.distinctX.length),
  };
  const unpack = (z: readonly number[]): BgNbdParams => ({
    r: Math.exp(z[0]!),
    alpha: Math.exp(z[1]!),
    a: Math.exp(z[2]!),
    b: Math.exp(z[3]!),
  });
  const outside = (z: readonly number[]) => z.some((v) => Math.abs(v) > BG_NBD_LOG_BOUND);
  // Start: r = 1, α = mean age (a purchase per customer-age on average), a = b = 1 (p ~ uniform).
  let meanT = 0;
  for (const s of data) meanT += s.T / data.length;
  const start = [0, Math.log(Math.max(meanT, 1e-3)), 0, 0];

  const quasiNewton = bfgs((z) => {
    if (outside(z)) return { f: Number.POSITIVE_INFINITY, g: [0, 0, 0, 0] };
    return objectiveWithGradient(unpack(z), c, scratch);
  }, start);
  if (quasiNewton.converged) {
    return { ...unpack(quasiNewton.x), converged: true, logLikelihood: -quasiNewton.f * c.n };
  }
  const objective = (z: readonly number[]): number =>
    outside(z) ? Number.POSITIVE_INFINITY : -meanLogLikelihood(unpack(z), c, scratch);
  const first = nelderMead(objective, start);
  const second = nelderMead(objective, first.x, { step: 0.1 });
  return {
    ...unpack(second.x),
    converged: first.converged && second.converged && Number.isFinite(second.f),
    logLikelihood: -second.f * c.n,
  };
}

/** ln of a/(b+x−1) · ((α+T)/(α+t_x))^(r+x): the odds that a customer with x > 0 has dropped out. */
function logDropoutOdds(params: BgNbdParams, x: number, t_x: number, T: number): number {
  const { r, alpha, a, b } = params;
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + t_x));
}

/** P(alive | x, t_x, T), eq. (A10) of Fader, Hardie & Lee (2005); 1 for customers without repeat purchases. */
export function probabilityAlive(params: BgNbdParams, x: number, t_x: number, T: number): number {
  if (x === 0) return 1;
  const odds = logDropoutOdds(params, x, t_x, T);
  return odds > 700 ? 0 : 1 / (1 + Math.exp(odds));
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next `t` weeks, eq. (10) of Fader, Hardie & Lee (2005).
 * The paper's (1−z)^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; z) with z = t/(α+T+t) overflows for heavy buyers
 * (₂F₁ grows like (1−z)^−(r+x)); Euler's transformation turns it into (1−z)^(a−1) · ₂F₁(a+b−1−r, a−1;
 * a+b+x−1; z), whose series has small parameters and converges in a few dozen terms.
 */
export function expectedPurchases(params: BgNbdParams, t: number, x: number, t_x: number, T: number): number {
  if (!(t > 0)) return 0;
  const { r, alpha, b } = params;
  // The formula has a removable singularity at a = 1; a nudge of 1e-7 changes the value by less than that.
  const a = Math.abs(params.a - 1) < 1e-7 ? 1 + 1e-7 : params.a;
  const z = t / (alpha + T + t);
  const oneMinusZ = (alpha + T) / (alpha + T + t);
  const hyper = oneMinusZ ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - hyper);
  if (x === 0) return numerator;
  const odds = logDropoutOdds({ r, alpha, a, b }, x, t_x, T);
  return odds > 700 ? 0 : numerator / (1 + Math.exp(odds));
}
