import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { parse } from 'csv-parse';
import { ImportInputError } from './fields';

export const ENCODINGS = ['utf8', 'latin1'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** One CSV record with the line it ends on (the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A record csv-parse could not read (an unclosed quote...): reported as a rejected row. */
export interface CsvSkip {
  line: number;
  raw: string;
  message: string;
}

export interface CsvSource {
  header: string[];
  delimiter: string;
  totalBytes: number;
  /** Bytes read from the file so far (for progress). */
  bytesRead(): number;
  records: AsyncIterable<CsvRecord>;
  /** Records skipped since the last call. */
  takeSkipped(): CsvSkip[];
  /** Stops reading (safe to call twice). */
  close(): void;
}

/** The delimiter of the header line: the most frequent of `,` `;` tab and `|` outside quotes. */
function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    let n = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === d) n++;
    }
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** Opens a CSV for streaming: reads only the first 64 KiB up front to find the delimiter. */
export async function openCsv(file: string, encoding: Encoding): Promise<CsvSource> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new ImportInputError(`no such file: ${file}`);
  const handle = await open(file, 'r');
  let head: string;
  try {
    const buffer = Buffer.alloc(Math.min(65_536, info.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead).toString(encoding);
  } finally {
    await handle.close();
  }
  const firstLine = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '')
    throw new ImportInputError(`${path.basename(file)} is empty or has no header line`);
  const delimiter = detectDelimiter(firstLine);

  let bytes = 0;
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  input.on('data', (chunk) => {
    bytes += chunk.length;
  });
  const skipped: CsvSkip[] = [];
  const parser = input.pipe(
    parse({
      delimiter,
      encoding,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err, raw) => {
        skipped.push({
          line: Number(err?.lines ?? 0),
          raw: raw ?? '',
          message: err?.message ?? 'unreadable row',
        });
        return undefined;
      },
    }),
  );
  input.on('error', (err) => parser.destroy(err));
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{
    info: { lines: number };
    record: string[];
  }>;
  const first = await iterator.next();
  if (first.done) throw new ImportInputError(`${path.basename(file)} has no header line`);
  const header = first.value.record.map((h) => h.trim());

  async function* records(): AsyncGenerator<CsvRecord> {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield { line: next.value.info.lines, fields: next.value.record };
      }
    } finally {
      // Stop reading when the consumer stops early (an error, or Ctrl-C).
      input.destroy();
      parser.destroy();
    }
  }
  return {
    header,
    delimiter,
    totalBytes: info.size,
    bytesRead: () => bytes,
    records: records(),
    takeSkipped: () => skipped.splice(0, skipped.length),
    close: () => {
      input.destroy();
      parser.destroy();
    },
  };
}

/** One field of CSV output, quoted when it needs to be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const csvLine = (fields: readonly string[]) => fields.map(csvField).join(',');

/**
 * The rejected rows of one input file: `line,reason,message` and then the row's own columns, under the
 * file's header. Created on the first rejected row, so a clean import leaves no file.
 */
export class RejectsWriter {
  private stream: WriteStream | null = null;
  private rows = 0;

  constructor(
    readonly file: string,
    private readonly header: readonly string[],
  ) {}

  /** `record` is either the parsed fields or a row already encoded as CSV text. */
  write(line: number, reason: string, message: string, record: readonly string[] | string): void {
    if (!this.stream) {
      this.stream = createWriteStream(this.file);
      this.stream.write(`${csvLine(['line', 'reason', 'message', ...this.header])}\n`);
    }
    const rest = typeof record === 'string' ? record : csvLine(record);
    this.stream.write(`${line},${csvField(reason)},${csvField(message)},${rest}\n`);
    this.rows++;
  }

  /** Waits while the file is behind (a file of mostly bad rows must not pile up in memory). */
  async drain(): Promise<void> {
    if (this.stream?.writableNeedDrain) await once(this.stream, 'drain');
  }

  get count(): number {
    return this.rows;
  }

  /** Path of the written file, or null when nothing was rejected. */
  async close(): Promise<string | null> {
    if (!this.stream) return null;
    const s = this.stream;
    this.stream = null;
    s.end();
    await once(s, 'close');
    return this.file;
  }

  /** Removes an earlier run's file of the same name, so a clean import does not leave stale rejects. */
  static async prepare(file: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    await rm(file, { force: true });
  }
}

/** Postgres COPY text format: tab-separated, `\N` for null, backslash escapes. */
export function copyValue(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}

/**
 * Buffers COPY rows into ~64 KiB writes and respects the stream's backpressure, so a large file streams
 * into Postgres at the pace Postgres takes it.
 */
export class CopyWriter {
  private buffer: string[] = [];
  private size = 0;

  constructor(private readonly stream: Writable) {}

  async row(values: readonly (string | number | boolean | null | undefined)[]): Promise<void> {
    const text = `${values.map(copyValue).join('\t')}\n`;
    this.buffer.push(text);
    this.size += text.length;
    if (this.size >= 65_536) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    await this.flush();
    const finished = once(this.stream, 'finish');
    this.stream.end();
    await finished;
  }
}
