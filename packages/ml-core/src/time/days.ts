/**
 * ISO calendar days (`YYYY-MM-DD`) as plain integers: days since 1970-01-01. Pure integer arithmetic
 * (no Date, no time zone): a day string names a calendar day in the store's time zone and stays that day.
 */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1–12), after H. Hinnant's `days_from_civil`. */
export function epochDayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The calendar date of an epoch day, after H. Hinnant's `civil_from_days`. */
export function civilFromEpochDay(epochDay: number): { year: number; month: number; day: number } {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** True when `value` is an existing calendar day written `YYYY-MM-DD`. */
export function isIsoDay(value: string): boolean {
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Days since 1970-01-01 of an ISO day; throws RangeError for anything that is not an existing `YYYY-MM-DD`. */
export function toEpochDay(isoDay: string): number {
  if (!isIsoDay(isoDay))
    throw new RangeError(`not a calendar day in YYYY-MM-DD form: ${JSON.stringify(isoDay)}`);
  return epochDayFromCivil(
    Number(isoDay.slice(0, 4)),
    Number(isoDay.slice(5, 7)),
    Number(isoDay.slice(8, 10)),
  );
}

/** The ISO day (`YYYY-MM-DD`) of an epoch day. */
export function fromEpochDay(epochDay: number): string {
  const { year, month, day } = civilFromEpochDay(epochDay);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The day `n` days after `isoDay` (before it when n < 0). */
export function addDays(isoDay: string, n: number): string {
  return fromEpochDay(toEpochDay(isoDay) + n);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** Number of days in a month (month 1–12) of the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Day of the week of an epoch day in ISO order: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function dayOfWeekOfEpochDay(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

/** Day of the week of an ISO day: 0 = Monday … 6 = Sunday. */
export function dayOfWeek(isoDay: string): number {
  return dayOfWeekOfEpochDay(toEpochDay(isoDay));
}

/** ISO-8601 week number (1–53) of an epoch day: the week belongs to the year of its Thursday. */
export function isoWeekOfEpochDay(epochDay: number): number {
  const thursday = epochDay - dayOfWeekOfEpochDay(epochDay) + 3;
  const { year } = civilFromEpochDay(thursday);
  return Math.floor((thursday - epochDayFromCivil(year, 1, 1)) / 7) + 1;
}

/** ISO-8601 week number (1–53) of an ISO day. */
export function isoWeek(isoDay: string): number {
  return isoWeekOfEpochDay(toEpochDay(isoDay));
}
