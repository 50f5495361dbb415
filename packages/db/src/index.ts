export { createDatabase, type Database, type DatabaseOptions, type Db, type DbOrTx, type Tx } from './client';
export { MIGRATIONS_FOLDER, runMigrations } from './migrate';
export * from './queries';
export * from './schema';
export * from './seed';
