import { randomBytes } from 'node:crypto';
import { createDatabase, runMigrations } from '@boutique/db';
import postgres from 'postgres';

/** The server the tests create their throwaway databases on (trust auth on a dev machine / CI). */
export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

async function withAdmin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Creates and migrates the template database that test files clone. */
export async function createTemplateDatabase(): Promise<string> {
  const name = uniqueName('boutique_tpl');
  await withAdmin((sql) => sql.unsafe(`create database "${name}"`));
  const database = createDatabase(databaseUrl(name), { max: 2 });
  try {
    await runMigrations(database);
  } finally {
    await database.close();
  }
  return name;
}

/** A fresh, migrated, empty database for one test file; returns its URL and a drop function. */
export async function cloneDatabase(
  template: string,
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = uniqueName('boutique_test');
  // CREATE DATABASE ... TEMPLATE fails if another session is connected to the template; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await withAdmin((sql) => sql.unsafe(`create database "${name}" template "${template}"`));
      break;
    } catch (err) {
      if (attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url: databaseUrl(name), name, drop: () => dropDatabase(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}
