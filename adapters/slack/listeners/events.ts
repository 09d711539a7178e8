import type { App } from '@slack/bolt';
import { publishHome } from '../home.ts';
import type { SlackContext } from './context.ts';

/**
 * App Home. Slack redelivers an event (X-Slack-Retry-Num, X-Slack-Retry-Reason) when it got no 2xx within
 * 3 s. Bolt acks an event before its listener runs, so `http_timeout` means an instance of ours already has it
 * and the redelivery is skipped; after `connection_failed` or `http_error` the first delivery never ran, so
 * this one acts. No shared dedupe store is needed: publishing Home is idempotent anyway.
 */
export function registerEvents(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home' || alreadyReceived(context.retryNum, context.retryReason)) return;
    await publishHome(ctx.chat, client, event.user);
  });
}

function alreadyReceived(retryNum: number | undefined, retryReason: string | undefined): boolean {
  return (retryNum ?? 0) > 0 && retryReason === 'http_timeout';
}
