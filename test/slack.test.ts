// Slack over real HTTP: signed slash commands, clicks, modal submissions and events into the express app; a
// local fake Web API and response_urls record what the bot answered. Signer, verifier and engine share one clock.
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { sweep } from '../src/modules/leads/use-cases/sweep.ts';
import { t } from '../src/modules/i18n.ts';
import { type Body, type FakeSlack } from './fixtures/fake-slack.ts';
import { eventually, type SlackSender } from './fixtures/slack-sender.ts';
import { startSlackApp } from './fixtures/slack-app.ts';
import { leadFields, MINUTE, person, seedOrg, DATABASES, useTestEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;
let fake: FakeSlack;
let server: Server;
let slack: SlackSender;

const alice = person('alice', { name: 'Alice', locale: 'en', identities: { slack: 'UALICE' } });
const li = person('li.min', { name: '李敏', locale: 'zh-CN', identities: { slack: 'ULIMIN' } });

async function offeredLead(): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company: 'Acme' }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a new lead');
  return r.lead.id;
}

const lead = (id: number) => env.deps.store.transaction((tx) => tx.leads.get(id));
/** The lead, the whole event log and the outbox: what any action would change. */
const stateOf = (id: number) =>
  env.deps.store.transaction(async (tx) => ({
    lead: await tx.leads.get(id),
    events: await tx.events.count(),
    outbox: (await tx.outbox.list({ limit: 1000 })).length,
  }));
/** What one response_url received, as the text of all its blocks. */
const responseText = (id: string) =>
  fake.responses.filter((r) => r.id === id).map((r) => JSON.stringify(r.body));
const answered = (id: string) => eventually(() => responseText(id).join('\n') || undefined);

