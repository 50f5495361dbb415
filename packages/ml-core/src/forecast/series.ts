import { fromEpochDay, toEpochDay } from '../time/days';

/** Paid sales of one day: money amount and units. One row per day that had paid sales. */
export interface DailySalesRow {
  date: string;
  amount: number;
  quantity: number;
}

/** Contiguous days `start`..`end` inclusive; index i is the day `start + i`. Days without sales hold 0. */
export interface DailySeries {
  start: string;
  end: string;
  amount: Float64Array;
  quantity: Float64Array;
}

/** Daily series over `range` (inclusive): zero-fills missing days, ignores rows outside the range, sums duplicate dates. */
export function buildDailySeries(
  rows: readonly DailySalesRow[],
  range: { from: string; to: string },
): DailySeries {
  const first = toEpochDay(range.from);
  const length = toEpochDay(range.to) - first + 1;
  if (length < 1) throw new RangeError(`empty date range: from ${range.from} is after to ${range.to}`);
  const amount = new Float64Array(length);
  const quantity = new Float64Array(length);
  for (const row of rows) {
    const i = toEpochDay(row.date) - first;
    if (i < 0 || i >= length) continue;
    if (!Number.isFinite(row.amount) || !Number.isFinite(row.quantity)) {
      throw new RangeError(
        `sales on ${row.date} are not finite numbers (amount ${row.amount}, quantity ${row.quantity})`,
      );
    }
    amount[i]! += row.amount;
    quantity[i]! += row.quantity;
  }
  return { start: range.from, end: range.to, amount, quantity };
}

/** Number of days in the series, after checking that both arrays cover exactly start..end. */
export function seriesLength(series: DailySeries): number {
  const length = toEpochDay(series.end) - toEpochDay(series.start) + 1;
  if (length < 1 || series.amount.length !== length || series.quantity.length !== length) {
    throw new RangeError(
      `daily series ${series.start}..${series.end} should hold ${Math.max(length, 0)} days, ` +
        `holds ${series.amount.length} amounts and ${series.quantity.length} quantities`,
    );
  }
  return length;
}

/** Days `from`..`to - 1` of a series (by index), as a series of its own. */
export function sliceSeries(series: DailySeries, from: number, to: number): DailySeries {
  const length = seriesLength(series);
  if (!(from >= 0 && from < to && to <= length)) {
    throw new RangeError(`cannot slice days ${from}..${to} out of a ${length}-day series`);
  }
  const startDay = toEpochDay(series.start);
  return {
    start: fromEpochDay(startDay + from),
    end: fromEpochDay(startDay + to - 1),
    amount: series.amount.slice(from, to),
    quantity: series.quantity.slice(from, to),
  };
}

/** Index of the first day with any sale (amount or units above 0), or -1 when the series has none. */
export function firstSaleIndex(series: DailySeries): number {
  const length = seriesLength(series);
  for (let i = 0; i < length; i += 1) {
    if (series.amount[i]! > 0 || series.quantity[i]! > 0) return i;
  }
  return -1;
}
