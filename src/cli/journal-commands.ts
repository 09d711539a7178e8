// `leadline report import wecom|dingtalk [--since YYYY-MM-DD] [--dry-run]` (also `reports import`): the reports
// people write in WeCom 汇报 / DingTalk 日志, imported as daily reports (issue 24 item 9).
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { t } from '../modules/i18n.ts';
import type { ReportSource } from '../modules/ports.ts';
import { importJournals, JournalImportError } from '../modules/reports/use-cases/import-journals.ts';
import { cliLocale, cliTimezone, withRuntime } from './context.ts';

export function registerJournalCommands(program: Command): void {
  const report =
    program.commands.find((c) => c.name() === 'report') ??
    program.command('report').description('reports for managers');
  if (!report.aliases().includes('reports')) report.alias('reports');
  report
    .command('import')
    .argument('<platform>', 'wecom or dingtalk')
    .option('--since <YYYY-MM-DD>', 'read from this day (default: where the last import stopped)')
    .option('--dry-run', 'read and count, write nothing')
    .option('--locale <locale>', 'zh-CN or en')
    .description(
      'import the reports people write in WeCom 汇报 / DingTalk 日志 (the template chosen in the rules file, journals:) as daily reports, with the authenticity checks; each record once',
    )
    .action((platform: string, opts: { since?: string; dryRun?: boolean; locale?: string }) =>
      withRuntime(async (rt) => {
        const locale = await cliLocale(rt, opts.locale);
        const fail = (line: string): never => {
          console.error(line);
          process.exit(1);
        };
        if (platform !== 'wecom' && platform !== 'dingtalk')
          fail(t(locale, 'journals.refuse.PLATFORM', { platform }));
        const which = platform as ReportSource;
        if (rt.deps.rules.journals[which] === null)
          fail(t(locale, 'journals.refuse.NOT_CONFIGURED', { platform: which }));
        const { journalSourceFromEnv } = await import('../../adapters/journals-env.ts');
        const source = journalSourceFromEnv(which, process.env);
        const zone = await cliTimezone(rt);
        try {
          const r = await importJournals(rt.deps, source, {
            ...(opts.since === undefined ? {} : { since: opts.since }),
            dryRun: opts.dryRun === true,
          });
          const day = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');
          console.log(
            t(locale, 'journals.result', {
              ...r,
              dryRun: r.dryRun ? 1 : 0,
              platform: which,
              from: day(r.from),
              to: day(r.to),
            }),
          );
          if (r.dryRun) console.log(t(locale, 'journals.dryRun'));
        } catch (err) {
          if (err instanceof JournalImportError)
            fail(t(locale, `journals.refuse.${err.reason}`, { platform: which }));
          fail(t(locale, 'journals.failed', { platform: which, error: (err as Error).message }));
        }
      }),
    );
}
