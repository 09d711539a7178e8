// The directory client of one messenger, from the same environment variables the messenger uses (`org sync`,
// the nightly reconcile and the events). WeCom may add WECOM_CONTACT_SECRET (the contact-sync secret).
import { ConfigError } from '../src/config.ts';
import type { Platform } from '../src/kernel/types.ts';
import type { DirectorySource } from './directory-source.ts';
import { dingtalkDirectory } from './dingtalk/directory.ts';
import { slackDirectory } from './slack/directory.ts';
import { wecomDirectory } from './wecom/directory.ts';

const NEED: Record<Platform, readonly string[]> = {
  wecom: ['WECOM_CORP_ID', 'WECOM_SECRET'],
  dingtalk: ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET'],
  slack: ['SLACK_BOT_TOKEN'],
};

export const DIRECTORY_PLATFORMS: readonly Platform[] = ['wecom', 'dingtalk', 'slack'];

/** Whether this messenger's credentials are there (the directory is readable). */
export function directoryConfigured(platform: Platform, env: NodeJS.ProcessEnv): boolean {
  return NEED[platform].every((k) => (env[k] ?? '') !== '');
}

export function directoryFromEnv(platform: Platform, env: NodeJS.ProcessEnv): DirectorySource {
  const missing = NEED[platform].filter((k) => (env[k] ?? '') === '');
  if (missing.length > 0)
    throw new ConfigError(
      'ENV_INVALID',
      missing.map((k) => `${k}: required to read the ${platform} directory`),
      `the ${platform} directory cannot be read`,
    );
  const v = (k: string) => env[k] as string;
  switch (platform) {
    case 'wecom':
      return wecomDirectory({
        corpId: v('WECOM_CORP_ID'),
        secret: v('WECOM_SECRET'),
        ...(env.WECOM_CONTACT_SECRET ? { contactSecret: env.WECOM_CONTACT_SECRET } : {}),
        ...(env.WECOM_API_BASE ? { apiBase: env.WECOM_API_BASE } : {}),
      });
    case 'dingtalk':
      return dingtalkDirectory({
        clientId: v('DINGTALK_CLIENT_ID'),
        clientSecret: v('DINGTALK_CLIENT_SECRET'),
        ...(env.DINGTALK_API_BASE ? { apiBase: env.DINGTALK_API_BASE } : {}),
      });
    case 'slack':
      return slackDirectory({
        token: v('SLACK_BOT_TOKEN'),
        ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
      });
  }
}

/**
 * DIRECTORY_SYNC=wecom,dingtalk,slack: the messengers whose directory the server reconciles every night. A name
 * whose credentials are missing is an error at start-up, not a silent skip.
 */
export function directorySourcesFromEnv(env: NodeJS.ProcessEnv): DirectorySource[] {
  const names = (env.DIRECTORY_SYNC ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = names.filter((n) => !DIRECTORY_PLATFORMS.includes(n as Platform));
  if (unknown.length > 0)
    throw new ConfigError(
      'ENV_INVALID',
      [`DIRECTORY_SYNC: expected wecom, dingtalk or slack, got ${unknown.join(', ')}`],
      'the directory sync is misconfigured',
    );
  return names.map((n) => directoryFromEnv(n as Platform, env));
}
