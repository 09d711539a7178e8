import type { Command } from 'commander';
import Table from 'cli-table3';
import { DateTime } from 'luxon';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { ConfigError, parseRules } from '../config.ts';
import type { Rules } from '../modules/rules.ts';
import type { Figures } from '../modules/whatif/rules/whatif-summary.ts';
import {
  applyWindow,
  blockingWarnings,
  recordRulesApplied,
  rulesFileHash,
  rulesHistory,
  runWhatIf,
  WhatIfError,
  type WhatIfResult,
} from '../modules/whatif/use-cases/whatif.ts';
import type { Locale } from '../modules/i18n.ts';
import { explainDecision } from '../modules/leads/cards/explain.ts';
import { csvText } from '../modules/analytics/charts/csv.ts';
import {
  CSV_HEADER,
  fidelityLines,
  periodText,
  warningText,
  whatifCsvRows,
} from '../modules/whatif/cards/whatif.ts';
import { cliLocale, cliTimezone, failWith, withRuntime } from './context.ts';

const DAY = 86_400_000;

/** Reads and checks a candidate rules file, or exits naming every problem. */
function readRules(file: string): { text: string; rules: Rules } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    failWith(`cannot read the rules file ${file}: ${(err as Error).message}`);
  }
  try {
    return { text, rules: parseRules(text) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(
      `${file}: ${err.message}; fix these and try again (\`leadline check-config ${file}\` checks a file):`,
    );
    for (const p of err.problems) console.error(`  ${p}`);
    process.exit(1);
  }
}

/** `2026-11-01` → the start of that day in the org's timezone; `end` gives the start of the next day. */
function dayStart(value: string, timezone: string, flag: string, end: boolean): number {
  const d = DateTime.fromISO(value, { zone: timezone });
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !d.isValid)
    failWith(`${flag}: expected a date like 2026-11-01, got "${value}"`);
  return (end ? d.startOf('day').plus({ days: 1 }) : d.startOf('day')).toMillis();
}

const pct = (x: number | null) => (x === null ? '-' : `${Math.round(x * 1000) / 10}`);
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The two sides as the output names them: the rules in force → FILE, or (with --against) BASE → FILE. */
interface Sides {
  file: string;
  against: string | null;
}

