import { describe, expect, it } from 'vitest';
import {
  addDays,
  civilFromEpochDay,
  dayOfWeek,
  daysBetween,
  epochDayFromCivil,
  fromEpochDay,
  isIsoDay,
  isoWeek,
  toEpochDay,
} from './days';

/** The UTC calendar day of an epoch day according to the JavaScript Date implementation (an independent check). */
const dateIso = (epochDay: number) => new Date(epochDay * 86_400_000).toISOString().slice(0, 10);

describe('ISO day arithmetic', () => {
  it('counts epoch days from 1970-01-01', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('2000-03-01')).toBe(11017);
    expect(fromEpochDay(-1)).toBe('1969-12-31');
  });

  it('agree with the UTC calendar of Date on every day of four centuries', () => {
    const mismatches: number[] = [];
    for (let d = epochDayFromCivil(1900, 1, 1); d <= epochDayFromCivil(2300, 12, 31); d += 1) {
      const { year, month, day } = civilFromEpochDay(d);
      if (epochDayFromCivil(year, month, day) !== d || fromEpochDay(d) !== dateIso(d)) mismatches.push(d);
    }
    expect(mismatches).toEqual([]);
    expect(civilFromEpochDay(toEpochDay('2024-02-29'))).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('rejects strings that are not existing calendar days', () => {
    expect(isIsoDay('2023-02-29')).toBe(false);
    expect(isIsoDay('2024-02-29')).toBe(true);
    expect(isIsoDay('2024-1-05')).toBe(false);
    expect(() => toEpochDay('2024-13-01')).toThrow(RangeError);
  });

  it('names weekdays in ISO order starting on Monday', () => {
    expect(dayOfWeek('2024-01-01')).toBe(0); // a Monday
    expect(dayOfWeek('2024-01-07')).toBe(6);
    expect(dayOfWeek('1970-01-01')).toBe(3);
  });

  it('numbers ISO weeks by the year of their Thursday', () => {
    expect(isoWeek('2021-01-03')).toBe(53);
    expect(isoWeek('2021-01-04')).toBe(1);
    expect(isoWeek('2024-12-30')).toBe(1);
    expect(isoWeek('2020-12-31')).toBe(53);
    expect(isoWeek('2024-06-15')).toBe(24);
  });
});
