/**
 * The messenger list src/main.ts walks (adapters/messengers.ts): each platform builds itself from its own
 * environment variables, stays off without them, and refuses to start half configured.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSENGERS } from '../adapters/messengers.ts';
import type { MessengerContext } from '../adapters/messenger.ts';
import { ConfigError } from '../src/config.ts';
import type { ChatDeps } from '../src/conversation/conversation.ts';
import { WECOM_APP } from './fixtures/wecom-callback.ts';
import { testEnv, type TestEnv } from './helpers.ts';

/** Enough of each platform's credentials to turn it on. */
const CREDENTIALS: Record<string, NodeJS.ProcessEnv> = {
  slack: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'signing-secret' },
  wecom: {
    WECOM_CORP_ID: WECOM_APP.corpId,
    WECOM_AGENT_ID: String(WECOM_APP.agentId),
    WECOM_SECRET: WECOM_APP.secret,
    WECOM_TOKEN: WECOM_APP.token,
    WECOM_ENCODING_AES_KEY: WECOM_APP.encodingAesKey,
  },
  dingtalk: { DINGTALK_CLIENT_ID: 'ding-client', DINGTALK_CLIENT_SECRET: 'ding-secret' },
};
/** One variable each platform cannot do without, to leave out. */
const HALF: Record<string, string> = {
  slack: 'SLACK_SIGNING_SECRET',
  wecom: 'WECOM_TOKEN',
  dingtalk: 'DINGTALK_CLIENT_SECRET',
};

let env: TestEnv;
beforeEach(() => {
  env = testEnv();
});
afterEach(async () => {
  await env.close();
});
const context = (vars: NodeJS.ProcessEnv): MessengerContext => {
  const chat: ChatDeps = { engine: env.deps, defaultLocale: 'en' };
  return { chat, env: vars, clock: env.clock, forms: null };
};

describe('the messengers', () => {
  it('lists each platform once', () => {
    expect(MESSENGERS.map((m) => m.name)).toEqual(['slack', 'wecom', 'dingtalk']);
  });

  it.each(MESSENGERS.map((m) => [m.name, m] as const))(
    '%s: off without its credentials, on with them, one platform to the worker',
    async (name, platform) => {
      expect(platform.fromEnv(context({}))).toBeNull();
      // Another platform's credentials do not turn this one on.
      const others = Object.entries(CREDENTIALS).filter(([k]) => k !== name);
      expect(platform.fromEnv(context(Object.assign({}, ...others.map(([, v]) => v))))).toBeNull();
      const messenger = platform.fromEnv(context(CREDENTIALS[name]!));
      expect(messenger?.name).toBe(name);
      expect(messenger?.deliverer.platform).toBe(name);
      await messenger?.stop();
    },
  );

  it.each(MESSENGERS.map((m) => [m.name, m] as const))(
    '%s: half configured is an error, or off (Slack without either secret)',
    (name, platform) => {
      const vars = { ...CREDENTIALS[name] };
      delete vars[HALF[name]!];
      if (name === 'slack') expect(platform.fromEnv(context(vars))).toBeNull();
      else expect(() => platform.fromEnv(context(vars))).toThrow(ConfigError);
    },
  );
});

describe('WeCom’s seat count', () => {
  const wecom = MESSENGERS.find((m) => m.name === 'wecom')!;
  it.each(['0', '-3', '1.5', 'many'])('refuses WECOM_ACCOUNT_LIMIT=%s', (value) => {
    let problems: string[] = [];
    try {
      wecom.fromEnv(context({ ...CREDENTIALS.wecom, WECOM_ACCOUNT_LIMIT: value }));
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems.join('\n')).toMatch(/^WECOM_ACCOUNT_LIMIT: /);
  });

  it('takes a whole number of seats', async () => {
    const messenger = wecom.fromEnv(context({ ...CREDENTIALS.wecom, WECOM_ACCOUNT_LIMIT: '500' }));
    expect(messenger?.name).toBe('wecom');
    await messenger?.stop();
  });
});
