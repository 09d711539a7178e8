import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, loadRulesFile } from '../config.ts';
import { DEMO_DATABASE_URL } from '../demo/first-run.ts';
import { maskDatabaseUrl } from '../store/database-url.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { resetDemoFile } from '../demo/reset-demo.ts';
import { API_SCOPES, createApiKey, parseScopes, revokeApiKey } from '../modules/leads/use-cases/api-keys.ts';
import { importOrg } from '../modules/org/use-cases/import-org.ts';
import { parseOrgFile } from '../modules/org/org-file.ts';
import { openRuntime } from '../runtime.ts';
import { failWith, withRuntime } from './context.ts';

export function registerAdminCommands(program: Command): void {
  program
    .command('migrate')
    .description('create or update the database schema (also done on every start)')
    .action(() =>
      withRuntime((rt) => {
        console.log(`database ready: ${maskDatabaseUrl(rt.config.databaseUrl)}`);
        return Promise.resolve();
      }),
    );

  program
    .command('check-config')
    .argument('<file>', 'a rules file (YAML)')
    .description('check a rules file and list every problem with its path')
    .action((file: string) => {
      try {
        loadRulesFile(file);
        console.log(`${file}: OK`);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        console.error(`${file}: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}`);
        for (const p of err.problems) console.error(p);
        process.exit(1);
      }
    });

  const org = program.command('org').description('the organisation: teams, people, roles');
  org
    .command('import')
    .argument('<file>', 'org.yaml')
    .description('load teams and people; importing again updates, never duplicates')
    .action((file: string) =>
      withRuntime(async (rt) => {
        const parsed = parseOrgFile(readText(file));
        const r = await importOrg(rt.deps, parsed);
        console.log(
          `teams: ${r.teams.created} created, ${r.teams.updated} updated, ${r.teams.unchanged} unchanged`,
        );
        console.log(
          `people: ${r.people.created} created, ${r.people.updated} updated, ${r.people.unchanged} unchanged`,
        );
        for (const d of r.deactivated) {
          console.log(
            `${d.personId} is inactive: leads ${d.rerouted.map((id) => `#${id}`).join(', ')} routed again; their manager is told`,
          );
        }
        for (const u of r.unmatched) console.log(`not applied: ${u}`);
        if (r.notInFile.length > 0) {
          console.log(
            `not in this file (left as they are; set active: false to deactivate): ${r.notInFile.join(', ')}`,
          );
        }
      }),
    );

  program
    .command('demo')
    .description(
      `seed a demo organisation (3 teams of 12 reps and their managers, a director, presales, finance and delivery; ~200 leads, two months of won and lost deals, a month of reports, targets) into its own database (${DEMO_DATABASE_URL})`,
    )
    .option(
      '--database <url>',
      'where to put the demo; never a database that holds a real organisation',
      DEMO_DATABASE_URL,
    )
    .option('--leads <n>', 'how many leads', (v) => Number.parseInt(v, 10), 200)
    .option(
      '--seed <n>',
      'another seed gives another (still repeatable) demo',
      (v) => Number.parseInt(v, 10),
      1,
    )
    .option('--reset', 'remove the demo database first and seed it again from the start')
    .action(async (opts: { database: string; leads: number; seed: number; reset?: boolean }) => {
      if (!Number.isInteger(opts.leads) || opts.leads < 0 || !Number.isInteger(opts.seed))
        failWith('--leads and --seed take whole numbers, e.g. --leads 200 --seed 1');
      const config = { ...loadConfig(), databaseUrl: opts.database };
      if (opts.reset === true) {
        const reset = await resetDemoFile(opts.database);
        if (reset.kind === 'refused')
          failWith(
            reset.reason === 'REAL_ORG'
              ? `${opts.database} holds a real organisation; --reset removes only a demo database.`
              : '--reset removes a demo SQLite file; a PostgreSQL database is dropped by its owner, not by the demo.',
          );
        if (reset.kind === 'removed') console.log(`removed the old demo in ${reset.path}; seeding it again`);
      }
      const rt = await openRuntime(config);
      try {
        const r = await seedDemo(rt.deps, {
          leads: opts.leads,
          seed: opts.seed,
          ...(config.localeSet ? { locale: config.locale } : {}),
        });
        if (r.kind === 'refused')
          failWith(
            `${opts.database} holds a real organisation; the demo is never mixed into it. Leave out --database to use ${DEMO_DATABASE_URL}.`,
          );
        const s = r.byStatus;
        console.log(
          `demo organisation in ${opts.database}: ${r.org.teams.created + r.org.teams.updated + r.org.teams.unchanged} teams, ` +
            `${r.org.people.created + r.org.people.updated + r.org.people.unchanged} people (${r.org.people.created} new)`,
        );
        if (r.kind === 'seeded') {
          const a = r.activity;
          console.log(
            `${a.leads} leads over the last 4 days: ${a.claims} claims, ${a.touches} follow-ups, ${a.passes} passed, ` +
              `${a.released} released, ${a.closed} closed`,
          );
          console.log(
            `${a.reports} daily reports filed over the last month (${a.fakeReports} of them fake, for the health score to catch), visiting these leads and ${a.regulars} regular customers`,
          );
          console.log(
            `${a.history} earlier customers; deals won ${a.won}, lost ${a.lost}; ${a.targets} targets for this month and quarter`,
          );
        } else {
          console.log('the demo leads were seeded before; nothing added');
        }
        console.log(
          `now: ${s.offered ?? 0} offered, ${s.owned ?? 0} claimed, ${s.pool ?? 0} in the pool, ${s.won ?? 0} won, ${s.lost ?? 0} lost`,
        );
        if (opts.database === DEMO_DATABASE_URL)
          console.log(
            '`npm start` opens it while nothing is configured (no DATABASE_URL, no org imported, no platform credentials)',
          );
        // With DATABASE_URL set the server does not take it for the first-run demo: the playground must be asked for.
        else console.log(`start the server on it with DATABASE_URL=${opts.database} PLAYGROUND=on npm start`);
        console.log(`open http://localhost:${config.port}/playground`);
      } finally {
        await rt.close();
      }
    });

  const apikey = program.command('apikey').description('keys for the HTTP API (/api/…)');
  apikey
    .command('create')
    .argument('<name>', 'what the key is for, e.g. website-form')
    .option(
      '--scope <scopes>',
      'what it may do, comma-separated: intake (POST /api/leads), read (leads, pool, board, reports), admin (all)',
      'intake',
    )
    .description('create a key (intake-only unless --scope says more); it is shown once, on the last line')
    .action((name: string, options: { scope: string }) =>
      withRuntime(async (rt) => {
        const parsed = parseScopes(options.scope);
        if ('unknown' in parsed)
          failWith(
            `unknown scope ${parsed.unknown.map((w) => `"${w}"`).join(', ')}: use ${API_SCOPES.join(', ')}`,
          );
        const r = await createApiKey(rt.deps, name, parsed.scopes);
        if (r.kind === 'name_taken')
          failWith(`a key named "${name}" exists already; pick another name or revoke it first`);
        console.log(
          `API key "${name}" created (scopes: ${parsed.scopes.join(', ')}). Store it now: it is not shown again.`,
        );
        console.log(r.key);
      }),
    );
  apikey
    .command('list')
    .description('list keys (names only)')
    .action(() =>
      withRuntime(async (rt) => {
        const keys = await rt.deps.store.transaction((tx) => tx.apiKeys.list());
        if (keys.length === 0) console.log('no API keys yet: `npx leadline apikey create NAME`');
        for (const k of keys) {
          const used =
            k.lastUsedAt === null ? 'never used' : `last used ${new Date(k.lastUsedAt).toISOString()}`;
          console.log(`${k.name}\t${k.revoked ? 'revoked' : 'active'}\t${k.scopes.join(',')}\t${used}`);
        }
      }),
    );
  apikey
    .command('revoke')
    .argument('<name>')
    .description('revoke a key at once')
    .action((name: string) =>
      withRuntime(async (rt) => {
        if (!(await revokeApiKey(rt.deps, name))) failWith(`no active key named "${name}"`);
        console.log(`API key "${name}" revoked`);
      }),
    );
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    failWith(`cannot read ${file}: ${(err as Error).message}`);
  }
}
