import type { TestProject } from 'vitest/node';
import './index';
import { createTemplateDatabase, dropDatabase } from './databases';

/**
 * Creates one migrated template database for the run; each test file clones it (fast) so files run in
 * parallel without sharing state. Set TEST_DATABASE_ADMIN_URL to point at another server.
 */
export default async function setup(project: TestProject) {
  const template = await createTemplateDatabase();
  project.provide('templateDatabase', template);
  return async () => {
    await dropDatabase(template);
  };
}
