import { existsSync } from 'node:fs';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const postgresUrl = process.env.TEST_DATABASE_URL;

function skippedOrRequired(part: string, requiredBy: string, reason: string) {
  if (process.env[requiredBy] === '1') throw new Error(`${part} are required (${requiredBy}=1) but ${reason}.`);
  console.log(`SKIPPED: ${part}: ${reason}. Set ${requiredBy}=1 to make this an error.`);
}

const integration = (engine: 'pglite' | 'postgres'): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name: engine,
    include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
    env: { HEARTH_TEST_ENGINE: engine },
    globalSetup: [`test/${engine}-setup.ts`],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every file opens its own database and app, so files can share a worker's loaded modules
    // instead of importing the whole server again for each file.
    isolate: false,
  },
});

const projects: TestProjectInlineConfiguration[] = [
  { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'], exclude: ['**/*.int.test.ts', '**/node_modules/**'] } },
  integration('pglite'),
];

if (postgresUrl) projects.push(integration('postgres'));
else skippedOrRequired('PostgreSQL integration tests', 'HEARTH_REQUIRE_POSTGRES', 'TEST_DATABASE_URL is not set');

if (existsSync(chromium)) {
  projects.push({
    extends: true,
    // Each browser file starts its own server (free port, own embedded database) and Chromium, so files run side by side.
    test: { name: 'e2e', include: ['e2e/**/*.e2e.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
  });
} else {
  skippedOrRequired('Browser tests', 'HEARTH_REQUIRE_E2E', `Chromium was not found at ${chromium} (apt-get install chromium)`);
}

export default defineConfig({
  test: {
    projects,
    reporters: ['default', './test/summary-reporter.ts'],
    maxWorkers: 2,
  },
});
