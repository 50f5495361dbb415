import { describe, expect, it } from 'vitest';
import { expectedPurchases, fitBgNbd, probabilityAlive } from './bg-nbd';
import { simulateRepeatSummaries } from './simulate';

/** The CDNOW fit of Fader, Hardie & Lee (2005), weeks. */
const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('BG/NBD', () => {
  it('reproduces the paper’s conditional expectation for a CDNOW customer', () => {
    // x = 2, t_x = 30.43, T = 38.86: 1.226 purchases expected in the next 39 weeks (paper, section 5).
    expect(expectedPurchases(CDNOW, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
    expect(expectedPurchases(CDNOW, 0, 2, 30.43, 38.86)).toBe(0);
  });

  it('gives P(alive) = 1 without repeat purchases and less the longer a buyer has been silent', () => {
    expect(probabilityAlive(CDNOW, 0, 0, 30)).toBe(1);
    const recent = probabilityAlive(CDNOW, 5, 29, 30);
    const silent = probabilityAlive(CDNOW, 5, 5, 30);
    expect(recent).toBeGreaterThan(0.8);
    expect(silent).toBeLessThan(recent);
    expect(silent).toBeGreaterThan(0);
    // Heavy buyers long gone: no overflow, just ~0.
    expect(probabilityAlive(CDNOW, 900, 1, 100)).toBe(0);
    expect(Number.isFinite(expectedPurchases(CDNOW, 52, 900, 99, 100))).toBe(true);
  });

  it('recovers the parameters of 5,000 customers simulated from the CDNOW fit', () => {
    const truth = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };
    const data = simulateRepeatSummaries(5000, truth, { seed: 7, minT: 39, maxT: 78 });
    const fit = fitBgNbd(data);
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.r / truth.r - 1)).toBeLessThan(0.25);
    expect(Math.abs(fit.alpha / truth.alpha - 1)).toBeLessThan(0.25);
    expect(Math.abs(fit.a / (fit.a + fit.b) - truth.a / (truth.a + truth.b))).toBeLessThan(0.1);
    expect(fit.logLikelihood).toBeLessThan(0);
  });

  it('rejects impossible histories', () => {
    expect(() => fitBgNbd([])).toThrow(RangeError);
    expect(() => fitBgNbd([{ x: 1, t_x: 5, T: 4, monetary: 10 }])).toThrow(RangeError);
    expect(() => fitBgNbd([{ x: 0, t_x: 0, T: 0, monetary: 0 }])).toThrow(RangeError);
  });
});
