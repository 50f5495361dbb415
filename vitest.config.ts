import { defineConfig } from 'vitest/config';

// One vitest run for the whole monorepo: unit tests sit beside their code, integration tests in the
// apps' test/ folders. globalSetup prepares one migrated template database per run (see test-support/).
export default defineConfig({
  test: {
    globalSetup: ['./test-support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'ml-core', include: ['packages/ml-core/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'shared', include: ['packages/shared/src/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'db', include: ['packages/db/src/**/*.test.ts', 'packages/db/test/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'worker', include: ['apps/worker/src/**/*.test.ts', 'apps/worker/test/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'api', include: ['apps/api/src/**/*.test.ts', 'apps/api/test/**/*.test.ts'] },
      },
      // The dashboard in headless Chromium against the real system (needs apps/web/dist: npm run build).
      { extends: true, test: { name: 'web', include: ['apps/web/test/**/*.test.ts'], testTimeout: 120_000 } },
    ],
  },
});
