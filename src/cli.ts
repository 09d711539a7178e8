// `npx leadline …` — the admin's command line. Each command prints what happened in plain words and
// exits 1 with the reason when it could not do its job.
import { CommanderError } from 'commander';
import { ConfigError } from './config.ts';
import { buildProgram } from './cli/program.ts';

const program = buildProgram();

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  if (err instanceof ConfigError) {
    console.error(`${err.message}:`);
    for (const p of err.problems) console.error(`  ${p}`);
    process.exit(1);
  }
  console.error(`leadline: ${(err as Error).message}`);
  process.exit(1);
}
