import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleInbound, identify } from '../src/conversation/conversation.ts';
import { person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;
beforeEach(() => {
  env = testEnv();
});
afterEach(async () => {
  await env.close();
});

describe('the conversation layer', () => {
  it('answers a failure inside the engine with “nothing was changed, try again”, never a stack trace', async () => {
    await seedOrg(env, [person('alice', { locale: 'en' })]);
    const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
    const alice = await identify(chat, 'playground', 'alice');
    await env.deps.store.close(); // the database goes away under us
    const replies = await handleInbound(chat, alice, { kind: 'command', text: 'claim 1' });
    expect(replies).toEqual([
      {
        mode: 'ephemeral',
        card: {
          title: 'Something went wrong on our side',
          level: 'red',
          body: expect.stringContaining('Nothing was changed'),
        },
      },
    ]);
  });

  it('tells someone it cannot identify to ask their admin, in the org language', async () => {
    await seedOrg(env, [person('alice')]);
    const chat = { engine: env.deps, defaultLocale: 'en' as const };
    expect(await identify(chat, 'slack', 'U-nobody')).toBeNull();
    const [reply] = await handleInbound(chat, null, { kind: 'command', text: 'mine' });
    expect(reply?.card.title).toBe('你的账号还没有关联');
  });
});
