import path from 'node:path';
import type postgres from 'postgres';
import type { Database } from '../client';
import {
  CopyWriter,
  type CsvRecord,
  type CsvSource,
  csvLine,
  type Encoding,
  openCsv,
  RejectsWriter,
} from './csv';
import {
  type CustomerField,
  ImportInputError,
  type ImportKind,
  type LineField,
  type ProductField,
  type ResolvedColumns,
  resolveColumns,
} from './fields';
import {
  cleanId,
  type DateFormat,
  parseBoolean,
  parseDate,
  parseInteger,
  parseMoney,
  parseStatus,
} from './values';

/** The files of one import; any subset. Products and customers are read first, order lines last. */
export interface ImportFiles {
  products?: string | undefined;
  customers?: string | undefined;
  /** One row per order line; its products must exist (in the database or the products file). */
  orders?: string | undefined;
  /** One row per order line, the common shop export; a line with a product name creates its product. */
  transactions?: string | undefined;
}

export interface ImportProgress {
  kind: ImportKind;
  phase: 'reading' | 'merging' | 'done';
  /** Data rows read so far, all files together. */
  rows: number;
  /** Bytes read so far and in total, all files together. */
  bytes: number;
  totalBytes: number;
  rowsPerSecond: number;
  /**
   * Share of the whole import done, 0–1, by file size: reading a file counts for READ_WEIGHT of it and
   * merging it into the store (several statements) for the rest.
   */
  fraction: number;
}

export interface ImportOptions {
  files: ImportFiles;
  /** Field → column header, overriding detection (`--map order_id=Invoice`). */
  mapping?: Readonly<Record<string, string>> | undefined;
  /** How numeric dates like 03/05/2024 are read (default day first). */
  dateFormat?: DateFormat | undefined;
  encoding?: Encoding | undefined;
  /** Zone of dates written without an offset (the store's, STORE_TIMEZONE). */
  timezone?: string | undefined;
  /**
   * Order ids starting with this text are cancellations (returns). Default: "C" for a file that looks
   * like the UCI Online Retail export (an InvoiceNo / Invoice column), none otherwise.
   */
  cancelPrefix?: string | null | undefined;
  /** Where the rejected rows of an input go (default: `<input>.rejects.csv` beside it). */
  rejectsPath?: ((kind: ImportKind, input: string) => string) | undefined;
  onProgress?: ((progress: ImportProgress) => void) | undefined;
  /** Aborting rolls the whole import back. */
  signal?: AbortSignal | undefined;
}

export type RejectReason =
  | 'malformed_row'
  | 'missing_order_id'
  | 'missing_product_id'
  | 'missing_date'
  | 'invalid_date'
  | 'invalid_quantity'
  | 'invalid_price'
  | 'invalid_status'
  | 'return'
  | 'unknown_product'
  | 'missing_sku'
  | 'missing_name'
  | 'missing_customer_id'
  | 'duplicate'
  | 'duplicate_email'
  | 'invalid_email'
  | 'invalid_cost'
  | 'invalid_stock'
  | 'invalid_lead_time'
  | 'invalid_active';

