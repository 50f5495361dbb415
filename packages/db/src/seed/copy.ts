import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { type Column, getTableColumns, getTableName } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One field in COPY's text format: `\N` for null, backslash escapes for the characters that delimit
 * fields and rows. Values go through the column's own driver mapping first (Date → ISO string with its
 * offset, numeric → String, json → JSON text), so the row stores what drizzle's INSERT would have.
 */
function field(column: Column, value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const driver = column.mapToDriverValue(value);
  if (typeof driver === 'boolean') return driver ? 't' : 'f';
  const text =
    typeof driver === 'string'
      ? driver
      : typeof driver === 'object'
        ? JSON.stringify(driver)
        : String(driver);
  // Postgres text cannot hold NUL; refused here, before the COPY, where the error can still surface.
  if (text.includes('\0'))
    throw new TypeError(`${column.name}: a NUL character cannot be stored in Postgres`);
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c] ?? c) : text;
}

export interface CopyOptions {
  /** Rows per write to the COPY stream: memory holds one batch of text at a time. */
  batch: number;
  /** Called with the rows sent so far after each batch but the last, and with all of them once inserted. */
  onBatch?: (done: number) => void;
}

/**
 * Inserts `rows` into `table` inside the transaction `sql`: COPY FROM STDIN into a temporary all-text table,
 * then one INSERT … SELECT that casts each column to its type. Every column of the table is written (a
 * key missing from a row is null, never the column's default).
 *
 * Why the staging table: postgres.js 3.4 never settles a COPY's stream when the server rejects it after
 * the last row was sent (porsager/postgres#1173), which is where foreign-key and unique checks fail — the
 * transaction would hang, never rolled back. A text-only table has nothing to reject (NUL, the one
 * thing text refuses, is refused above), and the INSERT fails like any query, so `begin` rolls back.
 */
export async function copyRows<T extends PgTable>(
  sql: postgres.TransactionSql,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: CopyOptions,
): Promise<void> {
  const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>);
  const name = getTableName(table);
  const staging = `"staging_${name}"`;
  const names = columns.map(([, c]) => `"${c.name}"`);
  await sql.unsafe(
    `create temporary table ${staging} (${names.map((n) => `${n} text`).join(', ')}) on commit drop`,
  );
  const stream = await sql.unsafe(`copy ${staging} (${names.join(', ')}) from stdin`).writable();
  const done = finished(stream);
  // finished() also settles on an error; until it is awaited, a listener keeps that from being unhandled.
  done.catch(() => {});
  try {
    for (let from = 0; from < rows.length; from += options.batch) {
      const to = Math.min(rows.length, from + options.batch);
      let chunk = '';
      for (let i = from; i < to; i++) {
        const row = rows[i] as Record<string, unknown>;
        chunk += `${columns.map(([key, column]) => field(column, row[key])).join('\t')}\n`;
      }
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
      if (to < rows.length) options.onBatch?.(to);
    }
  } catch (err) {
    // Abort the COPY (CopyFail) so the connection leaves COPY mode and the transaction can roll back.
    stream.destroy(err as Error);
    await done.catch(() => {});
    throw err;
  }
  stream.end();
  await done;
  const casts = columns.map(([, c]) => `"${c.name}"::${c.getSQLType()}`);
  await sql.unsafe(`insert into "${name}" (${names.join(', ')}) select ${casts.join(', ')} from ${staging}`);
  await sql.unsafe(`drop table ${staging}`);
  options.onBatch?.(rows.length);
}
