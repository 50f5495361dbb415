/**
 * Cell parsers for imported CSVs. Each returns the value in the form the staging tables take, or null
 * when the cell cannot be read; the caller turns null into a rejected row with a reason.
 */

/** How an all-numeric date with slashes, dots or dashes is read: day first (Europe) or month first (US). */
export const DATE_FORMATS = ['dmy', 'mdy'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const ISO =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const pad = (n: number) => String(n).padStart(2, '0');

function validDay(y: number, m: number, d: number): boolean {
  if (y < 1970 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function build(
  y: number,
  m: number,
  d: number,
  hh: string | undefined,
  mi: string | undefined,
  ss: string | undefined,
  frac: string | undefined,
  zone: string | undefined,
): string | null {
  if (!validDay(y, m, d)) return null;
  const h = hh === undefined ? 0 : Number(hh);
  const min = mi === undefined ? 0 : Number(mi);
  const s = ss === undefined ? 0 : Number(ss);
  if (h > 23 || min > 59 || s > 59) return null;
  const text = `${y}-${pad(m)}-${pad(d)}T${pad(h)}:${pad(min)}:${pad(s)}${frac ?? ''}`;
  if (!zone) return text;
  return zone.toUpperCase() === 'Z'
    ? `${text}Z`
    : `${text}${zone.slice(0, 3)}:${zone.slice(3).replace(':', '') || '00'}`;
}

/**
 * Accepted: ISO 8601 (`2024-03-05`, `2024-03-05T14:30:00Z`, `2024-03-05 14:30`, with an offset or not,
 * `/` allowed between year, month and day) and numeric day-month-year (`05/03/2024`, `5.3.2024 14:30`),
 * read month-first only with `dateFormat: 'mdy'` (`3/5/2024 14:30`, as in the UCI Online Retail file).
 * Years 1970–2100. Returns ISO 8601 text; without an offset it is a wall-clock time, which the import
 * reads in the store's time zone (Postgres does, so daylight saving time is handled).
 */
export function parseDate(text: string, format: DateFormat): string | null {
  const t = text.trim();
  let m = ISO.exec(t);
  if (m) {
    return build(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], m[6], m[7], m[8]);
  }
  m = NUMERIC.exec(t);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const [day, month] = format === 'mdy' ? [b, a] : [a, b];
    return build(Number(m[3]), month, day, m[4], m[5], m[6], undefined, undefined);
  }
  return null;
}

/** numeric(12,2): the largest amount the money columns hold. */
const MAX_MONEY = 9_999_999_999.99;

/**
 * A non-negative amount in cents-precise text ("12.5" → "12.50"), or null. Currency signs and spaces are
 * ignored; with both `,` and `.` the last one is the decimal mark; a lone `,` followed by one or two
 * digits is a decimal comma ("12,50"), otherwise a thousands separator ("1,250").
 */
export function parseMoney(text: string): number | null {
  let t = text.trim().replace(/[\s\u00a0€$£¥]|EUR|USD|GBP/gi, '');
  if (t === '') return null;
  const comma = t.lastIndexOf(',');
  const dot = t.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) {
    t = comma > dot ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  } else if (comma >= 0) {
    t = /^[+-]?\d+,\d{1,2}$/.test(t) ? t.replace(',', '.') : t.replace(/,/g, '');
  }
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  const value = Number(t);
  if (!Number.isFinite(value) || value < 0 || value > MAX_MONEY) return null;
  return Math.round(value * 100) / 100;
}

/** A whole number (sign allowed, "3.0" accepted), or null. */
export function parseInteger(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?\d{1,10}(\.0*)?$/.test(t)) return null;
  const value = Number.parseInt(t, 10);
  return Math.abs(value) <= 2_147_483_647 ? value : null;
}

const STATUS_WORDS: Record<string, 'paid' | 'cancelled' | 'refunded'> = {
  paid: 'paid',
  completed: 'paid',
  complete: 'paid',
  fulfilled: 'paid',
  closed: 'paid',
  pagado: 'paid',
  completado: 'paid',
  entregado: 'paid',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  voided: 'cancelled',
  cancelado: 'cancelled',
  anulado: 'cancelled',
  refunded: 'refunded',
  reembolsado: 'refunded',
  devuelto: 'refunded',
};

/** An order status from common shop-system words (English and Spanish); empty means paid; null if unknown. */
export function parseStatus(text: string): 'paid' | 'cancelled' | 'refunded' | null {
  const t = text.trim().toLowerCase();
  if (t === '') return 'paid';
  return STATUS_WORDS[t] ?? null;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'si', 'sí', 'active', 'activo']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'inactive', 'inactivo', 'draft', 'archived']);

/** true/false/yes/no/1/0 (and Spanish sí/no), or null. */
export function parseBoolean(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return null;
}

/** Identifiers as exported by spreadsheets: "17850.0" is customer 17850. */
export function cleanId(text: string): string {
  const t = text.trim();
  return /^\d+\.0+$/.test(t) ? t.slice(0, t.indexOf('.')) : t;
}
