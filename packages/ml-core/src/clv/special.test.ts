import { describe, expect, it } from 'vitest';
import { digamma, hyp2f1, lnGamma, logAddExp } from './special';

describe('special functions', () => {
  it('lnGamma matches factorials and Γ(½) = √π', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 12);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362_880), 10);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(lnGamma(0.24)).toBeCloseTo(1.33117914346606, 12); // Python's math.lgamma(0.24)
  });

  it('digamma matches ψ(1) = −γ and the recurrence ψ(x+1) = ψ(x) + 1/x', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649, 9);
    for (const x of [0.05, 0.79, 2.4, 17.3]) expect(digamma(x + 1)).toBeCloseTo(digamma(x) + 1 / x, 10);
  });

  it('hyp2f1 matches the closed form ₂F₁(1, 1; 2; z) = −ln(1 − z)/z', () => {
    for (const z of [0, 0.3, 0.9, 0.99]) {
      const expected = z === 0 ? 1 : -Math.log(1 - z) / z;
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(expected, 10);
    }
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });

  it('logAddExp does not overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 10);
    expect(logAddExp(Number.NEGATIVE_INFINITY, 3)).toBe(3);
  });
});
