import { csvText, distributionTable } from '../modules/analytics/charts/csv.ts';
import type { Command } from 'commander';
import Table from 'cli-table3';
import { DateTime } from 'luxon';
import { buildDistributionReport } from '../modules/analytics/use-cases/distribution-report.ts';
import { buildSourceReport } from '../modules/analytics/use-cases/source-report.ts';
import { sourceLine, sourceTable } from '../modules/analytics/chat/source-replies.ts';
import { dailyReportTable, dailyTableCells } from '../modules/reports/use-cases/daily-table.ts';
import { claimBoard, listMarket } from '../modules/leads/use-cases/market.ts';
import { purgeReportPhotos } from '../modules/reports/use-cases/report-purge.ts';
import { failWith, withRuntime, cliTimezone } from './context.ts';

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('reports for managers');
  report
    .command('distribution')
    .requiredOption('--month <YYYY-MM>', 'the month, e.g. 2026-11')
    .option('--csv', 'print CSV for a spreadsheet')
    .description(
      'per rep, leads received, response time, first follow-up on time, conversion and its deviation; how evenly leads were spread',
    )
    .action((opts: { month: string; csv?: boolean }) => {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.month))
        failWith(`--month: expected YYYY-MM, e.g. 2026-11, got "${opts.month}"`);
      return withRuntime(async (rt) => {
        const r = await buildDistributionReport(rt.deps, opts.month);
        const { header, rows } = distributionTable(r);
        if (opts.csv === true) {
          process.stdout.write(csvText({ header, rows }, 'plain'));
          return;
        }
        console.log(`Distribution health, ${r.month}`);
        const table = new Table({
          head: [
            'rep',
            'team',
            'received',
            'median response (min)',
            'follow-up on time %',
            'conversion %',
            'vs team (pts)',
            'flag',
          ],
          style: { head: [], border: [] },
          chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
        });
        for (const x of r.rows) {
          const dash = (v: number | null) => (v === null ? '-' : v);
          table.push([
            x.name,
            x.teamId ?? '',
            x.received,
            dash(x.medianResponseMinutes),
            dash(x.followUpWithinLimitPct),
            dash(x.conversionPct),
            dash(x.deviationPts),
            x.flagged ? `under for ${rt.deps.rules.health.underperformWeeks} weeks` : '',
          ]);
        }
        console.log(table.toString());
        console.log(`Team mean conversion: ${r.teamMeanConversionPct ?? '-'} %`);
        console.log(`Spread: ${r.giniReading}`);
        if (r.flagged.length > 0)
          console.log(
            `Flagged (conversion ≥ ${Math.round(rt.deps.rules.health.underperformShare * 100)} % under the team mean for ${rt.deps.rules.health.underperformWeeks} weeks running): ${r.flagged.join(', ')}`,
          );
      });
    });

  report
    .command('sources')
    .option('--month <YYYY-MM>', 'only the leads that arrived this month (default: all time)')
    .option('--csv', 'print CSV for a spreadsheet (`leadline export sources --xlsx` writes a workbook)')
    .description(
      'per lead source and campaign: leads, the share followed up within the activation days, won deals and amount, cost per lead and ROI where the rules file gives the campaign cost',
    )
    .action((opts: { month?: string; csv?: boolean }) => {
      if (opts.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.month))
        failWith(`--month: expected YYYY-MM, e.g. 2026-11, got "${opts.month}"`);
      return withRuntime(async (rt) => {
        const r = await buildSourceReport(rt.deps, opts.month ?? null);
        const { header, rows } = sourceTable(r, 'en');
        if (opts.csv === true) {
          process.stdout.write(csvText({ header, rows }, 'plain'));
          return;
        }
        console.log(
          `Lead sources and campaigns, ${r.month ?? 'all time'} (activated: followed up within ${r.activationDays} days)`,
        );
        if (r.rows.length === 0) {
          console.log('No leads arrived in this period.');
          return;
        }
        for (const row of r.rows) console.log(sourceLine(row, 'en'));
      });
    });

  report
    .command('daily')
    .requiredOption('--date <YYYY-MM-DD>', 'the day, e.g. 2026-11-23')
    .option('--team <id>', 'only this team')
    .option('--csv', 'print CSV for a spreadsheet')
    .description(
      'per rep, the daily report filed on time, late or missing, its health score and what was flagged',
    )
    .action((opts: { date: string; team?: string; csv?: boolean }) => {
      if (!/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(opts.date))
        failWith(`--date: expected YYYY-MM-DD, e.g. 2026-11-23, got "${opts.date}"`);
      return withRuntime(async (rt) => {
        if (opts.team !== undefined) {
          const team = await rt.deps.store.transaction((tx) => tx.org.team(opts.team as string));
          if (team === null) failWith(`--team: no team "${opts.team}"`);
        }
        const t = await dailyReportTable(rt.deps, { date: opts.date, teamId: opts.team ?? null });
        const { header, rows } = dailyTableCells(t);
        if (opts.csv === true) {
          process.stdout.write(csvText({ header, rows }, 'plain'));
          return;
        }
        console.log(`Daily reports, ${t.date}${t.teamId === null ? '' : `, team ${t.teamId}`}`);
        const table = new Table({
          head: header,
          style: { head: [], border: [] },
          chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
        });
        for (const r of rows) table.push(r);
        console.log(table.toString());
        console.log(
          `Filed ${t.filed} (on time ${t.onTime}, late ${t.late}), missing ${t.missing}; average health ${t.averageScore ?? '-'}`,
        );
      });
    });

  report
    .command('purge-photos')
    .option('--dry-run', 'say what would be purged, delete nothing')
    .description(
      'delete report photo files older than authenticity.filing.photoKeepDays (kept when deal evidence or a newer photo uses the same file); rows and hashes stay',
    )
    .action((opts: { dryRun?: boolean }) =>
      withRuntime(async (rt) => {
        const r = await purgeReportPhotos(rt.deps, { dryRun: opts.dryRun === true });
        console.log(
          `${r.dryRun ? 'Would purge' : 'Purged'} ${r.photos} report photos sent before ${new Date(r.cutoff).toISOString()} (kept ${r.keepDays} days): ${r.filesDeleted} files ${r.dryRun ? 'to delete' : 'deleted'}, ${r.keptForEvidence} kept for deal evidence, ${r.keptForNewerPhoto} kept for a newer photo, ${r.filesMissing} already gone`,
        );
      }),
    );

  program
    .command('market')
    .argument('[tag]', 'only leads with a tag or industry containing this word')
    .option('--limit <n>', 'how many to list', '50')
    .option('--offset <n>', 'skip this many first', '0')
    .description('Leads in the pool, urgent first, then by score')
    .action((tag: string | undefined, opts: { limit: string; offset: string }) =>
      withRuntime(async (rt) => {
        const { leads, total, offset } = await listMarket(rt.deps, {
          ...(tag === undefined ? {} : { tag }),
          limit: Math.max(1, Number(opts.limit) || 50),
          offset: Math.max(0, Number(opts.offset) || 0),
        });
        if (leads.length === 0)
          console.log(tag === undefined ? 'the pool is empty' : `no leads tagged ${tag} in the pool`);
        // Never stop silently: say how many there are and how to see the rest.
        else
          console.log(
            `${offset + 1}–${offset + leads.length} of ${total}${offset + leads.length < total ? ` (more: --offset ${offset + leads.length})` : ''}`,
          );
        for (const l of leads) {
          console.log(
            `#${l.id}\t${l.urgent ? 'URGENT\t' : ''}${l.company}\tscore ${l.score}\t${[...new Set([l.industry, ...l.tags])].filter(Boolean).join(', ')}`,
          );
        }
      }),
    );

  program
    .command('board')
    .description('who claimed what, today and this week')
    .action(() =>
      withRuntime(async (rt) => {
        const tz = await cliTimezone(rt);
        const b = await claimBoard(rt.deps);
        console.log(
          `Claims this week (from ${DateTime.fromMillis(b.weekStart, { zone: tz }).toFormat('yyyy-MM-dd')}, ${tz})`,
        );
        for (const r of b.rows) {
          const list = r.claims
            .map(
              (c) =>
                `#${c.leadId} ${DateTime.fromMillis(c.at, { zone: tz }).toFormat('EEE HH:mm')}${c.via === 'market' ? ' (market)' : ''}`,
            )
            .join(', ');
          console.log(`${r.name}\ttoday ${r.today}\tweek ${r.week}\t${list}`);
        }
      }),
    );

  const outbox = program
    .command('outbox')
    .option('--status <status>', 'pending, sending, sent or parked')
    .description('messages waiting for or given to the messengers; parked ones failed repeatedly')
    .action((opts: { status?: string }) => {
      const statuses = ['pending', 'sending', 'sent', 'parked'] as const;
      const status = statuses.find((s) => s === opts.status);
      if (opts.status !== undefined && status === undefined)
        failWith(`--status: expected one of ${statuses.join(', ')}`);
      return withRuntime(async (rt) => {
        const [notices, rows] = await rt.deps.store.transaction(
          async (tx) =>
            [
              await tx.outbox.list({ status: 'pending', limit: 1000 }),
              await tx.deliveries.list({ ...(status === undefined ? {} : { status }), limit: 200 }),
            ] as const,
        );
        console.log(`${notices.length} notice(s) not yet handed to a messenger`);
        if (rows.length === 0) console.log('no deliveries');
        for (const d of rows) {
          const error = d.lastError === null ? '' : `\t${d.lastError}`;
          console.log(
            `${d.id}\t${d.status}\t${d.platform}\t${d.address.kind}:${d.address.id}\t${d.action}\tattempts ${d.attempts}${error}`,
          );
        }
        if (rows.some((d) => d.status === 'parked'))
          console.log('Retry a parked delivery with `npx leadline outbox retry ID`.');
      });
    });
  outbox
    .command('retry')
    .argument('<id>', 'a parked delivery id')
    .description('send a parked delivery again')
    .action((id: string) =>
      withRuntime(async (rt) => {
        const ok = await rt.deps.store.transaction((tx) => tx.deliveries.unpark(Number(id), rt.deps.clock()));
        if (!ok) failWith(`no parked delivery ${id}`);
        console.log(`delivery ${id} will be sent again`);
      }),
    );
}
