import type { Database } from '@boutique/db';
import type { Config, Logger } from '@boutique/shared';

/** What processors need from the process: settings, the database and a logger. */
export interface WorkerDeps {
  config: Config;
  database: Database;
  logger: Logger;
}
