// The `leadline` program: every command with its help text, built without running anything (the help test
// walks it).
import { Command } from 'commander';
import { registerAdminCommands } from './admin-commands.ts';
import { registerDbCommands } from './db-commands.ts';
import { registerDoctorCommands } from './doctor-commands.ts';
import { registerExportCommands } from './export-commands.ts';
import { registerKbiCommands } from './kbi-commands.ts';
import { registerLeadCommands } from './lead-commands.ts';
import { registerOrgSyncCommands } from './org-sync-commands.ts';
import { registerJournalCommands } from './journal-commands.ts';
import { registerReportCommands } from './report-commands.ts';
import { registerWhatIfCommands } from './whatif-commands.ts';
import { registerWecomCommands } from './wecom-commands.ts';

export function buildProgram(): Command {
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
      await import('../main.ts');
    });

  registerAdminCommands(program);
  registerOrgSyncCommands(program);
  registerWecomCommands(program);
  registerDoctorCommands(program);
  registerDbCommands(program);
  registerLeadCommands(program);
  registerReportCommands(program);
  registerJournalCommands(program);
  registerExportCommands(program);
  registerWhatIfCommands(program);
  registerKbiCommands(program);
  return program;
}
