import { describe, expect, it } from 'vitest';
import { buildDailySeries, firstSaleIndex, seriesLength, sliceSeries } from './series';

describe('buildDailySeries', () => {
  it('zero-fills days without sales and keeps the range inclusive', () => {
    const series = buildDailySeries(
      [
        { date: '2024-02-27', amount: 100, quantity: 2 },
        { date: '2024-03-01', amount: 50.5, quantity: 1 },
      ],
      { from: '2024-02-27', to: '2024-03-01' },
    );
    expect(series.start).toBe('2024-02-27');
    expect(series.end).toBe('2024-03-01');
    expect(Array.from(series.amount)).toEqual([100, 0, 0, 50.5]); // 2024 is a leap year
    expect(Array.from(series.quantity)).toEqual([2, 0, 0, 1]);
  });

  it('ignores rows outside the range and sums duplicate dates', () => {
    const series = buildDailySeries(
      [
        { date: '2024-01-01', amount: 999, quantity: 9 },
        { date: '2024-01-02', amount: 10, quantity: 1 },
        { date: '2024-01-02', amount: 15, quantity: 2 },
        { date: '2024-01-04', amount: 999, quantity: 9 },
      ],
      { from: '2024-01-02', to: '2024-01-03' },
    );
    expect(Array.from(series.amount)).toEqual([25, 0]);
    expect(Array.from(series.quantity)).toEqual([3, 0]);
  });

  it('rejects an inverted range and non-finite amounts', () => {
    expect(() => buildDailySeries([], { from: '2024-01-02', to: '2024-01-01' })).toThrow(RangeError);
    expect(() =>
      buildDailySeries([{ date: '2024-01-01', amount: Number.NaN, quantity: 1 }], {
        from: '2024-01-01',
        to: '2024-01-01',
      }),
    ).toThrow(/not finite/);
  });
});

describe('series helpers', () => {
  const series = buildDailySeries(
    [
      { date: '2024-01-03', amount: 5, quantity: 1 },
      { date: '2024-01-05', amount: 7, quantity: 1 },
    ],
    { from: '2024-01-01', to: '2024-01-05' },
  );

  it('find the first day with a sale', () => {
    expect(firstSaleIndex(series)).toBe(2);
    expect(firstSaleIndex(buildDailySeries([], { from: '2024-01-01', to: '2024-01-05' }))).toBe(-1);
  });

  it('slice by index with matching dates', () => {
    const tail = sliceSeries(series, 2, 5);
    expect(tail.start).toBe('2024-01-03');
    expect(tail.end).toBe('2024-01-05');
    expect(Array.from(tail.amount)).toEqual([5, 0, 7]);
    expect(seriesLength(tail)).toBe(3);
  });

  it('detect arrays that do not cover the declared days', () => {
    expect(() => seriesLength({ ...series, end: '2024-01-09' })).toThrow(RangeError);
  });
});
