import { type DenseMatrix, denseMatrix } from '../linalg/matrix';
import {
  civilFromEpochDay,
  dayOfWeekOfEpochDay,
  daysInMonth,
  isoWeekOfEpochDay,
  toEpochDay,
} from '../time/days';

/**
 * The one feature pipeline of the sales forecast: the same function builds the rows a model is trained
 * on and the rows it forecasts from, so training and serving cannot drift apart. A row for day t reads
 * the target only at indices < t (lags and rolling means end the day before), never t itself or later.
 */

/** Feature pipeline settings. */
export interface FeatureOptions {
  /** Lags of the target, in days (lag k is the value k days before the predicted day). */
  lags: readonly number[];
  /** Rolling means of the target over the last w days, ending the day before the predicted day. */
  rollingWindows: readonly number[];
  /** The trend feature is (days since the trend origin) / trendScaleDays, i.e. years for 365. */
  trendScaleDays: number;
}

export const FEATURE_DEFAULTS: Readonly<FeatureOptions> = {
  lags: [7, 14, 28],
  rollingWindows: [7, 28],
  trendScaleDays: 365,
};

/** Everything needed to rebuild the features of any day; stored in the artifact as plain JSON. */
export interface FeatureSpec {
  lags: number[];
  rollingWindows: number[];
  trendScaleDays: number;
  /** Day 0 of the trend index: the first day of the training series. */
  trendOrigin: string;
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Calendar part of a row. `day_of_month` (1–31) doubles as the days from the month start, which would be
 * the same column minus one; `days_to_month_end` differs from it because months differ in length.
 */
const CALENDAR_FEATURES = [
  ...WEEKDAYS.map((d) => `dow_${d}`),
  'day_of_month',
  'days_to_month_end',
  'month_sin',
  'month_cos',
  'week_of_year_sin',
  'week_of_year_cos',
  'is_december',
  'is_july',
  'trend',
];

const TWO_PI = 2 * Math.PI;

function checkDays(label: string, values: readonly number[]): void {
  if (!values.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new RangeError(`${label} must be whole numbers of days ≥ 1, got ${JSON.stringify(values)}`);
  }
}

/** The feature spec for a series whose first day is `trendOrigin`. */
export function featureSpec(trendOrigin: string, options: FeatureOptions = FEATURE_DEFAULTS): FeatureSpec {
  toEpochDay(trendOrigin);
  checkDays('lags', options.lags);
  checkDays('rolling windows', options.rollingWindows);
  if (!(options.trendScaleDays > 0)) throw new RangeError('trendScaleDays must be > 0');
  return {
    lags: [...options.lags],
    rollingWindows: [...options.rollingWindows],
    trendScaleDays: options.trendScaleDays,
    trendOrigin,
  };
}

/** How many past days a row needs: the longest lag or rolling window. */
export function lookbackDays(spec: Pick<FeatureOptions, 'lags' | 'rollingWindows'>): number {
  return Math.max(0, ...spec.lags, ...spec.rollingWindows);
}

/** Column names, in the order of the values `writeFeatures` writes. */
export function featureNames(spec: Pick<FeatureOptions, 'lags' | 'rollingWindows'>): string[] {
  return [
    ...CALENDAR_FEATURES,
    ...spec.lags.map((k) => `lag_${k}`),
    ...spec.rollingWindows.map((w) => `rolling_mean_${w}`),
  ];
}

/**
 * Writes the features of day index `t` into `out` from `offset`. `values` is the target series with
 * index 0 on epoch day `startDay`; only `values[t - 1]` down to `values[t - lookback]` are read, so `t`
 * may equal `values.length` (the day right after the known values).
 */
export function writeFeatures(
  values: ArrayLike<number>,
  t: number,
  startDay: number,
  spec: FeatureSpec,
  out: Float64Array,
  offset = 0,
): void {
  const lookback = lookbackDays(spec);
  if (!Number.isInteger(t) || t < lookback || t > values.length) {
    throw new RangeError(
      `day index ${t} needs ${lookback} earlier days within a ${values.length}-day series`,
    );
  }
  const day = startDay + t;
  const { year, month, day: dom } = civilFromEpochDay(day);
  const monthLength = daysInMonth(year, month);
  let k = offset;
  const dow = dayOfWeekOfEpochDay(day);
  for (let d = 0; d < 7; d += 1) out[k++] = d === dow ? 1 : 0;
  out[k++] = dom;
  out[k++] = monthLength - dom;
  out[k++] = Math.sin((TWO_PI * (month - 1)) / 12);
  out[k++] = Math.cos((TWO_PI * (month - 1)) / 12);
  const week = isoWeekOfEpochDay(day);
  out[k++] = Math.sin((TWO_PI * (week - 1)) / 52);
  out[k++] = Math.cos((TWO_PI * (week - 1)) / 52);
  out[k++] = month === 12 ? 1 : 0;
  out[k++] = month === 7 ? 1 : 0;
  out[k++] = (day - toEpochDay(spec.trendOrigin)) / spec.trendScaleDays;
  for (const lag of spec.lags) out[k++] = values[t - lag]!;
  for (const window of spec.rollingWindows) {
    let sum = 0;
    for (let i = t - window; i < t; i += 1) sum += values[i]!;
    out[k++] = sum / window;
  }
}

/** The feature row of day index `t` (see `writeFeatures`), as a new array. */
export function featureRow(
  values: ArrayLike<number>,
  t: number,
  startDay: number,
  spec: FeatureSpec,
): Float64Array {
  const row = new Float64Array(featureNames(spec).length);
  writeFeatures(values, t, startDay, spec, row);
  return row;
}

/** Feature rows for day indices `from`..`to - 1` (all ≥ the lookback) and the matching targets. */
export function buildFeatureMatrix(
  values: ArrayLike<number>,
  startDay: number,
  spec: FeatureSpec,
  from: number,
  to: number,
): { X: DenseMatrix; y: Float64Array } {
  const width = featureNames(spec).length;
  const rows = Math.max(0, to - from);
  const X = denseMatrix(rows, width);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r += 1) {
    writeFeatures(values, from + r, startDay, spec, X.data, r * width);
    y[r] = values[from + r]!;
  }
  return { X, y };
}
