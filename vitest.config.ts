import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'adapters/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    // One line per request at info would bury the test report; tests that read the log capture it themselves.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  },
});