export interface FileReport {
  kind: ImportKind;
  file: string;
  delimiter: string;
  /** How each field was found: "InvoiceNo (detected)", "Factura (mapped)". */
  columns: Record<string, string>;
  rows: number;
  imported: number;
  rejected: number;
  rejected_by_reason: Partial<Record<RejectReason, number>>;
  rejects_file: string | null;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

/** What an import did; the CLI prints it and the import job returns it. */
export interface ImportReport {
  files: FileReport[];
  rows_read: number;
  rows_imported: number;
  rows_rejected: number;
  rejected_by_reason: Partial<Record<RejectReason, number>>;
  /** Return and cancellation lines: rejected (not netted against sales) and counted here. */
  returns: { lines: number; units: number; amount: number };
  products: UpsertCounts;
  customers: UpsertCounts;
  orders: UpsertCounts;
  order_items: UpsertCounts & { deleted: number };
  /** Span of the imported orders (ISO instants), or null without order lines. */
  first_order_at: string | null;
  last_order_at: string | null;
  duration_seconds: number;
  rows_per_second: number;
}

/** Lines above this many units are a typo or a wholesale adjustment, not a boutique sale. */
const MAX_LINE_QUANTITY = 1_000_000;
const PROGRESS_EVERY_MS = 250;
/** Reading and staging is about a quarter of an import's time, merging the rest (1M lines: 11 s vs 37 s). */
const READ_WEIGHT = 0.3;
/** Dates readable only in the other day/month order that make an import stop (see importLines). */
const MIN_SWAPPED_DATES = 10;
// One import at a time: two merging the same orders would deadlock or double-count.
const IMPORT_LOCK = 'boutique-ml:import-store';

type Sql = postgres.TransactionSql;

interface Context {
  options: ImportOptions;
  dateFormat: DateFormat;
  report: ImportReport;
  started: number;
  totalBytes: number;
  bytesBefore: number;
  lastProgress: number;
}

/**
 * Imports store data from CSV files in ONE transaction: everything is staged into temporary tables with
 * COPY while the files stream, then merged with upserts keyed by the files' own ids (sku, customer id,
 * order id), so importing the same files twice changes nothing. An error, an abort or a killed process
 * leaves the database as it was. Bad rows are not imported; they are counted by reason and written,
 * with their line numbers, to a rejects CSV beside each input.
 */
export async function importStore(database: Database, options: ImportOptions): Promise<ImportReport> {
  const order: ImportKind[] = ['products', 'customers', 'orders', 'transactions'];
  const inputs = order.filter((k) => options.files[k]).map((kind) => ({ kind, file: options.files[kind]! }));
  if (inputs.length === 0) throw new ImportInputError('nothing to import: give at least one file');
  const sources: { kind: ImportKind; file: string; source: CsvSource }[] = [];
  try {
    for (const input of inputs) {
      sources.push({ ...input, source: await openCsv(input.file, options.encoding ?? 'utf8') });
    }
    return await importSources(database, options, sources);
  } finally {
    for (const { source } of sources) source.close();
  }
}

async function importSources(
  database: Database,
  options: ImportOptions,
  sources: { kind: ImportKind; file: string; source: CsvSource }[],
): Promise<ImportReport> {
  const ctx: Context = {
    options,
    dateFormat: options.dateFormat ?? 'dmy',
    report: emptyReport(),
    started: performance.now(),
    totalBytes: sources.reduce((s, x) => s + x.source.totalBytes, 0),
    bytesBefore: 0,
    lastProgress: 0,
  };
  const writers: RejectsWriter[] = [];
  try {
    await database.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${IMPORT_LOCK}))`;
      // Dates without an offset are wall-clock times of the store: COPY reads them in this zone.
      await tx`select set_config('TimeZone', ${options.timezone ?? 'UTC'}, true)`;
      await tx`set local work_mem = '64MB'`;
      for (const { kind, file, source } of sources) {
        const rejectsFile = options.rejectsPath?.(kind, file) ?? defaultRejectsPath(file);
        await RejectsWriter.prepare(rejectsFile);
        const rejects = new RejectsWriter(rejectsFile, source.header);
        writers.push(rejects);
        const fileReport: FileReport = {
          kind,
          file: path.basename(file),
          delimiter: source.delimiter,
          columns: {},
          rows: 0,
          imported: 0,
          rejected: 0,
          rejected_by_reason: {},
          rejects_file: null,
        };
        ctx.report.files.push(fileReport);
        const reject = (
          line: number,
          reason: RejectReason,
          message: string,
          record: readonly string[] | string,
        ) => {
          rejects.write(line, reason, message, record);
          fileReport.rejected++;
          fileReport.rejected_by_reason[reason] = (fileReport.rejected_by_reason[reason] ?? 0) + 1;
        };
        const stage = { tx, source, kind, fileReport, reject, rejects };
        if (kind === 'products') await importProducts(ctx, stage);
        else if (kind === 'customers') await importCustomers(ctx, stage);
        else await importLines(ctx, stage);
        ctx.bytesBefore += source.totalBytes;
        fileReport.imported = fileReport.rows - fileReport.rejected;
      }
      options.signal?.throwIfAborted();
    });
  } catch (err) {
    // Nothing was imported, so a rejects file would describe an import that did not happen.
    for (const w of writers) {
      const written = await w.close();
      if (written) await RejectsWriter.prepare(written);
    }
    throw err;
  }
  for (const [i, w] of writers.entries()) {
    const f = ctx.report.files[i]!;
    f.rejects_file = await w.close();
  }
  return finish(ctx);
}

function defaultRejectsPath(input: string): string {
  const base = path.basename(input).replace(/\.(csv|txt|tsv)$/i, '');
  return path.join(path.dirname(input), `${base}.rejects.csv`);
}

function emptyReport(): ImportReport {
  return {
    files: [],
    rows_read: 0,
    rows_imported: 0,
    rows_rejected: 0,
    rejected_by_reason: {},
    returns: { lines: 0, units: 0, amount: 0 },
    products: { inserted: 0, updated: 0 },
    customers: { inserted: 0, updated: 0 },
    orders: { inserted: 0, updated: 0 },
    order_items: { inserted: 0, updated: 0, deleted: 0 },
    first_order_at: null,
    last_order_at: null,
    duration_seconds: 0,
    rows_per_second: 0,
  };
}

function finish(ctx: Context): ImportReport {
  const r = ctx.report;
  r.rows_read = r.files.reduce((s, f) => s + f.rows, 0);
  r.rows_rejected = r.files.reduce((s, f) => s + f.rejected, 0);
  r.rows_imported = r.rows_read - r.rows_rejected;
  for (const f of r.files) {
    for (const [reason, n] of Object.entries(f.rejected_by_reason)) {
      const key = reason as RejectReason;
      r.rejected_by_reason[key] = (r.rejected_by_reason[key] ?? 0) + n;
    }
  }
  r.returns.amount = Math.round(r.returns.amount * 100) / 100;
  const seconds = (performance.now() - ctx.started) / 1000;
  r.duration_seconds = Math.round(seconds * 100) / 100;
  r.rows_per_second = seconds > 0 ? Math.round(r.rows_read / seconds) : r.rows_read;
  const total = r.rows_read;
  ctx.options.onProgress?.({
    kind: r.files[r.files.length - 1]?.kind ?? 'transactions',
    phase: 'done',
    rows: total,
    bytes: ctx.totalBytes,
    totalBytes: ctx.totalBytes,
    rowsPerSecond: r.rows_per_second,
    fraction: 1,
  });
  return r;
}

interface Stage {
  tx: Sql;
  source: CsvSource;
  kind: ImportKind;
  fileReport: FileReport;
  reject: (line: number, reason: RejectReason, message: string, record: readonly string[] | string) => void;
  rejects: RejectsWriter;
}

function progress(ctx: Context, stage: Stage, phase: 'reading' | 'merging', force = false, merged = 0) {
  const now = performance.now();
  if (!force && now - ctx.lastProgress < PROGRESS_EVERY_MS) return;
  ctx.lastProgress = now;
  const rows = ctx.report.files.reduce((s, f) => s + f.rows, 0);
  const seconds = (now - ctx.started) / 1000;
  const size = stage.source.totalBytes;
  const read = phase === 'merging' ? size : Math.min(size, stage.source.bytesRead());
  const share =
    phase === 'merging'
      ? READ_WEIGHT + (1 - READ_WEIGHT) * merged
      : READ_WEIGHT * (size > 0 ? read / size : 1);
  ctx.options.onProgress?.({
    kind: stage.kind,
    phase,
    rows,
    bytes: ctx.bytesBefore + read,
    totalBytes: ctx.totalBytes,
    rowsPerSecond: seconds > 0 ? Math.round(rows / seconds) : 0,
    fraction: ctx.totalBytes > 0 ? Math.min(1, (ctx.bytesBefore + share * size) / ctx.totalBytes) : 0,
  });
}

/**
 * Reads every record of a file: checks its width, reports unreadable ones, and hands the rest to `row`
 * (which stages the row or rejects it). Checks for an abort and reports progress as it goes.
 */
async function eachRecord(
  ctx: Context,
  stage: Stage,
  row: (record: CsvRecord, cell: (i: number | undefined) => string) => Promise<void>,
): Promise<void> {
  const width = stage.source.header.length;
  let n = 0;
  for await (const record of stage.source.records) {
    for (const skip of stage.source.takeSkipped()) {
      stage.fileReport.rows++;
      stage.reject(skip.line, 'malformed_row', skip.message, skip.raw.replace(/\r?\n$/, ''));
    }
    stage.fileReport.rows++;
    const f = record.fields;
    if (f.length < width || (f.length > width && f.slice(width).some((x) => x.trim() !== ''))) {
      stage.reject(record.line, 'malformed_row', `expected ${width} columns, found ${f.length}`, f);
      continue;
    }
    await row(record, (i) => (i === undefined ? '' : (f[i] ?? '').trim()));
    if (++n % 1024 === 0) {
      ctx.options.signal?.throwIfAborted();
      await stage.rejects.drain();
      progress(ctx, stage, 'reading');
    }
  }
  for (const skip of stage.source.takeSkipped()) {
    stage.fileReport.rows++;
    stage.reject(skip.line, 'malformed_row', skip.message, skip.raw.replace(/\r?\n$/, ''));
  }
  ctx.options.signal?.throwIfAborted();
  progress(ctx, stage, 'merging', true);
}

/** Opens COPY into a staging table; on any failure the COPY is abandoned so the transaction can roll back. */
async function withCopy(
  tx: Sql,
  table: string,
  columns: readonly string[],
  fill: (copy: CopyWriter) => Promise<void>,
): Promise<void> {
  const stream = await tx.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable();
  const copy = new CopyWriter(stream);
  try {
    await fill(copy);
  } catch (err) {
    stream.on('error', () => {});
    stream.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
  await copy.end();
}

const count = (rows: readonly { n?: unknown }[]) => Number(rows[0]?.n ?? 0);

async function upsertCounts(rows: Promise<readonly { inserted: unknown; updated: unknown }[]>) {
  const [row] = await rows;
  return { inserted: Number(row?.inserted ?? 0), updated: Number(row?.updated ?? 0) };
}

// ---------------------------------------------------------------------------------------------- products

async function importProducts(ctx: Context, stage: Stage): Promise<void> {
  const { tx } = stage;
  const cols: ResolvedColumns<ProductField> = resolveColumns(
    'products',
    stage.source.header,
    ctx.options.mapping,
  );
  stage.fileReport.columns = cols.described;
  const at = cols.index;
  await tx`drop table if exists import_products`;
  await tx`
    create temp table import_products (
      line int, sku text, name text, category text, brand text, color text, size text, material text,
      price numeric(12,2), cost numeric(12,2), stock int, lead_time_days int, image_url text, active boolean
    ) on commit drop`;
  const seen = new Set<string>();
  const columns = [
    'line',
    'sku',
    'name',
    'category',
    'brand',
    'color',
    'size',
    'material',
    'price',
    'cost',
    'stock',
    'lead_time_days',
    'image_url',
    'active',
  ];
  await withCopy(tx, 'import_products', columns, (copy) =>
    eachRecord(ctx, stage, async ({ line, fields }, cell) => {
      const bad = (reason: RejectReason, message: string) => stage.reject(line, reason, message, fields);
      const sku = cleanId(cell(at.sku));
      if (!sku) return bad('missing_sku', 'no product id / sku');
      if (seen.has(sku)) return bad('duplicate', `sku ${sku} appears earlier in the file`);
      const name = cell(at.name);
      if (!name) return bad('missing_name', 'no product name');
      const price = parseMoney(cell(at.price));
      if (price === null) return bad('invalid_price', `price "${cell(at.price)}" is not an amount ≥ 0`);
      const optional = <T>(i: number | undefined, parse: (s: string) => T | null) => {
        const raw = cell(i);
        return raw === ''
          ? { ok: true as const, value: null }
          : { ok: parse(raw) !== null, value: parse(raw) };
      };
      const cost = optional(at.cost, parseMoney);
      if (!cost.ok) return bad('invalid_cost', `cost "${cell(at.cost)}" is not an amount ≥ 0`);
      const stock = optional(at.stock, (s) => {
        const v = parseInteger(s);
        return v !== null && v >= 0 ? v : null;
      });
      if (!stock.ok) return bad('invalid_stock', `stock "${cell(at.stock)}" is not a whole number ≥ 0`);
      const lead = optional(at.lead_time_days, (s) => {
        const v = parseInteger(s);
        return v !== null && v > 0 && v <= 365 ? v : null;
      });
      if (!lead.ok)
        return bad('invalid_lead_time', `lead time "${cell(at.lead_time_days)}" is not 1–365 days`);
      const active = optional(at.active, parseBoolean);
      if (!active.ok) return bad('invalid_active', `active "${cell(at.active)}" is not yes/no`);
      seen.add(sku);
      const text = (i: number | undefined) => cell(i) || null;
      await copy.row([
        line,
        sku,
        name,
        text(at.category),
        text(at.brand),
        text(at.color),
        text(at.size),
        text(at.material),
        price,
        cost.value,
        stock.value,
        lead.value,
        text(at.image_url),
        active.value,
      ]);
    }),
  );
  await tx`analyze import_products`;
  // Cells left empty keep what the product already has; a new product gets the defaults.
  const updated = await tx`
    with up as (
      update products p set
        name = s.name, category = coalesce(s.category, p.category), brand = coalesce(s.brand, p.brand),
        color = coalesce(s.color, p.color), size = coalesce(s.size, p.size),
        material = coalesce(s.material, p.material), price = s.price, cost = coalesce(s.cost, p.cost),
        stock = coalesce(s.stock, p.stock), lead_time_days = coalesce(s.lead_time_days, p.lead_time_days),
        image_url = coalesce(s.image_url, p.image_url), active = coalesce(s.active, p.active)
      from import_products s
      where p.sku = s.sku
        and (p.name, p.category, p.brand, p.color, p.size, p.material, p.price, p.cost, p.stock,
             p.lead_time_days, p.image_url, p.active)
        is distinct from
            (s.name, coalesce(s.category, p.category), coalesce(s.brand, p.brand), coalesce(s.color, p.color),
             coalesce(s.size, p.size), coalesce(s.material, p.material), s.price, coalesce(s.cost, p.cost),
             coalesce(s.stock, p.stock), coalesce(s.lead_time_days, p.lead_time_days),
             coalesce(s.image_url, p.image_url), coalesce(s.active, p.active))
      returning 1)
    select count(*) as n from up`;
  const inserted = await tx`
    with ins as (
      insert into products (sku, name, category, brand, color, size, material, price, cost, stock,
                            lead_time_days, image_url, active)
      select s.sku, s.name, coalesce(s.category, 'Uncategorized'), s.brand, s.color, s.size, s.material,
             s.price, coalesce(s.cost, s.price), coalesce(s.stock, 0), coalesce(s.lead_time_days, 7),
             s.image_url, coalesce(s.active, true)
      from import_products s
      where not exists (select 1 from products p where p.sku = s.sku)
      returning 1)
    select count(*) as n from ins`;
  progress(ctx, stage, 'merging', true, 1);
  ctx.report.products.updated += count(updated);
  ctx.report.products.inserted += count(inserted);
}

// --------------------------------------------------------------------------------------------- customers

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function importCustomers(ctx: Context, stage: Stage): Promise<void> {
  const { tx } = stage;
  const cols: ResolvedColumns<CustomerField> = resolveColumns(
    'customers',
    stage.source.header,
    ctx.options.mapping,
  );
  stage.fileReport.columns = cols.described;
  const at = cols.index;
  await tx`drop table if exists import_customers`;
  await tx`
    create temp table import_customers (
      line int, external_id text, name text, email text, created_at timestamptz, raw text
    ) on commit drop`;
  const seen = new Set<string>();
  const emails = new Map<string, string>();
  await withCopy(
    tx,
    'import_customers',
    ['line', 'external_id', 'name', 'email', 'created_at', 'raw'],
    (copy) =>
      eachRecord(ctx, stage, async ({ line, fields }, cell) => {
        const bad = (reason: RejectReason, message: string) => stage.reject(line, reason, message, fields);
        const id = cleanId(cell(at.customer_id));
        if (!id) return bad('missing_customer_id', 'no customer id');
        if (seen.has(id)) return bad('duplicate', `customer ${id} appears earlier in the file`);
        const email = cell(at.email).toLowerCase() || null;
        if (email && !EMAIL.test(email)) return bad('invalid_email', `"${email}" is not an email address`);
        if (email && emails.has(email)) {
          return bad(
            'duplicate_email',
            `${email} belongs to customer ${emails.get(email)} earlier in the file`,
          );
        }
        const rawDate = cell(at.created_at);
        const created = rawDate ? parseDate(rawDate, ctx.dateFormat) : null;
        if (rawDate && !created)
          return bad('invalid_date', `"${rawDate}" is not a date in an accepted format`);
        seen.add(id);
        if (email) emails.set(email, id);
        const name =
          cell(at.name) || [cell(at.first_name), cell(at.last_name)].filter(Boolean).join(' ') || null;
        await copy.row([line, id, name, email, created, email ? csvLine(fields) : null]);
      }),
  );
  await tx`analyze import_customers`;
  // An email already used by another customer would break the unique constraint: reject those rows.
  const taken = await tx<{ line: number; raw: string; email: string; other: string }[]>`
    delete from import_customers s using customers c
    where c.email = s.email and c.external_id <> s.external_id
    returning s.line, s.raw, s.email, c.external_id as other`;
  for (const r of taken) {
    stage.reject(r.line, 'duplicate_email', `${r.email} belongs to customer ${r.other}`, r.raw);
  }
  const updated = await tx`
    with up as (
      update customers c set
        name = coalesce(s.name, c.name), email = coalesce(s.email, c.email),
        created_at = coalesce(s.created_at, c.created_at)
      from import_customers s
      where c.external_id = s.external_id
        and (c.name, c.email, c.created_at) is distinct from
            (coalesce(s.name, c.name), coalesce(s.email, c.email), coalesce(s.created_at, c.created_at))
      returning 1)
    select count(*) as n from up`;
  const inserted = await tx`
    with ins as (
      insert into customers (external_id, name, email, created_at)
      select s.external_id, coalesce(s.name, 'Customer ' || s.external_id), s.email,
             coalesce(s.created_at, now())
      from import_customers s
      where not exists (select 1 from customers c where c.external_id = s.external_id)
      returning 1)
    select count(*) as n from ins`;
  progress(ctx, stage, 'merging', true, 1);
  ctx.report.customers.updated += count(updated);
  ctx.report.customers.inserted += count(inserted);
}

// ------------------------------------------------------------------------------------------- order lines

/** Order-level cells a shop export may write only on an order's first line (Shopify does). */
interface OrderCells {
  order: string;
  date: string;
  customer: string;
  email: string;
  name: string;
  status: string;
}

async function importLines(ctx: Context, stage: Stage): Promise<void> {
  const { tx, kind } = stage;
  const cols: ResolvedColumns<LineField> = resolveColumns(kind, stage.source.header, ctx.options.mapping);
  stage.fileReport.columns = cols.described;
  const at = cols.index;
  const cancelPrefix =
    ctx.options.cancelPrefix === undefined ? (cols.uci ? 'C' : null) : ctx.options.cancelPrefix;
  const createsProducts = kind === 'transactions' && at.product_name !== undefined;
  await tx`drop table if exists import_lines, import_items, import_orders`;
  await tx`
    create temp table import_lines (
      line int, order_ext text, created_at timestamptz, customer_ext text, customer_name text, sku text,
      product_name text, category text, brand text, quantity int, unit_price numeric(12,2), status text,
      raw text
    ) on commit drop`;
  // Products a line may refer to: those in the database (including a products file imported just before)
  // and, in a transactions file, those that some line names. A line whose product is neither yet is kept
  // with its raw text, and rejected at the end if no later line named it.
  const known = new Set((await tx<{ sku: string }[]>`select sku from products`).map((r) => r.sku));
  const named = new Set<string>();
  const pending = new Set<string>();
  const returns = ctx.report.returns;
  let previous: OrderCells = { order: '', date: '', customer: '', email: '', name: '', status: '' };
  // Dates that only exist read the other way round (12/13/2010 read day first): a few are typos, many
  // mean the whole file is in the other order, and then its days ≤ 12 were read wrongly too.
  const otherFormat: DateFormat = ctx.dateFormat === 'mdy' ? 'dmy' : 'mdy';
  const swapped = { count: 0, example: '' };
  const columns = [
    'line',
    'order_ext',
    'created_at',
    'customer_ext',
    'customer_name',
    'sku',
    'product_name',
    'category',
    'brand',
    'quantity',
    'unit_price',
    'status',
    'raw',
  ];
  await withCopy(tx, 'import_lines', columns, (copy) =>
    eachRecord(ctx, stage, async ({ line, fields }, cell) => {
      const bad = (reason: RejectReason, message: string) => stage.reject(line, reason, message, fields);
      const order = cell(at.order_id);
      // Fill down the order's own cells from its previous line when an export leaves them empty.
      const same = order !== '' && order === previous.order;
      const inherit = (i: number | undefined, prev: string) => cell(i) || (same ? prev : '');
      const cells: OrderCells = {
        order,
        date: inherit(at.date, previous.date),
        customer: inherit(at.customer_id, previous.customer),
        email: inherit(at.customer_email, previous.email),
        name: inherit(at.customer_name, previous.name),
        status: inherit(at.status, previous.status),
      };
      previous = cells;
      if (!order) return bad('missing_order_id', 'no order id');
      const sku = cell(at.sku);
      if (!sku) return bad('missing_product_id', 'no product id / sku');
      if (!cells.date) return bad('missing_date', 'no order date');
      const date = parseDate(cells.date, ctx.dateFormat);
      if (!date) {
        if (parseDate(cells.date, otherFormat)) {
          swapped.count++;
          swapped.example ||= cells.date;
          return bad(
            'invalid_date',
            `"${cells.date}" is not a date read ${ctx.dateFormat === 'mdy' ? 'month' : 'day'} first; ` +
              `it would be with --date-format ${otherFormat}`,
          );
        }
        return bad(
          'invalid_date',
          `"${cells.date}" is not a date in an accepted format (ISO 8601, YYYY-MM-DD, ` +
            `${ctx.dateFormat === 'mdy' ? 'MM/DD/YYYY' : 'DD/MM/YYYY'})`,
        );
      }
      const quantity = parseInteger(cell(at.quantity));
      if (quantity === null || Math.abs(quantity) > MAX_LINE_QUANTITY) {
        return bad('invalid_quantity', `quantity "${cell(at.quantity)}" is not a whole number`);
      }
      const price = parseMoney(cell(at.unit_price));
      const cancelled = cancelPrefix !== null && order.startsWith(cancelPrefix);
      if (quantity < 0 || cancelled) {
        returns.lines++;
        returns.units += Math.abs(quantity);
        returns.amount += Math.abs(quantity) * (price ?? 0);
        return bad(
          'return',
          cancelled
            ? `cancelled order (id starts with "${cancelPrefix}"): returns are not netted against sales`
            : 'negative quantity (a return): returns are not netted against sales',
        );
      }
      if (quantity === 0) return bad('invalid_quantity', 'quantity is 0');
      if (price === null)
        return bad('invalid_price', `unit price "${cell(at.unit_price)}" is not an amount ≥ 0`);
      const status = parseStatus(cells.status);
      if (!status)
        return bad('invalid_status', `status "${cells.status}" is not paid, cancelled or refunded`);
      const productName = createsProducts ? cell(at.product_name) || null : null;
      let raw: string | null = null;
      if (!known.has(sku) && !named.has(sku)) {
        if (productName) named.add(sku);
        else {
          pending.add(sku);
          raw = csvLine(fields);
        }
      }
      const customer = cleanId(cells.customer) || cells.email.toLowerCase() || null;
      await copy.row([
        line,
        order,
        date,
        customer,
        cells.name || null,
        sku,
        productName,
        createsProducts ? cell(at.category) || null : null,
        createsProducts ? cell(at.brand) || null : null,
        quantity,
        price,
        status,
        raw,
      ]);
    }),
  );

  if (swapped.count >= Math.max(MIN_SWAPPED_DATES, stage.fileReport.rows * 0.01)) {
    throw new ImportInputError(
      `${swapped.count} dates of ${stage.fileReport.file} (such as "${swapped.example}") only exist read ` +
        `${otherFormat === 'mdy' ? 'month' : 'day'} first: the file's dates are probably ` +
        `${otherFormat === 'mdy' ? 'MM/DD/YYYY' : 'DD/MM/YYYY'}; import it again with --date-format ${otherFormat} ` +
        '(nothing was imported)',
    );
  }
  const unresolved = [...pending].filter((sku) => !named.has(sku));
  if (unresolved.length > 0) {
    const dropped = await tx<{ line: number; raw: string; sku: string }[]>`
      delete from import_lines where raw is not null and sku = any(${unresolved}) returning line, raw, sku`;
    for (const r of dropped.sort((a, b) => a.line - b.line)) {
      stage.reject(
        r.line,
        'unknown_product',
        kind === 'orders'
          ? `product ${r.sku} is not in the catalog (import it with --products first)`
          : `product ${r.sku} is not in the catalog and no line of the file names it`,
        r.raw,
      );
    }
  }
  ctx.options.signal?.throwIfAborted();
  await tx`analyze import_lines`;
  await mergeLines(ctx, tx, createsProducts, (done) => progress(ctx, stage, 'merging', true, done));
}

