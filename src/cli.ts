// `npx leadline …` — the admin's command line. Each command prints what happened in plain words and
// exits 1 with the reason when it could not do its job.
import { Command, CommanderError } from 'commander';
import { ConfigError } from './config.ts';
import { registerAdminCommands } from './cli/admin-commands.ts';
import { registerDbCommands } from './cli/db-commands.ts';
import { registerDoctorCommands } from './cli/doctor-commands.ts';
import { registerExportCommands } from './cli/export-commands.ts';
import { registerKbiCommands } from './cli/kbi-commands.ts';
import { registerLeadCommands } from './cli/lead-commands.ts';
import { registerOrgSyncCommands } from './cli/org-sync-commands.ts';
import { registerReportCommands } from './cli/report-commands.ts';
import { registerWhatIfCommands } from './cli/whatif-commands.ts';
import { registerWecomCommands } from './cli/wecom-commands.ts';

const program = new Command('leadline')
  .description(
    'Leadline: fair lead routing, a shared lead pool and truthful process tracking for sales teams.',
  )
  .showHelpAfterError('(run `npx leadline --help` to see every command)')
  .exitOverride();

program
  .command('serve')
  .description('start the server (same as `npm start`)')
  .action(async () => {
    await import('./main.ts');
  });

registerAdminCommands(program);
registerOrgSyncCommands(program);
registerWecomCommands(program);
registerDoctorCommands(program);
registerDbCommands(program);
registerLeadCommands(program);
registerReportCommands(program);
registerExportCommands(program);
registerWhatIfCommands(program);
registerKbiCommands(program);

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
