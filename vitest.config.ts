import { defineConfig } from 'vitest/config';

// Test files share each worker's module cache (isolate: false): loading the app's modules again for every file
// was most of the suite's time (an import phase of ~1 s a file: 67 s → 20 s for the unit lane). A test that
// changes process-wide state (the chart renderer, the log level) puts it back in its own teardown.
const shared = {
  pool: 'forks' as const,
  isolate: false,
  testTimeout: 20_000,
  // One line per request at info would bury the test report (tests that read the log capture it themselves);
  // set in the test process only, so servers the tests spawn still log at their own level.
  setupFiles: ['test/setup-log.ts'],
};

export default defineConfig({
  test: {
    // Vitest's default on 2 cores is one worker (cores − 1): the suite ran file after file, mostly waiting on
    // child processes, PostgreSQL and timers. Two workers: 587 s → 234 s on this machine, every test passing.
    maxWorkers: 2,
    // Once per run: a migrated SQLite template that testEnv() copies (see the file).
    globalSetup: ['test/setup-global.ts'],
    projects: [
      // The fast lane (`npm run test:fast`): pure rules and adapters' units, seconds.
      { test: { ...shared, name: 'unit', include: ['src/**/*.test.ts', 'adapters/**/*.test.ts'] } },
      // Real stores, real HTTP, child processes and the browser.
      { test: { ...shared, name: 'integration', include: ['test/**/*.test.ts'] } },
    ],
  },
});