/** Merges the staged lines: new products and customers, then orders and their lines (the file is the truth). */
async function mergeLines(
  ctx: Context,
  tx: Sql,
  createsProducts: boolean,
  merged: (share: number) => void,
): Promise<void> {
  const r = ctx.report;
  let steps = 0;
  // After each step: check for an abort and report the share of the merge done.
  const abort = () => {
    ctx.options.signal?.throwIfAborted();
    merged(++steps / (createsProducts ? 6 : 5));
  };
  if (createsProducts) {
    // A product is named by its first line; priced by its most recent line (cost unknown: the price).
    const inserted = await tx`
      with ins as (
        insert into products (sku, name, category, brand, price, cost)
        select n.sku, n.product_name, coalesce(n.category, 'Uncategorized'), n.brand, p.unit_price, p.unit_price
        from (select distinct on (sku) sku, product_name, category, brand from import_lines
              where product_name is not null order by sku, line) n
        join (select distinct on (sku) sku, unit_price from import_lines
              order by sku, created_at desc, line desc) p using (sku)
        where not exists (select 1 from products x where x.sku = n.sku)
        returning 1)
      select count(*) as n from ins`;
    r.products.inserted += count(inserted);
    abort();
  }
  const customers = await tx`
    with ins as (
      insert into customers (external_id, name, created_at)
      select distinct on (customer_ext) customer_ext, coalesce(customer_name, 'Customer ' || customer_ext),
             min(created_at) over (partition by customer_ext)
      from import_lines where customer_ext is not null
      order by customer_ext, line
      on conflict (external_id) do nothing
      returning 1)
    select count(*) as n from ins`;
  r.customers.inserted += count(customers);
  abort();
  // Repeated lines of one product in one order become one line (the table's key): units add up and the
  // unit price is their average, so the order total is unchanged to the cent.
  await tx`
    create temp table import_items on commit drop as
    select l.order_ext, p.id as product_id, sum(l.quantity)::int as quantity,
           round(sum(l.quantity * l.unit_price) / sum(l.quantity), 2) as unit_price
    from import_lines l join products p on p.sku = l.sku
    group by l.order_ext, p.id`;
  await tx`
    create temp table import_orders on commit drop as
    select f.order_ext, f.created_at, f.customer_ext, f.status, t.total
    from (select distinct on (order_ext) order_ext, created_at, customer_ext, status
          from import_lines order by order_ext, line) f
    join (select order_ext, sum(quantity * unit_price) as total from import_items group by order_ext) t
      using (order_ext)`;
  await tx`create index on import_items (order_ext, product_id)`;
  await tx`analyze import_items`;
  await tx`analyze import_orders`;
  abort();
  const orders = await upsertCounts(tx`
    with up as (
      insert into orders (external_id, customer_id, created_at, status, total)
      select o.order_ext, c.id, o.created_at, o.status, o.total
      from import_orders o left join customers c on c.external_id = o.customer_ext
      on conflict (external_id) do update set
        customer_id = excluded.customer_id, created_at = excluded.created_at,
        status = excluded.status, total = excluded.total
      where (orders.customer_id, orders.created_at, orders.status, orders.total)
            is distinct from (excluded.customer_id, excluded.created_at, excluded.status, excluded.total)
      returning (xmax = 0) as inserted)
    select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated
    from up`);
  r.orders.inserted += orders.inserted;
  r.orders.updated += orders.updated;
  abort();
  const items = await upsertCounts(tx`
    with up as (
      insert into order_items (order_id, product_id, quantity, unit_price)
      select o.id, i.product_id, i.quantity, i.unit_price
      from import_items i join orders o on o.external_id = i.order_ext
      on conflict (order_id, product_id) do update set
        quantity = excluded.quantity, unit_price = excluded.unit_price
      where (order_items.quantity, order_items.unit_price)
            is distinct from (excluded.quantity, excluded.unit_price)
      returning (xmax = 0) as inserted)
    select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated
    from up`);
  abort();
  // An order in the file is replaced by the file's version: lines it no longer has are removed.
  const deleted = await tx`
    with d as (
      delete from order_items oi using orders o, import_orders io
      where oi.order_id = o.id and o.external_id = io.order_ext
        and not exists (select 1 from import_items i
                        where i.order_ext = io.order_ext and i.product_id = oi.product_id)
      returning 1)
    select count(*) as n from d`;
  r.order_items.inserted += items.inserted;
  r.order_items.updated += items.updated;
  r.order_items.deleted += count(deleted);
  abort();
  const [span] = await tx<{ first: string | null; last: string | null }[]>`
    select to_char(min(created_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as first,
           to_char(max(created_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as last
    from import_orders`;
  if (span?.first && (!r.first_order_at || span.first < r.first_order_at)) r.first_order_at = span.first;
  if (span?.last && (!r.last_order_at || span.last > r.last_order_at)) r.last_order_at = span.last;
}
