// `leadline export funnel|radar|journey|distribution --period YYYY-MM --csv|--xlsx [--out FILE]`: the table behind
// a chart (F33) as CSV in UTF-8 with a byte-order mark, so Excel as set up in China opens it right, or as an Excel
// workbook (numbers stay numbers).
// Each chart's table is one entry of EXPORTS.
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import {
  csvText,
  distributionTable,
  funnelTable,
  journeyTable,
  radarTable,
  type Table,
} from '../modules/analytics/charts/csv.ts';
import { radarReport } from '../modules/analytics/use-cases/radar-report.ts';
import { orgTimezone } from '../modules/deps.ts';
import { journeyReport } from '../modules/analytics/use-cases/journey-report.ts';
import { funnelReport } from '../modules/analytics/use-cases/funnel-report.ts';
import { buildDistributionReport } from '../modules/analytics/use-cases/distribution-report.ts';
import type { Runtime } from '../runtime.ts';
import { failWith, withRuntime } from './context.ts';
import { monthSpan } from '../kernel/month.ts';
import { xlsxBytes } from '../modules/analytics/charts/xlsx.ts';

type Exporter = ((rt: Runtime, period: string) => Promise<Table>) | { unavailable: string };

const EXPORTS: Record<string, Exporter> = {
  distribution: async (rt, period) => distributionTable(await buildDistributionReport(rt.deps, period)),
  funnel: async (rt, period) => {
    const r = await funnelReport(rt.deps, period);
    if (r.kind === 'rejected') throw new Error(`no such scope: ${r.word}`);
    return funnelTable(r.report.stages);
  },
  // Every team's reps, one table (each team's median row after its reps).
  radar: async (rt, period) => {
    const { teams, people } = await rt.deps.store.transaction(async (tx) => ({
      teams: await tx.org.teams(),
      people: await tx.org.people(),
    }));
    const tables: Table[] = [];
    for (const team of teams) {
      const asker = people.find((p) => p.teamId === team.id);
      if (asker === undefined) continue;
      const r = await radarReport(rt.deps, period, asker, team.id);
      if (r.kind === 'report' && r.report.reps.length > 0) tables.push(radarTable(r.report));
    }
    const header = radarTable({
      month: period,
      team: { id: '', name: '' },
      reps: [],
      radar: {
        rows: [],
        median: {
          stageCompletion: null,
          evidence: null,
          warningResponse: null,
          kbi: null,
          firstFollowUp: null,
        },
      },
      red: {},
    }).header;
    return { header, rows: tables.flatMap((t) => t.rows) };
  },
  journey: async (rt, period) => {
    const zone = await rt.deps.store.transaction((tx) => orgTimezone(tx, rt.deps));
    const { from, to } = monthSpan(period, zone);
    const r = await journeyReport(rt.deps, from, to);
    if (r.kind === 'rejected') throw new Error(`no such scope: ${r.word}`);
    return journeyTable(r.report, rt.deps.rules.deals.journeyTargets, zone);
  },
};

export function registerExportCommands(program: Command): void {
  program
    .command('export')
    .argument('<table>', Object.keys(EXPORTS).join(' | '))
    .requiredOption('--period <YYYY-MM>', 'the month, e.g. 2026-11')
    .option('--csv', 'CSV (UTF-8 with a byte-order mark, for Excel)')
    .option('--xlsx', 'an Excel workbook (needs --out: it is not text)')
    .option('--out <file>', 'write to this file instead of printing')
    .description('the table behind a chart, for a spreadsheet')
    .action((name: string, opts: { period: string; csv?: boolean; xlsx?: boolean; out?: string }) => {
      const exporter = EXPORTS[name];
      if (exporter === undefined)
        failWith(`export: expected one of ${Object.keys(EXPORTS).join(', ')}, got "${name}"`);
      if ('unavailable' in exporter) failWith(`export ${name}: ${exporter.unavailable}`);
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.period))
        failWith(`--period: expected YYYY-MM, e.g. 2026-11, got "${opts.period}"`);
      if ((opts.csv === true) === (opts.xlsx === true)) failWith('export: say --csv or --xlsx (one of them)');
      if (opts.xlsx === true && opts.out === undefined)
        failWith('export --xlsx: say where to write the workbook, e.g. --out funnel.xlsx');
      return withRuntime(async (rt) => {
        const table = await exporter(rt, opts.period);
        if (opts.xlsx === true) {
          writeFileSync(opts.out as string, await xlsxBytes(table, `${name} ${opts.period}`));
          console.log(`wrote ${opts.out as string}`);
          return;
        }
        const text = csvText(table);
        if (opts.out === undefined) process.stdout.write(text);
        else {
          writeFileSync(opts.out, text, 'utf8');
          console.log(`wrote ${opts.out}`);
        }
      });
    });
}
