// Slack's team_join and user_change events (https://api.slack.com/events/team_join, /events/user_change; scope
// users:read) carry the whole user object: one person is updated from it, nothing is fetched, no full sync.
// A deactivated member arrives as user_change with `deleted: true` and becomes inactive (their leads are routed
// again). Bolt acks before the listener runs; a redelivery applies the same values again, which changes nothing.
import type { App } from '@slack/bolt';
import { syncDirectoryChange } from '../../src/modules/org/use-cases/sync-directory.ts';
import type { SlackContext } from './listeners/context.ts';
import { slackUser } from './directory.ts';

export function registerDirectoryEvents(app: App, ctx: SlackContext): void {
  const apply = async (user: unknown) => {
    const u = typeof user === 'object' && user !== null ? slackUser(user as Record<string, unknown>) : null;
    if (u === null) return;
    await syncDirectoryChange(ctx.chat.engine, { platform: 'slack', departments: [], users: [u] });
  };
  app.event('team_join', async ({ event }) => apply(event.user));
  app.event('user_change', async ({ event }) => apply(event.user));
}
