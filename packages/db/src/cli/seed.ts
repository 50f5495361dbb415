import { parseArgs } from 'node:util';
import { ConfigError, createLogger } from '@boutique/shared';
import { count } from 'drizzle-orm';
import { createDatabase } from '../client';
import { orders } from '../schema/store';
import {
  GENERATE_LIMITS,
  type GenerateOptions,
  generateStore,
  SeedRefusedError,
  validateGenerateOptions,
  writeStore,
} from '../seed';

const USAGE = `Usage: npm run seed -- [options]

Fills the database at DATABASE_URL with a generated demo store.

  --days N       days of order history ending at --end  (default 730, at most ${GENERATE_LIMITS.days[1]})
  --orders N     orders in that history                 (default 5000, at most ${GENERATE_LIMITS.orders[1]})
  --customers N  customers                              (default 250, at most ${GENERATE_LIMITS.customers[1]})
  --products N   products in the catalog                (default 150, at most ${GENERATE_LIMITS.products[1]})
  --seed N       the same seed gives the same store     (default 42)
  --end DATE     last day of the history, YYYY-MM-DD    (default today, UTC)
  --reset        replace the existing store: orders, customers, products and model outputs about them
  --help         show this help
`;

const INTEGER_FLAGS = ['days', 'orders', 'customers', 'products', 'seed'] as const;
const DEFAULTS = { days: 730, orders: 5000, customers: 250, products: 150, seed: 42 } as const;

class UsageError extends Error {}

function parseFlags(argv: string[]): { options: GenerateOptions; reset: boolean } | 'help' {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  const numbers = { ...DEFAULTS } as Record<(typeof INTEGER_FLAGS)[number], number>;
  for (const flag of INTEGER_FLAGS) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const [lo, hi] = GENERATE_LIMITS[flag];
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value >= lo && value <= hi)) {
      throw new UsageError(`--${flag} must be an integer from ${lo} to ${hi} (got '${raw}')`);
    }
    numbers[flag] = value;
  }
  const options: GenerateOptions = { ...numbers, end: values.end ?? new Date().toISOString().slice(0, 10) };
  try {
    validateGenerateOptions(options);
  } catch (err) {
    throw new UsageError(`--${(err as Error).message}`);
  }
  return { options, reset: values.reset ?? false };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      days: { type: 'string' },
      orders: { type: 'string' },
      customers: { type: 'string' },
      products: { type: 'string' },
      seed: { type: 'string' },
      end: { type: 'string' },
      reset: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

const fmt = (n: number) => n.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A line per table on completion, plus quarter steps for big tables; no cursor tricks, so logs stay readable. */
function progressPrinter() {
  const printed = new Map<string, number>();
  return (done: number, total: number, table: string) => {
    const quarter = total === 0 ? 4 : Math.floor((done / total) * 4);
    if ((printed.get(table) ?? -1) >= quarter || (quarter < 4 && total < 20_000)) return;
    printed.set(table, quarter);
    const pct = total === 0 ? 100 : Math.round((done / total) * 100);
    process.stderr.write(
      `  ${table.padEnd(12)} ${fmt(done).padStart(11)} / ${fmt(total).padEnd(11)} ${pct}%\n`,
    );
  };
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(process.argv.slice(2));
  } catch (err) {
    console.error(`seed: ${(err as Error).message}\nSee: npm run seed -- --help`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const { options, reset } = parsed;
  const log = createLogger({ name: 'seed' });
  const url = process.env.DATABASE_URL;
  if (!url) {
    log.fatal(new ConfigError('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/boutique)'));
    return 2;
  }

  const database = createDatabase(url, { max: 2, applicationName: 'boutique-ml-seed' });
  try {
    if (!reset) {
      // Checked before generating so a refusal is instant; writeStore checks again inside its transaction.
      const [row] = await database.db.select({ n: count() }).from(orders);
      if (row && row.n > 0) throw new SeedRefusedError(row.n);
    }
    const started = performance.now();
    process.stderr.write(
      `generating ${fmt(options.orders)} orders over ${options.days} days to ${options.end} ` +
        `(${fmt(options.customers)} customers, ${fmt(options.products)} products, seed ${options.seed})\n`,
    );
    const store = generateStore(options);
    const generated = performance.now();
    process.stderr.write(
      `generated ${fmt(store.orderItems.length)} order lines in ${seconds(generated - started)}\n`,
    );
    process.stderr.write(reset ? 'writing (replacing the existing store)\n' : 'writing\n');
    const counts = await writeStore(database, store, { reset, onProgress: progressPrinter() });
    const finished = performance.now();
    process.stderr.write(
      `done: ${fmt(counts.products)} products, ${fmt(counts.customers)} customers, ${fmt(counts.orders)} orders, ` +
        `${fmt(counts.orderItems)} order lines in ${seconds(finished - started)} ` +
        `(generate ${seconds(generated - started)}, write ${seconds(finished - generated)})\n`,
    );
    log.info(
      {
        ...counts,
        options,
        reset,
        generateSeconds: (generated - started) / 1000,
        writeSeconds: (finished - generated) / 1000,
      },
      'demo store written',
    );
    return 0;
  } catch (err) {
    if (err instanceof SeedRefusedError) {
      console.error(`seed: ${err.message}`);
      return 1;
    }
    log.fatal({ err }, 'seeding failed');
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
