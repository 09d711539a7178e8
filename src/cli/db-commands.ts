import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { backupDatabase } from '../store/backup.ts';
import { failWith } from './context.ts';

export function registerDbCommands(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'where to write the backup')
    .description(
      'back up the database: a consistent SQLite copy (safe while running), or pg_dump for PostgreSQL',
    )
    .action(async (file: string) => {
      const config = loadConfig();
      try {
        const r = await backupDatabase(config.databaseUrl, file);
        if (r.kind === 'written') {
          console.log(`backup written to ${r.file}`);
          return;
        }
        console.error(
          `${r.reason}. Run instead:\n  ${r.command}\n(or use your managed database's own backups)`,
        );
        process.exit(1);
      } catch (err) {
        failWith(`backup failed: ${(err as Error).message}`);
      }
    });
}