function printText(r: WhatIfResult, sides: Sides, locale: Locale): void {
  const names = { people: r.people, teamsById: r.teamsById, timezone: r.timezone };
  const { file, against } = sides;
  const period = `leads received ${periodText(r.from, r.to, r.timezone)} (${r.timezone})`;
  console.log(
    against === null
      ? `Rule what-if: ${file}, ${period}`
      : `Rule what-if: ${against} → ${file} (each figure reads ${against} → ${file}), ${period}`,
  );
  const base = against ?? 'the rules in force';
  console.log(
    r.reproduced !== null
      ? `${r.leads} leads replayed; ${base} reproduce${against === null ? '' : 's'} ${r.reproduced} of ${against === null ? 'their' : 'its'} stored decisions`
      : r.baseline === 'stored'
        ? `${r.leads} leads replayed; all were routed by ${base}, so their stored decisions stand for them (--verify replays them too)`
        : `${r.leads} leads replayed through both ${base} and ${file}`,
  );
  for (const line of fidelityLines(r, locale)) console.log(line);
  const table = (label: string, rows: WhatIfResult['reps']) => {
    const t = new Table({
      head: [label, 'team', 'leads now → new', 'change', 'high-score share %', 'expected conversion %'],
      style: { head: [], border: [] },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    const arrow = (f: (x: Figures) => string | number, o: Figures, n: Figures) => `${f(o)} → ${f(n)}`;
    for (const x of rows)
      t.push([
        x.name,
        x.teamId ?? '',
        arrow((f) => f.received, x.old, x.new),
        signed(x.new.received - x.old.received),
        arrow((f) => pct(f.highShare), x.old, x.new),
        arrow((f) => pct(f.expectedConversion), x.old, x.new),
      ]);
    console.log(t.toString());
  };
  table('team', r.teams);
  table('rep', r.reps);
  console.log(
    `Fairness: Gini ${r.old.gini.toFixed(2)} → ${r.new.gini.toFixed(2)}; largest share held by 3 reps ${pct(r.old.top3Share)} % → ${pct(r.new.top3Share)} %`,
  );
  console.log(`Coverage: to no rep (only the pool) ${r.old.pooled} → ${r.new.pooled} of ${r.leads}`);
  printSources(r);
  for (const b of r.new.blocked)
    console.log(`  ${b.leads} leads kept from every rep of team ${b.teamId} by ${b.rule}`);
  console.log(`Destination changes: ${r.changed.length}`);
  for (const c of r.changed.slice(0, 20)) {
    console.log(`  #${c.leadId} ${c.company}`);
    if (c.old !== null)
      console.log(`    now: ${explainDecision(c.old, locale, names).replace(/\n/g, '\n         ')}`);
    if (c.new !== null)
      console.log(`    new: ${explainDecision(c.new, locale, names).replace(/\n/g, '\n         ')}`);
  }
  if (r.changed.length > 20) console.log(`  … and ${r.changed.length - 20} more (--csv lists them all)`);
  if (r.warnings.length === 0) console.log('No warnings.');
  else console.log('Warnings:');
  for (const w of r.warnings) console.log(`  ! ${warningText(w, locale, names)}`);
}

const points = (x: number | null) => (x === null ? '-' : signed(Math.round(x * 1000) / 10));

/** Per lead source, the largest change first: coverage and expected conversion on both sides (issue 24 item 10). */
function printSources(r: WhatIfResult): void {
  if (r.sources.length === 0) return;
  console.log(
    'Per lead source, largest change first (coverage: share of its leads that go to a rep; expected conversion of the reps who get them):',
  );
  const t = new Table({
    head: ['source', 'leads', 'coverage %', 'change (pts)', 'expected conversion %', 'change (pts)'],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const x of r.sources)
    t.push([
      x.source === '' ? '(no source)' : x.source,
      x.leads,
      `${pct(x.old.coverage)} → ${pct(x.new.coverage)}`,
      points(x.coverageChange),
      `${pct(x.old.expectedConversion)} → ${pct(x.new.expectedConversion)}`,
      points(x.conversionChange),
    ]);
  console.log(t.toString());
}

function jsonOf(r: WhatIfResult, locale: Locale): unknown {
  const names = { people: r.people, teamsById: r.teamsById, timezone: r.timezone };
  const { people: _p, teamsById: _t, ...rest } = r;
  return {
    ...rest,
    changed: r.changed.map((c) => ({
      ...c,
      whyOld: c.old === null ? null : explainDecision(c.old, locale, names),
      whyNew: c.new === null ? null : explainDecision(c.new, locale, names),
    })),
    warnings: r.warnings.map((w) => ({ ...w, text: warningText(w, locale, names) })),
  };
}

export function registerWhatIfCommands(program: Command): void {
  program
    .command('whatif')
    .argument('[file]', 'a candidate rules file (YAML); the same as --rules FILE')
    .option('--rules <file>', 'the candidate rules file (YAML)')
    .option('--against <file>', 'compare with this rules file instead of the rules in force (A vs B)')
    .option('--from <date>', 'first day of leads to replay (default: 30 days ago)')
    .option('--to <date>', 'last day of leads to replay (default: today)')
    .option('--team <id>', 'only this team')
    .option('--json', 'print the whole comparison as JSON')
    .option('--csv', 'print a CSV: a row per team, rep, lead source and changed lead')
    .option('--locale <locale>', 'zh-CN or en, for warnings and explanations')
    .option(
      '--verify',
      'also replay the rules in force (or --against FILE) and count the stored decisions they reproduce',
    )
    .description(
      'replay past leads through the rules in force (or --against FILE) and through FILE, side by side: who gets what, fairness, coverage and expected conversion per lead source, changed leads, warnings',
    )
    .action(
      (
        file: string | undefined,
        opts: {
          rules?: string;
          against?: string;
          from?: string;
          to?: string;
          team?: string;
          json?: boolean;
          csv?: boolean;
          locale?: string;
          verify?: boolean;
        },
      ) => {
        if (file !== undefined && opts.rules !== undefined && file !== opts.rules)
          failWith(`two candidate files (${file} and --rules ${opts.rules}): name one`);
        const candidateFile = opts.rules ?? file;
        if (candidateFile === undefined)
          failWith(
            'name the rules file to try: `leadline whatif FILE`, or `leadline whatif --rules A.yaml --against B.yaml` to compare two files',
          );
        const candidate = readRules(candidateFile);
        const base = opts.against === undefined ? null : readRules(opts.against);
        // The text shows the first 20 changes; JSON and CSV all of them.
        const explain = opts.csv !== true && opts.json !== true && opts.team === undefined;
        // --verify replays the rules in force in a worker thread while this one replays FILE (issue 23, item 5).
        const runtime = { offLoop: opts.verify === true && explain ? ('reads' as const) : false };
        return withRuntime(
          async (rt) => {
            const tz = await cliTimezone(rt);
            const locale = await cliLocale(rt, opts.locale);
            const to = opts.to === undefined ? rt.deps.clock() : dayStart(opts.to, tz, '--to', true);
            const from =
              opts.from === undefined
                ? to - rt.deps.rules.whatif.days * DAY
                : dayStart(opts.from, tz, '--from', false);
            const r = await whatif(rt.deps, candidate.rules, {
              from,
              to,
              ...(base === null ? {} : { baseRules: base.rules }),
              ...(opts.team ? { teamId: opts.team } : {}),
              ...(opts.verify === true ? { verify: true } : {}),
              ...(explain ? { explainChanged: 20 } : {}),
            });
            const names = { people: r.people, teamsById: r.teamsById, timezone: r.timezone };
            if (opts.csv === true)
              process.stdout.write(
                csvText({ header: CSV_HEADER, rows: whatifCsvRows(r, locale, names) }, 'plain'),
              );
            else if (opts.json === true) console.log(JSON.stringify(jsonOf(r, locale), null, 2));
            else printText(r, { file: candidateFile, against: opts.against ?? null }, locale);
          },
          undefined,
          runtime,
        );
      },
    );

  const rules = program
    .command('rules')
    .description('put a rules file live, with its what-if; list past changes');
  rules
    .command('apply')
    .argument('<file>', 'the new rules file (YAML)')
    .option('--accept-warnings', 'apply even when the what-if raises blocking warnings')
    .option('--by <person>', 'who is applying it (a person id from the org file)')
    .option('--locale <locale>', 'zh-CN or en, for the warnings')
    .description(
      'check FILE, replay the last 30 days through it, refuse on blocking warnings, then copy it over RULES_FILE and log the change',
    )
    .action((file: string, opts: { acceptWarnings?: boolean; by?: string; locale?: string }) => {
      const candidate = readRules(file);
      return withRuntime(async (rt) => {
        const live = rt.config.rulesFile;
        if (live === null)
          failWith(
            'RULES_FILE is not set, so there is no live rules file to replace. Set RULES_FILE to the file the server reads (e.g. config/rules.yaml) and run this again.',
          );
        const locale = await cliLocale(rt, opts.locale);
        const r = await whatif(rt.deps, candidate.rules, { ...applyWindow(rt.deps), explainChanged: 0 });
        const names = { people: r.people, teamsById: r.teamsById, timezone: r.timezone };
        const lines = r.warnings.map((w) => warningText(w, locale, names));
        const blocking = blockingWarnings(r.warnings);
        console.log(
          `What-if over ${periodText(r.from, r.to, r.timezone)}: ${r.leads} leads, ${r.changed.length} would change destination; to no rep ${r.old.pooled} → ${r.new.pooled}; Gini ${r.old.gini.toFixed(2)} → ${r.new.gini.toFixed(2)}`,
        );
        // Decisions the replay could not reconstruct are said apart: they never count against the file.
        for (const l of fidelityLines(r, locale)) console.log(l);
        for (const l of lines) console.log(`  ! ${l}`);
        if (blocking.length > 0 && opts.acceptWarnings !== true) {
          console.error(
            `refused: ${blocking.length} blocking warning${blocking.length === 1 ? '' : 's'} (above). Fix ${file}, or run again with --accept-warnings if this is what you want; nothing was changed.`,
          );
          process.exit(1);
        }
        const tmp = `${live}.${process.pid}.tmp`;
        writeFileSync(tmp, candidate.text);
        renameSync(tmp, live);
        const by = opts.by ?? `cli:${userInfo().username}`;
        await recordRulesApplied(rt.deps, {
          by,
          actorId: opts.by ?? null,
          text: candidate.text,
          acceptedWarnings: blocking.length > 0,
          result: r,
          warningLines: lines,
        });
        console.log(
          `applied: ${file} is now ${live} (sha256 ${rulesFileHash(candidate.text).slice(0, 12)}). Restart the server (every instance) to route with it.`,
        );
      });
    });
  rules
    .command('history')
    .description('every rules change: when, by whom, the file hash and its what-if summary')
    .action(() =>
      withRuntime(async (rt) => {
        const tz = await cliTimezone(rt);
        const list = await rulesHistory(rt.deps);
        if (list.length === 0) console.log('no rules changes yet (`leadline rules apply FILE` records one)');
        for (const e of list) {
          const w = e.whatif;
          console.log(
            `${DateTime.fromMillis(e.at, { zone: tz }).toFormat('yyyy-MM-dd HH:mm')}  ${e.by}  sha256 ${e.fileHash.slice(0, 12)}${e.acceptedWarnings ? '  (warnings accepted)' : ''}`,
          );
          console.log(
            `  what-if ${periodText(w.from, w.to, tz)}: ${w.leads} leads, ${w.changed} changed, to no rep ${w.pooled[0]} → ${w.pooled[1]}, Gini ${w.gini[0].toFixed(2)} → ${w.gini[1].toFixed(2)}, top 3 ${Math.round(w.top3Share[0] * 100)} % → ${Math.round(w.top3Share[1] * 100)} %`,
          );
          for (const l of w.warnings) console.log(`  ! ${l}`);
        }
      }),
    );
}

async function whatif(...args: Parameters<typeof runWhatIf>): Promise<WhatIfResult> {
  try {
    return await runWhatIf(...args);
  } catch (err) {
    if (err instanceof WhatIfError) failWith(err.message);
    throw err;
  }
}
