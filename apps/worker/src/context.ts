import type { Database } from '@boutique/db';
import type { Config, Logger, Queues } from '@boutique/shared';

/** What processors need from the process: settings, the database and a logger. */
export interface WorkerDeps {
  config: Config;
  database: Database;
  logger: Logger;
  /** Producer side of the queues, for follow-up jobs. */
  queues: Queues;
}
