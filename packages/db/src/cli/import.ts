import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, createLogger } from '@boutique/shared';
import { createDatabase } from '../client';
import {
  DATE_FORMATS,
  type DateFormat,
  ENCODINGS,
  type Encoding,
  ImportInputError,
  type ImportProgress,
  type ImportReport,
  importStore,
} from '../import';

const USAGE = `Usage: npm run import -- [files] [options]

Imports a shop's own data into the database at DATABASE_URL, in one transaction (all or nothing).
Importing the same files again changes nothing. Rejected rows go to <file>.rejects.csv beside each file.

Files (any subset; read in this order):
  --products FILE       sku, name, category, brand, color, size, material, price, cost, stock,
                        lead_time_days, image_url, active
  --customers FILE      customer_id, name (or first_name/last_name), email, created_at
  --orders FILE         one row per order line: order_id, date, customer_id, sku, quantity, unit_price,
                        status; every product must already exist (database or --products)
  --transactions FILE   the usual single-file export, one row per order line: as --orders plus
                        product_name, category, brand; a line with a product name creates its product

Options:
  --map F=COL,...       take field F from column COL (e.g. --map order_id=Invoice,date=InvoiceDate)
  --map-file FILE       the same as a JSON object {"order_id": "Invoice", ...}
  --date-format dmy|mdy how 03/05/2024 reads: 3 May (dmy, default) or March 5 (mdy, US and UCI files)
  --encoding utf8|latin1  file encoding (default utf8)
  --cancel-prefix TEXT  order ids starting with TEXT are cancellations (default: C for UCI files)
  --timezone TZ         zone of dates without an offset (default STORE_TIMEZONE or UTC)
  --rejects-dir DIR     write the rejects files there instead of beside the inputs
  --json                print the report as JSON on stdout
  --help                show this help

Accepted dates: ISO 8601 (2024-03-05, 2024-03-05T14:30:00Z, 2024-03-05 14:30) and day-first
DD/MM/YYYY [HH:MM[:SS]] (also with . or -); MM/DD/YYYY only with --date-format mdy.
Returns (negative quantities, cancelled invoices) are rejected with reason "return" and counted apart.
`;

class UsageError extends Error {}

