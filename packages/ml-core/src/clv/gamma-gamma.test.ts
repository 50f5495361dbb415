import { describe, expect, it } from 'vitest';
import { expectedAverageValue, fitGammaGamma } from './gamma-gamma';
import { simulateRepeatSummaries } from './simulate';

describe('Gamma-Gamma', () => {
  it('recovers p, q and v from simulated spend', () => {
    const truth = { p: 6, q: 4, v: 15 };
    // Many purchases per customer (low dropout) make the per-purchase spread identifiable.
    const data = simulateRepeatSummaries(
      5000,
      { r: 2, alpha: 4, a: 1, b: 20 },
      {
        seed: 11,
        minT: 26,
        maxT: 52,
        spend: truth,
      },
    );
    const fit = fitGammaGamma(data);
    expect(fit.converged).toBe(true);
    // p and v trade off against each other (their product sets the mean), so each alone is looser than q
    // and the mean p·v/(q−1); over seeds 11–14 p ranged 5.0–7.2 and v 12–19 for this design.
    expect(Math.abs(fit.p / truth.p - 1)).toBeLessThan(0.3);
    expect(Math.abs(fit.q / truth.q - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.v / truth.v - 1)).toBeLessThan(0.3);
    const mean = (fit.p * fit.v) / (fit.q - 1);
    expect(Math.abs(mean / 30 - 1)).toBeLessThan(0.05);
  });

  it('shrinks a customer’s mean spend towards the population mean, less the more they bought', () => {
    const params = { p: 6, q: 4, v: 15 };
    expect(expectedAverageValue(params, 0, 0)).toBeCloseTo(30, 10);
    const one = expectedAverageValue(params, 1, 60);
    const many = expectedAverageValue(params, 50, 60);
    expect(one).toBeGreaterThan(30);
    expect(one).toBeLessThan(many);
    expect(many).toBeLessThan(60);
  });

  it('does not converge without repeat buyers', () => {
    expect(fitGammaGamma([{ x: 0, t_x: 0, T: 10, monetary: 0 }]).converged).toBe(false);
  });
});
