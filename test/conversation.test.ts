import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleInbound, identify, MAX_INBOUND_TEXT } from '../src/conversation/conversation.ts';
import { openReport } from '../src/modules/reports/use-cases/report-draft.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

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

  it('cuts a text longer than 4,000 characters before reading it, and says so in the person’s language', async () => {
    await seedOrg(env, [person('alice', { locale: 'en' }), person('bo', { locale: 'zh-CN' })]);
    const chat = { engine: env.deps, defaultLocale: 'en' as const };
    const alice = await identify(chat, 'playground', 'alice');
    const long = `mine ${'x'.repeat(MAX_INBOUND_TEXT)}`;
    const replies = await handleInbound(chat, alice, { kind: 'command', text: long });
    expect(MAX_INBOUND_TEXT).toBe(4000);
    expect(replies[0]?.card.title).toBe(
      'Your message was longer than 4000 characters: only its first 4000 were read.',
    );
    expect(replies.slice(1)).toEqual(
      await handleInbound(chat, alice, { kind: 'command', text: long.slice(0, 4000) }),
    );
    const bo = await identify(chat, 'playground', 'bo');
    const [told] = await handleInbound(chat, bo, { kind: 'spoken', text: '好'.repeat(4001) });
    expect(told?.card.title).toBe('消息超过 4000 个字符：只读取了前 4000 个字符。');
    const short = await handleInbound(chat, alice, { kind: 'command', text: long.slice(0, 4000) });
    expect(short.map((r) => r.card.title)).not.toContain(replies[0]?.card.title);
  });

  it('leaves a manager’s report untouched when `日报 2026-12-04` is typed, and says why (issue 21, item 2)', async () => {
    await seedOrg(env, [person('alice')], {
      people: [person('boss', { role: 'manager', locale: 'zh-CN' }), person('alice')],
    });
    const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
    const boss = await identify(chat, 'playground', 'boss');
    await handleInbound(chat, boss, { kind: 'command', text: '日报 拜访了两家医院' });
    const [told] = await handleInbound(chat, boss, { kind: 'command', text: '日报 2026-12-04' });
    expect(told?.card.title).toContain('看起来是日期');
    const me = await env.deps.store.transaction((tx) => tx.org.person('boss'));
    expect((await openReport(env.deps, me!)).report.summary).toBe('拜访了两家医院');
  });

  it('counts the whole pool in the market’s title and pages through it with a Next button (issue 21, item 5)', async () => {
    for (let i = 0; i < 12; i++) await submitLead(env.deps, { fields: leadFields(), via: 'api' }); // no reps: pooled
    await seedOrg(env, [person('alice', { locale: 'en', capacity: 20 })]);
    const chat = { engine: env.deps, defaultLocale: 'en' as const };
    const alice = await identify(chat, 'playground', 'alice');
    const [head, ...cards] = await handleInbound(chat, alice, { kind: 'command', text: 'market' });
    expect(head?.card.title).toBe('Lead market (12)');
    expect(head?.card.body).toBe('Showing 1–10 of 12 (page 1 of 2).');
    expect(cards).toHaveLength(10);
    const next = head?.card.actions?.[0];
    expect(next).toMatchObject({ id: 'market.open', value: '2|' });
    const [head2, ...rest] = await handleInbound(chat, alice, {
      kind: 'action',
      actionId: 'market.open',
      value: next!.value,
    });
    expect(head2?.card.body).toBe('Showing 11–12 of 12 (page 2 of 2).');
    expect(head2?.card.actions).toBeUndefined();
    expect(rest).toHaveLength(2);
  });
});
