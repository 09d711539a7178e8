// Who may act (issue 22, findings 14 and 15): an inactive person is nobody, on every messenger and in the
// playground; Slack's profile email links only people the org file gives no Slack id.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleInbound, identify } from '../src/conversation/conversation.ts';
import { t } from '../src/modules/i18n.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { eventually } from './fixtures/slack-sender.ts';
import { startSlackApp, type SlackApp } from './fixtures/slack-app.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

describe.each(DATABASES)('people who may act, on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  beforeEach(() => {
    env = current();
  });
  const counts = () =>
    env.deps.store.transaction(async (tx) => ({
      events: await tx.events.count(),
      outbox: (await tx.outbox.list({ limit: 1000 })).length,
    }));

  it('treats an inactive person as not linked: no market, no deal card, no new lead', async () => {
    await seedOrg(env, [
      person('alice', { locale: 'en', identities: { wecom: 'AliceW', dingtalk: '0211' } }),
      person('gone', { locale: 'en', active: false, identities: { wecom: 'GoneW', dingtalk: '0999' } }),
    ]);
    await submitLead(env.deps, { fields: leadFields(), via: 'api' });
    const chat = { engine: env.deps, defaultLocale: 'en' as const };
    expect(await identify(chat, 'wecom', 'GoneW')).toBeNull();
    expect(await identify(chat, 'dingtalk', '0999')).toBeNull();
    expect((await identify(chat, 'wecom', 'AliceW'))?.id).toBe('alice');
    // The playground names people by id: the person is found, and still acts as nobody.
    const gone = await identify(chat, 'playground', 'gone');
    expect(gone?.active).toBe(false);
    const before = await counts();
    const unlinked = t('en', 'unlinked.title');
    for (const text of ['market', 'deal D1', 'why 1', 'claim 1', 'mine'])
      expect((await handleInbound(chat, gone, { kind: 'command', text }))[0]?.card.title, text).toBe(
        unlinked,
      );
    const submitted = await handleInbound(chat, gone, {
      kind: 'submit',
      formId: 'lead.new',
      values: { company: 'Ghost Ltd', phone: '13900000009', source: 'chat', campaign: 'C-1' },
    });
    expect(submitted[0]?.card.title).toBe(unlinked);
    expect(await counts()).toEqual(before);
  });

  describe('Slack', () => {
    let app: SlackApp;
    beforeEach(async () => {
      app = await startSlackApp(env);
    });
    afterEach(async () => {
      await app.close();
    });

    it('does not take a user for someone else by their profile email when that person has a Slack id', async () => {
      await seedOrg(env, [
        person('boss2', {
          name: 'Director',
          role: 'director',
          email: 'dir@example.com',
          identities: { slack: 'UDIR' },
        }),
      ]);
      app.fake.emails.set('UMALLORY', 'dir@example.com');
      await app.slack.command('UMALLORY', '/lead', 'mine', 'mallory');
      const text = await eventually(
        () =>
          app.fake.responses
            .filter((r) => r.id === 'mallory')
            .map((r) => JSON.stringify(r.body))
            .join('\n') || undefined,
      );
      expect(text).toContain(t('zh-CN', 'unlinked.title'));
      expect(text).not.toContain(t('zh-CN', 'mine.title', { count: 0 }));
    });

    it('treats an inactive person with a Slack id as not linked, even with a matching email', async () => {
      await seedOrg(env, [
        person('gone', {
          locale: 'en',
          active: false,
          email: 'gone@example.com',
          identities: { slack: 'UGONE' },
        }),
      ]);
      app.fake.emails.set('UGONE', 'gone@example.com');
      await app.slack.command('UGONE', '/lead', 'market', 'gone');
      const text = await eventually(
        () =>
          app.fake.responses
            .filter((r) => r.id === 'gone')
            .map((r) => JSON.stringify(r.body))
            .join('\n') || undefined,
      );
      expect(text).toContain(t('zh-CN', 'unlinked.title'));
    });
  });
});
