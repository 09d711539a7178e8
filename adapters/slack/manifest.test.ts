import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLASH_COMMANDS } from './payloads.ts';
import { EVENTS_PATH } from './routes.ts';

interface Manifest {
  features: {
    slash_commands: Array<{ command: string; url: string }>;
    app_home: { home_tab_enabled: boolean };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
}

const manifest = parse(readFileSync(new URL('./manifest.yaml', import.meta.url), 'utf8')) as Manifest;

describe('the Slack app manifest', () => {
  it('registers exactly the slash commands the adapter listens to', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([...SLASH_COMMANDS]);
  });

  it('points commands, interactivity and events at the one endpoint the server mounts', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ];
    for (const url of urls) expect(url).toBe(`https://YOUR-HOST${EVENTS_PATH}`);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('asks for the scopes the adapter uses, and the Home tab', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(
      [
        'app_mentions:read',
        'channels:history',
        'chat:write',
        'commands',
        'files:read',
        'files:write',
        'groups:history',
        'im:history',
        'im:write',
        'users:read',
        'users:read.email',
      ].sort(),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([
      'app_home_opened',
      'message.im',
      'app_mention',
      'file_change',
      'team_join',
      'user_change',
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('subscribes to every event a listener waits for (an unsubscribed one never arrives)', () => {
    const dir = new URL('./listeners/', import.meta.url);
    const heard = new Set<string>();
    for (const file of readdirSync(dir)) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      for (const m of source.matchAll(/app\.event\('([a-z_]+)'/g)) heard.add(m[1]!);
    }
    // `message` arrives as the subscription `message.im` (the bot's DMs).
    const wanted = [...heard].map((e) => (e === 'message' ? 'message.im' : e)).sort();
    expect(wanted.length).toBeGreaterThan(3);
    for (const e of wanted) expect(manifest.settings.event_subscriptions.bot_events).toContain(e);
  });
});
