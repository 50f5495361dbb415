import { inject } from 'vitest';
import { cloneDatabase } from './databases';

export { ADMIN_URL, cloneDatabase, databaseUrl, dropDatabase } from './databases';

/** A fresh migrated database for the calling test file (clone of the run's template). */
export function freshDatabase() {
  return cloneDatabase(inject('templateDatabase'));
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
