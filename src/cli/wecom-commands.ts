import type { Command } from 'commander';
import { failWith, withRuntime } from './context.ts';

export function registerWecomCommands(program: Command): void {
  const wecom = program.command('wecom').description('WeCom (企业微信) set-up');
  wecom
    .command('create-team-chats')
    .option('--dry-run', 'say what would be created, create nothing')
    .description(
      'create each team’s group chat through the app (appchat/send reaches only those) and store its chat id',
    )
    .action((opts: { dryRun?: boolean }) =>
      withRuntime(async (rt) => {
        const corpId = process.env.WECOM_CORP_ID ?? '';
        const secret = process.env.WECOM_SECRET ?? '';
        if (corpId === '' || secret === '')
          failWith('set WECOM_CORP_ID and WECOM_SECRET (the app’s secret) first');
        // Loaded here, not at start-up: every other command would pay for the adapter's modules.
        const { wecomApi } = await import('../../adapters/wecom/api.ts');
        const { createTeamChats, describeOutcome } = await import('../../adapters/wecom/team-chats.ts');
        const api = wecomApi({
          corpId,
          secret,
          ...(process.env.WECOM_API_BASE ? { apiBase: process.env.WECOM_API_BASE } : {}),
        });
        const outcomes = await createTeamChats(
          { store: rt.deps.store, api, clock: rt.deps.clock },
          { dryRun: opts.dryRun === true },
        );
        for (const o of outcomes) console.log(describeOutcome(o));
        if (outcomes.length === 0)
          console.log('no teams: import the organisation first (leadline org import)');
      }),
    );
}