describe.each(DATABASES)('Slack on %s', (kind) => {
  const current = useTestEnv(kind);

  beforeEach(async () => {
    env = current();
    ({ fake, server, slack } = await startSlackApp(env));
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await fake.close();
  });
  describe('Slack signatures', () => {
    it('refuses a bad signature with 401, and nothing happens', async () => {
      await seedOrg(env, [alice]);
      const id = await offeredLead();
      const before = await stateOf(id);
      const res = await slack.command('UALICE', '/lead', `claim ${id}`, 'bad', {
        signature: `v0=${'0'.repeat(64)}`,
      });
      expect(res.status).toBe(401);
      await new Promise((r) => setTimeout(r, 100));
      expect(await stateOf(id)).toEqual(before);
      expect(before.lead).toMatchObject({ status: 'offered', claimedAt: null });
      expect(fake.calls).toEqual([]);
      expect(fake.responses).toEqual([]);
    });

    it('refuses a request signed more than 5 minutes ago with 401, and nothing happens', async () => {
      await seedOrg(env, [alice]);
      const id = await offeredLead();
      const stale = Math.floor((env.clock() - 6 * MINUTE) / 1000);
      const before = await stateOf(id);
      const res = await slack.command('UALICE', '/lead', `claim ${id}`, 'stale', { timestamp: stale });
      expect(res.status).toBe(401);
      await new Promise((r) => setTimeout(r, 100));
      expect(await stateOf(id)).toEqual(before);
      expect(fake.calls).toEqual([]);
      expect(fake.responses).toEqual([]);
    });

    it("answers Slack's url_verification challenge when signed", async () => {
      const res = await slack.raw(
        JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' }),
        'application/json',
      );
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('abc123');
    });
  });

  describe('Slack slash commands', () => {
    it('claims a lead with /lead claim N, acking at once and answering through the response_url', async () => {
      await seedOrg(env, [alice]);
      const id = await offeredLead();
      const res = await slack.command('UALICE', '/lead', `claim ${id}`, 'c1');
      expect(res.status).toBe(200);
      const text = await answered('c1');
      expect(text).toContain(`You claimed lead #${id} Acme`);
      expect(fake.responses[0]?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(await lead(id)).toMatchObject({ status: 'owned', ownerId: 'alice' });
    });

    it('answers an unknown subcommand with help in the user’s language', async () => {
      await seedOrg(env, [alice, li]);
      await slack.command('UALICE', '/lead', 'flurb 5', 'en');
      await slack.command('ULIMIN', '/lead', 'flurb 5', 'zh');
      expect(await answered('en')).toContain(t('en', 'help.unknown', { word: 'flurb' }));
      const zh = await answered('zh');
      expect(zh).toContain(t('zh-CN', 'help.unknown', { word: 'flurb' }));
      expect(zh).toContain(t('zh-CN', 'help.title'));
    });

    it('joins /deal text to the grammar (`/deal advance D1` is `advance D1`, answered by the deal engine)', async () => {
      await seedOrg(env, [alice]);
      await slack.command('UALICE', '/deal', 'advance D1', 'deal');
      expect(await answered('deal')).toContain(t('en', 'deal.refuse.NOT_FOUND', { id: 1 }));
    });

    it('tells an unknown Slack user, politely, to ask the admin to link the account', async () => {
      await seedOrg(env, [alice]);
      await slack.command('USTRANGER', '/lead', 'mine', 'who');
      const text = await answered('who');
      expect(text).toContain(t('zh-CN', 'unlinked.title'));
      expect(fake.ok('users.info')).toEqual([expect.objectContaining({ user: 'USTRANGER' })]);
    });

    it('links a person by the email on their Slack profile when the org file has no Slack id for them', async () => {
      await seedOrg(env, [person('bob', { name: 'Bob', locale: 'en', email: 'Bob@Example.com' })]);
      fake.emails.set('UBOB', 'bob@example.com');
      await slack.command('UBOB', '/lead', 'mine', 'bob');
      expect(await answered('bob')).toContain(t('en', 'mine.title', { count: 0 }));
    });

    it('opens a modal for /lead new, and its submission creates the lead', async () => {
      await seedOrg(env, [alice]);
      await slack.command('UALICE', '/lead', 'new', 'new');
      // A placeholder opens at once (the trigger_id lives 3 s), and the form replaces it.
      const open = await eventually(() => fake.ok('views.open')[0]);
      expect(open).toMatchObject({ trigger_id: expect.stringMatching(/trigger$/), view: { type: 'modal' } });
      const form = await eventually(() => fake.ok('views.update')[0]);
      expect(form).toMatchObject({ view: { type: 'modal', callback_id: 'lead.new' } });

      const values = {
        budget: '250000',
        company: 'Globex',
        contact: 'Hank',
        phone: '13900000001',
        need: 'Offices',
        source: 'chat',
        campaign: 'CHAT-1',
      };
      const res = await slack.submit('UALICE', 'lead.new', values);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
      const dm = await eventually(() => fake.ok('chat.postMessage')[0]);
      expect(dm).toMatchObject({ channel: 'UALICE', text: expect.stringMatching(/^Lead #\d+ created/) });
      const created = await env.deps.store.transaction((tx) =>
        tx.leads.get(Number(/#(\d+)/.exec(String(dm.text))?.[1])),
      );
      expect(created).toMatchObject({ company: 'Globex', source: 'chat', budget: 250_000 });
    });

    it('opens the /lead new form although finding out who typed it is slow (the trigger_id lives 3 s)', async () => {
      // Bob is linked by the email on his Slack profile, and Slack answers users.info slowly: with the form opened
      // only after that, Slack would answer expired_trigger_id and Bob would see nothing.
      await seedOrg(env, [person('bob', { name: 'Bob', locale: 'en', email: 'bob@example.com' })]);
      fake.emails.set('UBOB', 'bob@example.com');
      fake.triggerLifeMs = 150;
      fake.slow('users.info', 400);
      await slack.command('UBOB', '/lead', 'new', 'bob-new');
      const form = await eventually(() => fake.ok('views.update')[0]);
      expect(form).toMatchObject({
        view: { callback_id: 'lead.new', title: { text: t('en', 'form.new.title') } },
      });
      expect(fake.calls.filter((c) => c.method === 'views.open').map((c) => c.outcome)).toEqual(['ok']);
    });

    it('shows a refusal in the placeholder when a form button is not for the clicker', async () => {
      await seedOrg(env, [alice]);
      await slack.command('UALICE', '/lead', 'mine', 'x');
      fake.triggerLifeMs = 150;
      fake.slow('users.info', 400);
      await slack.click('USTRANGER', { actionId: 'lead.touch', value: '999', responseId: 'touch' });
      const shown = await eventually(() => fake.ok('views.update')[0]);
      expect(JSON.stringify(shown)).toContain(t('zh-CN', 'unlinked.title').slice(0, 8));
      // The close button speaks the clicker's language too.
      expect(shown).toMatchObject({ view: { close: { text: t('zh-CN', 'modal.close') } } });
      expect(fake.ok('views.open')).toHaveLength(1);
    });

    it('acknowledges a closed modal (view_closed) at once with 200', async () => {
      await seedOrg(env, [alice]);
      const payload = {
        type: 'view_closed',
        team: { id: 'T1', domain: 'acme' },
        user: { id: 'UALICE', username: 'UALICE', name: 'UALICE', team_id: 'T1' },
        api_app_id: 'A1',
        token: 'legacy',
        view: { id: 'V1', team_id: 'T1', type: 'modal', callback_id: 'lead.new', private_metadata: '' },
        is_cleared: false,
      };
      const started = Date.now();
      const res = await slack.raw(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
      );
      expect(res.status).toBe(200);
      // Bolt answers an unacknowledged request with 404 after about 3 s.
      expect(Date.now() - started).toBeLessThan(2500);
    });

    it('keeps the modal open with what to correct when a submission is invalid', async () => {
      await seedOrg(env, [alice]);
      const res = await slack.submit('UALICE', 'lead.new', { company: 'Globex' });
      const body = (await res.json()) as Body;
      expect(body).toMatchObject({ response_action: 'update', view: { callback_id: 'lead.new' } });
      expect(JSON.stringify(body)).toContain('source');
    });
  });

  describe('Slack buttons', () => {
    it('claims on a Claim click and replaces the clicked message with the claimed card', async () => {
      await seedOrg(env, [alice]);
      const id = await offeredLead();
      const res = await slack.click('UALICE', {
        actionId: 'lead.claim',
        value: String(id),
        responseId: 'click',
      });
      expect(res.status).toBe(200);
      await eventually(() => fake.responses.filter((r) => r.id === 'click').length === 2);
      const [replaced, note] = fake.responses.map((r) => r.body);
      expect(replaced).toMatchObject({ replace_original: true });
      // Her own copy now says "you" and offers the next steps instead of Claim.
      expect(JSON.stringify(replaced)).toContain(t('en', 'lead.claimedByYou'));
      expect(JSON.stringify(replaced)).not.toContain('"lead.claim"');
      expect(JSON.stringify(replaced)).toContain('"lead.touch"');
      expect(note).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(await lead(id)).toMatchObject({ status: 'owned', ownerId: 'alice' });
    });

    it('lets exactly one of 50 simultaneous Claim clicks win; the other 49 hear “already claimed by …”', async () => {
      const reps = Array.from({ length: 51 }, (_, i) =>
        person(`rep${i}`, { name: `Rep ${i}`, locale: 'en', identities: { slack: `UREP${i}` } }),
      );
      await seedOrg(env, reps);
      const id = await offeredLead();
      // Let the offer lapse into the pool, where anyone may claim it (but the rep who let it lapse, for a while).
      const offeredTo = (await lead(id))?.ownerId;
      env.clock.advance(121 * MINUTE);
      await sweep(env.deps, env.clock());
      expect(await lead(id)).toMatchObject({ status: 'pool' });
      const clickers = reps.filter((r) => r.id !== offeredTo).slice(0, 50);

      const results = await Promise.all(
        clickers.map((r) =>
          slack.click(r.identities.slack ?? '', {
            actionId: 'lead.claim',
            value: String(id),
            responseId: r.id,
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(clickers.map(() => 200));
      await eventually(() => new Set(fake.responses.map((r) => r.id)).size === 50, 15_000);
      const owner = (await lead(id))?.ownerId;
      const winner = clickers.find((r) => r.id === owner);
      expect(winner).toBeDefined();
      const refused = clickers.filter((r) => r !== winner);
      const expected = t('en', 'refuse.ALREADY_CLAIMED', { id, owner: winner?.name ?? '' });
      for (const r of refused) {
        const bodies = fake.responses.filter((x) => x.id === r.id).map((x) => x.body);
        expect(bodies).toEqual([
          expect.objectContaining({ response_type: 'ephemeral', replace_original: false }),
        ]);
        expect(JSON.stringify(bodies[0])).toContain(expected);
      }
      expect(
        fake.responses.filter((x) => x.id === winner?.id && x.body.replace_original === true),
      ).toHaveLength(1);
    });
  });

  describe('Slack App Home', () => {
    it('claims from a card on the Home tab, answers in the DM and republishes the Home', async () => {
      await seedOrg(env, [alice]);
      const id = await offeredLead();
      await slack.click('UALICE', { actionId: 'lead.claim', value: String(id), responseId: 'home' });
      await eventually(() => fake.ok('views.publish').length === 1);
      expect(await lead(id)).toMatchObject({ status: 'owned', ownerId: 'alice' });
      const dm = fake.ok('chat.postMessage').map((b) => JSON.stringify(b));
      expect(dm.some((m) => m.includes(`You claimed lead #${id}`))).toBe(true);
      expect(JSON.stringify(fake.ok('views.publish')[0])).toContain(t('en', 'lead.claimedByYou'));
      expect(fake.responses).toEqual([]);
    });

    it('publishes the rep’s Home (leads, claims left, running clocks) once per opening, skipping a timed-out redelivery', async () => {
      await seedOrg(env, [alice]);
      await offeredLead();
      const event = {
        type: 'app_home_opened',
        user: 'UALICE',
        channel: 'DALICE',
        tab: 'home',
        event_ts: '1.1',
      };
      expect((await slack.event(event)).status).toBe(200);
      const published = await eventually(() => fake.ok('views.publish')[0]);
      const text = JSON.stringify(published);
      expect(published).toMatchObject({ user_id: 'UALICE', view: { type: 'home' } });
      expect(text).toContain(t('en', 'home.title'));
      expect(text).toContain(t('en', 'home.warnings', { count: 1 }));
      expect(text).toContain('Acme');

      await slack.event(event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
      await new Promise((r) => setTimeout(r, 150));
      expect(fake.ok('views.publish')).toHaveLength(1);
      await slack.event(event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'connection_failed' });
      await eventually(() => fake.ok('views.publish').length === 2);
    });
  });
});
