// `leadline org sync wecom|dingtalk|slack [--dry-run]`: people and teams from the messenger's directory.
import type { Command } from 'commander';
import type { Platform } from '../kernel/types.ts';
import { DirectoryError } from '../modules/org/rules/directory.ts';
import { directoryFailureText } from '../modules/org/directory-text.ts';
import type { DirectoryPlan } from '../modules/org/rules/directory-plan.ts';
import { syncDirectory, type SyncDirectoryResult } from '../modules/org/use-cases/sync-directory.ts';
import { cliLocale, failWith, withRuntime } from './context.ts';

const PLATFORMS: readonly Platform[] = ['wecom', 'dingtalk', 'slack'];

export function registerOrgSyncCommands(program: Command): void {
  const org =
    program.commands.find((c) => c.name() === 'org') ??
    program.command('org').description('the organisation: teams, people, roles');
  org
    .command('sync')
    .argument('<platform>', 'wecom, dingtalk or slack')
    .option('--dry-run', 'print what would change, change nothing')
    .option('--locale <locale>', 'zh-CN or en, for what to do when a call fails')
    .description(
      'read the messenger’s directory and update people and teams (departments → teams, leaders → managers, leavers → inactive); the org file’s roles, skills, capacity, out of office and locale stay',
    )
    .action((platform: string, opts: { dryRun?: boolean; locale?: string }) =>
      withRuntime(async (rt) => {
        if (!PLATFORMS.includes(platform as Platform))
          failWith(`unknown platform ${platform}: expected wecom, dingtalk or slack`);
        // Loaded here, not at start-up: every other command would pay for the adapters' modules.
        const { directoryFromEnv } = await import('../../adapters/directory-env.ts');
        const source = directoryFromEnv(platform as Platform, process.env);
        let r: SyncDirectoryResult;
        try {
          const snapshot = await source.snapshot();
          console.log(
            `${platform} directory: ${snapshot.departments.length} departments, ${snapshot.users.length} people read`,
          );
          r = await syncDirectory(rt.deps, snapshot, { dryRun: opts.dryRun === true });
        } catch (err) {
          if (!(err instanceof DirectoryError)) throw err;
          const locale = await cliLocale(rt, opts.locale);
          for (const line of directoryFailureText(err.failure, locale)) console.error(line);
          process.exit(1);
        }
        for (const line of describePlan(r.plan, r.applied)) console.log(line);
        for (const d of r.rerouted.filter((x) => x.leads.length > 0))
          console.log(
            `${d.personId} is inactive: leads ${d.leads.map((id) => `#${id}`).join(', ')} routed again; their manager is told`,
          );
        if (!r.applied) console.log('dry run: nothing was changed');
      }),
    );
}

/** The plan in lines: totals, then each change (+ new, ~ changed, - now inactive). */
export function describePlan(plan: DirectoryPlan, applied: boolean): string[] {
  const verb = (done: string, would: string) => (applied ? done : would);
  const count = (items: Array<{ change: string }>, c: string) => items.filter((x) => x.change === c).length;
  const lines = [
    `teams: ${count(plan.teams, 'create')} ${verb('created', 'to create')}, ${count(plan.teams, 'update')} ${verb('updated', 'to update')}, ${count(plan.teams, 'unchanged')} unchanged`,
    `people: ${count(plan.people, 'create')} ${verb('created', 'to create')}, ${count(plan.people, 'update')} ${verb('updated', 'to update')}, ${count(plan.people, 'unchanged')} unchanged`,
  ];
  for (const t of plan.teams) {
    if (t.change === 'unchanged') continue;
    const sign = t.change === 'create' ? '+' : '~';
    lines.push(`  ${sign} team ${t.team.id} ${t.team.name} (manager ${t.team.managerId ?? 'none'})`);
  }
  for (const p of plan.people) {
    if (p.change === 'unchanged') continue;
    if (p.change === 'create') {
      lines.push(`  + ${p.person.id} ${p.person.name} (team ${p.person.teamId ?? 'none'}, ${p.person.role})`);
      continue;
    }
    const gone = p.was?.active === true && !p.person.active;
    const what = p.fields
      .map((f) =>
        f === 'identities' || f === 'skills'
          ? f
          : `${f} ${shown(p.was?.[f as keyof typeof p.person])} → ${shown(p.person[f as keyof typeof p.person])}`,
      )
      .join(', ');
    lines.push(`  ${gone ? '-' : '~'} ${p.person.id} ${p.person.name}: ${what}`);
  }
  return lines;
}

function shown(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '—';
}
