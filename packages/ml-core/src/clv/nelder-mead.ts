/**
 * Nelder–Mead simplex minimisation (Lagarias et al. 1998 conventions: reflection 1, expansion 2,
 * contraction ½, shrink ½). Derivative-free, which suits the CLV likelihoods fitted on log-parameters.
 */

export interface NelderMeadOptions {
  /** Initial step along each axis (default 0.5: on log-parameters, a factor e^0.5 ≈ 1.65). */
  step: number;
  /** Stop when the simplex's function values differ by at most this (absolute, default 1e-10)… */
  fTolerance: number;
  /** …and its vertices lie within this of the best one in every coordinate (default 1e-7). */
  xTolerance: number;
  maxIterations: number;
}

export const NELDER_MEAD_DEFAULTS: NelderMeadOptions = {
  step: 0.5,
  fTolerance: 1e-10,
  xTolerance: 1e-7,
  maxIterations: 5000,
};

export interface NelderMeadResult {
  x: number[];
  f: number;
  /** True when the tolerances were met before maxIterations. */
  converged: boolean;
  iterations: number;
  evaluations: number;
}

/** Minimises `f` from `x0`; non-finite values of `f` count as +∞ (the simplex steps away from them). */
export function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  options: Partial<NelderMeadOptions> = {},
): NelderMeadResult {
  const { step, fTolerance, xTolerance, maxIterations } = { ...NELDER_MEAD_DEFAULTS, ...options };
  const dim = x0.length;
  let evaluations = 0;
  const evaluate = (x: number[]): number => {
    evaluations += 1;
    const value = f(x);
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };

  const simplex: number[][] = [Array.from(x0)];
  for (let i = 0; i < dim; i++) {
    const vertex = Array.from(x0);
    vertex[i] = vertex[i]! + step;
    simplex.push(vertex);
  }
  const values = simplex.map(evaluate);
  const order = Array.from({ length: dim + 1 }, (_, i) => i);

  const blend = (from: number[], to: number[], t: number): number[] =>
    from.map((value, j) => value + t * (to[j]! - value));

  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    order.sort((i, j) => values[i]! - values[j]! || i - j);
    const best = order[0]!;
    const worst = order[dim]!;
    const secondWorst = order[dim - 1]!;

    let spread = 0;
    for (const i of order) {
      for (let j = 0; j < dim; j++) spread = Math.max(spread, Math.abs(simplex[i]![j]! - simplex[best]![j]!));
    }
    if (Math.abs(values[worst]! - values[best]!) <= fTolerance && spread <= xTolerance) {
      converged = true;
      break;
    }

    const centroid = new Array<number>(dim).fill(0);
    for (const i of order) {
      if (i === worst) continue;
      for (let j = 0; j < dim; j++) centroid[j]! += simplex[i]![j]! / dim;
    }

    const reflected = blend(centroid, simplex[worst]!, -1);
    const fr = evaluate(reflected);
    if (fr < values[best]!) {
      const expanded = blend(centroid, simplex[worst]!, -2);
      const fe = evaluate(expanded);
      if (fe < fr) {
        simplex[worst] = expanded;
        values[worst] = fe;
      } else {
        simplex[worst] = reflected;
        values[worst] = fr;
      }
      continue;
    }
    if (fr < values[secondWorst]!) {
      simplex[worst] = reflected;
      values[worst] = fr;
      continue;
    }
    // Contract outside (towards the reflected point) or inside (towards the worst one).
    const outside = fr < values[worst]!;
    const contracted = blend(centroid, outside ? reflected : simplex[worst]!, 0.5);
    const fc = evaluate(contracted);
    if (fc < (outside ? fr : values[worst]!)) {
      simplex[worst] = contracted;
      values[worst] = fc;
      continue;
    }
    for (const i of order) {
      if (i === best) continue;
      simplex[i] = blend(simplex[best]!, simplex[i]!, 0.5);
      values[i] = evaluate(simplex[i]!);
    }
  }
  order.sort((i, j) => values[i]! - values[j]! || i - j);
  const best = order[0]!;
  return { x: simplex[best]!, f: values[best]!, converged, iterations, evaluations };
}
