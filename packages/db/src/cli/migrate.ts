import { ConfigError, createLogger } from '@boutique/shared';
import { createDatabase } from '../client';
import { runMigrations } from '../migrate';

const log = createLogger({ name: 'migrate' });
const url = process.env.DATABASE_URL;
if (!url) {
  log.fatal(new ConfigError('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/boutique)'));
  process.exit(2);
}
const database = createDatabase(url, { max: 2, applicationName: 'boutique-ml-migrate' });
try {
  const started = performance.now();
  await runMigrations(database);
  log.info({ ms: Math.round(performance.now() - started) }, 'migrations applied');
} catch (err) {
  log.fatal({ err }, 'migration failed');
  process.exitCode = 1;
} finally {
  await database.close();
}
