// Issue 25 items 5 and 6 through the chat entry on both databases: a refusal states its figures ("3/3 today"),
// and a colleague's load outweighs the round-robin turn — with capacity 150 each, a rep holding 8 open leads does
// not get an untagged lead ahead of two colleagues holding 1 each, and `why` shows the manager the loads.
import { beforeEach, describe, expect, it } from 'vitest';
import { handleInbound, identify, type ChatDeps } from '../src/conversation/conversation.ts';
import { t } from '../src/modules/i18n.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { DATABASES, HOUR, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

describe.each(DATABASES)('figures a rep and a manager can check, on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  let chat: ChatDeps;

  const say = async (as: string, text: string) => {
    const actor = await identify(chat, 'playground', as);
    return (await handleInbound(chat, actor, { kind: 'command', text }))
      .map((r) => `${r.card.title}\n${r.card.body ?? ''}`)
      .join('\n');
  };

  beforeEach(async () => {
    env = current();
    chat = { engine: env.deps, defaultLocale: 'zh-CN' };
    await seedOrg(env, [
      person('carol', { name: '陈静', capacity: 150 }),
      person('alice', { name: '李敏', capacity: 150 }),
      person('bob', { name: '张伟', capacity: 150 }),
    ]);
  });

  it('refuses a fourth market claim in a day with the figures: 3 of 3', async () => {
    // Four leads in the pool: nobody can take them (everyone out of office), then everyone is back.
    await seedOrg(env, [
      person('carol', { name: '陈静', capacity: 150, outOfOffice: true }),
      person('alice', { name: '李敏', capacity: 150, outOfOffice: true }),
      person('bob', { name: '张伟', capacity: 150, outOfOffice: true }),
    ]);
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
      if (r.kind !== 'created') throw new Error(`expected a lead, got ${r.kind}`);
      expect(r.lead.status).toBe('pool');
      ids.push(r.lead.id);
    }
    await seedOrg(env, [person('alice', { name: '李敏', capacity: 150 })]);
    for (const id of ids.slice(0, 3)) expect(await say('alice', `领取 ${id}`)).not.toContain('明天再来');
    const refused = await say('alice', `领取 ${ids[3]}`);
    expect(refused).toContain(t('zh-CN', 'refuse.DAILY_CAP', { claimed: 3, cap: 3 }));
    expect((await env.deps.store.transaction((tx) => tx.leads.get(ids[3] as number)))?.status).toBe('pool');
  });

  it('gives an untagged lead to a colleague holding 1 rather than to the rep holding 8 on her turn', async () => {
    // 陈静 holds 8 leads she entered herself, 李敏 and 张伟 one each; 陈静 has waited longest for a routed lead.
    for (let i = 0; i < 8; i++)
      await submitLead(env.deps, { fields: leadFields(), via: 'chat', enteredBy: 'carol' });
    env.clock.advance(HOUR);
    await submitLead(env.deps, { fields: leadFields(), via: 'chat', enteredBy: 'alice' });
    await submitLead(env.deps, { fields: leadFields(), via: 'chat', enteredBy: 'bob' });
    env.clock.advance(HOUR);

    const routed = await submitLead(env.deps, {
      fields: leadFields({ tags: [], industry: '其他' }),
      via: 'api',
    });
    if (routed.kind !== 'created') throw new Error(`expected a lead, got ${routed.kind}`);
    expect(['alice', 'bob']).toContain(routed.lead.ownerId);

    // The manager reads every candidate's load; 陈静's 8/150 is there, in words and figures.
    const why = await say('boss', `为什么 ${routed.lead.id}`);
    expect(why).toContain(t('zh-CN', 'why.reason.load', { open: 1, capacity: 150 }));
    expect(why).toContain('陈静');
    expect(why).toContain('8/150');
  });
  it('keeps a lead a rep enters as theirs, and says so (item 4)', async () => {
    const r = await submitLead(env.deps, { fields: leadFields(), via: 'chat', enteredBy: 'alice' });
    if (r.kind !== 'kept') throw new Error(`expected a kept lead, got ${r.kind}`);
    expect(r.lead).toMatchObject({ ownerId: 'alice', status: 'owned' });
    const why = await say('alice', `为什么 ${r.lead.id}`);
    expect(why).toContain(t('zh-CN', 'why.entered.you'));
    const events = await env.deps.store.transaction((tx) => tx.events.forLead(r.lead.id));
    expect(events.map((e) => e.type)).not.toContain('lead.offered');
  });
});
