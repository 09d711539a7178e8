// Who reads a deal card and a lead's routing story (issue 22, finding 10): ids are sequential, so a rep could read
// every deal and every routing decision (names, loads, scores) by counting. The owner, their manager, directors
// and the people on the deal read it; anyone else gets a polite refusal in their language, on both databases.
import { beforeEach, describe, expect, it } from 'vitest';
import { handleInbound, identify, type ChatDeps } from '../src/conversation/conversation.ts';
import { t } from '../src/modules/i18n.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

describe.each(DATABASES)('reading deals and routing stories, on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  let chat: ChatDeps;

  const say = async (as: string, text: string) => {
    const actor = await identify(chat, 'playground', as);
    return handleInbound(chat, actor, { kind: 'command', text });
  };
  const titles = async (as: string, text: string) => (await say(as, text)).map((r) => r.card.title);

  beforeEach(async () => {
    env = current();
    chat = { engine: env.deps, defaultLocale: 'en' };
    await seedOrg(env, [], {
      teams: [
        { id: 'east-1', name: 'East 1', managerId: 'boss', channels: {} },
        { id: 'west', name: 'West', managerId: 'wboss', channels: {} },
        { id: 'presales', name: 'Presales', managerId: 'pm', channels: {} },
      ],
      people: [
        person('boss', { role: 'manager', name: 'Wang', locale: 'en' }),
        person('alice', { name: 'Alice', locale: 'en' }),
        person('carol', { name: 'Carol', teamId: 'west', locale: 'en', outOfOffice: true }),
        person('li', { name: '李敏', teamId: 'west', locale: 'zh-CN', outOfOffice: true }),
        person('wboss', { role: 'manager', name: 'Zhao', teamId: 'west', locale: 'en' }),
        person('pat', { name: 'Pat', role: 'presales', teamId: 'presales', locale: 'en' }),
        person('pm', { name: 'Qian', role: 'manager', teamId: 'presales', locale: 'en' }),
        person('dir', { name: 'Sun', role: 'director', teamId: null, locale: 'en' }),
      ],
    });
    const r = await submitLead(env.deps, { fields: leadFields({ company: 'Acme' }), via: 'api' });
    expect(r.kind === 'created' && r.lead.ownerId).toBe('alice');
    await say('alice', 'claim 1');
    expect((await titles('alice', 'deal new 1 300000')).join()).toContain('D1');
    await say('alice', 'ask @pat D1 a demo please');
  });

  it('shows the deal card to its owner, their manager, a director and the colleague asked for help', async () => {
    const refusal = t('en', 'deal.refuse.NOT_READER', { id: 1 });
    for (const who of ['alice', 'boss', 'dir', 'pat']) {
      const [reply] = await say(who, 'deal D1');
      expect(reply?.card.title, who).not.toBe(refusal);
      expect(reply?.card.title, who).toContain('D1');
      expect(JSON.stringify(reply?.card), who).toContain('Acme');
    }
  });

  it('refuses the deal card to another rep, another team’s manager, by command and by button', async () => {
    for (const who of ['carol', 'wboss', 'pm']) {
      const replies = await say(who, 'deal D1');
      expect(
        replies.map((r) => r.card.title),
        who,
      ).toEqual([t('en', 'deal.refuse.NOT_READER', { id: 1 })]);
      expect(JSON.stringify(replies), who).not.toContain('Acme');
    }
    const carol = await identify(chat, 'playground', 'carol');
    const clicked = await handleInbound(chat, carol, { kind: 'action', actionId: 'deal.open', value: '1' });
    expect(clicked.map((r) => r.card.title)).toEqual([t('en', 'deal.refuse.NOT_READER', { id: 1 })]);
    expect(await titles('li', '商机 D1')).toEqual([t('zh-CN', 'deal.refuse.NOT_READER', { id: 1 })]);
    expect(t('zh-CN', 'deal.refuse.NOT_READER', { id: 1 })).toMatch(/^抱歉/);
    // A deal that does not exist still says so.
    expect(await titles('carol', 'deal D9')).toEqual([t('en', 'deal.refuse.NOT_FOUND', { id: 9 })]);
  });

  it('explains a lead’s routing to its rep, their manager and a director only', async () => {
    for (const who of ['alice', 'boss', 'dir'])
      expect(await titles(who, 'why 1'), who).toEqual([t('en', 'why.title', { id: 1 })]);
    for (const who of ['carol', 'wboss', 'pat']) {
      const replies = await say(who, 'why 1');
      expect(
        replies.map((r) => r.card.title),
        who,
      ).toEqual([t('en', 'why.refuse.NOT_READER', { id: 1 })]);
      expect(JSON.stringify(replies), who).not.toContain('Alice');
    }
    expect(await titles('li', '为什么 1')).toEqual([t('zh-CN', 'why.refuse.NOT_READER', { id: 1 })]);
    const carol = await identify(chat, 'playground', 'carol');
    const clicked = await handleInbound(chat, carol, { kind: 'action', actionId: 'lead.why', value: '1' });
    expect(clicked.map((r) => r.card.title)).toEqual([t('en', 'why.refuse.NOT_READER', { id: 1 })]);
  });
});
