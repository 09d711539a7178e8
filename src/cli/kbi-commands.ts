// `leadline kbi …` and `leadline targets …`: performance feedback for admins (F21–F24).
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { importTargets } from '../modules/kbi/use-cases/import-targets.ts';
import { parseTargetsFile } from '../modules/kbi/targets-file.ts';
import { evaluateKbiDay } from '../modules/kbi/use-cases/evaluate-kbi.ts';
import { lastEvaluationDay } from '../modules/kbi/rules/kbi-schedule.ts';
import { cliTimezone, failWith, withRuntime } from './context.ts';

const pct = (rate: number | null) => (rate === null ? '-' : `${Math.round(rate * 100)} %`);

export function registerKbiCommands(program: Command): void {
  const kbi = program.command('kbi').description('key behaviour indicators, warnings and points');
  kbi
    .command('evaluate')
    .option('--date <YYYY-MM-DD>', 'the working day (default: the last one whose evaluation time has passed)')
    .option('--at <iso>', 'run as of this time (ISO 8601) instead of now')
    .option('--json', 'print the result as JSON')
    .description(
      "work out each rep's KBI day from the event log, send the warnings and credit points — as the server does each working day at kbi.evaluateAt; a day already evaluated is not sent again",
    )
    .action((opts: { date?: string; at?: string; json?: boolean }) => {
      if (opts.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.date))
        failWith(`--date: expected YYYY-MM-DD, e.g. 2026-11-20, got "${opts.date}"`);
      const at = opts.at === undefined ? Date.now() : Date.parse(opts.at);
      if (Number.isNaN(at))
        failWith(`--at: expected an ISO time such as 2026-11-23T18:00:00+08:00, got "${opts.at}"`);
      return withRuntime(
        async (rt) => {
          const zone = await cliTimezone(rt);
          const day =
            opts.date ??
            lastEvaluationDay(at, rt.deps.rules.kbi.evaluateAt, zone, rt.deps.rules.deals.calendar);
          const r = await evaluateKbiDay(rt.deps, day);
          if (opts.json === true) {
            console.log(JSON.stringify(r, null, 2));
            if (r.kind === 'rejected') process.exitCode = 1;
            return;
          }
          if (r.kind === 'rejected') {
            if (r.reason === 'NOT_A_WORKING_DAY')
              failWith(`${day} is not a working day (deals.calendar): nothing to evaluate`);
            failWith(`${day} is evaluated at ${rt.deps.rules.kbi.evaluateAt} (${zone}); it is not final yet`);
          }
          const done = r.reps.filter((x) => x.outcome === 'evaluated');
          console.log(
            `KBI ${day}: ${done.length} reps evaluated, ${r.reps.length - done.length} already evaluated earlier`,
          );
          for (const x of r.reps) {
            const what =
              x.outcome === 'already'
                ? 'already evaluated (nothing sent again)'
                : `${x.met}/${x.due} on time (${pct(x.rate)})${x.tier === null ? '' : `, ${x.tier} warning W${x.warningId}`}${x.points > 0 ? `, +${x.points} ledger entries` : ''}`;
            console.log(`  ${x.repId}\t${what}`);
          }
        },
        () => at,
      );
    });

  const targets = program.command('targets').description('region / team / rep targets per month or quarter');
  targets
    .command('import')
    .argument('<file>', 'targets.yaml or targets.csv (scope,id,period,amount)')
    .description(
      'load targets; importing again updates them, never duplicates; a file with any problem loads nothing',
    )
    .action((file: string) => {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch (err) {
        failWith(`cannot read ${file}: ${(err as Error).message}`);
      }
      const parsed = parseTargetsFile(file, bytes);
      if (parsed.problems.length > 0) {
        console.error(
          `${file}: ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}, nothing imported`,
        );
        for (const p of parsed.problems) console.error(`  ${p}`);
        process.exit(1);
      }
      return withRuntime(async (rt) => {
        const r = await importTargets(rt.deps, parsed.targets);
        if (r.kind === 'rejected') {
          console.error(
            `${file}: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}, nothing imported`,
          );
          for (const p of r.problems) console.error(`  ${p}`);
          process.exitCode = 1;
          return;
        }
        console.log(`targets: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged`);
      });
    });
  targets
    .command('list')
    .argument('[period]', 'a month (2026-11) or quarter (2026-Q4); all when omitted')
    .description('the targets loaded')
    .action((period: string | undefined) =>
      withRuntime(async (rt) => {
        const list = await rt.deps.store.transaction((tx) =>
          tx.targets.list(period === undefined ? undefined : [period]),
        );
        if (list.length === 0) console.log('no targets loaded');
        for (const t of list)
          console.log(`${t.period}\t${t.scope}\t${t.scopeId}\t${(t.amountCents / 100).toFixed(2)}`);
      }),
    );
}