function parseMapping(text: string): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--map takes field=Column pairs separated by commas (got "${pair}")`);
    mapping[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return mapping;
}

async function readMappingFile(file: string): Promise<Record<string, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--map-file ${file}: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`--map-file ${file}: expected a JSON object {"field": "Column"}`);
  }
  const mapping: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string')
      throw new UsageError(`--map-file ${file}: the column of "${k}" must be a string`);
    mapping[k] = v;
  }
  return mapping;
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of: ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** A rewritten line on a terminal; otherwise one line every few seconds, so logs stay readable. */
function progressPrinter() {
  const tty = process.stderr.isTTY;
  let last = 0;
  return (p: ImportProgress) => {
    const now = performance.now();
    if (p.phase !== 'done' && now - last < (tty ? 200 : 2000)) return;
    last = now;
    const pct = Math.floor(p.fraction * 100);
    const what =
      p.phase === 'merging' ? `merging ${p.kind}` : p.phase === 'done' ? 'done' : `reading ${p.kind}`;
    const text = `${what.padEnd(22)} ${fmt(p.rows).padStart(11)} rows  ${String(pct).padStart(3)}%  ${fmt(p.rowsPerSecond)} rows/s`;
    process.stderr.write(tty ? `\r${text}\u001b[K${p.phase === 'done' ? '\n' : ''}` : `${text}\n`);
  };
}

function printReport(r: ImportReport) {
  const out = process.stdout;
  for (const f of r.files) {
    out.write(
      `${f.kind} ${f.file}: ${fmt(f.rows)} rows, ${fmt(f.imported)} imported, ${fmt(f.rejected)} rejected\n`,
    );
    out.write(
      `  columns: ${Object.entries(f.columns)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}\n`,
    );
    for (const [reason, n] of Object.entries(f.rejected_by_reason))
      out.write(`  rejected ${reason}: ${fmt(n)}\n`);
    if (f.rejects_file) out.write(`  rejected rows with their line numbers: ${f.rejects_file}\n`);
  }
  if (r.returns.lines > 0) {
    out.write(
      `returns (not imported): ${fmt(r.returns.lines)} lines, ${fmt(r.returns.units)} units, ${r.returns.amount.toFixed(2)}\n`,
    );
  }
  const u = (name: string, c: { inserted: number; updated: number; deleted?: number }) =>
    `${name} +${fmt(c.inserted)} new, ${fmt(c.updated)} changed${c.deleted ? `, ${fmt(c.deleted)} removed` : ''}`;
  out.write(
    `${[u('products', r.products), u('customers', r.customers), u('orders', r.orders), u('order lines', r.order_items)].join('; ')}\n`,
  );
  if (r.first_order_at) out.write(`orders from ${r.first_order_at} to ${r.last_order_at}\n`);
  out.write(`${fmt(r.rows_read)} rows in ${r.duration_seconds} s (${fmt(r.rows_per_second)} rows/s)\n`);
}

async function main(): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(process.argv.slice(2)).values;
  } catch (err) {
    console.error(`import: ${(err as Error).message}\nSee: npm run import -- --help`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const log = createLogger({ name: 'import', level: process.env.LOG_LEVEL ?? 'warn' });
  const url = process.env.DATABASE_URL;
  if (!url) {
    log.fatal(new ConfigError('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/boutique)'));
    return 2;
  }
  let options: Parameters<typeof importStore>[1];
  try {
    const files = {
      products: values.products,
      customers: values.customers,
      orders: values.orders,
      transactions: values.transactions,
    };
    if (!Object.values(files).some(Boolean)) {
      throw new UsageError('give at least one of --products, --customers, --orders, --transactions');
    }
    const mapping = {
      ...(values['map-file'] ? await readMappingFile(values['map-file']) : {}),
      ...(values.map ? parseMapping(values.map) : {}),
    };
    const timezone = values.timezone ?? process.env.STORE_TIMEZONE ?? 'UTC';
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    } catch {
      throw new UsageError(
        `--timezone must be an IANA time zone such as UTC or Europe/Madrid (got "${timezone}")`,
      );
    }
    const rejectsDir = values['rejects-dir'];
    options = {
      files,
      mapping,
      dateFormat: oneOf<DateFormat>('date-format', values['date-format'], DATE_FORMATS),
      encoding: oneOf<Encoding>('encoding', values.encoding, ENCODINGS),
      timezone,
      cancelPrefix: values['cancel-prefix'],
      rejectsPath: rejectsDir
        ? (_kind, input) =>
            `${rejectsDir}/${input.replace(/^.*[\\/]/, '').replace(/\.(csv|txt|tsv)$/i, '')}.rejects.csv`
        : undefined,
      onProgress: progressPrinter(),
    };
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`import: ${err.message}\nSee: npm run import -- --help`);
      return 2;
    }
    throw err;
  }

  // Ctrl-C rolls the transaction back: nothing of this import stays. A second Ctrl-C exits at once
  // (Postgres rolls back the transaction of a connection that goes away).
  const abort = new AbortController();
  process.on('SIGINT', () => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write('\ninterrupted: rolling back, nothing will be imported\n');
    abort.abort(new Error('interrupted'));
  });
  process.on('SIGTERM', () => abort.abort(new Error('terminated')));

  const database = createDatabase(url, { max: 1, applicationName: 'boutique-ml-import' });
  try {
    const report = await importStore(database, { ...options, signal: abort.signal });
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printReport(report);
    process.stderr.write(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`);
    return 0;
  } catch (err) {
    if (abort.signal.aborted) {
      console.error('import: interrupted; the database is unchanged');
      return 130;
    }
    if (err instanceof ImportInputError) {
      console.error(`import: ${err.message}`);
      return 1;
    }
    log.fatal({ err }, 'import failed; the database is unchanged');
    return 1;
  } finally {
    await database.close();
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      products: { type: 'string' },
      customers: { type: 'string' },
      orders: { type: 'string' },
      transactions: { type: 'string' },
      map: { type: 'string' },
      'map-file': { type: 'string' },
      'date-format': { type: 'string' },
      encoding: { type: 'string' },
      'cancel-prefix': { type: 'string' },
      timezone: { type: 'string' },
      'rejects-dir': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

process.exitCode = await main();
