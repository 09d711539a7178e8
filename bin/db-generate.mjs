#!/usr/bin/env node
// `npm run db:generate -- --name x`: drizzle-kit generate for SQLite, then for PostgreSQL, each with the arguments
// given, so the two migration folders get the same tag (test/schema-parity.test.ts checks they do). npm would pass
// them only to the last command of a `a && b` script.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
if (!args.some((a) => a === '--name' || a.startsWith('--name='))) {
  console.error('Name the migration: npm run db:generate -- --name what_it_does');
  console.error('(without a name drizzle-kit picks a different random one for each database)');
  process.exit(2);
}
for (const config of ['drizzle.config.ts', 'drizzle.pg.config.ts']) {
  // drizzle-kit is on the PATH under `npm run` (node_modules/.bin).
  const run = spawnSync('drizzle-kit', ['generate', '--config', config, ...args], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
