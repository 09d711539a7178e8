import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'adapters/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    // One line per request at info would bury the test report (tests that read the log capture it themselves);
    // set in the test process only, so servers the tests spawn still log at their own level.
    setupFiles: ['test/setup-log.ts'],
    // Once per run: a migrated SQLite template that testEnv() copies (see the file).
    globalSetup: ['test/setup-global.ts'],
  },
});
